"""kg.rdf.triples: its Turtle parses, in rdflib and in Oxigraph, to the triples it was given, the same bytes whatever
the insertion order; the Graph index answers exactly, also after `absorb` and later additions.

The properties run 300 derandomized examples (the "ci" convention of test_properties.py, fewer examples as each
parses twice); KG_HYPOTHESIS=explore runs 10,000 random ones, KG_HYPOTHESIS=quick 100.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.rdf import triples
from kg.rdf.triples import RDF_TYPE, XSD, Blank, Graph, Literal

pytestmark = pytest.mark.filterwarnings("ignore:.*weird:UserWarning")  # rdflib, on ill-typed literals

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
PROFILE = {
    "ci": settings(
        max_examples=300, deadline=None, derandomize=True, print_blob=True, suppress_health_check=_SLOW
    ),
    "explore": settings(max_examples=10000, deadline=None, print_blob=True, suppress_health_check=_SLOW),
    "quick": settings(max_examples=100, deadline=None, suppress_health_check=_SLOW),
}[os.environ.get("KG_HYPOTHESIS", "ci")]

EX = "http://example.org/"
KG = "http://example.org/kg/"  # inside EX: the longer namespace must win
OTHER = "http://other.example/vocab#"  # never bound
PREFIX_SETS = ({"ex": EX, "kg": KG}, {"ex": EX, "kg": KG, "xsd": XSD}, {"kg": KG, "xsd": XSD}, {})
LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"

# -- the terms ---------------------------------------------------------------------------------------

# local names that Turtle may write as prefix:name, and ones it may not (they must be written as <IRI>)
PREFIXABLE = ("a", "Person", "_x", "a-b", "A9", "post_1", "z-")
NOT_PREFIXABLE = ("", "1a", "-a", "a.b", "a.", "部长", "a/b", "a%20b", "a~b", "a:b", "a@b", "é")
locals_ = st.one_of(
    st.sampled_from(PREFIXABLE + NOT_PREFIXABLE), st.from_regex(r"[A-Za-z0-9_.\-/~部长]{0,6}", fullmatch=True)
)
iris = st.builds(lambda namespace, local: namespace + local, st.sampled_from((EX, KG, OTHER)), locals_)
blanks = st.sampled_from(("b0", "b1", "n2x")).map(Blank)
predicates = st.one_of(iris, st.just(RDF_TYPE))

# pieces that break naive string writers; joined at random, and random text besides
PIECES = (
    '"',
    "\\",
    "\n",
    "\r",
    "\t",
    '"""',
    "'",
    "''",
    "'''",
    '\\"',
    "a",
    " ",
    "部长",
    "工业和信息化部",
    "#",
    "@en",
    "^^",
    "<",
    ">",
    ".",
    ";",
    ",",
    "\x00",
    "\x7f",
    "\u2028",
    "\U0001f600",
)
TRICKY = (
    "",
    '"',
    "\\",
    'end"',
    "end\\",
    'end\\"',
    'a\n"',
    "a\n\\",
    'a\n\\"',
    'a\n""',
    'a\n"""',
    'a\n""""',
    '"""',
    '""""',
    "\r",
    "\r\n",
    "\n",
    "部长\n",
    'say "hi"',
    "tab\there",
)
lexicals = st.one_of(
    st.sampled_from(TRICKY), st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.text()
)
languages = st.sampled_from(("zh", "en", "zh-Hans", "en-US", "zh-CN"))

