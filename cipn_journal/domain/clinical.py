"""Every clinical threshold, window length and clinical wording of the journal, defined once,
each block naming its source: the 0-10 severity scale and its bands, the "notify your doctor"
rules, the trend and cycle rules, oxaliplatin coasting, the limits a person reports and the CTCAE
v5.0 grade wording. Rules, renderers and exports read them here; tests/test_clinical.py checks
README."""

from cipn_journal.domain import proctcae_composite as composite_table

# -- the symptom scale: a 0-10 numeric rating scale and its usual bands ---------------------------
SCALE_MAX = 10
MILD_UP_TO = 3
MODERATE_UP_TO = 6
SEVERE_AT = MODERATE_UP_TO + 1  # 7-10 severe; a severe value raises an alert
BANDS: tuple[tuple[str, int, int], ...] = (
    ("none", 0, 0),
    ("mild", 1, MILD_UP_TO),
    ("moderate", MILD_UP_TO + 1, MODERATE_UP_TO),
    ("severe", SEVERE_AT, SCALE_MAX),
)
SEVERITY_HELP = f"a whole number from 0 (none) to {SCALE_MAX} (worst imaginable)"
SCALE_WORDS = f"0 none to {SCALE_MAX} worst"


def band(severity: int) -> str:
    """The word for a severity on the 0-10 scale: none, mild, moderate or severe."""
    for name, _low, high in BANDS:
        if severity <= high:
            return name
    return BANDS[-1][0]


def band_span(name: str) -> str:
    """'1-3' for "mild": the values of a band."""
    low, high = next((low, high) for band_name, low, high in BANDS if band_name == name)
    return str(low) if low == high else f"{low}-{high}"


def bands_sentence() -> str:
    """'1-3 mild, 4-6 moderate, 7-10 severe' (README and the one-line legends)."""
    return ", ".join(f"{band_span(name)} {name}" for name, _low, _high in BANDS[1:])


# -- a change that matters ----------------------------------------------------------------------
# 2 points: the usual threshold of a change that matters to a patient in pain research (Farrar et
# al., Pain 2001;94:149). None is established for CIPN, so the journal says "points".
MEANINGFUL_POINTS = 2

# -- "notify your doctor" (Basch, JCO 2016; Basch, JAMA 2022; domain/alerts.py applies them) ----
NEW_LOOKBACK_DAYS = 28  # new: nothing above 0 on the 28 days before; everyday limits: first time
# worse (issue 22 rules 1, 2): the reference is the mean of the symptom's values on its last 7
# days with a value (named, or counted 0: domain/day_values.py) within the 28 days before; at
# least 1 such day; worse when the new value is at least the reference + 2.
WORSE_WINDOW_DAYS = 28
WORSE_REFERENCE_DAYS = 7
WORSE_POINTS = MEANINGFUL_POINTS
WORSE_MIN_DAYS = 1
# new (issue 22 rule 3): only when the 28 days before hold at least 7 days on which the symptom
# counted 0 and none above 0; so a journal's first 7 days with entries raise no `new`. After a
# gap (no day with a value in those 28 days), a value is compared with the last logged one:
# `gap` when it is at least WORSE_POINTS higher.
NEW_MIN_ZERO_DAYS = 7
GAP_POINTS = WORSE_POINTS


def worse_words(label: str, points: str, when: str, value: str, mean: float, days: int) -> str:
    """The patient's `worse` sentence: the reference is the last days with a value."""
    over = "on your last day with a value" if days == 1 else (
        f"over your last {days} days with a value")
    return (f"{label} is {points} points above its recent average {when} ({value}, average "
            f"{mean:.1f} {over}).")


def worse_clinician_words(label: str, points: str, value: str, mean: float) -> str:
    return (f"{label} {points} points above its recent average ({value}, average {mean:.1f} "
            f"over up to {WORSE_REFERENCE_DAYS} days with a value in the previous "
            f"{weeks_words(WORSE_WINDOW_DAYS)})")

def gap_detail(last: int, last_day: str) -> str:
    """'last logged 3/10 on 2026-10-11': what a value after a gap is compared with."""
    return f"last logged {last}/{SCALE_MAX} on {last_day}"


def gap_clinician_words(label: str, value: str, last: float | None) -> str:
    shown = "not known" if last is None else f"{last:g}/{SCALE_MAX}"
    return (f"{label} at {value} after a gap: not logged in the previous "
            f"{weeks_words(NEW_LOOKBACK_DAYS)}; last logged value {shown}")


def worse_detail(points: str, mean: float) -> str:
    """'4 points above its recent average of 0.0' (combined into one alert's sentence)."""
    return f"{points} points above its recent average of {mean:.1f}"


# -- one alert per symptom per day (issue 22 rule 14) ------------------------------------------
# The rules a symptom's value met the same day are said in one sentence ("Numbness is new and
# severe today (7/10)"); these are the words for the rules that read as one.
RULE_ADJECTIVES = {"new": "new", "worse": "worse", "gap": "higher than last logged",
                   "severe": "severe"}


def combined_words(label: str, adjectives: list[str], when: str, value: str,
                   details: list[str], *, past: bool = False) -> str:
    """'Numbness is new and severe on 2026-11-25 (7/10).' (`past`: 'was', for a back-dated
    day)."""
    verb = "was" if past else "is"
    extra = "".join(f"; {detail}" for detail in details)
    said = adjectives[0] if len(adjectives) == 1 else (
        f"{', '.join(adjectives[:-1])} and {adjectives[-1]}")
    return f"{label} {verb} {said} {when} ({value}{extra})."


