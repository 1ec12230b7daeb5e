"""A set of gold files (a folder of them): each report found and extracted alone, or scored on a built graph's
rows, with per-document reports, the micro-averaged counts and the macro means the project's scorer prints
(what `kg evaluate GOLD_DIR` shows)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kg.quality.answers import answers_from_extractions
from kg.quality.evaluate import score
from kg.quality.scores import PRF, Report, _round

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


@dataclass
class SetReport:
    """The scores of a set of gold documents: one report each, the micro-averaged counts summed over them,
    and the macro means (over the documents whose gold has the family) the project's scorer prints."""

    documents: list[Report]

    MICRO = ("officials", "persons", "organizations", "targets", "targets_full", "plans")
    MACRO = ("meeting_fields_mean", "plans_f1_mean", "programmes_recall_mean", "persons_f1_mean")

    def micro(self, family: str) -> PRF:
        """The counts of a family (officials, persons, …) summed over the documents."""
        prfs = [getattr(r, family) for r in self.documents]
        return PRF(sum(p.tp for p in prfs), sum(p.fp for p in prfs), sum(p.fn for p in prfs))

    def macro_values(self, mean: str) -> list[float]:
        """The figures a macro mean is taken over: those of the documents whose gold has the family."""
        docs = self.documents
        values = {
            "meeting_fields_mean": [r.meeting_fields for r in docs],
            "plans_f1_mean": [r.plans.f1 if r.plans.tp + r.plans.fn else None for r in docs],
            "programmes_recall_mean": [r.programmes_core_recall for r in docs],
            "persons_f1_mean": [r.persons.f1 if r.persons.tp + r.persons.fn else None for r in docs],
        }[mean]
        return [v for v in values if v is not None]

    def macro(self, mean: str) -> float | None:
        """A macro mean (None: no document's gold has the family)."""
        values = self.macro_values(mean)
        return sum(values) / len(values) if values else None

    officials = property(lambda self: self.micro("officials"), doc="Officials' (person, post, body) triples.")
    persons = property(lambda self: self.micro("persons"), doc="The officials' persons.")
    organizations = property(lambda self: self.micro("organizations"), doc="Organizations.")
    targets = property(lambda self: self.micro("targets"), doc="Targets matched.")
    targets_full = property(lambda self: self.micro("targets_full"), doc="Targets matched with every code.")
    plans = property(lambda self: self.micro("plans"), doc="Plan items.")
    meeting_fields_mean = property(
        lambda self: self.macro("meeting_fields_mean"),
        doc="Meeting fields found, over the documents whose gold gives a meeting.",
    )
    plans_f1_mean = property(
        lambda self: self.macro("plans_f1_mean"),
        doc="Plan items' F1, over the documents whose gold has plan items.",
    )
    programmes_recall_mean = property(
        lambda self: self.macro("programmes_recall_mean"),
        doc="Core programmes' recall, over the documents whose gold names some.",
    )
    persons_f1_mean = property(
        lambda self: self.macro("persons_f1_mean"),
        doc="Persons' F1, over the documents whose gold has officials.",
    )

    def figures(self) -> dict:
        """The set's figures and its documents' as plain values, for JSON."""
        return {
            "documents": len(self.documents),
            "micro": {name: self.micro(name).figures() for name in self.MICRO},
            "macro": {name: _round(self.macro(name)) for name in self.MACRO},
            "per_document": [report.figures() for report in self.documents],
        }


def load_gold(path: str | Path) -> dict:
    """A gold file's answers; InputError naming the file when it is missing or not a JSON object."""
    from kg.errors import InputError

    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such gold file; pass a JSON file of gold answers (see tests/gold)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: is not a JSON file of gold answers ({exc.__class__.__name__})") from None
    if not isinstance(gold, dict):
        raise InputError(
            f"{path}: is not a gold file (a JSON object with officials, targets, …; see tests/gold)"
        )
    return gold


