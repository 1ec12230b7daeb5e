"""Extraction: a normalised `Document` → `Extraction` (facts with evidence), by the grammar of the genre.

One module per family: organizations, people (officials), meeting, targets, plans, programmes, concepts;
common holds what they share. Heavy libraries (jieba, cn2an) load only when a rule needs them.
"""

from __future__ import annotations

from kg.facts import Document, Extraction


def extract(document: Document) -> Extraction:
    """All facts of `document`, with a warning for each family nothing was found for."""
    from kg.extract import (
        appointments,
        common,
        concepts,
        meeting,
        organizations,
        people,
        plans,
        programmes,
        targets,
    )

    ctx = common.context(document)
    extraction = Extraction(document=document)
    registry = organizations.Registry()
    mentions = people.find_mentions(document, ctx, registry)
    mentions = sorted(
        mentions + appointments.find_appointments(document, ctx, registry, mentions), key=lambda m: m.start
    )
    extraction.memberships = people.memberships(document, mentions)
    organizations.scan_organizations(
        document, registry, [(m.start, m.end) for m in mentions], ctx.reviews_year
    )
    organizations.scan_local_bodies(document, registry)
    extraction.organizations = registry.organizations(document)
    extraction.meetings = meeting.find_meetings(document, ctx, mentions)
    extraction.concepts = concepts.find_concepts(document)
    excluded = concepts.concept_spans(document, extraction.concepts)
    extraction.targets = targets.find_targets(document, ctx, excluded)
    extraction.plans = plans.find_plans(document, ctx)
    extraction.targets = targets.placed(document, extraction.targets, extraction.plans)
    extraction.programmes = programmes.find_programmes(document, extraction.plans, excluded)
    for family, facts in (
        ("organizations", extraction.organizations),
        ("officials", extraction.memberships),
        ("meetings", extraction.meetings),
        ("targets", extraction.targets),
        ("plans", extraction.plans),
        ("programmes", extraction.programmes),
        ("concepts", extraction.concepts),
    ):
        if not facts:
            extraction.warnings.append(f"no {family} found")
    return extraction
