"""What scoring a gold file gives: the counts of a set comparison (`PRF`), one document's `Report` of them,
and that report as text (`format_report`, what `kg evaluate GOLD_FILE` prints). kg.quality.evaluate fills
them in.

>>> round(PRF(8, 2, 0).f1, 3), PRF().f1, PRF(0, 2, 0).f1
(0.889, 1.0, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PRF:
    """Counts of a set comparison and the precision, recall and F1 they give.

    Nothing to find and nothing found is a perfect score; recall of an empty gold is 1.0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict:
        """P, R, F1 (3 places) and the counts, for JSON."""
        return {
            "p": round(self.precision, 3),
            "r": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """The scores of one gold document."""

    document: str
    officials: PRF
    persons: PRF
    organizations: PRF
    targets: PRF
    targets_full: PRF
    meeting: dict[str, bool]  # the fields the gold's first meeting gives → found
    plans: PRF
    programmes_core_recall: float | None  # None: the gold names no core programme
    programmes_precision: float
    programmes: PRF  # tp: found in core or acceptable; fn: core missed
    concepts: PRF
    false_officials: list[str]
    false_targets: list[str]
    concepts_as_targets: list[str]

    @property
    def meeting_found(self) -> int:
        return sum(self.meeting.values())

    @property
    def meeting_fields(self) -> float | None:
        """The share of the gold meeting's fields found (None: the gold gives no meeting)."""
        return self.meeting_found / len(self.meeting) if self.meeting else None

    def figures(self) -> dict:
        """The report as plain values, for JSON."""
        return {
            "document": self.document,
            **{
                name: getattr(self, name).figures()
                for name in (
                    "officials",
                    "persons",
                    "organizations",
                    "targets",
                    "targets_full",
                    "plans",
                    "concepts",
                )
            },
            "meeting_fields": _round(self.meeting_fields),
            "meeting": self.meeting,
            "programmes_core_recall": _round(self.programmes_core_recall),
            "programmes_precision": round(self.programmes_precision, 3),
            "false_officials": self.false_officials,
            "false_targets": self.false_targets,
            "concepts_as_targets": self.concepts_as_targets,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def format_report(report: Report) -> str:
    """The report as text: one line per part, P/R/F1 and counts."""

    def line(name: str, prf: PRF, note: str = "") -> str:
        return (
            f"{name:<22} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
            f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn}){note}"
        )

    recall = "-" if report.programmes_core_recall is None else f"{report.programmes_core_recall:.3f}"
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
        (
            f"{'programmes':<22} core recall {recall}  "
            f"precision {report.programmes_precision:.3f}  (found {report.programmes.tp + report.programmes.fp}, "
            f"outside core+acceptable {report.programmes.fp}, core missed {report.programmes.fn})"
        ),
        line("concepts", report.concepts),
        (
            f"{'false positives':<22} officials {report.false_officials or '-'}  "
            f"targets {report.false_targets or '-'}  concepts as targets {report.concepts_as_targets or '-'}"
        ),
    ]
    return "\n".join(lines)
