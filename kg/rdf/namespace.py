"""The project's ontology terms (ontology/kg.ttl) as an rdflib namespace that fails loudly on a typo.

>>> from kg.rdf.namespace import KG
>>> str(KG.Ministry)
'https://w3id.org/cn-gov-kg/ontology#Ministry'
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/cn-gov-kg/ontology"
DATA = Namespace("https://w3id.org/cn-gov-kg/id/")  # the base of every IRI the RDF stage mints


class KG(DefinedNamespace):
    """Terms of ontology/kg.ttl; tests/test_ontology.py keeps the two in step."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # organizations
    Ministry: URIRef
    PartyGroup: URIRef
    StateAdministration: URIRef
    DisciplineInspectionGroup: URIRef
    partyGroupOf: URIRef
    administeredBy: URIRef
    stationedAt: URIRef
    # posts
    attestedOn: URIRef
    titleAsWritten: URIRef
    PostChange: URIRef
    Appointment: URIRef
    Removal: URIRef
    postChange: URIRef
    changedOn: URIRef
    # meetings
    Speech: URIRef
    speaker: URIRef
    speechKind: URIRef
    chair: URIRef
    Participation: URIRef
    ParticipationRole: URIRef
    ChairRole: URIRef
    SpeakerRole: URIRef
    AttendeeRole: URIRef
    participant: URIRef
    event: URIRef
    participationRole: URIRef
    capacity: URIRef
    capacityAsWritten: URIRef
    possibleSameAs: URIRef
    reviewsYear: URIRef
    plansYear: URIRef
    # targets
    Indicator: URIRef
    Target: URIRef
    IndicatorValue: URIRef
    Goal: URIRef
    indicator: URIRef
    change: URIRef
    qualifier: URIRef
    modality: URIRef
    valueMax: URIRef
    metricAsWritten: URIRef
    planItem: URIRef
    scope: URIRef
    referenceYear: URIRef
    referencePeriod: URIRef
    deadline: URIRef
    unitAsWritten: URIRef
    baseValue: URIRef
    baseUnit: URIRef
    LocalUnit: URIRef
    # plans and programmes
    Plan: URIRef
    WorkPlan: URIRef
    Review: URIRef
    PlanItem: URIRef
    KeyTask: URIRef
    ReviewArea: URIRef
    declaredCount: URIRef
    Programme: URIRef
    programmeOf: URIRef
    Formulation: URIRef
    # evidence
    evidenceSpan: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")  # Wikidata items, the objects of skos:exactMatch

PREFIXES = {
    "kg": KG._NS,
    "id": DATA,
    "schema": SCHEMA,
    "org": ORG,
    "qudt": QUDT,
    "unit": UNIT,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "sdmx-code": SDMX_CODE,
    "nif": NIF,
    "wd": WD,
}