# datatype → lexical forms: valid ones (signs, leading zeros, trailing dots, exponents) and invalid ones
INVALID = (
    "",
    "abc",
    " 1",
    "1 ",
    "1,000",
    "１２",
    "0x10",
    "NaN",
    "INF",
    "-INF",
    "1e",
    "e3",
    ".",
    "+",
    "TRUE",
    "yes",
    "2019-13-45",
    "2019/01/01",
    "19",
    "5.",
    ".5",
    "1.e3",
    'a"b',
    "a\nb",
)
TYPED = {
    "integer": st.from_regex(r"[+-]?[0-9]{1,6}", fullmatch=True),
    "decimal": st.from_regex(r"[+-]?([0-9]{1,4}(\.[0-9]{0,3})?|\.[0-9]{1,3})", fullmatch=True),
    "double": st.from_regex(
        r"[+-]?([0-9]{1,3}(\.[0-9]{0,3})?|\.[0-9]{1,3})[eE][+-]?[0-9]{1,3}", fullmatch=True
    ),
    "boolean": st.sampled_from(("true", "false", "1", "0")),
    "date": st.from_regex(r"-?[0-9]{4}-[01][0-9]-[0-3][0-9](Z|[+-][01][0-9]:[0-5][0-9])?", fullmatch=True),
    "gYear": st.from_regex(r"-?[0-9]{4,5}Z?", fullmatch=True),
}
typed = st.sampled_from(sorted(TYPED)).flatmap(
    lambda name: st.one_of(TYPED[name], st.sampled_from(INVALID)).map(
        lambda lexical: Literal(lexical, XSD + name)
    )
)
literals = st.one_of(
    lexicals.map(Literal),
    st.builds(lambda lexical, language: Literal(lexical, language=language), lexicals, languages),
    typed,
)
objects = st.one_of(iris, blanks, literals)
triple_lists = st.lists(st.tuples(st.one_of(iris, blanks), predicates, objects), max_size=6)


@pytest.fixture(autouse=True, scope="module")
def _quiet_rdflib():
    """rdflib logs a traceback for each ill-typed literal (the tests make them on purpose)."""
    import logging

    logger = logging.getLogger("rdflib.term")
    level, logger.level = logger.level, logging.CRITICAL
    yield
    logger.setLevel(level)


def graph_of(prefixes: dict[str, str], found: list[tuple]) -> Graph:
    graph = Graph(prefixes)
    graph.update(found)
    return graph


def as_written(graph: Graph) -> Graph:
    """The triples Turtle reads back: a decimal without a point is written bare with '.0' (5 → 5.0, as rdflib
    does), which changes its lexical form, not its value; every other term is read as given."""
    integral = re.compile(r"[+-]?[0-9]+")

    def written(term):
        if type(term) is Literal and term.datatype == XSD + "decimal" and integral.fullmatch(term.lexical):
            return Literal(term.lexical + ".0", term.datatype)
        return term

    return graph_of(graph.prefixes, [(s, p, written(o)) for s, p, o in graph])


def oxigraph_to_rdflib(data: bytes):
    """The triples Oxigraph parses from Turtle, as an rdflib graph with lexical forms exactly as parsed."""
    import pyoxigraph
    import rdflib

    def term(node):
        if isinstance(node, pyoxigraph.NamedNode):
            return rdflib.URIRef(node.value)
        if isinstance(node, pyoxigraph.BlankNode):
            return rdflib.BNode(node.value)
        datatype = node.datatype.value
        return rdflib.Literal(
            node.value,
            lang=node.language,
            datatype=None if datatype in (XSD_STRING, LANGSTRING) else datatype,
            normalize=False,
        )

    result = rdflib.Graph()
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE):
        result.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return result


def exact_rdflib(graph: Graph):
    """`graph` in rdflib without rdflib's normalisation of lexical forms; language tags in lower case, as
    Oxigraph gives them (tags are case-insensitive)."""
    import rdflib

    def term(node):
        if type(node) is Literal:
            return rdflib.Literal(
                node.lexical,
                lang=node.language.lower() or None,
                datatype=node.datatype or None,
                normalize=False,
            )
        return rdflib.BNode(node) if type(node) is Blank else rdflib.URIRef(node)

    result = rdflib.Graph()
    for s, p, o in graph:
        result.add((term(s), term(p), term(o)))
    return result


