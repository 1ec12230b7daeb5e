"""The viz stage: the interactive HTML page of a graph (`render`, with its template and scripts in `assets/`)."""

from kg.viz.render import (
    CLASSES,
    FIELDS,
    LARGE,
    PAGE_LIMIT,
    RELATIONS,
    NotebookPage,
    page,
    page_from_networkx,
    select,
    show,
    view,
)

__all__ = [
    "CLASSES",
    "FIELDS",
    "LARGE",
    "PAGE_LIMIT",
    "RELATIONS",
    "NotebookPage",
    "page",
    "page_from_networkx",
    "select",
    "show",
    "view",
]