# -- back-dated values (issue 22 rule 9) -------------------------------------------------------
# A value logged for a day this many days or more before today raises at most `soon`: it may be
# over; the person decides whether it is still this bad.
BACKDATED_DAYS = 3
BACKDATED_WORDS = ("If it is still this bad, call today; otherwise mention it at your next "
                   "contact.")


# -- red flags (issue 22 rule 11; NICE NG234, Spinal metastases and metastatic spinal cord
# compression, 2023; Macmillan Cancer Support and RNOH patient information; UKONS triage tool) --
# New leg weakness, new trouble passing urine or numbness rising quickly up the legs can be
# spinal cord compression in a person with cancer, which needs checking within 24 hours: not
# CIPN until proven otherwise. The journal names no diagnosis. `today`, whatever the team was
# told before (issue 22 rule 6: red flags always raise).
RED_FLAG_WORDS = ("this can have causes other than chemotherapy that need checking within 24 "
                  "hours")
RED_FLAG_SYMPTOMS = ("weakness", "bladder")  # above 0 for the first time in RED_FLAG_DAYS
RED_FLAG_DAYS = NEW_LOOKBACK_DAYS
# The extent (how far up a limb numbness or tingling reaches, levels 0-4): a rise of this many
# levels within EXTENT_RISE_DAYS (the days before, not the day itself), or reaching `above` the
# elbow or knee (EXTENT_ABOVE) for the first time recorded.
EXTENT_RISE_LEVELS = 2
EXTENT_RISE_DAYS = 7
EXTENT_ABOVE = 4


def red_flag_symptom_words(label: str, value: str, when: str) -> str:
    return (f"{label} is {value} {when} (none logged above 0 in the "
            f"{weeks_words(RED_FLAG_DAYS)} before): {RED_FLAG_WORDS}.")


def red_flag_above_words(limb: str, reach: str, when: str) -> str:
    return (f"Numbness or tingling in the {limb} now reaches {reach} {when}, the first time "
            f"recorded: {RED_FLAG_WORDS}.")


def red_flag_rise_words(limb: str, reach: str, when: str, lowest: str, day: str) -> str:
    return (f"Numbness or tingling in the {limb} now reaches {reach} {when} ({lowest} on {day}, "
            f"within {days_words(EXTENT_RISE_DAYS)}): {RED_FLAG_WORDS}.")


# -- constipation (issue 22 rule 12) --------------------------------------------------------------
# Constipation after each cycle is common and usually from the anti-sickness drugs
# (ondansetron), so `bowel` has its own rule instead of new and worse: a value of
# CONSTIPATION_AT or more on CONSTIPATION_DAYS consecutive days with a value (its last days with
# a value, named or counted 0) is `soon`; SEVERE_AT or more is `today` (the `severe` rule: severe
# constipation always warrants a call; with vincristine it can be autonomic neuropathy). A weekly
# PRO-CTCAE constipation composite grade of CONSTIPATION_GRADE or more for the first time in the
# last COMPOSITE_RECORDS weekly records (a first record included) is `soon`.
CONSTIPATION_SYMPTOM = "bowel"
CONSTIPATION_TERM = "constipation"  # the PRO-CTCAE term (domain/proctcae.py TERMS)
CONSTIPATION_AT = 4
CONSTIPATION_DAYS = 3
CONSTIPATION_GRADE = 2


def constipation_words(label: str, value: str, when: str, lowest: str) -> str:
    return (f"{label} is {value} {when}: {lowest} or more on each of its last "
            f"{days_words(CONSTIPATION_DAYS)} with a value.")


# -- the weekly composite rise (issue 22 rule 13) -------------------------------------------------
# A grade above the highest of the previous COMPOSITE_RECORDS weekly records is `soon`, but never
# a grade below COMPOSITE_RISE_FROM (a 0 -> 1 step: grades wobbling between 0 and 1 are noise);
# a first weekly record has nothing to rise from.
COMPOSITE_RECORDS = 4
COMPOSITE_RISE_FROM = 2


def composite_rise_words(label: str, grade: int, when: str, highest: int) -> str:
    return (f"{label}: weekly composite grade {grade} {when} (at most {highest} in up to "
            f"{COMPOSITE_RECORDS} weekly answers before).")


def constipation_grade_words(label: str, grade: int, when: str) -> str:
    return (f"{label}: weekly composite grade {grade} {when} (not {CONSTIPATION_GRADE} or more "
            f"in up to {COMPOSITE_RECORDS} weekly answers before).")


# -- three levels of alert (issues 12, 22; Basch 2016, 2022 triaged severe from worsening) ------
TODAY, SOON, NEXT = "today", "soon", "next"
URGENCIES = (TODAY, SOON, NEXT)  # the order `cipn alerts` and the exports sort by
URGENT_RISE_POINTS = 4  # worse by this many points or more over the recent average: call today
# While an alert is open, the same rule for the same symptom is raised again (it escalates the
# open one) when the value is this many points above the value that raised the open one.
ESCALATE_POINTS = MEANINGFUL_POINTS
# The headings keep the words people look for ("notify your doctor"). `soon` after the course
# says "within a few days": the next contact may be months away; during treatment (below) it is
# SOON_DURING_HEADING.
URGENCY_HEADING = {
    TODAY: "Notify your doctor or nurse today",
    SOON: "Notify your doctor or nurse within a few days",
    NEXT: "Tell the nurse at your next infusion",
}
SOON_DURING_HEADING = ("Notify your doctor or nurse at your next contact, or sooner if it worries "
                       "you")
