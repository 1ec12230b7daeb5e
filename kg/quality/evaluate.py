"""Scoring answers against gold files (tests/gold/README.md): P/R/F1 per part of the output contract.

`answers` are the rows of the saved queries (officials, organizations, meetings, targets, plans,
programmes, concepts), produced from a graph by `kg.sparql.query.answers` or from facts by
`kg.quality.answers.answers_from_extractions`; both give the same rows. `score` compares one gold file's
answers; `kg.quality.goldset.score_set` scores a folder of gold files.

The matching rules are the project scorer's: names compared folded (NFKC, no punctuation, symbols or
spaces, lower case, without a leading 中华人民共和国); organizations through the gold's aliases and,
beyond the scorer, kg's gazetteer; targets one-to-one on value and unit with similar metrics; a
meeting's fields against the gold's first meeting (its name or a variant), met by any row; programmes
with a containment slack; a family the gold and the answers both leave empty scores 1.0.

The scores it gives, `PRF` and `Report`, and their text are in kg.quality.scores.

>>> fold("国务院 办公厅（2018）")
'国务院办公厅2018'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kg.quality.scores import PRF, Report

MEETING_FIELDS = ("meeting", "date", "place", "chair", "speaker", "speech_title")
FAMILIES = ("officials", "organizations", "meetings", "targets", "plans", "programmes", "concepts")
_QUALIFIERS = {"more than": "more-than", "at least": "at-least", "at most": "at-most", "none": "", "null": ""}
_UNITS = {"percent": "%", "per cent": "%", "百分比": "%"}
_PREFIXES = ("中华人民共和国",)


def fold(text: str) -> str:
    """NFKC, without punctuation, symbols or spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZS" and not ch.isspace())


def _key(text: str | None) -> str:
    """The folded, lower-case form without a leading 中华人民共和国 that answers and gold are matched in."""
    text = unicodedata.normalize("NFKC", text or "")
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
    return fold(text).lower()


def _set_prf(gold: set, found: set) -> PRF:
    return PRF(
        len(gold & found),
        len(found - gold),
        len(gold - found),
        sorted(map(str, gold - found)),
        sorted(map(str, found - gold)),
    )


def _rows(answers: dict, name: str, stem: str, strict: bool = False) -> list[dict]:
    """The rows of one document (named by its stem or kg's id for it); unless `strict`, all rows when no
    row names the document."""
    from kg.read import doc_id

    names = {stem, f"{stem}.txt", doc_id(Path(stem))}
    rows = answers.get(name, [])
    mine = [r for r in rows if r.get("document") in names]
    if strict or any(r.get("document") in names for q in answers.values() for r in q):
        return mine
    return rows


def _organization_folder(gold: dict):
    from kg import lexicon

    aliases = {_key(k): _key(v) for k, v in lexicon.organization_names().items()}
    for org in gold.get("organizations", []):
        name = _key(lexicon.canonical_organization(org["name"]))
        for alias in [org["name"], *org.get("aliases", [])]:
            aliases[_key(alias)] = name

    def canonical(name: str) -> str:
        return aliases.get(_key(name), _key(name))

    return canonical


def score(gold: dict, answers: dict[str, list[dict]], strict: bool = False) -> Report:
    """Compare the answer rows with a gold annotation, part by part.

    `strict`: only rows of the gold's document count, even when none names it (a graph of several reports).
    """
    stem = Path(gold.get("document", "")).stem
    rows = {name: _rows(answers, name, stem, strict) for name in FAMILIES}
    org = _organization_folder(gold)
    gold_triples = {
        (_key(o["person"]), _key(p["post"]), org(p["organization"]))
        for o in gold.get("officials", [])
        for p in o["posts"]
    }
    found_triples = {
        (_key(r["person"]), _key(r["post"]), org(r["organization"]))
        for r in rows["officials"]
        if r.get("person")
    }
    gold_persons = {_key(o["person"]) for o in gold.get("officials", [])}
    found_persons = {_key(r["person"]) for r in rows["officials"] if r.get("person")}
    not_officials = {_key(name) for name in gold.get("not_officials", [])}
    optional = {org(o["name"]) for o in gold.get("organizations", []) if o.get("optional")}
    gold_orgs = {org(o["name"]) for o in gold.get("organizations", [])} - optional
    found_orgs = {org(r["organization"]) for r in rows["organizations"]} - optional
    targets, full, false_targets = _score_targets(gold, rows["targets"])
    concepts_gold = {fold(c) for c in gold.get("concepts", {}).get("items", [])}
    found_concepts = {fold(r["concept"]) for r in rows["concepts"]}
    as_targets = sorted(
        {r["metric"] for r in rows["targets"] if any(c in fold(r["metric"]) for c in concepts_gold)}
    )
    programmes, core_recall = _score_programmes(gold.get("programmes", {}), rows["programmes"])
    return Report(
        document=stem,
        officials=_set_prf(gold_triples, found_triples),
        persons=_set_prf(gold_persons, found_persons),
        organizations=_set_prf(gold_orgs, found_orgs),
        targets=targets,
        targets_full=full,
        meeting=_score_meeting(gold, rows["meetings"]),
        plans=_score_plans(gold, rows["plans"]),
        programmes_core_recall=core_recall,
        programmes_precision=programmes.precision,
        programmes=programmes,
        concepts=_set_prf(concepts_gold, found_concepts),
        false_officials=sorted(found_persons & not_officials),
        false_targets=false_targets,
        concepts_as_targets=as_targets,
    )


def _number(value) -> float | None:
    try:
        return float(str(value).replace("%", "").replace(",", ""))
    except (TypeError, ValueError):
        return None


def _unit(value: str | None) -> str:
    text = (value or "").strip().lower()
    return _UNITS.get(text, text)


