"""The FHIR R4 export: the journal's records in the window as one Bundle of type `collection`
(Patient, Observations, MedicationAdministration, MedicationStatement, Appointment,
Communication, Flag; the weekly PRO-CTCAE answers as a Questionnaire and its responses),
written as plain JSON: no FHIR library is imported here. Resource ids are
UUIDs derived from this journal and each record's natural key, so that the same window exported
twice gives the same ids. README "For clinics" documents the bundle and its code systems.
"""

import functools
import hashlib
import json
import re
import uuid
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cipn_journal.domain import alerts as rules
from cipn_journal.domain import clinical, grade, proctcae
from cipn_journal.domain.alerts import clinician_message
from cipn_journal.domain.clinical import CLINICIAN_URGENCY, limit_words
from cipn_journal.domain.symptoms import BUILTIN, short_name
from cipn_journal.domain.treatment import SOURCE
from cipn_journal.export.records import records as read_records
from cipn_journal.export.selection import Selection
from cipn_journal.output import escape_json_controls
from cipn_journal.reports.cycles import treatment_story
from cipn_journal.store.clock import utc_now
from cipn_journal.store.identity import journal_id
from cipn_journal.store.profile import read

# Code systems of the journal's own concepts: stable URIs, documented in README "For clinics".
BASE = "https://cipn-journal.example/fhir/CodeSystem"
SYMPTOMS = f"{BASE}/symptom"  # code: the symptom key; display: its label
OBSERVATIONS = f"{BASE}/observation"  # falls, limits, grade-estimate, note
LIMITS = f"{BASE}/limits"  # none, everyday, selfcare
ROUTES = f"{BASE}/route"  # iv, sc, oral
ALERT_RULES = f"{BASE}/alert-rule"  # the rule that decided: new, worse, severe, function...
ALERT_URGENCY = f"{BASE}/alert-urgency"  # today, soon, next (once alerts carry an urgency)
PRO_CTCAE_SCALE = f"{BASE}/pro-ctcae-"  # + frequency, severity, interference: codes 0-4
EXTENT_SCALE = f"{BASE}/extent-"  # + hands, feet: codes 0-4
COMPOSITE = f"{BASE}/pro-ctcae-composite"  # code: the symptom term (numbness, pain ...)
# The weekly questions as a Questionnaire: a canonical URL under the project's name. Bump
# QUESTIONNAIRE_VERSION when an item is added or its answers change.
QUESTIONNAIRE_URL = "https://cipn-journal.example/fhir/Questionnaire/weekly-pro-ctcae"
QUESTIONNAIRE_VERSION = "1"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
XHTML = "http://www.w3.org/1999/xhtml"

# Ids: uuid5 in a namespace of this journal (NAMESPACE + the journal's random id). Never change
# NAMESPACE: every id a clinic's server holds would change with it.
NAMESPACE = uuid.UUID("0bd431aa-92c7-4394-a68f-afd25166836a")

SURVEY = {"coding": [{
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "survey", "display": "Survey"}]}
PATIENT_SPECIFIED = {"coding": [{
    "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
    "code": "patientspecified", "display": "Patient Specified"}]}

# SNOMED CT only where the concept id was confirmed from a cited source (README "For clinics"):
# a wrong code is worse than none. "both" has no single concept: text only.
BODY_SITES = {
    "hands": ("hands", "85562004", "Hand structure (body structure)"),
    "feet": ("feet", "56459004", "Foot structure (body structure)"),
    "both": ("hands and feet", None, None),
}
# The journal's dose units (domain.treatment.UNITS) as UCUM codes; a unit missing here (AUC has
# no UCUM unit) is exported as the dose text alone.
UCUM_UNITS = {
    "mg/m2": "mg/m2", "mg/kg": "mg/kg", "mg": "mg", "g": "g", "g/m2": "g/m2",
    "mcg": "ug", "mcg/kg": "ug/kg", "mcg/m2": "ug/m2",
}
ROUTE_NAMES = {"iv": "intravenous", "sc": "subcutaneous", "oral": "oral"}
# The levels as the visit page says them (issue 23 item 7), as the Flag's category.
URGENCY_NAMES = {level: f"Journal urgency: {words}" for level, words in CLINICIAN_URGENCY.items()}
NO_NAME = ("This export carries no patient name: none is set in the journal "
           "(cipn profile set --name sets it).")
GRADE_NOTE = "patient-reported estimate, not a clinical grade"