# During treatment, for the `soon` heading: an infusion within the last 35 days (the longest
# usual interval between cycles, 4 weeks, plus AFTER_COURSE_DAYS), or a planned next infusion
# still ahead (`cipn treatment next`).
DURING_TREATMENT_DAYS = 35


def urgency_heading(level: str, during_treatment: bool) -> str:
    """The heading of a level in the box and the listings (issue 22 rule 4)."""
    if level == SOON and during_treatment:
        return SOON_DURING_HEADING
    return URGENCY_HEADING.get(level, URGENCY_HEADING[SOON])


# What an export says of an alert that aged.
AGED_REASON = "gone by the latest day with entries"


# -- ageing (issue 22 rule 7) ------------------------------------------------------------------
# An open alert this many days old or more whose rule no longer holds on the latest day with
# entries is shown under the `soon` heading as "not yet told" (JSON: `current: false`).
AGEING_DAYS = 3


def short_day(day) -> str:
    """'Nov 29'."""
    return f"{day:%b} {day.day}"


def not_yet_told_words(subject: str, then: str, now: str) -> str:
    """'Cold, not yet told: 8/10 on Nov 13; 0 today': an aged alert, what it was and what the
    latest day says (`now` empty: nothing logged says it)."""
    return f"{subject}, not yet told: {then}" + (f"; {now}" if now else "")


# The level as the care team reads it (issue 23 item 7): "journal urgency: same day" on the
# visit page, the FHIR Flag's category.
CLINICIAN_URGENCY = {TODAY: "same day", SOON: "within days", NEXT: "next infusion"}


# A count of open alerts by level, as `cipn` alone says it ("2 today, 1 for the next infusion").
URGENCY_COUNT_WORDS = {TODAY: "today", SOON: "soon", NEXT: "for the next infusion"}
URGENCY_RULE = {
    TODAY: (f"a value of {SEVERE_AT} or more, self-care limited, a fall, a rise of "
            f"{URGENT_RISE_POINTS} or more points over the recent average (after a gap: over "
            f"the last value logged), a weekly composite grade of 3, a nerve symptom "
            f"persisting before the next infusion with everyday tasks or self-care limited, or a "
            f"red flag (weakness of the legs or arms or difficulty urinating above 0 for the "
            f"first time in {RED_FLAG_DAYS} days, numbness or tingling reaching above the elbow "
            f"or knee for the first time or rising {EXTENT_RISE_LEVELS} or more levels within "
            f"{EXTENT_RISE_DAYS} days), on a day logged less than {BACKDATED_DAYS} days later"),
    SOON: (f"a new symptom (whatever its value), worse by fewer points, everyday tasks limited "
           f"for the first time, constipation at {CONSTIPATION_AT} or more on "
           f"{CONSTIPATION_DAYS} days with a value in a row, a weekly composite grade of "
           f"{COMPOSITE_RISE_FROM} or more above the highest of the last {COMPOSITE_RECORDS} "
           f"weekly answers, numbness or tingling spreading further up a limb than ever "
           f"recorded, a nerve symptom still above its level before treatment in the days "
           f"before the next infusion, or any of the first level's reasons on a day logged "
           f"{BACKDATED_DAYS} or more days later"),
    NEXT: ("an expected effect of the treatment: cold sensitivity or tingling rising in the "
           "week after an oxaliplatin infusion, or pain below 7 in the 5 days after a taxane "
           "infusion"),
}

# -- the team's memory (issue 22 rule 6) -------------------------------------------------------
# Once an alert about a symptom was acknowledged, the symptom raises new, worse or severe again
# only above the highest value the team was told in the last 90 days; a symptom still severe 28
# days after the team was told raises one `soon` reminder.
TOLD_MEMORY_DAYS = 90
STILL_SEVERE_DAYS = 28
STILL_SEVERE_WORDS = "still severe: does your team have a plan?"
REMEMBERED_RULES = ("new", "worse", "gap", "severe", "constipation")

# -- expected acute effects (issue 22 rule 5; NICE TA100; Pachman, JCO 2015;33:3416; Loprinzi,
# JCO 2011;29:1472) ------------------------------------------------------------------------------
# Oxaliplatin acute syndrome: a rise of cold or tingling above its value before the infusion,
# within 7 days after it (the infusion day is day 1), is expected: `next`. Still above that
# value on day 8, or a peak this many points above the previous cycle's flare peak: `soon`;
# with self-care limited: `today`.
def cycle_day_words(number: int, drug: str) -> str:
    """'the day of the oxaliplatin infusion' (day 1), 'day 8 of the oxaliplatin cycle': the
    infusion day is day 1, so 'day 1 after oxaliplatin' would say a day that is not after it."""
    return (f"the day of the {drug} infusion" if number == 1
            else f"day {number} of the {drug} cycle")


