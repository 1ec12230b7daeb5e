"""Saved questions and free SPARQL over a graph: resolve, bind parameters, run, format.

A query is a saved name (kg/sparql/queries/NAME.rq), a `.rq` file or a SPARQL string. Results print as an
aligned table, CSV, TSV, SPARQL 1.1 JSON results, or Turtle for CONSTRUCT/DESCRIBE.

>>> sorted(saved_queries())[:3]
['attendance', 'concepts', 'evidence']
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import InputError, QueryError

FORMATS = ("table", "csv", "tsv", "json")  # of a SELECT or ASK result (kg.kinds.ResultFormat)
GRAPH_FORMATS = (
    "ttl",
    "trig",
    "nt",
    "nq",
    "jsonld",
)  # of a CONSTRUCT or DESCRIBE result (kg.kinds.RdfFormat)
# the result format `--output FILE` names by its extension (a graph's: kg.rdf.formats.EXTENSIONS)
RESULT_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".txt": "table"}
# The output contract: saved query → its columns (DESIGN.md, "The output contract").
CONTRACT = {
    "officials": ("person", "post", "organization", "document", "evidence"),
    "organizations": ("organization", "kind", "parent", "document"),
    "meetings": ("meeting", "date", "place", "chair", "speaker", "speech_title", "document"),
    "targets": (
        "metric",
        "scope",
        "change",
        "value",
        "unit",
        "qualifier",
        "period",
        "status",
        "deadline",
        "document",
        "evidence",
        "modality",
        "value_max",
        "base_value",
        "base_unit",
    ),
    "plans": ("plan", "year", "kind", "ordinal", "item", "document"),
    "programmes": ("programme", "plan_item", "document"),
    "concepts": ("concept", "document"),
}
# `# param NAME: what it selects`, or `# param NAME (organization): …` for one naming an organization (its
# value is resolved through the gazetteer's aliases: 工信部 → 工业和信息化部)
_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*(?:\((\w+)\))?\s*:\s*(.*)$")
ORGANIZATION = "organization"
_QUERY_WORD = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|PREFIX|BASE)\b", re.IGNORECASE)
BOM = "\ufeff"


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its name, file, the question it answers and its parameters."""

    name: str
    path: str
    description: str
    params: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # parameter → what it names (organization), if marked

    @property
    def text(self) -> str:
        return _read_saved(self.path)


@cache
def _read_saved(path: str) -> str:
    from importlib.resources import files

    return (files("kg.sparql") / "queries" / path).read_text(encoding="utf-8")


@cache
def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped in kg/sparql/queries, by name."""
    from importlib.resources import files

    found = {}
    for entry in sorted((files("kg.sparql") / "queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        question, params, kinds = [], {}, {}
        for line in entry.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            if match := _PARAM.match(line):
                params[match.group(1)] = match.group(3).strip()
                if match.group(2):
                    kinds[match.group(1)] = match.group(2)
            else:
                question.append(line.lstrip("#").strip())
        name = entry.name[:-3]
        found[name] = SavedQuery(name, entry.name, " ".join(question), params, kinds)
    return found


def catalogue() -> str:
    """The saved queries with the question each answers and its parameters, for `kg query --list`."""
    import textwrap

    lines = []
    for query in saved_queries().values():
        lines.append(f"{query.name}")
        lines.extend(textwrap.wrap(query.description, 100, initial_indent="    ", subsequent_indent="    "))
        for param, text in query.params.items():
            lines.append(f"    --param {param}=…  {text}")
    return "\n".join(lines) + "\n"


def resolve(spec: str) -> tuple[str, str]:
    """(source, SPARQL text) for a saved name, a .rq file or a SPARQL string."""
    saved = saved_queries()
    if spec in saved:
        return spec, saved[spec].text
    if spec.endswith(".rq") or _is_file(spec):
        try:
            return spec, Path(spec).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(
                f"{spec}: no such query file; pass a saved name, a .rq file or a SPARQL string"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{spec}: cannot be read as UTF-8 text ({exc.__class__.__name__})") from None
    if _QUERY_WORD.search(spec) or "{" in spec:
        return "query", spec
    close = difflib.get_close_matches(spec, saved, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise QueryError(f"unknown query '{spec}'; {hint}saved queries: {', '.join(saved)} (see kg query --list)")


def _is_file(spec: str) -> bool:
    try:
        return "\n" not in spec and Path(spec).is_file()
    except OSError:  # a SPARQL string too long for a file name
        return False


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """{'year': '2018'} from ['year=2018']."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param {pair!r} is not NAME=VALUE; write e.g. --param year=2018")
        params[name] = value
    return params