def assert_isomorphic(expected, found, data: bytes, parser: str) -> None:
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    if not isomorphic(expected, found):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(found))
        pytest.fail(
            f"{parser} read other triples from\n{data.decode()}\nmissing: {sorted(missing)}\n"
            f"extra: {sorted(extra)}"
        )


# -- the Turtle writer -------------------------------------------------------------------------------


@PROFILE
@given(st.sampled_from(PREFIX_SETS), triple_lists)
def test_turtle_parses_to_the_same_triples_in_rdflib_and_oxigraph(prefixes, found):
    import rdflib

    graph = graph_of(prefixes, found)
    data = triples.turtle(graph)
    # rdflib normalises valid lexical forms (01 → 1, 1e3 → 1000.0) on both sides alike
    parsed = rdflib.Graph().parse(data=data, format="turtle")
    assert_isomorphic(triples.to_rdflib(as_written(graph)), parsed, data, "rdflib")
    # Oxigraph keeps lexical forms as written: compared exactly, every triple read once
    exact = oxigraph_to_rdflib(data)
    assert_isomorphic(exact_rdflib(as_written(graph)), exact, data, "Oxigraph")
    assert len(exact) == len(as_written(graph))  # "5" and "5.0"^^xsd:decimal are both written 5.0


@PROFILE
@given(
    st.sampled_from(PREFIX_SETS),
    triple_lists.flatmap(lambda found: st.tuples(st.just(found), st.permutations(found))),
)
def test_turtle_is_the_same_bytes_in_any_insertion_order(prefixes, orders):
    found, shuffled = orders
    data = triples.turtle(graph_of(prefixes, found))
    assert triples.turtle(graph_of(prefixes, shuffled)) == data
    grouped = Graph(prefixes)  # the same triples absorbed subject by subject, as the corpus merges parts
    for subject in sorted({s for s, _, _ in shuffled}, key=triples.order, reverse=True):
        by_predicate: dict[str, list] = {}
        for s, p, o in shuffled:
            if s == subject and type(s) is type(subject) and o not in by_predicate.setdefault(p, []):
                by_predicate[p].append(o)
        grouped.absorb(subject, by_predicate)
    assert triples.turtle(grouped) == data


def kept_by_rdflib(literal: Literal) -> Literal:
    """The literal with the lexical form rdflib keeps for it (rdflib rewrites valid non-canonical forms)."""
    import rdflib

    if not literal.datatype:
        return literal
    return Literal(str(rdflib.Literal(literal.lexical, datatype=literal.datatype)), literal.datatype)


@PROFILE
@given(st.sampled_from(PREFIX_SETS), triple_lists)
def test_turtle_survives_a_round_trip_through_rdflib(prefixes, found):
    # restricted to lexical forms rdflib keeps: to_rdflib normalises "01"^^xsd:integer to "1" (invalid forms stay)
    found = [(s, p, kept_by_rdflib(o) if type(o) is Literal else o) for s, p, o in found]
    graph = graph_of(prefixes, found)
    again = triples.from_rdflib(triples.to_rdflib(graph))
    assert sorted(again, key=lambda t: tuple(map(triples.order, t))) == sorted(
        graph, key=lambda t: tuple(map(triples.order, t))
    )
    assert triples.turtle(again) == triples.turtle(graph)


