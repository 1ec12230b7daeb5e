"""Scoring answers against a gold file (tests/gold/README.md): P/R/F1 per part of the output contract.

`answers` are the rows of the saved queries (officials, organizations, meetings, targets, plans,
programmes, concepts), produced from a graph by `kg.query.answers` or from facts by
`answers_from_extractions`; both give the same rows.

>>> round(PRF(8, 2, 0).f1, 3)
0.889
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.facts import Extraction

MEETING_FIELDS = ("meeting", "date", "place", "chair", "speaker", "speech_title")
_QUALIFIERS = {"more than": "more-than", "at least": "at-least", "at most": "at-most", "none": "", "null": ""}


@dataclass
class PRF:
    """Counts of a set comparison and the precision, recall and F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """The scores of one gold document."""

    document: str
    officials: PRF
    persons: PRF
    organizations: PRF
    targets: PRF
    targets_full: PRF
    meeting: dict[str, bool]
    plans: PRF
    programmes_core_recall: float
    programmes_precision: float
    programmes: PRF  # tp: found in core or acceptable; fn: core missed
    concepts: PRF
    false_officials: list[str]
    false_targets: list[str]
    concepts_as_targets: list[str]

    @property
    def meeting_found(self) -> int:
        return sum(self.meeting.values())


def fold(text: str) -> str:
    """NFKC, without punctuation, symbols or spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZS" and not ch.isspace())


def _set_prf(gold: set, found: set) -> PRF:
    return PRF(len(gold & found), len(found - gold), len(gold - found),
               sorted(map(str, gold - found)), sorted(map(str, found - gold)))


def _rows(answers: dict, name: str, stem: str) -> list[dict]:
    rows = answers.get(name, [])
    mine = [r for r in rows if r.get("document") in (stem, f"{stem}.txt")]
    return mine if any(r.get("document") in (stem, f"{stem}.txt") for q in answers.values() for r in q) else rows


def _organization_folder(gold: dict):
    from kg import lexicon

    aliases = {fold(k): fold(v) for k, v in lexicon.organization_names().items()}
    for org in gold.get("organizations", []):
        for alias in org.get("aliases", []):
            if len(alias) > 1:
                aliases[fold(alias)] = fold(lexicon.canonical_organization(org["name"]))

    def canonical(name: str) -> str:
        return aliases.get(fold(name), fold(name))
    return canonical


def score(gold: dict, answers: dict[str, list[dict]]) -> Report:
    """Compare the answer rows with a gold annotation, part by part."""
    stem = Path(gold.get("document", "")).stem
    rows = {name: _rows(answers, name, stem) for name in
            ("officials", "organizations", "meetings", "targets", "plans", "programmes", "concepts")}
    org = _organization_folder(gold)
    gold_triples = {(o["person"], p["post"], org(p["organization"])) for o in gold.get("officials", [])
                    for p in o["posts"]}
    found_triples = {(r["person"], r["post"], org(r["organization"])) for r in rows["officials"]}
    gold_persons = {o["person"] for o in gold.get("officials", [])}
    found_persons = {r["person"] for r in rows["officials"]}
    not_officials = set(gold.get("not_officials", []))
    optional = {org(o["name"]) for o in gold.get("organizations", []) if o.get("optional")}
    gold_orgs = {org(o["name"]) for o in gold.get("organizations", [])} - optional
    found_orgs = {org(r["organization"]) for r in rows["organizations"]} - optional
    targets, full, false_targets = _score_targets(gold, rows["targets"])
    concepts_gold = {fold(c) for c in gold.get("concepts", {}).get("items", [])}
    found_concepts = {fold(r["concept"]) for r in rows["concepts"]}
    as_targets = sorted({r["metric"] for r in rows["targets"] if any(c in fold(r["metric"]) for c in concepts_gold)})
    core = {fold(p) for p in gold.get("programmes", {}).get("core", [])}
    acceptable = {fold(p) for p in gold.get("programmes", {}).get("acceptable", [])} | core
    found_programmes = {fold(r["programme"]) for r in rows["programmes"]}
    programmes = PRF(len(found_programmes & acceptable), len(found_programmes - acceptable),
                     len(core - found_programmes), sorted(core - found_programmes),
                     sorted(found_programmes - acceptable))
    return Report(
        document=stem,
        officials=_set_prf(gold_triples, found_triples),
        persons=_set_prf(gold_persons, found_persons),
        organizations=_set_prf(gold_orgs, found_orgs),
        targets=targets,
        targets_full=full,
        meeting=_score_meeting(gold, rows["meetings"]),
        plans=_set_prf({(str(p["year"]), str(i["ordinal"]), fold(i["label"])) for p in gold.get("plans", [])
                        for i in p["items"]},
                       {(str(r["year"]), str(r["ordinal"]), fold(r["item"])) for r in rows["plans"]}),
        programmes_core_recall=len(core & found_programmes) / len(core) if core else 0.0,
        programmes_precision=programmes.precision,
        programmes=programmes,
        concepts=_set_prf(concepts_gold, found_concepts),
        false_officials=sorted(found_persons & not_officials),
        false_targets=false_targets,
        concepts_as_targets=as_targets,
    )


def _common_substring(a: str, b: str) -> int:
    """Length of the longest substring `a` and `b` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _code(value) -> str:
    text = "" if value is None else str(value).strip()
    return _QUALIFIERS.get(text.lower(), text)