def bindings(sparql: str, params: dict[str, str], source: str = "query") -> dict:
    """rdflib terms for `params` (an IRI for http(s) values, else a plain literal), checked against the query."""
    from rdflib import Literal, URIRef, Variable

    saved = saved_queries()
    terms = {}
    for name, value in params.items():
        known = (
            name in saved[source].params
            if source in saved
            else re.search(rf"[?$]{re.escape(name)}\b", sparql)
        )
        if not known:
            listed = ", ".join(saved[source].params) if source in saved else "the variables of the query"
            raise QueryError(f"{source} has no parameter '{name}'; its parameters: {listed or 'none'}")
        iri = value.strip("<>")
        terms[Variable(name)] = URIRef(iri) if re.match(r"^https?://\S+$", iri) else Literal(value)
    return terms


def names_bound(store, sparql: str, source: str, terms: dict) -> dict:
    """`terms` with each string parameter made to match a name whatever its language tag: bound to every
    string or language-tagged literal of the graph with that text (`--param who=某甲` finds "某甲"@zh), where the
    query uses the parameter other than as STR(?p) (saved queries compare STR(?p), which already matches any
    tag); an organization parameter of a saved query, or a parameter whose text the graph lacks, resolved
    through the gazetteer's aliases first (工信部 → 工业和信息化部)."""
    from rdflib import Literal

    from kg.lexicon import resolve_organization

    kinds = saved_queries()[source].kinds if source in saved_queries() else {}
    bound = dict(terms)
    for variable, term in terms.items():
        if not isinstance(term, Literal) or term.language or term.datatype:
            continue
        text = str(term)
        if kinds.get(str(variable)) == ORGANIZATION:
            text = resolve_organization(text)
        if _compared_as_term(sparql, str(variable)):
            variants = _literals_named(store, text)
            if not variants and resolve_organization(text) != text:
                text = resolve_organization(text)
                variants = _literals_named(store, text)
            bound[variable] = variants[0] if len(variants) == 1 else tuple(variants) or Literal(text)
        else:
            bound[variable] = Literal(text)
    return bound


def _compared_as_term(sparql: str, variable: str) -> bool:
    """Whether the query uses ?variable other than inside STR(…) or BOUND(…) (comments and strings aside)."""
    from kg.sparql.text import MASKED

    masked = MASKED.sub(" ", sparql)
    name = re.escape(variable)
    uses = len(re.findall(rf"[?$]{name}\b", masked))
    as_text = len(re.findall(rf"(?i)\b(?:STR|BOUND)\s*\(\s*[?$]{name}\s*\)", masked))
    return uses > as_text


def _literals_named(store, text: str) -> list:
    """The distinct string and language-tagged literals of the graph whose text is `text`, plain one first."""
    from rdflib import Literal

    from kg.sparql.terms import to_oxigraph

    found = store.query(
        "SELECT DISTINCT ?l WHERE { ?s ?p ?l . FILTER(isLiteral(?l) && STR(?l) = "
        f"{to_oxigraph(Literal(text))} && (LANG(?l) != '' || DATATYPE(?l) = "
        "<http://www.w3.org/2001/XMLSchema#string>)) }"
    ).rows
    return sorted((row[0] for row in found), key=lambda term: term.language or "")


def run(store, spec: str, params: dict[str, str] | None = None):
    """Run a saved name, .rq file or SPARQL string on `store`; a `kg.sparql.store.QueryResult`."""
    source, sparql = resolve(spec)
    initial = names_bound(store, sparql, source, bindings(sparql, params or {}, source))
    try:
        return store.query(sparql, initial)
    except QueryError as exc:
        raise QueryError(f"{source}: {exc}") from None


# -- formatting --------------------------------------------------------------------------------------


