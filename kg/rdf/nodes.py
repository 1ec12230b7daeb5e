"""The nodes a fact points at, added to one graph (kg.rdf.triples): the report, the sentence and span of words
that are a fact's evidence, and the entities (people, organizations, indicators, units).

`NodeWriter` holds the graph and the namespaces; kg.rdf.builder's builder adds the facts on top of it.
Every IRI comes from kg.rdf.iris, so a report's nodes are the same whichever fact adds them first.

>>> from kg.read import read_text
>>> writer = NodeWriter()
>>> writer.person("李明", read_text("部长李明出席会议。", doc_id="demo"))
'https://w3id.org/cn-gov-kg/id/person/li-ming-5d2b8b77'
"""

from __future__ import annotations

from functools import lru_cache

from kg.facts import Document, Evidence
from kg.kinds import ORG_KIND_CLASS, OrgKind
from kg.rdf import iris, triples, units
from kg.rdf.iris import canonical
from kg.rdf.terms import vocabulary

_KIND_CLASS = {kind.value: cls for kind, cls in ORG_KIND_CLASS.items()}  # organization kind → project class


class NodeWriter:
    """Adds the nodes facts point at to one graph (kg.rdf.triples); holds the namespaces for short helpers."""

    def __init__(self) -> None:
        v = self.ns = vocabulary()
        self.RDF, self.SKOS, self.XSD, self.PROV, self.DCTERMS = v.RDF, v.SKOS, v.XSD, v.PROV, v.DCTERMS
        self.KG = v.KG
        self.graph = triples.Graph(v.prefixes)
        self.terms: dict = {}

    # -- small helpers --------------------------------------------------------------------------
    def add(self, subject: str, predicate: str, obj) -> None:
        # one object per distinct term: a worker's pickle of the graph then sends each once
        if obj is not None:
            terms = self.terms
            self.graph.add(terms.setdefault(subject, subject), predicate, terms.setdefault(obj, obj))

    @staticmethod
    def zh(text: str | None):
        return None if not text else triples.Literal(text, "", "zh")

    @staticmethod
    def lit(value, datatype: str = ""):
        if value is None or value == "":
            return None
        return triples.Literal(str(value), datatype)

    @staticmethod
    @lru_cache(maxsize=64)
    def _key(title: str | None, date: str | None, text: str) -> str:
        return iris.document_key(title, date, text)

    def doc_key(self, doc: Document) -> str:
        """The report's key in IRIs: from its title and date, else its text (never its file name)."""
        return self._key(doc.title, doc.date, doc.text)

    def doc_iri(self, doc: Document):
        return iris.document(self.doc_key(doc))

    # -- documents and evidence -----------------------------------------------------------------
    def document(self, doc: Document):
        node = self.doc_iri(doc)
        S, NIF = self.ns.SCHEMA, self.ns.NIF
        self.add(node, self.RDF.type, S.Report)
        self.add(node, self.RDF.type, NIF.Context)
        self.add(node, S.identifier, self.lit(doc.id))
        self.add(node, S.name, self.zh(doc.title))
        self.add(node, S.datePublished, self.lit(doc.date, self.XSD.date))
        self.add(node, S.publisher, self.publisher(doc))
        self.add(node, NIF.isString, self.lit(doc.text))
        return node

    def publisher(self, doc: Document):
        """The report's publisher as a node: the gazetteer's body (the node its mentions share, under its name
        of the report's year) when the name resolves, else an organization of its own, named as the metadata has it."""
        from kg.lexicon import gazetteer, organization_names

        if not doc.publisher:
            return None
        known = organization_names().get(canonical(doc.publisher))
        if known is None:
            node = iris.entity("publisher", doc.publisher)
            self.add(node, self.RDF.type, self.ns.SCHEMA.Organization)
            self.add(node, self.ns.SCHEMA.name, self.zh(canonical(doc.publisher)))
            return node
        year = int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None
        name = gazetteer()[known].name_in(year)
        node = iris.entity("org", name)
        self.add(node, self.RDF.type, self.ns.ORG.Organization)
        self.add(node, self.SKOS.prefLabel, self.zh(canonical(name)))
        return node

    def evidence(self, fact, ev: Evidence | None, doc: Document, is_fact: bool = True) -> None:
        """Link `fact` to its sentence and the span of words that state it (and, for a fact, its document)."""
        S, NIF = self.ns.SCHEMA, self.ns.NIF
        doc_node = self.doc_iri(doc)
        if is_fact:
            self.add(fact, self.DCTERMS.source, doc_node)
        if ev is None:
            return
        sentence = self._sentence(doc, ev)
        sentence_node = iris.sentence(self.doc_key(doc), sentence.index)
        self._nif_string(sentence_node, NIF.Sentence, sentence.start, sentence.end, sentence.text, doc_node)
        self.add(sentence_node, S.isPartOf, doc_node)
        self.add(fact, self.PROV.wasDerivedFrom, sentence_node)
        span = iris.span(self.doc_key(doc), ev.start, ev.end)
        self._nif_string(span, NIF.Phrase, ev.start, ev.end, ev.anchor, doc_node)
        self.add(span, NIF.sentence, sentence_node)
        self.add(fact, self.KG.evidenceSpan, span)

    def _nif_string(self, node, kind, start: int, end: int, anchor: str, doc_node) -> None:
        """A NIF string of the report: its class, offsets, the words it anchors and the report's context."""
        NIF = self.ns.NIF
        self.add(node, self.RDF.type, kind)
        self.add(node, NIF.beginIndex, self.lit(start, self.XSD.nonNegativeInteger))
        self.add(node, NIF.endIndex, self.lit(end, self.XSD.nonNegativeInteger))
        self.add(node, NIF.anchorOf, self.lit(anchor))
        self.add(node, NIF.referenceContext, doc_node)

    @staticmethod
    def _sentence(doc: Document, ev: Evidence):
        if 0 <= ev.sentence < len(doc.sentences) and doc.sentences[ev.sentence].index == ev.sentence:
            return doc.sentences[ev.sentence]
        for sentence in doc.sentences:
            if sentence.index == ev.sentence:
                return sentence
        return doc.sentence_at(ev.start)

    def mention(self, doc: Document, entity) -> None:
        self.add(self.doc_iri(doc), self.ns.SCHEMA.mentions, entity)

    # -- entities -------------------------------------------------------------------------------
    def person(self, name: str, doc: Document):
        S = self.ns.SCHEMA
        node = iris.person(name)
        self.add(node, self.RDF.type, S.Person)
        self.add(node, self.RDF.type, self.ns.FOAF.Person)
        self.add(node, S.name, self.zh(canonical(name)))
        self.mention(doc, node)
        return node

    def organization(self, name: str, doc: Document, kind: str | None = None):
        ORG = self.ns.ORG
        node = iris.entity("org", name)
        self.add(node, self.RDF.type, ORG.Organization)
        self.add(node, self.SKOS.prefLabel, self.zh(canonical(name)))
        if kind:
            kind_node = iris.kind(kind)
            self.add(node, ORG.classification, kind_node)
            self.add(kind_node, self.RDF.type, self.SKOS.Concept)
            self.add(kind_node, self.SKOS.notation, self.lit(kind))
            self.add(kind_node, self.SKOS.prefLabel, triples.Literal(kind, "", "en"))
            if kind in _KIND_CLASS:
                self.add(node, self.RDF.type, self.KG[_KIND_CLASS[kind]])
                if kind in (OrgKind.MINISTRY, OrgKind.STATE_ADMINISTRATION):
                    self.add(node, self.RDF.type, self.ns.SCHEMA.GovernmentOrganization)
        self.mention(doc, node)
        return node

    def indicator(self, metric: str, doc: Document):
        """The indicator's concept: a standard indicator under its preferred label, the form written here
        an alternative label (居民消费价格涨幅 → 居民消费价格), its English name beside."""
        from kg.extract.indicators import preferred

        label, english = preferred(canonical(metric))
        node = iris.entity("indicator", label)
        self.add(node, self.RDF.type, self.KG.Indicator)
        self.add(node, self.RDF.type, self.SKOS.Concept)
        self.add(node, self.SKOS.prefLabel, self.zh(label))
        if label != canonical(metric):
            self.add(node, self.SKOS.altLabel, self.zh(canonical(metric)))
        if english:
            self.add(node, self.SKOS.altLabel, triples.Literal(english, "", "en"))
        self.mention(doc, node)
        return node

    def unit(self, unit: units.Unit) -> str:
        """A unit's node: its QUDT IRI, or kg's own unit (kg:LocalUnit) with its symbol where QUDT has none."""
        if unit.qudt:
            self.add(unit.qudt, self.RDF.type, self.ns.QUDT.Unit)
            return unit.qudt
        node = iris.entity("unit", unit.symbol)
        self.add(node, self.RDF.type, self.ns.QUDT.Unit)
        self.add(node, self.RDF.type, self.KG.LocalUnit)
        self.add(node, self.ns.QUDT.symbol, self.lit(unit.symbol))
        return node

    def quantity(self, node: str, value: float, symbol: str) -> None:
        """A figure's unit as written, its unit (qudt:hasUnit) and, where the unit table knows the symbol, the
        value in the base unit (41.1万亿元 → 41100000000000 unit:CCY_CNY), so figures compare across reports."""
        self.add(node, self.KG.unitAsWritten, self.lit(symbol))
        measure = units.measure(symbol)
        if measure is None:
            self.add(node, self.ns.QUDT.hasUnit, self.unit(units.Unit(symbol, None)))
            return
        self.add(node, self.ns.QUDT.hasUnit, self.unit(measure.unit))
        self.add(node, self.KG.baseValue, self.lit(units.base_value(value, measure), self.XSD.decimal))
        self.add(node, self.KG.baseUnit, self.unit(measure.base))
