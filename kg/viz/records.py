"""The page's data: one record per node (display label, style, facts, sources, search keys) and the legend.

Every text here is data for the page's script, which puts it in the DOM as text, never as HTML.
"""

from __future__ import annotations

from functools import cache

from kg.viz.labels import STATUS_STYLE, speech_label, status_style, target_label, with_year, wrapped
from kg.viz.render import CLASSES, CODES, OTHER

ORGANIZATION_KINDS = ("ministry", "party group", "organization", "post")


def node_record(view, node, attrs: dict, py: str, aka: list[str], large: bool = False) -> dict:
    """A vis-network node record: display label, style of its class (and a target's status), the panel's facts."""
    kind = str(attrs.get("kind") or "other")
    _, colour, shape = CLASSES.get(kind, OTHER)
    details = {str(k): str(v) for k, v in (attrs.get("details") or {}).items() if v not in (None, "")}
    label = str(attrs.get("label") or str(node).rsplit("/", 1)[-1])
    shown = wrapped(label)
    if kind == "target":
        shown = target_label(details) or shown
        label = shown.replace("\n", " ")
    elif kind == "meeting":
        label = with_year(label, details.get("date", ""))
        shown = wrapped(label)
    elif kind == "speech":
        label = speech_label(label, str(node), {**details, "date": _meeting_date(view, node)})
        shown = wrapped(label)
    evidence = str(attrs["evidence"]) if attrs.get("evidence") else ""
    document = str(attrs["document"]) if attrs.get("document") else ""
    sources = attrs.get("sources")
    if sources is None:  # a view without the RDF graph's sources: its one sentence
        sources = [{"evidence": evidence, "document": document, "date": ""}] if evidence else []
    sources = [{k: str(s.get(k) or "") for k in ("evidence", "document", "date")} for s in sources]
    record: dict[str, object] = {
        "id": str(node),
        "label": shown,
        "shape": shape,
        "color": colour,
        "kind": kind,
        "full": label,
        "details": [[key, _shown(value)] for key, value in details.items()],
        "py": py,
    }
    # what the page's script fills in when left out (page.js `complete`): a smaller page parses faster
    optional = {
        "evidence": evidence if evidence != (sources[0]["evidence"] if sources else "") else None,
        "document": document if document != (sources[0]["document"] if sources else "") else None,
        "sources": sources,
        "years": [str(y) for y in attrs.get("years") or []],
        "bodies": [str(b) for b in attrs.get("bodies") or []],
        "posts": [[str(y), str(t)] for y, t in attrs.get("posts_by_year") or []],
        "aka": aka,
    }
    record.update({key: value for key, value in optional.items() if value})
    if kind == "target":
        record.update(status_style(details))
        record["series"] = "|".join(details.get(k, "") for k in ("metric", "scope", "unit"))
    if shape in ("box", "ellipse"):
        record["font"] = {"color": "#ffffff" if kind == "document" else "#222222"}
    if large and shape in ("box", "ellipse"):  # a box is sized by its label: thousands of them redraw slowly
        record["shape"] = "square" if kind == "target" else "dot"
        record.pop("font", None)
    return record


def _meeting_date(view, node) -> str:
    """The date of the meeting a speech was given at ('' if none)."""
    for meeting in sorted(view.predecessors(node)):
        if view.nodes[meeting].get("kind") == "meeting":
            return str((view.nodes[meeting].get("details") or {}).get("date") or "")
    return ""


def _shown(value: str) -> str:
    """A detail as a reader sees it: a code with its Chinese ('左右 (approximately)'), other text as is."""
    return f"{CODES[value]} ({value})" if value in CODES else value


def legend() -> list[dict]:
    """The legend's rows: each class with its name, colour and shape; the target row with its statuses."""
    rows: list[dict[str, object]] = [
        {"kind": k, "name": n, "color": c, "shape": s} for k, (n, c, s) in CLASSES.items()
    ]
    rows.append({"kind": "other", "name": OTHER[0], "color": OTHER[1], "shape": OTHER[2]})
    for row in rows:
        if row["kind"] == "target":
            row["statuses"] = [
                {"status": status.value, "name": name, "color": fill, "border": border, "dashed": dashed}
                for status, (name, fill, border, dashed) in STATUS_STYLE.items()
            ]
    return rows


def aliases_of(attrs: dict, label: str) -> list[str]:
    """Other names a reader may search an organization or post by: the gazetteer's short names (工信部 for
    工业和信息化部, 工信部党组 for its party group) and the aliases the graph gives it."""
    if attrs.get("kind") not in ORGANIZATION_KINDS:
        return []
    found = {a for a in str((attrs.get("details") or {}).get("aliases") or "").split("、") if a}
    for name, short in _short_names():
        if name in label:
            found |= {label.replace(name, alias, 1) for alias in short}
            break
    return sorted(found - {label})


@cache
def _short_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(full name, its aliases) of the gazetteer's organizations, longest name first."""
    from kg.lexicon import gazetteer

    bodies = gazetteer()
    return tuple(
        (name, bodies[name].aliases)
        for name in sorted(bodies, key=lambda n: (-len(n), n))
        if bodies[name].aliases
    )


def pinyin(labels: list[str]) -> list[str]:
    """Pinyin initials and full pinyin of each label ('mw miaowei'), for search; '' where there is no Chinese."""
    from pypinyin import lazy_pinyin

    known: dict[str, str] = {"": ""}
    out = []
    for label in labels:
        han = "".join(ch for ch in label if "\u4e00" <= ch <= "\u9fff")
        if han not in known:
            syllables = lazy_pinyin(han)
            known[han] = f"{''.join(s[:1] for s in syllables)} {''.join(syllables)}".lower()
        out.append(known[han])
    return out
