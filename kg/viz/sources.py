"""What the page's detail panel says of a node beyond the networkx view: every sentence it was read from in every
report (with the report and its date), the years and reporting bodies it appears under, a person's posts by year,
and each report's headline.

The view (kg.network.to_networkx) keeps one evidence sentence per node; these come from the RDF graph and are added
to the view's nodes as `sources`, `years`, `bodies` and, for officials, `posts_by_year`. A node's bodies are the organizations it belongs to (a person's, a post's,
an organization itself), else the bodies that published its reports.
"""

from __future__ import annotations


def enrich(view, graph) -> None:
    """Add `sources`, `years`, `bodies` (and an official's `posts_by_year`) to the nodes of `view`; a report
    without a title is named by its headline."""
    from kg.rdf import vocabulary
    from kg.rdf.triples import RDF_TYPE, Literal, text

    v = vocabulary()
    DCTERMS, KG, NIF, ORG, PROV, SCHEMA = v.DCTERMS, v.KG, v.NIF, v.ORG, v.PROV, v.SCHEMA

    def first(node, predicate) -> str:
        return min((text(o) for o in graph.objects(node, predicate)), default="")

    def iris(objects) -> list[str]:
        return sorted(o for o in objects if type(o) is not Literal)

    docs: dict[str, dict[str, str]] = {}

    def doc(iri: str) -> dict[str, str]:
        if iri not in docs:
            name = first(iri, SCHEMA.name)
            headline = headline_of(first(iri, NIF.isString))
            docs[iri] = {
                "document": name or headline or first(iri, SCHEMA.identifier) or iri.rsplit("/", 1)[-1],
                "date": first(iri, SCHEMA.datePublished),
                "body": label(publisher) if (publisher := first(iri, SCHEMA.publisher)) else "",
                "headline": headline,
            }
        return docs[iri]

    def label(node) -> str:
        return first(node, SCHEMA.name) or first(node, v.SKOS.prefLabel)

    def bodies(node, kind) -> set[str]:
        """The organizations a node belongs to: a person's or post's, an organization itself; else none."""
        if kind == "official":
            return {
                label(o) for m in graph.subjects(ORG.member, node) for o in graph.objects(m, ORG.organization)
            }
        if kind == "post":
            return {label(o) for o in graph.objects(node, ORG.postIn)}
        return {label(node)} if kind in ("ministry", "party group", "organization") else set()

    for node, data in view.nodes(data=True):
        kind = data.get("kind")
        facts = [node]
        if kind == "official":
            facts += sorted(graph.subjects(ORG.member, node)) + sorted(graph.subjects(KG.participant, node))
        elif kind == "post":
            role, organization = graph.value(node, ORG.role), graph.value(node, ORG.postIn)
            facts += sorted(
                set(graph.subjects(ORG.role, role)) & set(graph.subjects(ORG.organization, organization))
            )
        sources, reports = [], set()
        for fact in facts:
            for report in iris(graph.objects(fact, DCTERMS.source)):
                reports.add(report)
                for sentence in iris(graph.objects(fact, PROV.wasDerivedFrom)):
                    said = first(sentence, NIF.anchorOf)
                    entry = {"evidence": said, **{k: doc(report)[k] for k in ("document", "date")}}
                    if said and entry not in sources:
                        sources.append(entry)
        if kind == "document":
            reports.add(node)
            if (
                not first(node, SCHEMA.name) and doc(node)["headline"]
            ):  # no title in its metadata: its first line
                data["label"] = doc(node)["headline"]
        if not reports:
            reports = set(iris(graph.subjects(SCHEMA.mentions, node)))
        sources.sort(key=lambda s: (s["date"], s["document"], s["evidence"]))
        data["sources"] = sources
        data["years"] = sorted({doc(r)["date"][:4] for r in reports if doc(r)["date"][:4].isdigit()})
        data["bodies"] = sorted(bodies(node, kind) or {doc(r)["body"] for r in reports if doc(r)["body"]})
        if kind == "official":
            posts = set()
            for membership in graph.subjects(ORG.member, node):
                if (membership, RDF_TYPE, ORG.Membership) not in graph:
                    continue
                when = first(membership, KG.attestedOn) or "".join(
                    doc(r)["date"] for r in iris(graph.objects(membership, DCTERMS.source))[:1]
                )
                role, organization = (
                    graph.value(membership, ORG.role),
                    graph.value(membership, ORG.organization),
                )
                title = joined(label(organization) if organization else "", label(role) if role else "")
                if title:
                    posts.add((when[:4], title))
            data["posts_by_year"] = [list(pair) for pair in sorted(posts)]
    renamed = {
        first(iri, SCHEMA.identifier): d["document"] for iri, d in docs.items() if not first(iri, SCHEMA.name)
    }
    for _, data in view.nodes(data=True):
        if data.get("document") in renamed:
            data["document"] = renamed[data["document"]]


def headline_of(body: str) -> str:
    """A report's headline: its first non-empty line, if it reads as a title (short, no sentence end in it).

    >>> headline_of("全国商务工作会议在京召开\\n12月20日，……")
    '全国商务工作会议在京召开'
    """
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return line if 0 < len(line) <= 60 and not any(mark in line[:-1] for mark in "。！？") else ""


def joined(organization: str, title: str) -> str:
    """A post as one name, the words they share said once: 商务部党组 + 党组成员 → 商务部党组成员."""
    overlap = max(
        (k for k in range(2, min(len(organization), len(title)) + 1) if organization.endswith(title[:k])),
        default=0,
    )  # one shared character is a coincidence: 商务部 + 部长 → 商务部部长
    return organization + title[overlap:]
