"""The answer rows of the output contract (tests/gold/README.md) straight from extracted facts: the rows the
saved queries give from the graph (`kg.sparql.query.answers`), without building it."""

from __future__ import annotations

from kg.facts import Extraction, Speech


def _sentence_text(extraction: Extraction):
    """A function: evidence → the text of its sentence ("" for none)."""
    sentences = extraction.document.sentences

    def text(ev) -> str:
        return sentences[ev.sentence].text if ev else ""

    return text


def answers_from_extractions(extractions: list[Extraction]) -> dict[str, list[dict]]:
    """The answer rows of the output contract, straight from the facts (what the saved queries return)."""
    from kg.extract.common import plain_number
    from kg.rdf.units import base_columns

    answers: dict[str, list[dict]] = {
        name: []
        for name in ("officials", "organizations", "meetings", "targets", "plans", "programmes", "concepts")
    }
    for x in extractions:
        doc = x.document.id
        sentence = _sentence_text(x)
        for m in x.memberships:
            answers["officials"].append(
                {
                    "person": m.person,
                    "post": m.post,
                    "organization": m.organization,
                    "document": doc,
                    "evidence": sentence(m.evidence),
                }
            )
        for o in x.organizations:
            answers["organizations"].append(
                {"organization": o.name, "kind": o.kind, "parent": o.parent or "", "document": doc}
            )
        for meeting in x.meetings:
            for chair in meeting.chairs or [""]:
                speeches: list[Speech | None] = [*meeting.speeches] or [None]
                for speech in speeches:
                    answers["meetings"].append(
                        {
                            "meeting": meeting.name,
                            "date": meeting.date or "",
                            "place": meeting.place or "",
                            "chair": chair,
                            "speaker": speech.speaker if speech else "",
                            "speech_title": (speech.title or "") if speech else "",
                            "document": doc,
                        }
                    )
        for t in x.targets:
            answers["targets"].append(
                {
                    "metric": t.metric,
                    "scope": t.scope or "",
                    "change": t.change,
                    "value": plain_number(t.value),
                    "unit": t.unit,
                    "qualifier": t.qualifier or "",
                    "period": t.period or "",
                    "status": t.status,
                    "deadline": t.deadline or "",
                    "document": doc,
                    "evidence": sentence(t.evidence),
                    "modality": t.modality or "",
                    "value_max": plain_number(t.value_max) if t.value_max is not None else "",
                    **dict(zip(("base_value", "base_unit"), base_columns(t.value, t.unit), strict=True)),
                }
            )
        items: dict[tuple[str | None, int | None], str] = {}
        for plan in x.plans:
            for item in plan.items:
                items[(plan.kind, item.ordinal)] = item.label
                answers["plans"].append(
                    {
                        "plan": plan.label,
                        "year": str(plan.year or ""),
                        "kind": plan.kind,
                        "ordinal": str(item.ordinal),
                        "item": item.label,
                        "document": doc,
                    }
                )
        for p in x.programmes:
            answers["programmes"].append(
                {"programme": p.name, "plan_item": items.get((p.plan_kind, p.plan_item), ""), "document": doc}
            )
        for c in x.concepts:
            answers["concepts"].append({"concept": c.label, "document": doc})
    return answers
