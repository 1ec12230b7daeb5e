"""Benchmark: rdflib's memory store against Oxigraph behind kg.sparql.store, on graphs of our ontology's shape.

Generates synthetic graphs of about 10k / 100k / 1M triples (reports with memberships, meetings,
targets, plans, programmes and evidence sentences, people and organizations shared across reports),
writes them as Turtle, then prints for each engine the load time and each query's median latency,
and the ratio rdflib / Oxigraph. Queries are those of kg/sparql/queries/*.rq when they exist, else the
bench's own copies of the output contract's questions.

    .venv/bin/python bench/sparql_bench.py                 # 10k, 100k, 1M (the 1M run takes minutes)
    .venv/bin/python bench/sparql_bench.py --sizes 10000 --repeat 3
    .venv/bin/python bench/sparql_bench.py --sizes 1000000 --no-rdflib
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from kg.sparql import store as kg_store

ID = "https://w3id.org/cn-gov-kg/id/"
KG = "https://w3id.org/cn-gov-kg/ontology#"
P = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "qudt": "http://qudt.org/schema/qudt/",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-code": "http://purl.org/linked-data/sdmx/2009/code#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "kg": KG,
    "id": ID,
}
PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in P.items())

QUERIES = {  # the output contract's questions, in the RDF stage's shape (used when kg/sparql/queries/ is empty)
    "officials": """
SELECT ?person ?post ?organization ?document ?evidence WHERE {
  ?m a org:Membership ; org:member ?p ; org:role ?r ; org:organization ?o ; dcterms:source ?d .
  ?p schema:name ?person . ?r skos:prefLabel ?post . ?o skos:prefLabel ?organization .
  ?d schema:identifier ?document .
  OPTIONAL { ?m prov:wasDerivedFrom ?s . ?s nif:anchorOf ?evidence }
} ORDER BY ?document ?person ?post ?organization""",
    "organizations": """
SELECT DISTINCT ?organization ?kind ?parent ?document WHERE {
  ?o a org:Organization ; skos:prefLabel ?organization .
  ?d schema:mentions ?o ; schema:identifier ?document .
  OPTIONAL { ?o org:classification/skos:notation ?kind }
  OPTIONAL { ?o kg:partyGroupOf|kg:administeredBy|org:subOrganizationOf ?p . ?p skos:prefLabel ?parent }
} ORDER BY ?document ?organization""",
    "meetings": """
SELECT ?meeting ?date ?place ?chair ?speaker ?speech_title ?document WHERE {
  ?e a schema:Event ; schema:name ?meeting ; dcterms:source/schema:identifier ?document .
  FILTER NOT EXISTS { ?e a kg:Speech }
  OPTIONAL { ?e schema:startDate ?date }
  OPTIONAL { ?e schema:location ?place }
  OPTIONAL { ?e kg:chair/schema:name ?chair }
  OPTIONAL { ?e schema:subEvent ?s . ?s kg:speaker/schema:name ?speaker . OPTIONAL { ?s schema:name ?speech_title } }
} ORDER BY ?document ?meeting ?chair ?speaker""",
    "targets": """
SELECT ?metric ?scope ?change ?value ?unit ?qualifier ?period ?status ?deadline ?document ?evidence WHERE {
  ?t a kg:Target ; kg:indicator/skos:prefLabel ?metric ; qudt:numericValue ?value ; kg:unitAsWritten ?unit ;
     kg:change ?change ; dcterms:source/schema:identifier ?document .
  OPTIONAL { ?t kg:scope ?scope } OPTIONAL { ?t kg:qualifier ?qualifier } OPTIONAL { ?t kg:modality ?modality }
  OPTIONAL { ?t kg:referenceYear ?period } OPTIONAL { ?t kg:deadline ?deadline }
  OPTIONAL { ?t prov:wasDerivedFrom/nif:anchorOf ?evidence }
  BIND(IF(EXISTS { ?t a kg:Goal }, "planned", "achieved") AS ?status)
} ORDER BY ?document ?metric ?value""",
    "plans": """
