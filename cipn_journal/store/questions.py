"""Questions for the care team (`questions`): asking one, listing them, marking one answered (it is
kept). All SQL for `questions` lives here; every reading function accepts `store=None`.
"""

from datetime import date

from cipn_journal.domain.dates import not_before
from cipn_journal.errors import BadInput
from cipn_journal.store.connection import Store

QUESTION_KEYS = ("id", "text", "asked", "done_at", "done_on")


def add_question(store: Store, *, text: str, asked: date) -> int:
    with store.change("ask") as change:
        row_id = change.insert("questions", {"text": text, "asked": asked.isoformat(),
                                             "done_at": None, "recorded_at": change.now})
        short = text if len(text) <= 60 else text[:59].rstrip() + "…"
        change.describe(f'question {row_id} "{short}"')  # quoted: undo's sentence ends in "."
    return row_id


def questions(store: Store | None, *, include_all: bool = False) -> list[dict]:
    """Open questions (all with `include_all`), oldest first, keys id, text, asked, done_at,
    done_on (the local day it was marked answered)."""
    if store is None:
        return []
    sql = "SELECT id, text, asked, done_at, done_on FROM questions"
    if not include_all:
        sql += " WHERE done_at IS NULL"
    return [{key: r[key] for key in QUESTION_KEYS} for r in store.rows(sql + " ORDER BY id")]


def open_questions(store: Store | None) -> list[dict]:
    """The questions not yet answered, oldest first (for the summary and exports)."""
    return questions(store)


def question_done(store: Store, question_id: int, at: str | None = None, *,
                  on: str) -> tuple[dict, bool]:
    """Mark a question answered (it is kept), now or `at` (a UTC time: `done --date`), on the
    local day `on` (ISO, stored as it is). Returns (question, newly done); BadInput for an
    unknown ID or a day before the question was asked."""
    with store.change("questions done") as change:
        row = store.row("SELECT id, text, asked, done_at, done_on FROM questions WHERE id = ?",
                        (question_id,))
        if row is None:
            raise BadInput(f"There is no question {question_id}: `cipn questions --all` "
                           "lists them with their IDs.")
        if row["done_at"] is not None:
            return {key: row[key] for key in QUESTION_KEYS}, False
        if at is not None:  # not before it was asked (issue 24)
            not_before(date.fromisoformat(on), date.fromisoformat(row["asked"]),
                       record=f"the day question {question_id} was asked",
                       action="marked answered")
        change.update("questions", question_id, {"done_at": at or change.now, "done_on": on})
        change.describe(f"question {question_id} answered")
    return {key: row[key] for key in QUESTION_KEYS} | {"done_at": at or change.now,
                                                       "done_on": on}, True