ACUTE_DRUGS = ("oxaliplatin",)
ACUTE_SYMPTOMS = ("cold", "tingling")
ACUTE_DAYS = 7
ACUTE_PEAK_RISE = MEANINGFUL_POINTS
# Taxane acute pain syndrome: pain in the 5 days after a taxane infusion is `next` below 7.
TAXANE_DRUGS = ("paclitaxel", "nab-paclitaxel", "docetaxel", "cabazitaxel")
TAXANE_PAIN_DAYS = 5
TAXANE_PAIN_SYMPTOM = "pain"
# Cycle-linked symptoms (issue 23 item 3): compared like for like, flare against flare and
# before an infusion against before the previous one; their trend leaves the flare days out.
CYCLE_LINKED_SYMPTOMS = ("cold",)
CYCLE_LINKED_MIN_CYCLES = 2  # another symptom: a flare after at least 2 infusions
# ... judged on the last 6 infusions up to the window's end, whatever day the window starts on
CYCLE_LINKED_INFUSIONS = 6
CYCLE_LINKED_NOTE = f"outside the {ACUTE_DAYS} days from each infusion"
ACUTE_WORDS = ("expected after {drug}: tell the nurse at your next infusion how bad it got and "
               "how long it lasted")


def urgency(rule: str, subject: str, value: int | str | None, reference: float | None) -> str:
    """`today` or `soon` for an alert, from its structured fields alone (the migration derives
    the urgency of alerts raised before it with this same function)."""
    if rule == "function":
        return SOON if subject == "everyday" else TODAY  # self-care limited, or a fall
    if rule == "composite":
        return TODAY if isinstance(value, int) and value >= COMPOSITE_TODAY_AT else SOON
    if rule == "spread":
        return SOON
    if rule == "acute":  # its urgency is always stored; an export without it: the mildest
        return NEXT
    if rule in ("reminder", "persisting"):  # persisting: its urgency is always stored
        return SOON
    if rule == "red-flag":
        return TODAY
    if isinstance(value, int) and value >= SEVERE_AT:
        return TODAY
    if (rule in ("worse", "gap") and isinstance(value, int) and reference is not None
            and value - reference >= URGENT_RISE_POINTS):
        return TODAY
    return SOON


# -- the PRO-CTCAE composite grade (Basch et al., Clin Trials 2021;18:104) ---------------------
# The table is data, kept in its own module; these names are the ones the rules read.
COMPOSITE_SINGLE = composite_table.SINGLE
COMPOSITE_PAIRS = composite_table.PAIRS
COMPOSITE_TRIPLE = composite_table.TRIPLE

# -- alerts from the weekly PRO-CTCAE answers (issue 16) -----------------------------------------
COMPOSITE_TODAY_AT = 3  # a composite grade of 3: call today

# -- the summary's trend (domain/trends.py) -----------------------------------------------------
# One baseline for the summary, the cycles and the exports: the 7 days before the first infusion
# when at least one of them has entries, else the journal's first 7 days with entries.
SUMMARY_BASELINE_DAYS = 7
RECENT_DAYS = 7  # the last days with entries in the window
SPARKLINE_MAX_MARKS = 60  # a longer window gets one mark per several days (their highest value)
PREVIOUS_DAYS = 7  # direction: the 7 days with entries before the recent ones
SINCE_VISIT_DAYS = 7  # since the last visit: the 7 days with entries before it
TREND_POINTS = MEANINGFUL_POINTS
SHOWN_TENTHS = 10  # changes are shown, and judged against the points above, to one decimal
DIRECTION_POINTS = MEANINGFUL_POINTS
BASELINE_KINDS = ("pre-treatment", "first-week")
# After the course: a day later than the last infusion + that drug's last interval + this many
# days is no longer placed in a cycle.
AFTER_COURSE_DAYS = 7
DEFAULT_WINDOW_DAYS = 28  # `cipn summary` and the exports without --since: the last 4 weeks

# -- cycles (domain/treatment.py `cycle_report`) ------------------------------------------------
PRETREATMENT_BASELINE_DAYS = SUMMARY_BASELINE_DAYS  # the baseline week before the first infusion
BEFORE_NEXT_DAYS = 3  # "before next": the last value in the 3 days before the next infusion
PERSIST_POINTS = 1  # persisted: before next at least 1 point above the baseline
# A last cycle with no next infusion runs to the day asked about, but treatment that stopped long
# ago is over: a cycle's days end at most this many days after its start (about 4 months).
OPEN_CYCLE_MAX_DAYS = 120

# -- persisting between cycles (issue 22 rule 10): the dose signal -----------------------------
# Oxaliplatin's label reduces the dose when symptoms persist until the next cycle and stops it
# when paresthesia with functional impairment persists [oxaliplatin SmPC]; ESMO-EONS-EANO 2020:
# evaluate CIPN before every cycle. From BEFORE_NEXT_DAYS before the next expected infusion of a
# drug on the list (the last infusion + its last interval, or the day `cipn treatment next`
# planned) to AFTER_COURSE_DAYS after it, a nerve symptom PERSIST_POINTS or more above its
# pre-treatment baseline raises one `soon` alert a cycle naming them all; `today` (one more) with
# everyday tasks or self-care limited on any of the last PERSISTING_LIMITS_DAYS days. Without
# entries in the week before the first infusion the baseline is 0: the label asks whether the
# symptom is there at all, and a first week logged during treatment already holds its effects.
PERSISTING_SYMPTOMS = ("numbness", "tingling", "burning", "pain", "grip", "walking", "balance")
PERSISTING_FROM_DAYS = BEFORE_NEXT_DAYS
PERSISTING_LATE_DAYS = AFTER_COURSE_DAYS
PERSISTING_POINTS = PERSIST_POINTS
PERSISTING_LIMITS_DAYS = 3
PERSISTING_NO_BASELINE = "nothing logged before treatment"
# After the last cycle: with no infusion given and none planned ahead (`cipn treatment next`),
# the course is over for the rule once the expected next infusion plus this many intervals
# between infusions has passed. Then no persisting alert is raised (a window for a late
# infusion ends there too) and an open one no longer holds (it ages, issue 22 rule 7): the
# journal cannot know that an infusion was the last, but it stops asking about one that never
# came.
PERSISTING_OVER_INTERVALS = 1