# FHIR strings should hold no control characters but tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def export(store, selection: Selection) -> str:
    return dumps(bundle(store, selection, profile=read(store), journal=journal_id(store)))


def dumps(data: dict) -> str:
    """Compact JSON with one entry a line: a year of a journal is thousands of resources,
    which json's indenting (pure Python) writes four times slower; a line per resource still
    greps and diffs. Control characters are \\u escapes, as in every JSON export."""

    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = compact({k: v for k, v in data.items() if k != "entry"})[:-1]
    entries = ",\n".join(compact(entry) for entry in data["entry"])
    return escape_json_controls(f'{head},"entry":[\n{entries}\n]}}\n')


def bundle(store, selection: Selection, *, journal: str, profile: dict | None = None,
           now: str | None = None) -> dict:
    """The Bundle for the selection's window. `journal` is the journal's identity, the seed of
    every id; `profile` (name, born) fills in the Patient; without it the Patient has no name
    and says so."""
    records = read_records(store, selection)
    built = _Bundle(uuid.UUID(uuid5(NAMESPACE.bytes, repr(("journal", journal)))).bytes)
    built.patient(profile)
    if any(r.get("reported_by") == "caregiver"
           for table in ("observations", "days", "notes", "weekly_records", "extent_days")
           for r in records.get(table, [])):
        built.caregiver()
    built.symptoms(records["observations"], _labels(records["custom_symptoms"]))
    built.days(records["days"])
    built.grades(records["observations"], records["days"])
    built.notes(records["notes"])
    built.infusions(records["treatments"])
    if store is not None:
        built.course(treatment_story(store, selection.end), selection.end)
    built.medicines(records["meds"], selection.today)
    built.visits(records["visits"], selection.today)
    built.questions(records["questions"])
    built.alerts(records["alerts"])
    built.weekly(records.get("weekly_records", []), records.get("extent_days", []))
    window = [selection.low.isoformat() if selection.low else None,
              selection.high.isoformat() if selection.high else None]
    return {
        "resourceType": "Bundle",
        "id": built.id("Bundle", *window),
        "type": "collection",
        "timestamp": now or utc_now(),  # the journal's clock: CIPN_JOURNAL_NOW fixes it
        "entry": built.entries,
    }


def _labels(custom: list[dict]) -> dict[str, str]:
    labels = {symptom.key: symptom.label for symptom in BUILTIN}
    labels.update({c["key"]: c["label"] for c in custom})
    return labels


def text(value: str) -> str:
    """User text as a FHIR string: control characters a receiving system could act on become
    U+FFFD; everything else is kept as typed."""
    return _CONTROL.sub("\ufffd", value)


@functools.lru_cache(maxsize=256)  # the values of one day share their record time
def instant(value: str | None) -> str | None:
    """A recorded time as a FHIR instant (seconds and an offset); stored times are UTC, so an
    imported time without an offset is read as UTC. None for anything unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat(timespec="seconds")


def dosage(treatment: dict) -> dict | None:
    """The dose as given: a UCUM Quantity when the unit has one, the text as entered, route."""
    result: dict = {}
    if treatment.get("dose_text"):
        result["text"] = text(treatment["dose_text"])
    route = treatment.get("route")
    if route in ROUTE_NAMES:
        result["route"] = {"coding": [{"system": ROUTES, "code": route,
                                       "display": ROUTE_NAMES[route]}],
                           "text": ROUTE_NAMES[route]}
    unit = UCUM_UNITS.get(treatment.get("unit") or "")
    if treatment.get("dose") is not None and unit:
        result["dose"] = {"value": _number(treatment["dose"]), "unit": treatment["unit"],
                          "system": UCUM, "code": unit}
    return result or None


def uuid5(namespace: bytes, name: str) -> str:
    """uuid.uuid5(UUID(bytes=namespace), name) as text, without building UUID objects: a year
    of a journal asks for thousands."""
    digest = bytearray(hashlib.sha1(namespace + name.encode("utf-8", "backslashreplace"))
                       .digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _day_span(day: str) -> tuple[str, str]:
    """A whole local day as two instants: the journal records a visit's day, not its time."""
    start = datetime.combine(date.fromisoformat(day), time()).astimezone()
    end = datetime.combine(date.fromisoformat(day) + timedelta(days=1), time()).astimezone()
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