def _score_targets(gold: dict, rows: list[dict]) -> tuple[PRF, PRF, list[str]]:
    """Targets match one-to-one on value and unit with overlapping metrics; full also needs the codes."""
    pairs = []
    for g, target in enumerate(gold.get("targets", [])):
        for r, row in enumerate(rows):
            if _number(row["value"]) != _number(target["value"]) or fold(row["unit"]) != fold(target["unit"]):
                continue
            overlap = _common_substring(fold(target["metric"]), fold(row["metric"]))
            if overlap >= 2:
                pairs.append((-overlap, g, r))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g, r in sorted(pairs):
        if g not in matched and r not in used:
            matched[g] = r
            used.add(r)
    gold_targets = gold.get("targets", [])
    full = 0
    wrong = []
    for g, r in matched.items():
        target, row = gold_targets[g], rows[r]
        fields = ("change", "qualifier", "status", "period")
        if all(_code(target.get(f)) == _code(row.get(f)) for f in fields):
            full += 1
        else:
            wrong.append(f"{target['metric']} {target['value']}: " + ", ".join(
                f"{f} {_code(row.get(f))!r}≠{_code(target.get(f))!r}" for f in fields
                if _code(target.get(f)) != _code(row.get(f))))
    missed = [f"{t['metric']} {t['value']}{t['unit']}" for g, t in enumerate(gold_targets) if g not in matched]
    extra = [f"{row['metric']} {row['value']}{row['unit']}" for r, row in enumerate(rows) if r not in used]
    matched_prf = PRF(len(matched), len(rows) - len(matched), len(gold_targets) - len(matched), missed, extra)
    full_prf = PRF(full, len(rows) - full, len(gold_targets) - full, missed + wrong, extra + wrong)
    return matched_prf, full_prf, _false_targets(gold.get("not_targets", []), rows)