def persisting_words(found: list[tuple[str, int, float | None]], when: str, drug: str,
                     limited: str | None) -> str:
    """One sentence for every nerve symptom that persists (`found`: label, value and
    pre-treatment baseline of each, the decisive one first): 'Numbness has not gone away since
    the last oxaliplatin (3/10 on 2026-11-24; 0 before treatment). Tell the team before the
    next infusion.', 'Numbness and tingling have not gone away ... (numbness 3/10, tingling
    1/10 on 2026-11-24; 0 before treatment) ...'. A baseline None: no entries before treatment;
    `limited`: the limits (everyday, selfcare) of the last days, or None."""
    if len(found) == 1:
        label, value, baseline = found[0]
        who, values = f"{label} has", f"{value}/{SCALE_MAX}"
        before = _before_treatment(baseline)
    else:
        names = [found[0][0], *(_lower(label) for label, _value, _baseline in found[1:])]
        who = f"{', '.join(names[:-1])} and {names[-1]} have"
        values = ", ".join(f"{_lower(label)} {value}/{SCALE_MAX}"
                           for label, value, _baseline in found)
        baselines = {baseline for _label, _value, baseline in found}
        before = (_before_treatment(found[0][2]) if len(baselines) == 1 else
                  ", ".join(f"{_lower(label)} {round(baseline or 0, 1):g}"
                            for label, _value, baseline in found) + " before treatment")
    if limited is None:
        return (f"{who} not gone away since the last {drug} ({values} {when}; {before}). Tell "
                f"the team before the next infusion.")
    return (f"{who} not gone away since the last {drug}, with {LIMIT_NAMES[limited]} limited "
            f"({values} {when}; {before}). Tell the team today, before the next infusion.")


def _before_treatment(baseline: float | None) -> str:
    return (PERSISTING_NO_BASELINE if baseline is None
            else f"{round(baseline, 1):g} before treatment")


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def persisting_clinician_words(found: list[tuple[str, str]], baseline: float | None) -> str:
    """'Numbness persisting at 3/10 (and trouble using the hands at 2/10) in the 3 days before
    the next expected infusion (0/10 before treatment)': `found`, each persisting symptom's
    label and value, the alert's subject first; `baseline`: the subject's."""
    before = _before(baseline)
    (label, value), others = found[0], found[1:]
    also = "".join(f", {_lower(other)} at {at}" for other, at in others)
    return (f"{label} persisting at {value}{also} in the {days_words(BEFORE_NEXT_DAYS)} before "
            f"the next expected infusion ({before} for {_lower(label)})" if others else
            f"{label} persisting at {value} in the {days_words(BEFORE_NEXT_DAYS)} before the "
            f"next expected infusion ({before})")


def _before(baseline: float | None) -> str:
    return ("not logged before treatment" if baseline is None
            else f"{round(baseline, 1):g}/{SCALE_MAX} before treatment")


def persisting_group_words(found: list[tuple[str, str, float | None]]) -> str:
    """A day's persisting alerts stored one per symptom (before m010) in one sentence:
    'Numbness 2/10 and tingling 1/10 persisting in the 3 days before the next expected infusion
    (0/10 before treatment)'; (label, value as 'N/10', baseline) each."""
    found = [(label.lower(), value, baseline) for label, value, baseline in found]
    if len({baseline for _label, _value, baseline in found}) == 1:
        said = [f"{label} {value}" for label, value, _baseline in found]
        tail = f" ({_before(found[0][2])})"
    else:
        said = [f"{label} {value} ({_before(baseline)})" for label, value, baseline in found]
        tail = ""
    names = ", ".join(said[:-1]) + f" and {said[-1]}" if len(said) > 1 else said[0]
    return (f"{names[0].upper()}{names[1:]} persisting in the {days_words(BEFORE_NEXT_DAYS)} "
            f"before the next expected infusion{tail}")


# -- oxaliplatin coasting [Pachman] -------------------------------------------------------------
# The coasting note shows when the last oxaliplatin infusion was this many days before the end
# of the window: from 4 weeks (when it could first be noticed) to about 4 months.
COASTING_FROM_DAYS = 28
COASTING_TO_DAYS = 120
COASTING_EXPLAINED = (
    "Neuropathy from oxaliplatin can keep getting worse for about 3 months after the last dose "
    "(\"coasting\") before it improves: worsening symptoms should still be reported to the care "
    "team."
)

# -- before and after a supplement or medicine (`cipn meds effect`, issue 26) ----------------
# One person's before-and-after, stated as numbers beside what else changed; never a cause.
# ASCO 2020 [Loprinzi JCO 38:3325] names duloxetine for painful CIPN; --after-from lets the
# after window start later. The symptoms compared are the nerve symptoms of CIPN (sensory and
# motor: numbness, tingling, burning, pain, cold-triggered symptoms, grip, walking, balance).
EFFECT_WINDOW_DAYS = 14  # before: the 14 days before the start; after: the last 14 days taken
EFFECT_MIN_DAYS = 4  # fewer days with values in a window: no comparison
EFFECT_SAME_POINTS = 1  # a difference within 1 point either way is "about the same"
EFFECT_SYMPTOMS = ("numbness", "tingling", "burning", "pain", "cold", "grip", "walking",
                   "balance")
