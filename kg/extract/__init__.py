"""Extraction: a normalised `Document` → `Extraction` (facts with evidence), by the grammar of the genre.

One module per family: people (officials, organizations), meeting, targets, plans, programmes, concepts.
"""

from __future__ import annotations

from kg.facts import Document, Extraction


def extract(document: Document) -> Extraction:
    """All facts of `document`."""
    extraction = Extraction(document=document)
    return extraction