def gold_files(gold: str | Path) -> list[Path]:
    """A gold file, or the *.json files of a folder (sorted); InputError for a folder without any."""
    from kg.errors import InputError

    path = Path(gold)
    if not path.is_dir():
        return [path]
    files = sorted(path.glob("*.json"))
    if not files:
        raise InputError(f"{path}: holds no gold files (*.json); pass a gold file or a folder of them")
    return files


def find_report(gold_path: Path, gold: dict, corpus: str | Path | None = None) -> Path:
    """The report a gold file scores: its `document` field's file name, else its stem (.txt, .md, .html,
    .docx), under `corpus` (default: the gold folder's sibling corpus/)."""
    from kg.errors import InputError

    folder = Path(corpus) if corpus is not None else gold_path.parent.parent / "corpus"
    names = [Path(gold["document"]).name] if gold.get("document") else []
    names += [f"{gold_path.stem}{suffix}" for suffix in REPORT_SUFFIXES]
    for name in names:
        if (folder / name).is_file():
            return folder / name
    raise InputError(
        f"{gold_path}: its report {names[0]} is not in {folder}/; pass --corpus DIR (the folder "
        "of the reports) or --graph PATH (a graph built from them)"
    )


def score_set(
    gold: str | Path, corpus: str | Path | None = None, graph: str | Path | None = None
) -> SetReport:
    """Score a gold file or a folder of them. Without `graph`, each report (found by `find_report`) is read
    and extracted alone, in-process; with it, every gold document is scored on its rows of the graph.

    Every gold file and report is checked before any is scored, so a bad one fails at once.
    """
    files = gold_files(gold)
    golds = [(path, load_gold(path)) for path in files]
    for path, answers in golds:
        answers.setdefault("document", f"{path.stem}.txt")
    if graph is not None:
        from kg.sparql import query, store

        answers = query.answers(store.load(graph))
        return SetReport([score(g, answers, strict=len(golds) > 1) for _, g in golds])
    from kg.extract import extract
    from kg.read import read

    reports = [(g, find_report(path, g, corpus)) for path, g in golds]
    return SetReport([score(g, answers_from_extractions([extract(read(report))])) for g, report in reports])


def format_set(result: SetReport) -> str:
    """The set as text: a line per document, then the micro-averaged and the macro figures."""

    def number(value: float | None) -> str:
        return "     -" if value is None else f"{value:6.3f}"

    width = max([len("document"), *(len(r.document) for r in result.documents)])
    header = (
        f"{'document':<{width}}  {'posts':>6} {'people':>6} {'orgs':>6} {'targets':>7} {'full':>6} "
        f"{'meeting':>7} {'plans':>6} {'progr.':>6}"
    )
    lines = [header]
    for r in result.documents:
        lines.append(
            f"{r.document:<{width}}  {number(r.officials.f1)} {number(r.persons.f1)} "
            f"{number(r.organizations.f1)}  {number(r.targets.f1)} {number(r.targets_full.f1)}  "
            f"{number(r.meeting_fields)} {number(r.plans.f1)} {number(r.programmes_core_recall)}"
        )
    lines.append(f"set of {len(result.documents)} document(s), micro-averaged:")
    names = {
        "officials": "officials (triples)",
        "persons": "officials (persons)",
        "organizations": "organizations",
        "targets": "targets (matched)",
        "targets_full": "targets (full)",
        "plans": "plan items",
    }
    for name, label in names.items():
        prf = result.micro(name)
        lines.append(
            f"  {label:<24} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
            f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"
        )
    lines.append("macro means over the documents whose gold has the family:")
    labels = {
        "meeting_fields_mean": "meeting fields",
        "plans_f1_mean": "plan items F1",
        "programmes_recall_mean": "programmes core recall",
        "persons_f1_mean": "officials (persons) F1",
    }
    for name, label in labels.items():
        lines.append(
            f"  {label:<24} {number(result.macro(name)).strip()}  "
            f"({len(result.macro_values(name))} document(s))"
        )
    return "\n".join(lines)