LOWER, HIGHER, ABOUT_THE_SAME = "lower", "higher", "about the same"
# The trend before the start: the mean of the window's last 7 days against its first 7, each
# half with at least 2 days with values; "already rising/falling" beyond EFFECT_SAME_POINTS.
EFFECT_TREND_HALF_DAYS = EFFECT_WINDOW_DAYS // 2
EFFECT_TREND_MIN_DAYS = 2
EFFECT_CAVEAT = ("A before-and-after in one person cannot show what caused a change; bring this "
                 "to your care team.")
EFFECT_TOO_FEW = (f"Too few days to compare: each window needs at least "
                  f"{EFFECT_MIN_DAYS} days with values")
EFFECT_NONE_LOGGED = "No nerve symptom was logged in either window."


def effect_too_few_words(before: int, after: int | None, after_from: int, today: str) -> str:
    """Why there is no comparison: the days with values of each window, or an after window that
    has not begun (`after` None)."""
    if after is None:
        return (f"{EFFECT_TOO_FEW}: the after window starts {after_from} days after the start, "
                f"which is after {today}.")
    return f"{EFFECT_TOO_FEW}: {before} before, {after} after."


def effect_too_few_row(before: int, after: int) -> str:
    """A symptom's row without a comparison: 'too few days (7 before, 0 after)'."""
    return f"too few days ({before} before, {after} after)"
EFFECT_EXPLAINED = (
    f"before: the {EFFECT_WINDOW_DAYS} days before the start; after: the last "
    f"{EFFECT_WINDOW_DAYS} days taken (up to the day it was stopped); mean of the days with a "
    f"value; on a day with entries a symptom not named counts 0 only if it was last 0 or never "
    f"logged, otherwise that day is not logged for it; within {EFFECT_SAME_POINTS} point either "
    f"way: {ABOUT_THE_SAME}")


def effect_word(difference) -> str:
    """'lower', 'higher' or 'about the same' (within EFFECT_SAME_POINTS, both ends included)
    for after - before; exact when given a Fraction."""
    if difference > EFFECT_SAME_POINTS:
        return HIGHER
    return LOWER if difference < -EFFECT_SAME_POINTS else ABOUT_THE_SAME


def effect_treatment_words(window: str, infusions: str, added: str) -> str:
    """'treatment continued: 2 oxaliplatin infusions, +170 mg/m2, during the after window:
    symptoms often rise regardless'; `window` is before, between or after; `added` may be ''."""
    what = infusions + (f", {added}" if added else "")
    if window == "after":
        return (f"treatment continued: {what}, during the after window: symptoms often rise "
                "regardless")
    if window == "between":
        return f"treatment between the windows: {what}"
    return f"treatment during the before window: {what}"


def effect_trend_words(label: str, change: str, rising: bool) -> str:
    """'numbness was already rising, +1.5 in those 14 days' (the 14 days before the start)."""
    return (f"{label} was already {'rising' if rising else 'falling'}, {change} in the "
            f"{EFFECT_WINDOW_DAYS} days before the start")


def effect_other_med_words(name: str, kind: str, what: str, day: str, window: str) -> str:
    """'vitamin B12 (supplement) started on 2026-10-25, in the before window'."""
    where = "between the windows" if window == "between" else f"in the {window} window"
    return f"{name} ({kind}) {what} on {day}, {where}"


def effect_coasting_words(last: str, gap: int) -> str:
    """The coasting context: the after window ends `gap` days after the last oxaliplatin."""
    return (f"oxaliplatin coasting: the after window ends {gap} days after the last oxaliplatin "
            f"infusion ({last}). {COASTING_EXPLAINED}")


def effect_visit_words(name: str, start: str, changes: list[str], treatment: bool) -> str:
    """The visit document's line: 'since starting duloxetine on Nov 2: pain 6.1 -> 3.9 (14 days
    each); treatment continued'."""
    line = f"since starting {name} on {start}: {'; '.join(changes)}"
    return line + ("; treatment continued" if treatment else "")


# -- limits on daily activities (NCI CTCAE v5.0: instrumental and self-care ADL) ----------------
LIMITS = ("none", "everyday", "selfcare")
LIMIT_NAMES = {"none": "no limits", "everyday": "everyday tasks", "selfcare": "self-care"}
LIMIT_EXAMPLES = {
    "everyday": "meals, shopping, the phone, money",
    "selfcare": "washing, dressing, eating, the toilet, taking medicines",
}


def limit_words(kind: str) -> str:
    """'everyday tasks (meals, shopping, the phone, money)': a limit with its examples."""
    return f"{LIMIT_NAMES[kind]} ({LIMIT_EXAMPLES[kind]})"