@pytest.mark.parametrize(
    ("literal", "written"),
    [
        (Literal("5", XSD + "decimal"), "5.0"),
        (Literal("-5.25", XSD + "decimal"), "-5.25"),
        (Literal("5.", XSD + "decimal"), '"5."^^xsd:decimal'),  # bare `5.` would end the statement
        (Literal("01", XSD + "integer"), "01"),
        (Literal("1.e3", XSD + "double"), "1.e3"),
        (Literal("1.5", XSD + "double"), '"1.5"^^xsd:double'),  # a bare 1.5 would be a decimal
        (Literal("1", XSD + "boolean"), '"1"^^xsd:boolean'),
        (Literal("2019", XSD + "gYear"), '"2019"^^xsd:gYear'),
        (Literal("部长", language="zh"), '"部长"@zh'),
        (Literal('say "hi" \\ now\r'), '"say \\"hi\\" \\\\ now\\r"'),
        (Literal('a\n"""b'), '"""a\n\\"\\"\\"b"""'),
        (Literal('a\n"'), '"""a\n\\""""'),
        (Literal('a\n\\"'), '"""a\n\\\\\\""""'),  # the backslash is escaped, then the final quote too
    ],
)
def test_literal_forms(literal, written):
    graph = Graph({"ex": EX, "xsd": XSD})
    graph.add(EX + "a", EX + "p", literal)
    xsd = f"@prefix xsd: <{XSD}> .\n" if "xsd:" in written else ""
    assert triples.turtle(graph).decode() == f"@prefix ex: <{EX}> .\n{xsd}\nex:a ex:p {written} .\n"


def test_names_use_the_longest_namespace_and_only_valid_local_names():
    graph = Graph({"ex": EX, "kg": KG, "unused": "http://unused.example/"})
    graph.add(KG + "Person", RDF_TYPE, EX + "a.b")
    graph.add(KG + "Person", EX + "name", KG + "部长")
    graph.add(OTHER + "x", EX + "p", EX)
    assert triples.turtle(graph).decode() == (
        f"@prefix ex: <{EX}> .\n@prefix kg: <{KG}> .\n\n"
        f"kg:Person a <{EX}a.b> ;\n    ex:name <{KG}部长> .\n\n"
        f"<{OTHER}x> ex:p <{EX}> .\n"
    )


def test_blank_nodes_are_written_as_labels_after_iris():
    graph = Graph({"ex": EX})
    graph.add(Blank("b1"), EX + "p", Literal("x"))
    graph.add(EX + "z", EX + "p", Blank("b1"))
    graph.add(EX + "z", EX + "p", Literal("a"))
    graph.add(EX + "z", EX + "p", EX + "y")
    graph.add(Blank("a0"), EX + "p", EX + "z")
    assert triples.turtle(graph).decode() == (
        f"@prefix ex: <{EX}> .\n\n"
        'ex:z ex:p ex:y,\n        _:b1,\n        "a" .\n\n'
        "_:a0 ex:p ex:z .\n\n"
        '_:b1 ex:p "x" .\n'
    )
    assert triples.sort_subjects([Blank("a"), EX + "z", "urn:a"]) == [EX + "z", "urn:a", Blank("a")]
    assert type(triples.from_rdflib(triples.to_rdflib(graph)).value(EX + "z", EX + "p")) is str
    assert Blank("b1") in set(triples.from_rdflib(triples.to_rdflib(graph)).objects(EX + "z", EX + "p"))


# -- the Graph index ---------------------------------------------------------------------------------

A, B, C = EX + "a", EX + "b", EX + "c"
NAME, KNOWS, PERSON, ORG = EX + "name", EX + "knows", EX + "Person", EX + "Org"


@pytest.fixture
def people() -> Graph:
    graph = Graph({"ex": EX})
    graph.update(
        [
            (A, RDF_TYPE, PERSON),
            (A, NAME, Literal("甲", language="zh")),
            (A, NAME, Literal("A")),
            (A, KNOWS, B),
            (B, RDF_TYPE, PERSON),
            (B, KNOWS, C),
            (C, NAME, Literal("丙")),
        ]
    )
    return graph


