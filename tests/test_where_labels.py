"""Issue 23 items 9 and 10: `--where` belongs to limb symptoms only, and the words a person
reads for bowel ("Constipation"), cold, the weekly PAIN item and changes ("points")."""

import pytest
from helpers_journal import ok


def test_where_with_only_bowel_or_bladder_is_refused(cli, db_path):
    for args in (["bowel=3"], ["constipation=2", "bladder=1"]):
        result = cli("log", *args, "--where", "both")
        assert result.exit_code == 2
        assert "--where" in result.stderr and "bowel" in result.stderr
        assert "Traceback" not in result.stderr
    assert not db_path.exists()  # nothing written, not even a new journal
    ok(cli("log", "numbness=1"))
    result = cli("log", "bowel=3", "--where", "hands")
    assert result.exit_code == 2


def test_where_with_a_mix_lands_on_the_limb_symptoms_only(cli, query):
    ok(cli("log", "numbness=3", "bowel=3", "cold=2", "--where", "both", "--date", "yesterday"))
    rows = dict(query("SELECT symptom, location FROM observations"))
    assert rows == {"numbness": "both", "bowel": None, "cold": "both"}
    ok(cli("log", "bowel=4", "numbness=2"))  # without --where: only a limb carries its place
    rows = query("SELECT symptom, location FROM observations WHERE date = '2026-11-25'")
    assert dict(rows) == {"bowel": None, "numbness": "both"}


def test_export_never_shows_a_place_for_constipation(cli, query, db_path):
    ok(cli("log", "numbness=3", "bowel=3", "--where", "both", "--date", "yesterday"))
    # A journal written before this rule: bowel stored with a place.
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE observations SET location = 'both'")
    conn.commit()
    conn.close()
    text = ok(cli("export", "--format", "md")).stdout
    assert "Constipation | both" not in text
    assert "Constipation | -" in text


def test_labels_a_person_reads(cli):
    ok(cli("log", "bowel=0", "cold=0", "--date", "8 days ago"))
    for n in range(7, 1, -1):
        ok(cli("log", f"bowel={4 if n == 2 else 1}", "cold=1", "--date", f"{n} days ago"))
    ok(cli("log", "bowel=4", "cold=1", "--date", "1 day ago"))
    ok(cli("log", "bowel=5", "cold=6"))
    md = ok(cli("export", "--format", "md")).stdout
    assert "Bowel" not in md and "bowel" not in md.lower().replace("bowel=", "")
    # constipation's own rule (issue 22 rule 12): 4 or more on 3 days with a value in a row
    assert "Constipation is 5/10 on 2026-11-25: 4/10 or more on each of its last 3 days" in md
    assert "Cold-triggered tingling or pain" in md and "set off by cold" not in md
    assert "| Since visit (points) |" in md or "points since" in md
    summary = ok(cli("summary")).stdout
    assert "points since journal start" in summary
    # the terminal's rows name bowel by its accepted name, which says what it is (reviewer)
    rows = [line.split()[0] for line in summary.splitlines() if line.split()]
    assert "constipation" in rows and "bowel" not in rows
    ok(cli("treatment", "add", "oxaliplatin", "--date", "6 days ago"))
    cycles = ok(cli("summary", "--since", "all")).stdout
    assert "bowel" not in cycles.replace("bowel=", "")


def test_weekly_pain_item_reads_pain_of_any_kind():
    from cipn_journal.domain import proctcae

    assert proctcae.TERMS["pain"] == "Pain (any kind)"


@pytest.mark.parametrize("key", ["numbness", "tingling", "burning", "pain", "cold", "grip",
                                 "walking", "balance", "weakness"])
def test_limb_symptoms(key):
    from cipn_journal.domain.symptoms import felt_in_limbs

    assert felt_in_limbs(key) and not felt_in_limbs("bowel") and not felt_in_limbs("bladder")


def test_a_change_of_place_alone_says_what_changed(cli, query):
    """`log numbness=3 --where feet` after numbness 3 in both: the confirmation names the new
    and the old place, never "numbness 3 (was 3)"; the old place stays recoverable."""
    ok(cli("log", "numbness=3", "--where", "both"))
    result = ok(cli("log", "numbness=3", "--where", "feet"))
    assert "numbness 3 (now in the feet; was in hands and feet)" in result.stderr
    assert "(was 3)" not in result.stderr
    assert query("SELECT location FROM observations") == [("feet",)]
    assert query("SELECT location FROM observation_history") == [("both",)]
    result = ok(cli("log", "numbness=4", "--where", "hands"))  # a new value says its old value
    assert "numbness 4 (was 3)" in result.stderr