def cell(term) -> str:
    """A result value as plain text: the literal's lexical form, the IRI, or '' for unbound."""
    return "" if term is None else str(term)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote (numbers stay).

    >>> print(spreadsheet_safe("=SUM(A1)"), spreadsheet_safe("-3.5"), spreadsheet_safe("部长"))
    '=SUM(A1) -3.5 部长
    """
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def output_format(result, fmt: str | None, output: str | Path | None = None) -> str:
    """The format to write `result` in: `fmt` if given, else the one the extension of the file `output` names
    (.csv, .tsv, .json/.srj, .txt; .ttl, .nt, .jsonld … for CONSTRUCT/DESCRIBE), else table (Turtle for a graph).

    >>> from kg.sparql.engines import QueryResult
    >>> output_format(QueryResult("select"), None, "t.csv"), output_format(QueryResult("graph"), None, "g.jsonld")
    ('csv', 'jsonld')
    """
    from kg.rdf.formats import EXTENSIONS

    graph = result.kind == "graph"
    if fmt is None and output is not None:
        suffix = Path(output).suffix.lower()
        fmt = EXTENSIONS[suffix].value if graph and suffix in EXTENSIONS else RESULT_EXTENSIONS.get(suffix)
        if fmt is None and suffix in EXTENSIONS:
            raise QueryError(
                f"{output}: a {result.kind.upper()} result is rows, not RDF; write it to a .csv, .tsv, .json, "
                ".srj or .txt file (RDF files are for CONSTRUCT and DESCRIBE)"
            )
    if fmt is None:
        return "ttl" if graph else "table"
    if fmt in GRAPH_FORMATS and not graph:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a {result.kind.upper()} result "
            f"is written as {', '.join(FORMATS)}"
        )
    return fmt


def format_result(result, fmt: str = "table") -> str:
    """The result as text in `fmt` (table, csv, tsv, json); CONSTRUCT/DESCRIBE results in `fmt` if it is an RDF
    format (ttl, trig, nt, nq, jsonld), else as Turtle."""
    if fmt not in FORMATS + GRAPH_FORMATS:
        raise QueryError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS + GRAPH_FORMATS)}")
    if result.kind == "graph":
        from kg.rdf import formats, to_turtle

        if fmt in GRAPH_FORMATS and fmt != "ttl":
            return formats.serialize(formats.dataset_of(result.graph), fmt).decode("utf-8")
        return to_turtle(result.graph).decode("utf-8")
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; use {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(_json_results(result), ensure_ascii=False, indent=2) + "\n"
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    rows = [[cell(term) for term in row] for row in result.rows]
    if fmt == "table":
        return _table(result.variables, rows)
    rows = [[spreadsheet_safe(value) for value in row] for row in rows]  # CSV and TSV open in Excel
    if fmt == "tsv":  # plain values; a tab or line break inside one becomes a space
        lines = [result.variables] + [[re.sub(r"[\t\r\n]", " ", value) for value in row] for row in rows]
        return "".join("\t".join(line) + "\n" for line in lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as Excel writes it
    writer.writerow(result.variables)
    writer.writerows(rows)
    return out.getvalue()


def _json_results(result) -> dict:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    from rdflib import BNode, Literal

    def term(value) -> dict:
        if isinstance(value, Literal):
            encoded = {"type": "literal", "value": str(value)}
            if value.language:
                encoded["xml:lang"] = value.language
            elif value.datatype:
                encoded["datatype"] = str(value.datatype)
            return encoded
        return {"type": "bnode" if isinstance(value, BNode) else "uri", "value": str(value)}

    bindings = [
        {var: term(value) for var, value in zip(result.variables, row) if value is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    rows = [[value.replace("\n", " ") for value in row] for row in rows]
    widths = [max([_width(v)] + [_width(row[i]) for row in rows]) for i, v in enumerate(variables)]

    def line(values) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(variables), rule] + [line(row) for row in rows]
    return "\n".join(body) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


# -- the output contract ----------------------------------------------------------------------------


def answers(store) -> dict[str, list[dict[str, str]]]:
    """The contract's answer rows: saved query name → rows with exactly the contract's columns."""
    found = {}
    for name, columns in CONTRACT.items():
        result = run(store, name)
        missing = [c for c in columns if c not in result.variables]
        if missing:
            raise QueryError(
                f"saved query {name} lacks the columns {', '.join(missing)}; fix kg/sparql/queries/{name}.rq"
            )
        index = [result.variables.index(c) for c in columns]
        found[name] = [{c: cell(row[i]) for c, i in zip(columns, index)} for row in result.rows]
    return found


def stats(store) -> dict:
    """Triples, documents and nodes per class of the graph in `store`."""
    triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    classes = store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"
    ).rows
    documents = store.query(
        "SELECT ?id WHERE { ?d a <https://schema.org/Report> ; <https://schema.org/identifier> ?id } ORDER BY ?id"
    ).rows
    return {
        "triples": int(triples),
        "documents": [cell(row[0]) for row in documents],
        "classes": {_short(cell(c)): int(n) for c, n in classes},
    }


def _short(iri: str) -> str:
    """A prefixed name for a class IRI (kg:Target, org:Membership …) when the prefix is known."""
    from kg.rdf.namespace import PREFIXES

    spaces = {
        **{str(ns): prefix for prefix, ns in PREFIXES.items()},
        "http://www.w3.org/2004/02/skos/core#": "skos",
        "http://xmlns.com/foaf/0.1/": "foaf",
    }
    for namespace, prefix in spaces.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