# -- the grade estimate: NCI CTCAE v5.0, peripheral sensory neuropathy (MedDRA 10034620) ---------
GRADE_LABEL = "patient-reported estimate"
GRADE_EVERYDAY_LIMITED = 2  # CTCAE grade 2: limiting instrumental ADL
GRADE_SELFCARE_LIMITED = 3  # CTCAE grade 3: limiting self care ADL
GRADE_SOURCE = "NCI CTCAE v5.0"
# The CTCAE v5.0 terms the grade wording is taken from. Grades 2-3 read the same in both;
# grade 1 of peripheral sensory neuropathy is "Asymptomatic", which does not fit a person who
# reports symptoms: with symptoms present, grade 1 is Paresthesia's "Mild symptoms".
GRADE_TERM = "Peripheral sensory neuropathy"  # MedDRA 10034620
PARESTHESIA_TERM = "Paresthesia"  # MedDRA 10033987
GRADE_TERMS = {GRADE_TERM: "10034620", PARESTHESIA_TERM: "10033987"}
SENSORY_GRADE_1 = "Asymptomatic"  # CTCAE v5.0 peripheral sensory neuropathy grade 1, not used
# Grade 0 is not a CTCAE grade: the journal's own words for a day with nothing to report.
GRADE_WORDING = {
    0: "no symptoms reported",
    1: "Mild symptoms",
    2: "Moderate symptoms; limiting instrumental ADL",
    3: "Severe symptoms; limiting self care ADL",
}


def grade_term(grade: int) -> str | None:
    """The CTCAE v5.0 term a grade's wording comes from: Paresthesia for grade 1 (symptoms
    without limits), peripheral sensory neuropathy for 2-3; None for 0 (not a CTCAE grade)."""
    if grade == 0:
        return None
    return PARESTHESIA_TERM if grade == 1 else GRADE_TERM
# What the estimate rests on, in plain words: the journal cannot examine anyone.
GRADE_BASIS = {
    0: "no nerve symptom above 0, no limits on activities reported",
    1: "symptoms, no limits on activities reported",
    2: f"symptoms limited {limit_words('everyday')}",
    3: f"symptoms limited {limit_words('selfcare')}",
}
# The symptoms the estimate reads: CTCAE's sensory neuropathy and paresthesia terms are about
# the nerves of the limbs (numbness, tingling, burning, pain, cold-triggered symptoms), and grip,
# walking and balance are the evidence of function; bowel and bladder are never read.
GRADE_SYMPTOMS = EFFECT_SYMPTOMS
GRADE_NO_LIMITS_ANSWER = "limits not recorded"
GRADE_NO_NERVE_SYMPTOM = "limits reported without a nerve symptom above 0"
GRADE_METHOD = (
    "Estimated by cipn-journal from the limits the person reported that day (none: grade 1 with "
    "any nerve symptom above 0, else 0; everyday tasks: 2; self-care: 3) and whether any of "
    + ", ".join(EFFECT_SYMPTOMS) + " was above 0; no estimate on a day without a limits answer")


def grade_words(grade: int, highest: int) -> str:
    """'grade 1 (symptoms, no limits on activities reported); highest severity that day 7/10'."""
    return f"grade {grade} ({GRADE_BASIS[grade]}); highest severity that day {highest}/{SCALE_MAX}"


# The weekly PRO-CTCAE interference answer about numbness or tingling and the daily limits
# disagree when the week's answer is "Somewhat" or more while every daily limits answer of its
# 7 days was none, or "Not at all" while a day of them had everyday tasks or self-care limited.
INTERFERENCE_DISAGREES_AT = 2


def disagreement_words(day: str, answer: str, limits: str) -> str:
    """The one line: the weekly answer and the daily limits disagree."""
    return (f"The weekly answer of {day} (numbness or tingling interfered \"{answer}\" with "
            f"usual or daily activities) and the daily limits ({limits}) disagree.")

# -- what every "notify your doctor" prompt says: nobody monitors the journal -------------------
NOT_MONITORED = "This journal is not monitored by anyone"
# What is an emergency, named in every box: an allergic reaction to an infusion (trouble
# breathing, wheeze, a rash or swelling of the lips or face; NICE TA100, the oxaliplatin SmPC)
# and chest pain. The line sends people to emergency services; it diagnoses nothing.
EMERGENCY_SIGNS = ("trouble breathing", "wheeze", "a rash or swelling of the lips or face",
                   "chest pain")
EMERGENCY_LINE = f"An emergency ({', '.join(EMERGENCY_SIGNS)}): call your emergency services."
CALL_TO_ACTION = (
    f"{NOT_MONITORED}: nobody sees these alerts unless you tell them.",
    EMERGENCY_LINE,
)