SELECT ?plan ?year ?kind ?ordinal ?item ?document WHERE {
  ?i a kg:PlanItem ; skos:inScheme ?p ; schema:position ?ordinal ; skos:prefLabel ?item .
  ?p skos:prefLabel ?plan ; dcterms:source/schema:identifier ?document .
  OPTIONAL { ?p kg:referenceYear ?year }
  BIND(IF(EXISTS { ?p a kg:WorkPlan }, "plan", "review") AS ?kind)
} ORDER BY ?document ?kind ?ordinal""",
    "programmes": """
SELECT ?programme ?plan_item ?document WHERE {
  ?g a kg:Programme ; skos:prefLabel ?programme ; prov:wasDerivedFrom/schema:isPartOf/schema:identifier ?document .
  OPTIONAL { ?g kg:programmeOf/skos:prefLabel ?plan_item }
} ORDER BY ?document ?programme""",
    "posts_per_organization": """
SELECT ?organization (COUNT(DISTINCT ?m) AS ?memberships) WHERE {
  ?m org:organization ?o . ?o skos:prefLabel ?organization .
} GROUP BY ?organization ORDER BY DESC(?memberships) ?organization LIMIT 20""",
}

METRICS = [
    "规模以上工业增加值",
    "制造业投资",
    "软件业务收入",
    "电信业务总量",
    "单位工业增加值能耗",
    "宽带用户",
    "新能源汽车产量",
    "工业企业利润",
    "高技术制造业增加值",
    "4G用户",
]
TITLES = ["部长", "副部长", "党组书记", "党组成员", "局长", "组长", "总工程师", "总经济师"]
KINDS = ["ministry", "party group", "state administration", "discipline inspection group"]


class Writer:
    """Collects N-Triples lines and counts them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> <{obj}> .")

    def lit(
        self,
        subject: str,
        predicate: str,
        value: object,
        datatype: str | None = None,
        lang: str | None = None,
    ):
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        tail = f"@{lang}" if lang else f"^^<{P['xsd']}{datatype}>" if datatype else ""
        self.lines.append(f'<{subject}> <{predicate}> "{text}"{tail} .')


def q(name: str) -> str:
    prefix, local = name.split(":")
    return P[prefix] + local