def _code(value) -> str:
    text = "" if value is None else str(value).strip()
    return _QUALIFIERS.get(text.lower(), text)


def _similarity(a: str, b: str) -> float:
    """1.0 when one folded metric holds the other, else the overlap of their characters (Jaccard)."""
    a, b = _key(a), _key(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return len(set(a) & set(b)) / len(set(a) | set(b))


def _unique(items: list[dict], key) -> list[dict]:
    seen: set = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


def _field_ok(target: dict, row: dict, name: str) -> bool:
    """A target's code as the gold gives it; a gold 'aim' qualifier is also met by a modality column."""
    want, got = _key(_code(target.get(name))), _key(_code(row.get(name)))
    if name == "qualifier" and want == "aim":
        return got == "aim" or _key(row.get("modality")) == "aim"
    return want == got


def _score_targets(gold: dict, rows: list[dict]) -> tuple[PRF, PRF, list[str]]:
    """Targets, each counted once, match one-to-one on value and unit, the gold's in order taking the row
    with the most similar metric (≥ 0.5); full also needs change, qualifier, status and the gold's period."""
    gold_targets = _unique(
        gold.get("targets", []),
        lambda t: (_key(t["metric"]), float(t["value"]), _unit(t["unit"]), str(t.get("period"))),
    )
    rows = _unique(
        rows,
        lambda r: (_key(r.get("metric")), _number(r.get("value")), _unit(r.get("unit")), r.get("period", "")),
    )
    matched: dict[int, int] = {}
    for g, target in enumerate(gold_targets):
        best: tuple[float, int] | None = None
        for r, row in enumerate(rows):
            if (
                r in matched.values()
                or _number(row.get("value")) != float(target["value"])
                or _unit(row.get("unit")) != _unit(target["unit"])
            ):
                continue
            similarity = _similarity(target["metric"], row.get("metric") or "")
            if similarity >= 0.5 and (best is None or similarity > best[0]):
                best = (similarity, r)
        if best:
            matched[g] = best[1]
    full = 0
    wrong = []
    for g, r in matched.items():
        target, row = gold_targets[g], rows[r]
        bad = [f for f in ("change", "qualifier", "status") if not _field_ok(target, row, f)]
        if str(target.get("period")) not in (row.get("period") or ""):
            bad.append("period")
        if bad:
            wrong.append(
                f"{target['metric']} {target['value']}: "
                + ", ".join(f"{f} {_code(row.get(f))!r}≠{_code(target.get(f))!r}" for f in bad)
            )
        else:
            full += 1
    used = set(matched.values())
    missed = [
        f"{t['metric']} {t['value']}{t['unit']}" for g, t in enumerate(gold_targets) if g not in matched
    ]
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
            if (
                value is not None
                and _number(row["value"]) == value
                and (unit and unit in text or text in row["metric"])
            ):
                found.append(text)
                break
    return found


def _score_meeting(gold: dict, rows: list[dict]) -> dict[str, bool]:
    """Each field the gold's first meeting gives (its name or a variant, the date, place, a chair, a
    speaker, a speech title): found when any row holds one of its values (a date may be held in a longer one)."""
    if not gold.get("meetings"):
        return {}
    meeting = gold["meetings"][0]
    speakers = meeting.get("speakers") or []
    wanted = {
        "meeting": [meeting.get("name"), *meeting.get("name_variants", [])],
        "date": [meeting.get("date")],
        "place": [meeting.get("place")],
        "chair": meeting.get("chair") or [],
        "speaker": [s.get("person") for s in speakers],
        "speech_title": [s.get("speech_title") for s in speakers],
    }
    found = {}
    for column, values in wanted.items():
        values = [v for v in values if v]
        if values:
            found[column] = any(
                _key(v) == _key(r.get(column)) or (column == "date" and v in (r.get(column) or ""))
                for v in values
                for r in rows
            )
    return found


def _year(text) -> int:
    year = re.search(r"(?:19|20)\d\d", str(text or ""))
    return int(year.group()) if year else 0


def _score_plans(gold: dict, rows: list[dict]) -> PRF:
    """Plan items match on the plan's year, the ordinal and the folded label."""
    gold_items = {
        (int(p.get("year") or 0), int(i["ordinal"]), _key(i["label"]))
        for p in gold.get("plans", [])
        for i in p["items"]
    }
    found = set()
    for row in rows:
        try:
            found.add(
                (
                    _year(row.get("year")) or _year(row.get("plan")),
                    int(float(row.get("ordinal") or 0)),
                    _key(row.get("item")),
                )
            )
        except ValueError:
            continue
    return _set_prf(gold_items, found)


def _near(name: str, other: str, longer: int) -> bool:
    """`name` is `other`, or holds it with at most `longer` characters more."""
    return name == other or (other in name and len(name) - len(other) <= longer)


def _score_programmes(gold: dict, rows: list[dict]) -> tuple[PRF, float | None]:
    """Core programmes found (the name, or a name up to 6 characters longer); found names that are core
    or acceptable (the same slack, or up to 4 characters shorter)."""
    core = [_key(p) for p in gold.get("core", [])]
    acceptable = core + [_key(p) for p in gold.get("acceptable", [])]
    names = sorted({_key(r["programme"]) for r in rows if r.get("programme")})
    recalled = [c for c in core if any(_near(n, c, 6) for n in names)]
    good = [n for n in names if any(_near(n, o, 6) or _near(o, n, 4) for o in acceptable)]
    missed = sorted(set(core) - set(recalled))
    programmes = PRF(
        len(good), len(names) - len(good), len(missed), missed, [n for n in names if n not in good]
    )
    return programmes, (len(recalled) / len(core) if core else None)