# -- prose built from the numbers above ---------------------------------------------------------
def days_words(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def weeks_words(days: int) -> str:
    """'4 weeks' for 28 days."""
    weeks = days // 7
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def points_words(points: int) -> str:
    return "1 point" if points == 1 else f"{points} points"


TREND_EXPLAINED = (
    f"baseline: mean of the {days_words(SUMMARY_BASELINE_DAYS)} before the first infusion "
    f"(else of the journal's first {days_words(SUMMARY_BASELINE_DAYS)} with entries); a day "
    f"that does not name a symptom counts 0 only if its last value was 0. recent: mean of the "
    f"last {days_words(RECENT_DAYS)} with entries in this window; worsening at "
    f"+{TREND_POINTS} or more against the baseline, improving at -{TREND_POINTS} or less (as "
    f"shown), else stable. over the last {weeks_words(RECENT_DAYS + PREVIOUS_DAYS)}: recent "
    f"against the {days_words(PREVIOUS_DAYS)} with entries before them, rising at "
    f"+{DIRECTION_POINTS} or more, easing at -{DIRECTION_POINTS} or less, else steady."
)

# The one trend sentence (issue 23 item 4), in the terminal, the exports and JSON alike:
# '+2.3 points since before treatment (worsening); steady over the last 2 weeks'.
DIRECTION_WORDS = {"worsening": "rising", "improving": "easing", "stable": "steady"}


def trend_sentence(level: str, trend: str | None, direction: str | None) -> str:
    """The level against the baseline with its word, then the direction over the last two
    weeks of entries; `level` is `level_words`' text."""
    text = f"{level} ({trend})" if trend else level
    if direction:
        text += (f"; {DIRECTION_WORDS[direction]} over the last "
                 f"{weeks_words(RECENT_DAYS + PREVIOUS_DAYS)}")
    return text


def not_logged_words(day: str, value: int) -> str:
    """A symptom no longer named after a value above 0 (issue 22 rule 1: silence is never
    recovery): 'not logged since 2026-05-29 (last 3/10)'."""
    return f"not logged since {day} (last {value}/{SCALE_MAX})"


def _day_span(start, end) -> str:
    """'Sep 11-17', 'Sep 28-Oct 4', 'Dec 28 2025-Jan 3 2026'."""
    if start.year != end.year:
        return f"{start:%b} {start.day} {start.year}-{end:%b} {end.day} {end.year}"
    if start.month != end.month:
        return f"{start:%b} {start.day}-{end:%b} {end.day}"
    return f"{start:%b} {start.day}" + (f"-{end.day}" if end != start else "")


BASELINE_PLACES = {
    "before": "before treatment",
    "during": "journal start, during treatment",
    "after": "journal start, after treatment",
    None: "journal start",
}


def baseline_words(treatment: str | None, start, end) -> str:
    """'before treatment (Sep 11-17)', 'journal start, during treatment (Oct 2-8)', 'journal
    start, after treatment (Oct 1-7)', 'journal start (Oct 1-7)' (no infusion recorded): what
    the baseline is. Only a baseline before treatment is called "before treatment"."""
    return f"{BASELINE_PLACES[treatment]} ({_day_span(start, end)})"


def level_words(change: float | None, shown: str, before_treatment: bool = False) -> str:
    """'+4.1 points since before treatment' (a baseline before treatment), '-0.5 points since
    journal start' (any other), 'same as before treatment' / 'same as at journal start';
    `shown` is the rounded signed change as text."""
    if change is None:
        return "no baseline"
    since = "before treatment" if before_treatment else "journal start"
    if shown.lstrip("+-") in ("0", "0.0"):
        return "same as before treatment" if before_treatment else "same as at journal start"
    return f"{shown} {'point' if shown.lstrip('+-') == '1' else 'points'} since {since}"


def after_course_words(days: int, cycles: str, last: str) -> str:
    """'43 days after the last infusion (oxaliplatin cycle 12, 2026-08-24)'; `cycles` names
    the drug and cycle of that infusion."""
    return f"{days_words(days)} after the last infusion ({cycles}, {last})"
def course_words(listed: list[str], others: list[str]) -> str:
    """The treatment line during a course: 'oxaliplatin 640 mg/m2 in 8 infusions, with
    fluorouracil and leucovorin' (the drugs on the American Cancer Society's list first)."""
    line = "; ".join(listed)
    if others:
        line += ", with " + (others[0] if len(others) == 1
                             else ", ".join(others[:-1]) + " and " + others[-1])
    return line


def course_ended_words(drugs: str, last: str, days: int, totals: str) -> str:
    """'Treatment ended: last oxaliplatin 2026-02-12 (311 days ago), total 1020 mg/m2'. The
    course has ended when a day is past its last cycle: the last infusion plus the last
    interval between cycles plus AFTER_COURSE_DAYS (domain/treatment.py `course_over`)."""
    ago = "today" if days == 0 else f"{days_words(days)} ago"
    return f"Treatment ended: last {drugs} {last} ({ago})" + (f", total {totals}" if totals else "")


def days_before_words(days: int) -> str:
    """'the day before', '2 days before' (the next infusion)."""
    return "the day before" if days == 1 else f"{days_words(days)} before"


def scale_value(label: str, value: int) -> str:
    """'numbness 3/10'."""
    return f"{label} {value}/{SCALE_MAX}"


def limits_before_words(limits: str | None) -> str:
    """What the limits answer before the next infusion says: the oxaliplatin label stops the
    drug for paresthesia with functional impairment persisting until the next cycle [SmPC]."""
    if limits is None:
        return "limits not recorded"
    if limits == "none":
        return "everyday tasks not limited"
    return f"{LIMIT_NAMES[limits]} limited"


BEFORE_NEXT_UNKNOWN = (
    f"not known: nothing logged in the {days_words(BEFORE_NEXT_DAYS)} before the next infusion")
CYCLE_COLUMNS_EXPLAINED = (
    f"baseline: the summary's one baseline (the {days_words(PRETREATMENT_BASELINE_DAYS)} before "
    f"the first infusion, or the journal's first {days_words(SUMMARY_BASELINE_DAYS)} with "
    f"entries); "
    f"before next: last value in the {days_words(BEFORE_NEXT_DAYS)} before the next infusion; "
    f"persisted: at least {points_words(PERSIST_POINTS)} above baseline"
)
PERSISTED_EXPLAINED = (
    f"persisted: the last value in the {days_words(BEFORE_NEXT_DAYS)} before the next infusion "
    f"is at least {points_words(PERSIST_POINTS)} above the baseline given under Symptoms"
)


# -- the weekly PRO-CTCAE questions --------------------------------------------------------------
# NCI's recall period ("In the last 7 days"); Enter in `cipn weekly` keeps an answer only from a
# weekly record this many days old or less.
WEEKLY_RECALL_DAYS = 7