def test_graph_answers_exactly(people):
    assert len(people) == 7 and len(list(people)) == 7
    people.add(A, KNOWS, B)  # already there
    assert len(people) == 7
    assert people.subjects(RDF_TYPE, PERSON) == [A, B]
    assert people.subjects(KNOWS, C) == [B] and people.subjects(KNOWS, A) == []
    assert sorted(people.subject_objects(KNOWS)) == [(A, B), (B, C)]
    assert people.value(A, NAME) == Literal("A")  # the least in term order (by lexical form first)
    assert people.value(B, NAME) is None and people.value(EX + "none", NAME) is None
    assert (A, KNOWS, B) in people and (A, KNOWS, C) not in people and (EX + "none", KNOWS, B) not in people
    assert (C, NAME, Literal("丙")) in people and (C, NAME, Literal("丙", language="zh")) not in people
    assert people.typed() == [A, B]


def test_graph_indexes_follow_later_additions(people):
    assert people.subjects(RDF_TYPE, ORG) == [] and people.subjects(RDF_TYPE, PERSON) == [A, B]
    assert sorted(people.subject_objects(KNOWS)) == [(A, B), (B, C)]
    people.add(C, RDF_TYPE, PERSON)
    people.update([(C, KNOWS, A), (EX + "d", RDF_TYPE, ORG)])
    assert people.subjects(RDF_TYPE, PERSON) == [A, B, C]
    assert people.subjects(RDF_TYPE, ORG) == [EX + "d"]
    assert sorted(people.subject_objects(KNOWS)) == [(A, B), (B, C), (C, A)]
    assert people.typed() == [A, B, C, EX + "d"]
    assert len(people) == 10
    people.absorb(EX + "e", {KNOWS: [A], RDF_TYPE: [ORG]})
    people.absorb(A, {KNOWS: [C, B]})
    assert people.subjects(RDF_TYPE, ORG) == [EX + "d", EX + "e"]
    assert people.subjects(KNOWS, A) == [C, EX + "e"]
    assert sorted(people.subject_objects(KNOWS)) == [(A, B), (A, C), (B, C), (C, A), (EX + "e", A)]
    assert len(people) == 13


def test_absorb_merges_a_subject_from_two_parts():
    graph = Graph()
    assert graph.absorb(A, {RDF_TYPE: [PERSON], NAME: [Literal("甲"), Literal("A")]}) is True
    assert len(graph) == 3
    assert graph.absorb(A, {NAME: [Literal("A"), Literal("阿")], KNOWS: [B]}) is False  # "A" again: once
    assert len(graph) == 5
    assert graph.absorb(A, {NAME: [Literal("阿")], KNOWS: [B]}) is False  # nothing new
    assert len(graph) == 5 == len(list(graph))
    assert set(graph.objects(A, NAME)) == {Literal("甲"), Literal("A"), Literal("阿")}
    assert graph.absorb(B, {KNOWS: [A]}) is True
    assert len(graph) == 6 and graph.subjects(KNOWS, A) == [B]
    assert sorted(graph, key=lambda t: tuple(map(triples.order, t))) == [
        (A, KNOWS, B),
        (A, NAME, Literal("A")),
        (A, NAME, Literal("甲")),
        (A, NAME, Literal("阿")),
        (A, RDF_TYPE, PERSON),
        (B, KNOWS, A),
    ]


def test_add_after_absorb_of_lists():
    graph = Graph()
    graph.absorb(A, {NAME: [Literal("甲")], KNOWS: [B]})  # objects as lists, kept as given
    graph.add(A, NAME, Literal("乙"))
    graph.add(A, NAME, Literal("甲"))  # already there
    graph.update([(A, KNOWS, C), (A, KNOWS, B)])
    assert len(graph) == 4 == len(list(graph))
    assert set(graph.objects(A, NAME)) == {Literal("甲"), Literal("乙")}
    assert set(graph.objects(A, KNOWS)) == {B, C}
    assert (A, NAME, Literal("乙")) in graph and graph.value(A, KNOWS) == B
    graph.absorb(A, {NAME: [Literal("丙")]})  # absorbed again after the adds
    graph.add(A, NAME, Literal("丙"))
    assert len(graph) == 5 and graph.subjects(NAME, Literal("丙")) == [A]