class _Bundle:
    """The entries, in a stable order, with ids from `namespace` and each record's key."""

    def __init__(self, namespace: bytes):
        self.namespace = namespace
        self.entries: list[dict] = []
        self.seen: Counter = Counter()
        self.subject: dict = {}
        self.related: dict | None = None
        self.by_day: dict[str, list[dict]] = {}  # day -> its symptom Observations
        self.limits_of: dict[str, dict] = {}  # day -> its limits Observation

    def id(self, *key) -> str:
        """uuid5 over the record's natural key; a repeated key (two identical records) gets
        its ordinal, so that ids stay unique and the first one keeps its id. The key's repr
        keeps text with separators or a lone surrogate unambiguous and hashable."""
        name = repr(key)
        self.seen[name] += 1
        if self.seen[name] > 1:
            name = repr((*key, self.seen[name]))
        return uuid5(self.namespace, name)

    def add(self, resource: dict) -> dict:
        url = f"urn:uuid:{resource['id']}"
        self.entries.append({"fullUrl": url, "resource": resource})
        return {"reference": url}

    def performer(self, reported_by: str | None) -> dict:
        if reported_by == "caregiver" and self.related is not None:
            return {"performer": [self.related]}
        if reported_by == "patient":
            return {"performer": [self.subject]}
        return {}  # not recorded: nobody is named

    # -- the people ---------------------------------------------------------------------------
    def patient(self, profile: dict | None) -> None:
        resource: dict = {"resourceType": "Patient", "id": self.id("Patient")}
        name = (profile or {}).get("name")
        if name:
            resource["name"] = [{"text": text(name)}]
        else:
            resource["text"] = {"status": "additional",
                                "div": f'<div xmlns="{XHTML}"><p>{NO_NAME}</p></div>'}
        born = (profile or {}).get("born")
        if born:
            resource["birthDate"] = born
        self.subject = self.add(resource)

    def caregiver(self) -> None:
        self.related = self.add({
            "resourceType": "RelatedPerson", "id": self.id("RelatedPerson", "caregiver"),
            "patient": self.subject, "relationship": [{"text": "caregiver"}],
        })

    # -- the daily journal --------------------------------------------------------------------
    def observation(self, key: tuple, code: dict, day: str, **fields) -> dict:
        resource = {"resourceType": "Observation", "id": self.id("Observation", *key),
                    "status": "final", "category": [SURVEY], "code": code,
                    "subject": self.subject, "effectiveDateTime": day}
        resource.update({k: v for k, v in fields.items() if v is not None})
        return self.add(resource)

    def symptoms(self, observations: list[dict], labels: dict[str, str]) -> None:
        labels = {key: text(label) for key, label in labels.items()}
        for o in observations:
            label = labels.get(o["symptom"], o["symptom"])
            site = BODY_SITES.get(o.get("where") or "")
            body: dict[str, Any] | None = None
            if site is not None:
                body = {"text": site[0]}
                if site[1]:
                    body["coding"] = [{"system": SNOMED, "code": site[1], "display": site[2]}]
            ref = self.observation(
                ("symptom", o["date"], o["symptom"]),
                {"coding": [{"system": SYMPTOMS, "code": o["symptom"], "display": label}],
                 "text": label},
                o["date"], issued=instant(o.get("recorded_at")),
                valueInteger=o["severity"], bodySite=body, **self.performer(o.get("reported_by")))
            self.by_day.setdefault(o["date"], []).append(ref)

    def days(self, days: list[dict]) -> None:
        limits = {"none": "No limits on daily activities",
                  "everyday": f"Symptoms limited instrumental ADL: {limit_words('everyday')}",
                  "selfcare": f"Symptoms limited self-care ADL: {limit_words('selfcare')}"}
        for d in days:
            who = self.performer(d.get("reported_by"))
            issued = instant(d.get("recorded_at"))
            if d.get("falls") is not None:
                self.observation(
                    ("falls", d["date"]),
                    {"coding": [{"system": OBSERVATIONS, "code": "falls",
                                 "display": "Number of falls"}], "text": "Number of falls"},
                    d["date"], issued=issued, valueInteger=d["falls"], **who)
            if d.get("limits") in limits:
                words = limits[d["limits"]]
                self.limits_of[d["date"]] = self.observation(
                    ("limits", d["date"]),
                    {"coding": [{"system": OBSERVATIONS, "code": "limits",
                                 "display": "Limits on daily activities"}],
                     "text": "Limits on daily activities"},
                    d["date"], issued=issued,
                    valueCodeableConcept={"coding": [{"system": LIMITS, "code": d["limits"],
                                                      "display": words}], "text": words},
                    **who)

    def grades(self, observations: list[dict], days: list[dict]) -> None:
        values: dict[str, dict[date, int]] = {}
        for o in observations:
            values.setdefault(o["symptom"], {})[date.fromisoformat(o["date"])] = o["severity"]
        highest = grade.nerve_highest(values)
        limits = {date.fromisoformat(d["date"]): d.get("limits") for d in days}
        logged = {date.fromisoformat(o["date"]) for o in observations}
        for day, value in sorted(grade.day_grades(highest, limits, logged).items()):
            # the CTCAE v5.0 term the wording is taken from: Paresthesia for grade 1 (and 0,
            # whose wording is the journal's own), peripheral sensory neuropathy for 2-3
            name = (f"{grade.grade_term(value) or grade.PARESTHESIA_TERM} grade "
                    f"({grade.SOURCE} term), {grade.LABEL}")
            code = {"coding": [{"system": OBSERVATIONS, "code": "grade-estimate",
                                "display": name}], "text": name}
            iso = day.isoformat()
            basis = self.by_day.get(iso, []) + (
                [self.limits_of[iso]] if iso in self.limits_of else [])
            self.observation(
                ("grade", iso), code, iso, valueInteger=value,
                method={"text": grade.METHOD},
                note=[{"text": f"{GRADE_NOTE}: "
                               f"{grade.GradeEstimate(value, day, highest.get(day, 0)).words}. "
                               f"Grade {value} wording: {grade.WORDING[value]}."}],
                derivedFrom=basis or None)

    def notes(self, notes: list[dict]) -> None:
        code = {"coding": [{"system": OBSERVATIONS, "code": "note", "display": "Journal note"}],
                "text": "Journal note"}
        for n in notes:
            self.observation(("note", n["date"], n["text"]), code, n["date"],
                             issued=instant(n.get("written_at")), valueString=text(n["text"]),
                             **self.performer(n.get("reported_by")))

    # -- treatment and care -------------------------------------------------------------------
    def infusions(self, treatments: list[dict]) -> None:
        for t in treatments:
            notes = []
            if t.get("class"):
                notes.append(f"Drug class: {t['class']} ({SOURCE})")
            if t.get("cycle") is not None:
                notes.append(f"Cycle {t['cycle']}")
            if t.get("entered") and t["entered"].casefold() != t["drug"].casefold():
                notes.append(f"Entered as: {t['entered']}")
            if t.get("note"):
                notes.append(t["note"])
            resource = {
                "resourceType": "MedicationAdministration",
                "id": self.id("MedicationAdministration", t["drug"], t["date"]),
                "status": "completed", "medicationCodeableConcept": {"text": text(t["drug"])},
                "subject": self.subject, "effectiveDateTime": t["date"],
            }
            if notes:
                resource["note"] = [{"text": text(n)} for n in notes]
            if (given := dosage(t)) is not None:
                resource["dosage"] = given
            self.add(resource)

    def course(self, story: dict | None, day: date) -> None:
        """The treatment at the window's end as one Observation (issue 23): the drugs on the
        American Cancer Society's list first with their totals, or when the course ended."""
        if story is None:
            return
        code = {"coding": [{"system": OBSERVATIONS, "code": "treatment-course",
                            "display": "Chemotherapy course"}], "text": "Chemotherapy course"}
        line = story["line"] if story["ended"] else f"Treatment: {story['line']}"
        self.observation(("treatment-course", day.isoformat()), code, day.isoformat(),
                         valueString=text(line))

    def medicines(self, meds: list[dict], today: date) -> None:
        for m in meds:
            period = {k: m[f] for k, f in (("start", "start"), ("end", "stop")) if m.get(f)}
            stopped = m.get("stop") is not None and m["stop"] <= today.isoformat()
            resource = {
                "resourceType": "MedicationStatement",
                "id": self.id("MedicationStatement", m["name"], m.get("start")),
                "status": "completed" if stopped else "active", "category": PATIENT_SPECIFIED,
                "medicationCodeableConcept": {"text": text(m["name"])},
                "subject": self.subject, "informationSource": self.subject,
                "note": [{"text": f"Kind: {m['kind']}"}] + (
                    [{"text": text(m["note"])}] if m.get("note") else []),
            }
            if period:
                resource["effectivePeriod"] = period
            if (asserted := instant(m.get("recorded_at"))) is not None:
                resource["dateAsserted"] = asserted
            self.add(resource)

    def visits(self, visits: list[dict], today: date) -> None:
        for v in visits:
            start, end = _day_span(v["date"])
            who = (v.get("with") or "").strip()
            self.add({
                "resourceType": "Appointment",
                "id": self.id("Appointment", v["date"], v.get("with")),
                "status": "fulfilled" if v["date"] < today.isoformat() else "booked",
                "description": text(f"Visit with {who}" if who else "Visit"),
                "start": start, "end": end,
                "comment": "The journal records the day of a visit, not its time: start and "
                           "end span that day.",
                "participant": [{"actor": self.subject, "status": "accepted"}],
            })

    def questions(self, questions: list[dict]) -> None:
        for q in questions:
            done = q.get("done_at")
            when = (f"Marked answered on {done[:10]}" if done
                    else "Open: a question to bring to the next visit")
            self.add({
                "resourceType": "Communication",
                "id": self.id("Communication", q["text"], q["asked"]),
                "status": "completed" if done else "preparation",
                "subject": self.subject, "sender": self.subject,
                "payload": [{"contentString": text(q["text"])}],
                "note": [{"text": f"Written in the journal on {q['asked']}. {when}."}],
            })

    def alerts(self, alerts: list[dict]) -> None:
        names = {
            "new": f"New: above 0 after at least {clinical.NEW_MIN_ZERO_DAYS} days at 0 and none "
                   f"above 0 in the {clinical.NEW_LOOKBACK_DAYS} days before",
            "gap": f"After a gap: {clinical.GAP_POINTS} or more points above the last value logged",
            "acute": "An expected acute effect in the days after an infusion",
            "persisting": (f"Persisting: {clinical.PERSISTING_POINTS} or more points above the "
                           f"level before treatment from {clinical.PERSISTING_FROM_DAYS} days "
                           "before the next expected infusion"),
            "constipation": (f"Constipation: {clinical.CONSTIPATION_AT} or more on "
                             f"{clinical.CONSTIPATION_DAYS} days with a value in a row"),
            "worse": f"Worse: {rules.WORSE_POINTS} or more points above the mean of its last "
                     f"{rules.WORSE_REFERENCE_DAYS} days with a value in the previous "
                     f"{rules.WORSE_WINDOW_DAYS} days",
            "severe": f"Severe: {rules.SEVERE_AT} or more out of 10",
            "function": "Function: daily activities limited, or a fall",
        }
        for a in alerts:
            if a["status"] not in ("open", "acknowledged"):
                continue  # withdrawn by undo
            coding = {"system": ALERT_RULES, "code": a["rule"]}
            if a["rule"] in names:
                coding["display"] = names[a["rule"]]
            resource: dict[str, Any] = {
                "resourceType": "Flag",
                "id": self.id("Flag", a["date"], a["subject"], a["rule"]),
                "status": "active" if a["status"] == "open" else "inactive",
                # for the care team, in the third person (the stored message is the patient's)
                "code": {"coding": [coding], "text": text(clinician_message(
                    a, short_name(a["subject"])))},
                "subject": self.subject, "period": {"start": a["date"]},
            }
            urgency = a.get("urgency")
            if urgency:
                words = URGENCY_NAMES.get(urgency, urgency)
                resource["category"] = [{"coding": [{"system": ALERT_URGENCY, "code": urgency,
                                                     "display": words}], "text": words}]
            ended = instant(a.get("acknowledged_at")) if a["status"] != "open" else None
            if ended is not None:
                resource["period"]["end"] = ended
            self.add(resource)

    # -- the weekly PRO-CTCAE answers and the extent (issue 16) ------------------------------
    def weekly(self, weekly: list[dict], extent_days: list[dict]) -> None:
        """The Questionnaire (when any weekly answers are exported), one QuestionnaireResponse
        per weekly record, an Observation per composite grade and per extent derived from it,
        and an extent Observation per limb logged with `cipn log --extent`."""

        if weekly:
            self.add(questionnaire(self.id("Questionnaire", QUESTIONNAIRE_URL,
                                           QUESTIONNAIRE_VERSION)))
        for record in weekly:
            answers = {key: record[key] for key in proctcae.ALL_KEYS
                       if record.get(key) is not None}
            skipped = set(record.get("skipped") or [])
            response = {
                "resourceType": "QuestionnaireResponse",
                "id": self.id("QuestionnaireResponse", record["date"]),
                "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
                "status": "completed", "subject": self.subject,
                "authored": instant(record.get("recorded_at")) or record["date"],
                # Items NCI's skip rule leaves out were not asked: not in the response.
                "item": [{"linkId": key, "text": _question(key),
                          "answer": [{"valueCoding": _answer_coding(key, value)}]}
                         for key, value in answers.items() if key not in skipped],
            }
            who = self.performer(record.get("reported_by")).get("performer")
            if who:
                response["source"] = who[0]
            if not response["item"]:
                del response["item"]
            ref = self.add(response)
            who = self.performer(record.get("reported_by"))
            for term, composite in proctcae.composites(answers).items():
                if composite is None:
                    continue
                name = f"PRO-CTCAE composite grade: {proctcae.TERMS[term]}"
                self.observation(
                    ("composite", record["date"], term),
                    {"coding": [{"system": COMPOSITE, "code": term, "display": name}],
                     "text": name},
                    record["date"], issued=instant(record.get("recorded_at")),
                    valueInteger=composite, derivedFrom=[ref],
                    method={"text": f"Composite grade 0-3 ({proctcae.COMPOSITE_SOURCE}) from "
                                    f"the answers to {proctcae.ATTRIBUTION} items"},
                    note=[{"text": "Patient-reported answers scored by cipn-journal: not a "
                                   "clinician's grade."}], **who)
            for limb in proctcae.LIMBS:
                if answers.get(f"extent.{limb}") is not None:
                    self.extent(("weekly", record["date"], limb), record["date"], limb,
                                answers[f"extent.{limb}"], record.get("recorded_at"),
                                [ref], who)
        for logged in extent_days:
            who = self.performer(logged.get("reported_by"))
            for limb in proctcae.LIMBS:
                if logged.get(limb) is not None:
                    self.extent(("log", logged["date"], limb), logged["date"], limb,
                                logged[limb], logged.get("recorded_at"), None, who)

    def extent(self, key: tuple, day: str, limb: str, level: int, recorded: str | None,
               basis: list | None, who: dict) -> None:
        site = BODY_SITES[limb]
        words = proctcae.extent_word(limb, level)
        self.observation(
            ("extent", *key),
            {"coding": [{"system": OBSERVATIONS, "code": "extent",
                         "display": "Extent of numbness or tingling (0-4)"}],
             "text": "Extent of numbness or tingling (0-4)"},
            day, issued=instant(recorded), valueInteger=level,
            bodySite={"coding": [{"system": SNOMED, "code": site[1], "display": site[2]}],
                      "text": site[0]},
            note=[{"text": f"{limb}: {words} (level {level} of 0-4; "
                           f"{proctcae.EXTENT_SOURCE})"}],
            derivedFrom=basis, **who)