def generate(triples: int, seed: int = 7) -> str:
    """N-Triples of about `triples` triples: reports in the RDF stage's shape, sharing people and organizations."""
    rng = random.Random(seed)
    w = Writer()
    people = max(20, triples // 500)
    organizations = max(8, triples // 3000)
    for o in range(organizations):
        node = f"{ID}org/org-{o}"
        w.iri(node, q("rdf:type"), q("org:Organization"))
        w.lit(node, q("skos:prefLabel"), f"机构{o}", lang="zh")
        w.iri(node, q("org:classification"), f"{ID}kind/k{o % len(KINDS)}")
        if o:
            parent = {0: "org:subOrganizationOf", 1: "kg:partyGroupOf", 2: "kg:administeredBy"}.get(
                o % 4, "org:subOrganizationOf"
            )
            w.iri(node, q(parent), f"{ID}org/org-{rng.randrange(o)}")
    for k, kind in enumerate(KINDS):
        w.lit(f"{ID}kind/k{k}", q("skos:notation"), kind)
    for p in range(people):
        node = f"{ID}person/p-{p}"
        w.iri(node, q("rdf:type"), q("schema:Person"))
        w.lit(node, q("schema:name"), f"人名{p}", lang="zh")
    for role in ("chair", "speaker", "attendee"):
        w.lit(f"{KG}{role.capitalize()}Role", q("skos:notation"), role)
    for t, title in enumerate(TITLES):
        w.lit(f"{ID}role/r{t}", q("skos:prefLabel"), title, lang="zh")
    for m, metric in enumerate(METRICS):
        w.lit(f"{ID}indicator/i{m}", q("skos:prefLabel"), metric, lang="zh")
    w.lit(f"{ID}unit/pct", q("qudt:symbol"), "%")
    w.lit(f"{ID}unit/jia", q("qudt:symbol"), "家")
    d = 0
    while len(w.lines) < triples:
        _document(w, rng, d, people, organizations)
        d += 1
    return "\n".join(w.lines) + "\n"


def _document(w: Writer, rng: random.Random, d: int, people: int, organizations: int) -> None:
    """One report: sentences, memberships, a meeting with speeches, targets, two plans, programmes."""
    doc = f"{ID}doc/report-{d}"
    w.iri(doc, q("rdf:type"), q("schema:Report"))
    w.lit(doc, q("schema:identifier"), f"report-{d}")
    w.lit(doc, q("schema:name"), f"工作会议报道{d}", lang="zh")
    w.lit(doc, q("schema:datePublished"), f"{2010 + d % 12}-12-27", "date")
    w.lit(doc, q("schema:publisher"), f"机构{d % organizations}", lang="zh")
    sentences = []
    for s in range(20):
        node = f"{doc}/sentence/{s}"
        sentences.append(node)
        w.iri(node, q("rdf:type"), q("nif:Sentence"))
        w.lit(
            node,
            q("nif:anchorOf"),
            f"第{d}篇第{s}句，会议强调推进制造强国建设。",
        )
        w.lit(node, q("nif:beginIndex"), s * 40, "nonNegativeInteger")
        w.iri(node, q("schema:isPartOf"), doc)

    def fact(node: str, cls: str, span: bool = False) -> None:
        w.iri(node, q("rdf:type"), q(cls))
        w.iri(node, q("dcterms:source"), doc)
        w.iri(node, q("prov:wasDerivedFrom"), rng.choice(sentences))
        if span:
            begin = rng.randrange(800)
            phrase = f"{doc}/char/{begin}-{begin + 6}"
            w.iri(node, q("kg:evidenceSpan"), phrase)
            w.lit(phrase, q("nif:anchorOf"), "推进制造强国")
            w.lit(phrase, q("nif:beginIndex"), begin, "nonNegativeInteger")
            w.lit(phrase, q("nif:endIndex"), begin + 6, "nonNegativeInteger")

    for o in rng.sample(range(organizations), min(6, organizations)):
        w.iri(doc, q("schema:mentions"), f"{ID}org/org-{o}")
    persons = rng.sample(range(people), 12)
    for i, p in enumerate(persons):
        person, org, role = (
            f"{ID}person/p-{p}",
            f"{ID}org/org-{rng.randrange(organizations)}",
            f"{ID}role/r{i % 8}",
        )
        membership = f"{ID}membership/{d}-{i}"
        fact(membership, "org:Membership", span=True)
        w.iri(membership, q("org:member"), person)
        w.iri(membership, q("org:organization"), org)
        w.iri(membership, q("org:role"), role)
        w.lit(membership, q("kg:titleAsWritten"), f"头衔{i}", lang="zh")
        w.iri(person, q("org:holds"), f"{ID}post/{org.rsplit('/', 1)[1]}-{i % 8}")
        w.iri(doc, q("schema:mentions"), person)
    meeting = f"{ID}meeting/{d}"
    fact(meeting, "schema:Event")
    w.lit(meeting, q("schema:name"), "全国工业和信息化工作会议", lang="zh")
    w.lit(meeting, q("schema:startDate"), f"{2010 + d % 12}-12-27", "date")
    w.lit(meeting, q("schema:location"), "北京", lang="zh")
    w.iri(meeting, q("kg:chair"), f"{ID}person/p-{persons[1]}")
    for s in range(2):
        speech = f"{ID}speech/{d}-{s}"
        fact(speech, "kg:Speech")
        w.iri(speech, q("rdf:type"), q("schema:Event"))
        w.lit(speech, q("schema:name"), f"讲话题目{d}-{s}", lang="zh")
        w.iri(speech, q("kg:speaker"), f"{ID}person/p-{persons[s * 2]}")
        w.iri(meeting, q("schema:subEvent"), speech)
    for i, p in enumerate(persons):
        part = f"{ID}participation/{d}-{i}"
        fact(part, "kg:Participation")
        w.iri(part, q("kg:participant"), f"{ID}person/p-{p}")
        w.iri(part, q("kg:event"), meeting)
        w.iri(
            part,
            q("kg:participationRole"),
            KG + ("ChairRole" if i == 1 else "SpeakerRole" if i in (0, 2) else "AttendeeRole"),
        )
        w.iri(part, q("kg:capacity"), f"{ID}membership/{d}-{i}")
        w.iri(meeting, q("schema:attendee"), f"{ID}person/p-{p}")
    for t in range(15):
        target = f"{ID}target/{d}-{t}"
        fact(target, "kg:Target", span=True)
        w.iri(target, q("rdf:type"), q("kg:Goal" if t % 3 == 0 else "kg:IndicatorValue"))
        if t % 3:
            w.iri(target, q("sdmx-attribute:obsStatus"), q("sdmx-code:obsStatus-" + "EA"[t % 3 - 1]))
        w.iri(target, q("kg:indicator"), f"{ID}indicator/i{rng.randrange(len(METRICS))}")
        w.lit(target, q("qudt:numericValue"), f"{rng.randrange(1, 999) / 10:g}", "decimal")
        w.iri(target, q("qudt:hasUnit"), f"{ID}unit/{'pct' if t % 2 else 'jia'}")
        w.lit(target, q("kg:unitAsWritten"), "%" if t % 2 else "家")
        w.lit(target, q("kg:change"), "increase" if t % 4 else "count")
        if t % 2:
            w.lit(target, q("kg:qualifier"), "approximately")
        w.lit(target, q("kg:referenceYear"), 2010 + d % 12, "gYear")
    for kind in ("review", "plan"):
        plan = f"{ID}plan/{d}-{kind}"
        fact(plan, "kg:Plan")
        w.iri(plan, q("rdf:type"), q("kg:WorkPlan" if kind == "plan" else "kg:Review"))
        w.lit(plan, q("skos:prefLabel"), f"{kind}清单{d}", lang="zh")
        w.lit(plan, q("kg:referenceYear"), 2010 + d % 12 + (kind == "plan"), "gYear")
        for ordinal in range(1, 6):
            item = f"{plan}/item-{ordinal}"
            fact(item, "kg:PlanItem")
            w.iri(item, q("rdf:type"), q("kg:KeyTask" if kind == "plan" else "kg:ReviewArea"))
            w.iri(item, q("skos:inScheme"), plan)
            w.lit(item, q("schema:position"), ordinal, "integer")
            w.lit(item, q("skos:prefLabel"), f"重点任务{d}-{kind}-{ordinal}", lang="zh")
    for g in range(8):
        programme = f"{ID}programme/{d}-{g}"
        w.iri(programme, q("rdf:type"), q("kg:Programme"))
        w.lit(programme, q("skos:prefLabel"), f"工程{d}-{g}", lang="zh")
        w.iri(programme, q("prov:wasDerivedFrom"), rng.choice(sentences))
        w.iri(programme, q("kg:programmeOf"), f"{ID}plan/{d}-plan/item-{g % 5 + 1}")
        w.iri(doc, q("schema:mentions"), programme)
    for c in range(3):
        formulation = f"{ID}formulation/f{(d + c) % 40}"
        w.iri(formulation, q("rdf:type"), q("kg:Formulation"))
        w.lit(formulation, q("skos:prefLabel"), f"提法{(d + c) % 40}", lang="zh")
        w.iri(doc, q("schema:mentions"), formulation)


def write_turtle(ntriples: str, path: Path) -> int:
    """Write the graph as Turtle (as `kg build` does) and return its number of triples."""
    import pyoxigraph

    quads = sorted(
        set(pyoxigraph.parse(ntriples.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)), key=str
    )
    path.write_bytes(
        pyoxigraph.serialize(
            [quad.triple for quad in quads],
            format=pyoxigraph.RdfFormat.TURTLE,
            prefixes={k: v for k, v in P.items()},
        )
    )
    return len(quads)


def saved_queries() -> dict[str, str]:
    """kg/sparql/queries/*.rq if the project has them, else the bench's own queries (with prefixes)."""
    folder = Path(kg_store.__file__).parent / "queries"
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    if files:
        return {path.stem: path.read_text(encoding="utf-8") for path in files}
    return {name: PREFIXES + text for name, text in QUERIES.items()}


def median_latency(store, sparql: str, repeat: int, budget: float, timeout: float | None = None):
    """Median seconds of `repeat` runs after a warm-up (only the warm-up when it exceeds `budget`), and the rows."""
    start = time.perf_counter()
    rows = store.query(sparql, timeout=timeout).rows  # warm-up: query caches, lazy imports
    if time.perf_counter() - start > budget:
        return time.perf_counter() - start, rows
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = store.query(sparql, timeout=timeout)
        times.append(time.perf_counter() - start)
        rows = result.rows
        if times[-1] > budget:
            break
    return statistics.median(times), rows


def bench(size: int, repeat: int, folder: Path, queries: dict[str, str], with_rdflib: bool = True) -> None:
    path = folder / f"bench-{size}.ttl"
    count = write_turtle(generate(size), path)
    print(f"\n== {count:,} triples ({path.stat().st_size / 1e6:.1f} MB Turtle) ==", flush=True)
    engines = ("rdflib", "oxigraph") if with_rdflib else ("oxigraph",)
    loads, stores = {"rdflib": float("nan")}, {}
    for engine in engines:
        start = time.perf_counter()
        stores[engine] = kg_store.load(path, engine=engine)
        loads[engine] = time.perf_counter() - start
    print(
        f"{'load':<24}{loads['rdflib']:>11.3f} s{loads['oxigraph']:>11.3f} s{loads['rdflib'] / loads['oxigraph']:>9.1f}x"
    )
    print(f"{'query (median)':<24}{'rdflib':>13}{'oxigraph':>13}{'ratio':>10}{'guarded':>11}{'rows':>9}")
    for name, sparql in queries.items():
        slow, rows_rdflib = (
            median_latency(stores["rdflib"], sparql, repeat, budget=20)
            if with_rdflib
            else (float("nan"), None)
        )
        fast, rows_oxigraph = median_latency(stores["oxigraph"], sparql, repeat, budget=20)
        guarded, _ = median_latency(
            stores["oxigraph"], sparql, repeat, budget=20, timeout=kg_store.DEFAULT_TIMEOUT
        )
        differ = rows_rdflib is not None and sorted(map(repr, rows_rdflib)) != sorted(
            map(repr, rows_oxigraph)
        )
        print(
            f"{name:<24}{slow * 1e3:>10.1f} ms{fast * 1e3:>10.1f} ms{slow / fast:>9.1f}x{guarded * 1e3:>8.1f} ms"
            f"{len(rows_oxigraph):>9}{'  ROWS DIFFER' if differ else ''}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comma-separated triple counts.")
    parser.add_argument("--repeat", type=int, default=5, help="Runs per query (median taken).")
    parser.add_argument(
        "--no-rdflib", action="store_true", help="Measure Oxigraph only (rdflib takes ~30 min at 1M)."
    )
    args = parser.parse_args()
    queries = saved_queries()
    print("rdflib memory store vs Oxigraph (pyoxigraph) through kg.sparql.store; ratio = rdflib / oxigraph;")
    print("'guarded' = oxigraph with kg's default time limit (query run in a forked child)")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.repeat, Path(folder), queries, with_rdflib=not args.no_rdflib)


if __name__ == "__main__":
    main()
