"""Who is who across reports: one name is one person within a report, and across reports only where the
reports give that person an organization in common; namesakes kept apart are linked by kg:possibleSameAs.

The rule, applied when the reports' parts are merged (kg.corpus.merge), in time linear in the people named:
- a report's person `person/<name>` is anchored by the organizations of the posts the report gives them
  (and, for a party group, the body it is the party group of);
- two reports' people of one name are one person when their anchors meet, and the relation is transitive
  (2018 and 2019 share 某部, 2019 and 2020 share 某部党组: all three are one);
- a person without a post in a report has no anchor, so is one person with a namesake elsewhere only if no
  other report names that name at all;
- when a name ends up as one person it keeps `person/<name>`; when it is several, each is
  `person/<name>-<hash of the first report, in IRI order, that names them>`, and each pair is linked by
  kg:possibleSameAs in both directions. Nothing depends on the order the reports come in.

>>> resolve([("doc/a", [("p/x", "某甲", ["org/1"])]), ("doc/b", [("p/x", "某甲", ["org/2"])])])[0]
{'doc/a': {'p/x': 'p/x-9a892bd2'}, 'doc/b': {'p/x': 'p/x-9eff4e1e'}}
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.rdf import iris, triples

Person = tuple[str, str, list[str]]  # (the report's IRI of the person, the name, the IRIs of its anchors)


def people_of(graph: triples.Graph) -> list[Person]:
    """The people of one report's graph, each with the organizations that anchor them, sorted."""
    from kg.rdf import vocabulary

    v = vocabulary()
    anchors: dict[str, set[str]] = {}
    for membership, person in graph.subject_objects(v.ORG.member):
        found = anchors.setdefault(str(person), set())
        for organization in graph.objects(membership, v.ORG.organization):
            found.add(str(organization))
            found.update(str(body) for body in graph.objects(str(organization), v.KG.partyGroupOf))
    people = []
    for subject, predicates in graph.index.items():
        if v.SCHEMA.Person in predicates.get(triples.RDF_TYPE, ()):
            name = min((triples.text(n) for n in predicates.get(v.SCHEMA.name, ())), default="")
            people.append((subject, name, sorted(anchors.get(subject, ()))))
    return sorted(people)


def resolve(
    documents: Iterable[tuple[str, list[Person]]],
) -> tuple[dict[str, dict[str, str]], list[tuple[str, str]]]:
    """For each report (by its IRI) the new IRI of each of its people that must change, and the
    kg:possibleSameAs links between the people of one name, sorted."""
    named: dict[str, list[tuple[str, list[str]]]] = {}
    for document, people in documents:
        for person, _, anchors in people:
            named.setdefault(person, []).append((document, anchors))
    renames: dict[str, dict[str, str]] = {}
    links: list[tuple[str, str]] = []
    for person, mentions in named.items():
        if len(mentions) < 2:
            continue
        groups = _groups([anchors for _, anchors in mentions])
        if len(groups) < 2:
            continue
        namesakes = []
        for members in groups:
            new = iris.namesake(person, min(mentions[i][0] for i in members))
            namesakes.append(new)
            for i in members:
                renames.setdefault(mentions[i][0], {})[person] = new
        links.extend((a, b) for a in namesakes for b in namesakes if a != b)
    return renames, sorted(links)


def _groups(anchors: list[list[str]]) -> list[list[int]]:
    """The mentions (by index) joined by a shared anchor, transitively (union-find)."""
    parent = list(range(len(anchors)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, found in enumerate(anchors):
        for anchor in found:
            j = first.setdefault(anchor, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(anchors)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def renamed(statements: list, mapping: dict[str, str], prefixes: dict[str, str]) -> list:
    """A report's statements with its people's IRIs replaced by `mapping` (those statements written again)."""
    changed = triples.Graph(prefixes)
    kept = []
    for subject, predicates, text in statements:
        if predicates is None or (
            subject not in mapping
            and not any(o in mapping for objects in predicates.values() for o in objects)
        ):
            kept.append((subject, predicates, text))
            continue
        for predicate, objects in predicates.items():
            for obj in objects:
                changed.add(
                    mapping.get(subject, subject),
                    predicate,
                    mapping.get(obj, obj) if type(obj) is str else obj,
                )
    _, written = triples.statements(changed)
    for subject, text in written:
        predicates = {p: sorted(objects, key=triples.order) for p, objects in changed.index[subject].items()}
        kept.append((subject, predicates, text))
    return sorted(kept, key=lambda statement: triples.order(statement[0]))


def links_statements(
    links: list[tuple[str, str]], prefixes: dict[str, str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The @prefix lines and statements of the kg:possibleSameAs links (the namesakes' named graph)."""
    from kg.rdf import vocabulary

    graph = triples.Graph(prefixes)
    for a, b in links:
        graph.add(a, vocabulary().KG.possibleSameAs, b)
    return triples.statements(graph)