def _question(key: str) -> str:
    """An item's text: NCI's verbatim wording for PRO-CTCAE items; the extent question."""

    if key in proctcae.BY_KEY:
        return proctcae.BY_KEY[key].text
    limb = key.split(".")[1]
    return (f"How far up the {'arms' if limb == 'hands' else 'legs'} does numbness or tingling "
            f"reach ({limb})? ({proctcae.EXTENT_SOURCE})")


def _answer_coding(key: str, value: int) -> dict:
    if key in proctcae.BY_KEY:
        item = proctcae.BY_KEY[key]
        return {"system": PRO_CTCAE_SCALE + item.attribute, "code": str(value),
                "display": item.scale[value]}
    limb = key.split(".")[1]
    return {"system": EXTENT_SCALE + limb, "code": str(value),
            "display": proctcae.extent_word(limb, value)}


def questionnaire(resource_id: str) -> dict:
    """The weekly questions as a FHIR Questionnaire: NCI's items verbatim (linkId = the
    journal's key) with their 0-4 answers, then the extent of numbness or tingling."""

    def options(key: str) -> list[dict]:
        return [{"valueCoding": _answer_coding(key, value)} for value in range(5)]

    return {
        "resourceType": "Questionnaire", "id": resource_id, "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION, "name": "CipnJournalWeeklyProCtcae",
        "title": "cipn-journal weekly questions: PRO-CTCAE items and extent",
        "status": "active", "subjectType": ["Patient"],
        "publisher": "cipn-journal",
        "description": (f"{proctcae.RECALL}: the {proctcae.ATTRIBUTION} items for nerve damage "
                        "and the symptoms that travel with it, answered 0-4; NCI's skip rule "
                        "applies (a first item answered 0 skips that symptom's other items). "
                        f"Then the extent of numbness or tingling ({proctcae.EXTENT_SOURCE})."),
        "copyright": f"{proctcae.ATTRIBUTION}. Item wording is NCI's, unchanged.",
        "item": [{"linkId": key, "text": _question(key), "type": "choice", "required": False,
                  "answerOption": options(key)} for key in proctcae.ALL_KEYS],
    }
