"""Every IRI of kg's data, in one place: ASCII, deterministic, and independent of the report's file name.

Under https://w3id.org/cn-gov-kg/id/ (see the README's "IRIs" section):

    doc/<key>                        a report: <date>-<pinyin of title>-<hash>, else c-<hash of its text>
    doc/<key>/sentence/<i>           doc/<key>/char/<start>-<end>   (its sentences and evidence spans)
    person/<pinyin>-<hash>           a name within one report (and across reports that share a body);
    person/<pinyin>-<hash>-<hash>    namesakes the evidence keeps apart (kg.corpus.identity)
    org/, role/, indicator/, programme/, formulation/, unit/ <pinyin>-<hash>; post/<pinyin of org+title>-<hash>
    kind/<kind>                      an organization kind
    membership/<doc key>-<hash>      participation/, meeting/, speech/, target/ likewise
    plan/<doc key>-<kind>-<year>-<hash>   and its items plan/…/item-<ordinal>

>>> document_key(title="某某会议召开", date="2019-01-02", text="")
'2019-01-02-mou-mou-hui-yi-zhao-kai-0c81581b'
>>> document_key(title=None, date=None, text="会议在北京召开。")
'c-21968ffe04489e83'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

BASE = "https://w3id.org/cn-gov-kg/id/"  # kg.rdf.namespace.DATA (kept as a string: no rdflib import here)


def canonical(name: str) -> str:
    """The form of a name that identifies it: NFKC-folded, inner whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def digest(*parts: object, length: int = 8) -> str:
    """A short hex digest of `parts` (None as empty), the tail of most IRIs."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """An ASCII IRI segment for a Chinese name: pinyin (at most 40 chars) + 8 hex of its hash.

    >>> slug("工业和信息化部")
    'gong-ye-he-xin-xi-hua-bu-020b4fbd'
    """
    from pypinyin import lazy_pinyin

    name = canonical(name)
    words = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).lower()).strip("-")
    return f"{words[:40].rstrip('-')}-{digest(name)}".lstrip("-")


def document_key(title: str | None, date: str | None, text: str) -> str:
    """A report's key: from its metadata (date and title) if it has a title, else from its text."""
    if title and canonical(title):
        return f"{date}-{slug(title)}" if date else slug(title)
    return f"{date}-c-{digest(text, length=16)}" if date else f"c-{digest(text, length=16)}"


def document(key: str) -> str:
    return f"{BASE}doc/{key}"


def sentence(key: str, index: int) -> str:
    return f"{BASE}doc/{key}/sentence/{index}"


def span(key: str, start: int, end: int) -> str:
    return f"{BASE}doc/{key}/char/{start}-{end}"


def person(name: str) -> str:
    return f"{BASE}person/{slug(name)}"


def namesake(person: str, first_document: str) -> str:
    """One of several people of one name: the name's IRI (`person`) and the hash of the first report (in IRI
    order) that names them."""
    return f"{person}-{digest(first_document)}"


NAMESAKES = f"{BASE}graph/namesakes"  # the named graph of kg:possibleSameAs links in kg.trig


def entity(kind: str, name: str) -> str:
    """An entity named by its canonical name: org, publisher (one the gazetteer lacks), role, indicator, programme,
    formulation, unit."""
    return f"{BASE}{kind}/{slug(name)}"


def kind(value: str) -> str:
    return f"{BASE}kind/{re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-')}"


def post(organization: str, title: str) -> str:
    return f"{BASE}post/{slug(organization + title)}"


def fact(kind: str, key: str, *parts: object, length: int = 8) -> str:
    """A fact of a report: membership, meeting, speech, participation, target, by its content."""
    return f"{BASE}{kind}/{key}-{digest(*parts, length=length)}"


def plan(key: str, kind: str, year: object, label: str) -> str:
    return f"{BASE}plan/{key}-{kind}-{year or 'x'}-{digest(canonical(label))}"


def plan_item(plan: str, ordinal: int) -> str:
    return f"{plan}/item-{ordinal}"
