"""The text of a SPARQL query: bindings written in as VALUES (for Oxigraph), and syntax errors made into one
line that says where and gives a hint."""

from __future__ import annotations

import re

from kg.errors import QueryError

# strings, IRIs and comments: a WHERE or a brace inside them does not count
MASKED = re.compile(
    r'"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def with_values(sparql: str, bindings: dict) -> str:
    """`sparql` with `VALUES` for `bindings` first in its WHERE group: rdflib's initBindings, for Oxigraph.

    (pyoxigraph's `substitutions` only join projected variables, so a FILTER on a parameter would not see it.)

    >>> import rdflib
    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": rdflib.URIRef("http://e/p")})
    'SELECT ?x WHERE { VALUES (?p) { (<http://e/p>) } ?x ?p ?o }'
    """
    masked = MASKED.sub(lambda match: " " * len(match.group(0)), sparql)
    where = re.search(r"(?i)\bWHERE\s*\{", masked) or re.search(r"(?i)\b(?:SELECT|ASK)\b[^{]*\{", masked)
    if not where:
        raise QueryError("cannot bind parameters in a query without a WHERE clause")
    import itertools

    from kg.sparql.terms import to_oxigraph

    columns = []  # a parameter bound to a tuple of terms takes each (a row per combination)
    for value in bindings.values():
        terms = []
        for one in value if isinstance(value, tuple) else (value,):
            term = to_oxigraph(one)
            if term.__class__.__name__ == "BlankNode":
                raise QueryError("cannot bind a parameter to a blank node; use an IRI or a literal")
            terms.append(str(term))
        columns.append(terms)
    names = " ".join(f"?{str(name).lstrip('?$')}" for name in bindings)
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*columns))
    return f"{sparql[: where.end()]} VALUES ({names}) {{ {rows} }}{sparql[where.end() :]}"


_POSITION = re.compile(r"error at (\d+):(\d+)")


def syntax_error(sparql: str, detail: str) -> QueryError:
    """A one-line QueryError: where the query is wrong, what was expected, and a hint to fix it."""
    match = _POSITION.search(detail)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    where, near = "", ""
    if line:
        lines = sparql.splitlines() or [""]
        text = lines[min(line, len(lines)) - 1]
        fragment = text[column - 1 : column + 24].strip() if column else ""
        where = f" at line {line}, column {column}"
        near = f" near `{fragment}`" if fragment else " at the end of the line"
    undeclared = _undeclared_prefixes(sparql)
    if undeclared:
        names = ", ".join(f"`{name}:`" for name in undeclared)
        return QueryError(
            f"SPARQL syntax error{where}{near}: undefined prefix {names}; hint: declare it first, "
            f"e.g. `PREFIX {undeclared[0]}: <http://…#>`"
        )
    return QueryError(f"SPARQL syntax error{where}{near}: {_expected(detail)}; hint: {_hint(sparql)}")


def _undeclared_prefixes(sparql: str) -> list[str]:
    """Prefixes the query uses (ex:name) but does not declare, in order of use."""
    masked = MASKED.sub(lambda match: " " * len(match.group(0)), sparql)
    declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", masked))
    used = re.findall(r"(?<![\w?$:.-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?=[\w%])", masked)
    return list(dict.fromkeys(name for name in used if name not in declared and name != "_"))


def _expected(detail: str) -> str:
    """The parser's complaint, with character classes dropped so it stays one readable line."""
    detail = " ".join(_POSITION.sub("", detail).split()).strip(" :")
    if "expected one of" in detail:
        words = [w.strip() for w in detail.split("expected one of", 1)[1].split(",")]
        words = [w for w in words if w and re.fullmatch(r"[A-Za-z]+|'.'", w) and w != "Prefix"]
        return (
            "expected one of " + ", ".join(words[:8]) + (" …" if len(words) > 8 else "")
            if words
            else "unexpected text"
        )
    return detail[:160]


def _hint(sparql: str) -> str:
    """A guess at the usual cause of a syntax error."""
    form = re.sub(r"(?is)^\s*((#[^\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", sparql)
    if not re.match(r"(?i)(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", form):
        return "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after its PREFIX lines)"
    if sparql.count("{") != sparql.count("}"):
        return f"the braces do not balance ({sparql.count('{')} `{{` and {sparql.count('}')} `}}`)"
    if sparql.count("(") != sparql.count(")"):
        return f"the parentheses do not balance ({sparql.count('(')} `(` and {sparql.count(')')} `)`)"
    return "check the keyword spelling and that triple patterns end with `.`; `kg query --list` shows working queries"