def _false_targets(not_targets: list[str], rows: list[dict]) -> list[str]:
    """The gold's non-targets (dates, 十九大, 70周年, 八项工作 …) that were extracted as targets."""
    from kg.extract.common import read_number

    found = []
    for text in not_targets:
        number = re.search(r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+", text)
        value = read_number(number.group(0)) if number else None
        for row in rows:
            unit = row.get("unit", "")
            if value is not None and _number(row["value"]) == value and (unit and unit in text or text in row["metric"]):
                found.append(text)
                break
    return found


def _score_meeting(gold: dict, rows: list[dict]) -> dict[str, bool]:
    """The fields of the lead meeting the gold gives (its name or one of its `name_variants`), each found in
    some row; a field the gold leaves empty (no place, no chair) is not scored."""
    if not gold.get("meetings"):
        return {}
    meeting = gold["meetings"][0]

    def values(column: str) -> set[str]:
        return {fold(r.get(column, "")) for r in rows if r.get(column)}
    speakers = {fold(s["person"]) for s in meeting.get("speakers") or []}
    titles = {fold(s["speech_title"]) for s in meeting.get("speakers") or [] if s.get("speech_title")}
    fields = {
        "meeting": bool({fold(n) for n in [meeting["name"], *meeting.get("name_variants", [])]} & values("meeting")),
        "date": bool(meeting.get("date")) and fold(meeting["date"]) in values("date"),
        "place": bool(meeting.get("place")) and fold(meeting["place"]) in values("place"),
        "chair": bool(meeting.get("chair")) and {fold(c) for c in meeting["chair"]} <= values("chair"),
        "speaker": bool(speakers) and speakers <= values("speaker"),
        "speech_title": bool(titles) and titles <= values("speech_title"),
    }
    given = {"meeting": True, "date": bool(meeting.get("date")), "place": bool(meeting.get("place")),
             "chair": bool(meeting.get("chair")), "speaker": bool(speakers), "speech_title": bool(titles)}
    return {name: found for name, found in fields.items() if given[name]}


def format_report(report: Report) -> str:
    """The report as text: one line per part, P/R/F1 and counts."""
    def line(name: str, prf: PRF, note: str = "") -> str:
        return (f"{name:<22} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
                f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn}){note}")
    lines = [
        f"document {report.document}",
        line("officials (triples)", report.officials),
        line("officials (persons)", report.persons),
        line("organizations", report.organizations),
        line("targets (matched)", report.targets),
        line("targets (full)", report.targets_full),
        f"{'meeting fields':<22} {report.meeting_found}/{len(report.meeting)}"
        + "".join(f"  {k}:{'ok' if v else 'MISSING'}" for k, v in report.meeting.items()),
        line("plan items", report.plans),
        (f"{'programmes':<22} core recall {report.programmes_core_recall:.3f}  "
        f"precision {report.programmes_precision:.3f}  (found {report.programmes.tp + report.programmes.fp}, "
        f"outside core+acceptable {report.programmes.fp}, core missed {report.programmes.fn})"),
        line("concepts", report.concepts),
        (f"{'false positives':<22} officials {report.false_officials or '-'}  "
        f"targets {report.false_targets or '-'}  concepts as targets {report.concepts_as_targets or '-'}"),
    ]
    return "\n".join(lines)


def _sentence_text(extraction: Extraction):
    """A function: evidence → the text of its sentence ("" for none)."""
    sentences = extraction.document.sentences

    def text(ev) -> str:
        return sentences[ev.sentence].text if ev else ""
    return text


def answers_from_extractions(extractions: list[Extraction]) -> dict[str, list[dict]]:
    """The answer rows of the output contract, straight from the facts (what the saved queries return)."""
    from kg.extract.common import plain_number

    answers: dict[str, list[dict]] = {name: [] for name in
                                      ("officials", "organizations", "meetings", "targets", "plans",
                                       "programmes", "concepts")}
    for x in extractions:
        doc = x.document.id
        sentence = _sentence_text(x)
        for m in x.memberships:
            answers["officials"].append({"person": m.person, "post": m.post, "organization": m.organization,
                                         "document": doc, "evidence": sentence(m.evidence)})
        for o in x.organizations:
            answers["organizations"].append({"organization": o.name, "kind": o.kind, "parent": o.parent or "",
                                             "document": doc})
        for meeting in x.meetings:
            for chair in meeting.chairs or [""]:
                for speech in meeting.speeches or [None]:
                    answers["meetings"].append({
                        "meeting": meeting.name, "date": meeting.date or "", "place": meeting.place or "",
                        "chair": chair, "speaker": speech.speaker if speech else "",
                        "speech_title": (speech.title or "") if speech else "", "document": doc})
        for t in x.targets:
            answers["targets"].append({
                "metric": t.metric, "scope": t.scope or "", "change": t.change, "value": plain_number(t.value),
                "unit": t.unit, "qualifier": t.qualifier or "", "period": t.period or "", "status": t.status,
                "deadline": t.deadline or "", "document": doc, "evidence": sentence(t.evidence)})
        items = {}
        for plan in x.plans:
            for item in plan.items:
                items[(plan.kind, item.ordinal)] = item.label
                answers["plans"].append({"plan": plan.label, "year": str(plan.year or ""), "kind": plan.kind,
                                         "ordinal": str(item.ordinal), "item": item.label, "document": doc})
        for p in x.programmes:
            answers["programmes"].append({"programme": p.name, "plan_item": items.get((p.plan_kind, p.plan_item), ""),
                                          "document": doc})
        for c in x.concepts:
            answers["concepts"].append({"concept": c.label, "document": doc})
    return answers
