"""Linked-data idioms over the built facts: a label for every instance, authority links, `org:memberOf`.

Run by the builder once a batch of extractions is in the graph (`enrich`), so every part of a corpus carries them:

- `rdfs:label` on every node of an instance class (persons, organizations, posts, roles, memberships, meetings,
  speeches, participations, targets, indicators, plans and items, programmes, reports, sentences, spans, units),
  in Chinese from the node's own name; persons and organizations also in pinyin (`@zh-latn-pinyin`, tone marks);
- an organization of lexicon/authority.tsv (by its name, an alias or a former name of the gazetteer: 国家电网公司
  is 国家电网有限公司 before its renaming) gets `skos:exactMatch` its Wikidata item and ROR record, and an English
  `rdfs:label` unless it is named by a former name (the English name is the current one's); nothing is fetched;
- beside each `org:Membership`, its person `org:memberOf` its organization (ORG's shortcut of the n-ary node).

>>> person_pinyin("曾某某"), organization_pinyin("工业和信息化部")
('Zēng Mǒumǒu', 'Gōng yè hé xìn xī huà bù')
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.rdf import triples
from kg.rdf.triples import RDF_TYPE, Literal

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
WIKIDATA = "http://www.wikidata.org/entity/"
ROR = "https://ror.org/"
PINYIN = "zh-latn-pinyin"  # BCP 47 zh-Latn-pinyin, lower case as rdflib and Oxigraph normalise tags
_HAN = re.compile(r"[\u3400-\u9fff]+")
_LONG = 30  # a sentence's label is its first words
# codes of the output contract → the Chinese a label reads them in (a participation's role, a target's change)
_WORDS = {"chair": "主持", "speaker": "讲话", "attendee": "出席"}
_CHANGE = {"increase": "增长", "decrease": "下降", "level": "达到", "count": "共"}


@lru_cache(maxsize=1)
def _surnames() -> tuple[tuple[str, ...], dict[str, str]]:
    from kg.lexicon import records, words

    compound = tuple(s for s in words("surnames") if len(s) > 1)
    return compound, {row["surname"]: row["pinyin"] for row in records("surname_readings")}


@lru_cache(maxsize=1)
def _former_names() -> frozenset[str]:
    from kg.lexicon import gazetteer

    return frozenset(name for body in gazetteer().values() for name, _ in body.former)


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.TONE)


def _joined(syllables: list[str]) -> str:
    """Syllables written as one word, with an apostrophe before a/o/e after the first (Xī'ān)."""
    return "".join(
        s if i == 0 or s[:1] not in "aāáǎàoōóǒòeēéěè" else "'" + s for i, s in enumerate(syllables)
    )


@lru_cache(maxsize=65536)
def person_pinyin(name: str) -> str | None:
    """A Chinese name in pinyin, surname first and apart (曾某某 → Zēng Mǒumǒu); None if not all Han characters."""
    if len(name) < 2 or not _HAN.fullmatch(name):
        return None
    compound, readings = _surnames()
    surname = next((s for s in compound if name.startswith(s) and len(name) > len(s)), name[0])
    family = readings.get(surname) or _joined(_syllables(surname))
    given = _joined(_syllables(name[len(surname) :]))
    return f"{family[:1].upper()}{family[1:]} {given[:1].upper()}{given[1:]}"


@lru_cache(maxsize=65536)
def organization_pinyin(name: str) -> str | None:
    """An organization's name in pinyin, syllable by syllable (kg does not segment it into words)."""
    if not _HAN.search(name):
        return None
    text = " ".join(_syllables(name))
    return text[:1].upper() + text[1:]


def enrich(graph: triples.Graph, v) -> None:
    """Add the labels, authority links and `org:memberOf` of the instances in `graph` (`v`: kg.rdf.vocabulary())."""
    from kg.lexicon import authorities, canonical_organization
    from kg.rdf.builder import post_label

    index = graph.index
    added: list[tuple[str, str, triples.Term]] = []
    S, SKOS, ORG, KG, NIF = v.SCHEMA, v.SKOS, v.ORG, v.KG, v.NIF
    links = authorities()

    def one(node, predicate):
        objects = index.get(node, {}).get(predicate, ())
        return min(objects, key=triples.order) if objects else None

    def zh(node, *predicates) -> str:
        for predicate in predicates:
            objects = index.get(node, {}).get(predicate, ())
            chinese = sorted(o for o in objects if type(o) is Literal and o.language == "zh")
            if chinese:
                return chinese[0].lexical
        return ""

    def name_of(node) -> str:
        return zh(node, S.name, SKOS.prefLabel) if node else ""

    def label(node, text: str, language: str = "zh") -> None:
        if text:
            added.append((node, RDFS_LABEL, Literal(text, "", language)))

    for node, predicates in index.items():
        types = predicates.get(RDF_TYPE)
        if not types or type(node) is not str:
            continue
        if S.Person in types:
            name = zh(node, S.name)
            label(node, name)
            label(node, person_pinyin(name) or "", PINYIN)
        elif ORG.Organization in types:
            name = zh(node, SKOS.prefLabel)
            label(node, name)
            label(node, organization_pinyin(name) or "", PINYIN)
            link = links.get(canonical_organization(name))
            if link is not None:
                if name not in _former_names():  # the English name is the current one's
                    label(node, link.name_en, "en")
                for iri in (
                    WIKIDATA + link.wikidata if link.wikidata else "",
                    ROR + link.ror if link.ror else "",
                ):
                    if iri:
                        added.append((node, SKOS.exactMatch, iri))
        elif ORG.Membership in types:
            person, organization = one(node, ORG.member), one(node, ORG.organization)
            if person and organization:
                added.append((person, ORG.memberOf, organization))
            label(
                node, f"{name_of(person)} · {post_label(name_of(organization), name_of(one(node, ORG.role)))}"
            )
        elif KG.Participation in types:
            role = one(node, KG.participationRole)
            role_word = _WORDS.get(text_of(one(role, SKOS.notation) if role else None), "出席")
            person, event = name_of(one(node, KG.participant)), name_of(one(node, KG.event))
            label(node, f"{person} · {role_word} · {event}" if event else f"{person} · {role_word}")
        elif KG.Speech in types:
            label(node, zh(node, S.name) or f"讲话 · {name_of(one(node, KG.speaker))}")
        elif KG.Target in types:
            label(node, _target_label(node, one, zh, v))
        elif S.Report in types:
            title = zh(node, S.name)
            if title:
                label(node, title)
            else:
                label(node, text_of(one(node, S.identifier)), "")
        elif NIF.Sentence in types or NIF.Phrase in types:
            words = text_of(one(node, NIF.anchorOf))
            label(node, words if len(words) <= _LONG else words[:_LONG] + "…")
        elif v.KG.LocalUnit in types:  # QUDT's own units are labelled by QUDT
            label(node, text_of(one(node, v.QUDT.symbol)), "")
        else:
            names = sorted(
                (o.lexical, o.language)
                for o in predicates.get(SKOS.prefLabel, ()) or predicates.get(S.name, ())
                if isinstance(o, Literal)
            )
            for lexical, language in names:
                label(node, lexical, language)
            if not names:
                label(node, text_of(one(node, SKOS.notation)), "")
    graph.update(added)


def text_of(term) -> str:
    return "" if term is None else triples.text(term)


def _target_label(node, one, zh, v) -> str:
    """规模以上工业增加值 增长 6.3% · 2018: the metric, its change, the value and unit, the period."""
    value = text_of(one(node, v.QUDT.numericValue)).removesuffix(".0")
    symbol = text_of(one(node, v.KG.unitAsWritten))
    period = text_of(one(node, v.KG.referenceYear) or one(node, v.KG.referencePeriod))
    change = _CHANGE.get(text_of(one(node, v.KG.change)), "")
    figure = " ".join(part for part in (zh(node, v.KG.metricAsWritten), change, value + symbol) if part)
    return f"{figure} · {period}" if period else figure
