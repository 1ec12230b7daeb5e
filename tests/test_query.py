"""Saved queries and kg.sparql.query: names, columns, exact rows, parameters, formats, errors, gold answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_facts import sample_extraction

from kg.errors import InputError, QueryError
from kg.rdf import to_graph
from kg.sparql import query
from kg.sparql.store import Store

QUERIES = Path(__file__).parent.parent / "kg" / "sparql" / "queries"
EVIDENCE_SPEECH = "工业和信息化部党组书记、部长苗圩出席会议,并作了题为“保持战略定力”的讲话。"
DOC = "sample-2018"


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request) -> Store:
    return Store(to_graph([sample_extraction()]), engine=request.param, timeout=None)


def rows(store, name, params=None) -> list[tuple[str, ...]]:
    result = query.run(store, name, params)
    return [tuple(query.cell(term) for term in row) for row in result.rows]


MINE = [
    "attendance",
    "concepts",
    "evidence",
    "key_tasks",
    "meetings",
    "officials",
    "organizations",
    "plans",
    "programmes",
    "reported",
    "suborganizations",
    "targets",
]


def test_the_saved_queries():
    names = list(query.saved_queries())
    assert names == sorted(names)
    assert set(MINE) <= set(names)


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_each_file_states_its_question_and_orders_its_rows(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "ORDER BY" in text
    assert "?" in query.saved_queries()[path.stem].description


@pytest.mark.parametrize("name, columns", query.CONTRACT.items())
def test_contract_queries_have_exactly_the_contract_columns(store, name, columns):
    assert tuple(query.run(store, name).variables) == columns


def test_officials(store):
    assert rows(store, "officials") == [
        (person, post, organization, DOC, evidence)
        for person, post, organization, evidence in [
            ("张建民", "局长", "国家烟草专卖局", "部党组成员、国家烟草专卖局局长张建民出席会议。"),
            ("苗圩", "部长", "工业和信息化部", EVIDENCE_SPEECH),
            ("苗圩", "党组书记", "工业和信息化部党组", EVIDENCE_SPEECH),
            ("陈肇雄", "副部长", "工业和信息化部", "会议由部党组成员、副部长陈肇雄主持。"),
        ]
    ]


def test_organizations(store):
    assert rows(store, "organizations") == [
        ("国家烟草专卖局", "state administration", "工业和信息化部", DOC),
        ("工业和信息化部", "ministry", "", DOC),
        ("工业和信息化部党组", "party group", "工业和信息化部", DOC),
    ]


def test_meetings(store):
    assert rows(store, "meetings") == [
        ("全国工业和信息化工作会议", "2018-12-27", "北京", "陈肇雄", "苗圩", "保持战略定力", DOC)
    ]


def test_targets(store):
    assert rows(store, "targets") == [
        (
            "规模以上工业增加值",
            "全国",
            "increase",
            "6.3",
            "%",
            "approximately",
            "2018",
            "estimated",
            "",
            DOC,
            "全国规模以上工业增加值同比增长6.3%左右。",
            "",
            "",
            "6.3",
            "unit:PERCENT",
        ),
        (
            "贫困村通宽带比例",
            "全国",
            "level",
            "98",
            "%",
            "",
            "2019",
            "planned",
            "2019-12-31",
            DOC,
            "力争2019年底全国贫困村通宽带比例达到98%。",
            "aim",
            "",
            "98",
            "unit:PERCENT",
        ),
    ]


def test_plans_programmes_concepts(store):
    item = "强化创新引领,加快发展先进制造业"
    assert rows(store, "plans") == [("2019年重点工作", "2019", "plan", "1", item, DOC)]
    assert rows(store, "programmes") == [("工业强基工程", item, DOC)]
    assert rows(store, "concepts") == [("四个意识", DOC)]


def test_analyst_questions(store):
    assert rows(store, "attendance") == [
        (
            "全国工业和信息化工作会议",
            "2018-12-27",
            "张建民",
            "attendee",
            "部党组成员、国家烟草专卖局局长",
            DOC,
        ),
        ("全国工业和信息化工作会议", "2018-12-27", "陈肇雄", "chair", "部党组成员、副部长", DOC),
        ("全国工业和信息化工作会议", "2018-12-27", "苗圩", "speaker", "工业和信息化部党组书记、部长", DOC),
    ]
    assert rows(store, "key_tasks", {"for_year": "2019"}) == [
        ("2019年重点工作", "2019", "1", "强化创新引领,加快发展先进制造业", "工业强基工程", DOC)
    ]
    assert rows(store, "key_tasks", {"for_year": "2020"}) == []
    assert rows(store, "suborganizations", {"ministry": "工业和信息化部"}) == [
        ("工业和信息化部", "administered by", "国家烟草专卖局", "state administration", DOC),
        ("工业和信息化部", "party group of", "工业和信息化部党组", "party group", DOC),
    ]
    assert rows(store, "reported", {"ministry": "工业和信息化部", "year": "2018"}) == [
        (
            "工业和信息化部",
            "2018",
            "规模以上工业增加值",
            "increase",
            "6.3",
            "%",
            "approximately",
            "estimated",
            DOC,
            "全国规模以上工业增加值同比增长6.3%左右。",
        )
    ]
    assert rows(store, "reported", {"ministry": "国务院"}) == []


def test_the_evidence_of_a_fact(store):
    found = rows(store, "evidence", {"contains": "增长"})
    assert [row[1:] for row in found] == [
        (
            "target",
            "全国规模以上工业增加值同比增长6.3%左右。",
            "规模以上工业增加值同比增长6.3%左右",
            "117",
            "136",
            DOC,
        )
    ]
    fact = found[0][0]
    assert rows(store, "evidence", {"only_fact": fact}) == found
    assert len(rows(store, "evidence")) == 12


def test_parameters_filter(store):
    assert [r[0] for r in rows(store, "officials", {"in_organization": "工业和信息化部"})] == [
        "苗圩",
        "陈肇雄",
    ]
    assert [r[0] for r in rows(store, "attendance", {"who": "苗圩"})] == ["全国工业和信息化工作会议"]
    assert [r[0] for r in rows(store, "targets", {"with_status": "planned"})] == ["贫困村通宽带比例"]


@pytest.mark.parametrize(
    "pairs, message",
    [
        (["year"], "--param 'year' is not NAME=VALUE; write e.g. --param year=2018"),
        (["=1"], "--param '=1' is not NAME=VALUE; write e.g. --param year=2018"),
    ],
)
def test_bad_parameters(pairs, message):
    with pytest.raises(QueryError) as error:
        query.parse_params(pairs)
    assert str(error.value) == message


def test_a_parameter_the_query_does_not_have(store):
    with pytest.raises(QueryError) as error:
        query.run(store, "reported", {"yaer": "2018"})
    assert str(error.value) == "reported has no parameter 'yaer'; its parameters: ministry, year"
    with pytest.raises(QueryError) as error:
        query.run(store, "SELECT ?s WHERE { ?s ?p ?o }", {"x": "1"})
    assert str(error.value) == "query has no parameter 'x'; its parameters: the variables of the query"


def test_unknown_name_lists_the_saved_queries(store):
    with pytest.raises(QueryError) as error:
        query.run(store, "oficials")
    assert str(error.value) == (
        f"unknown query 'oficials'; did you mean 'officials'? saved queries: "
        f"{', '.join(query.saved_queries())} (see kg query --list)"
    )
    assert " key_tasks, meetings, " in str(error.value)


def test_query_files_and_strings(store, tmp_path):
    path = tmp_path / "people.rq"
    path.write_text(
        "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n } ORDER BY ?n",
        encoding="utf-8",
    )
    assert rows(store, str(path)) == [("张建民",), ("苗圩",), ("陈肇雄",)]
    assert rows(store, path.read_text(encoding="utf-8")) == [("张建民",), ("苗圩",), ("陈肇雄",)]
    with pytest.raises(InputError, match=r"^missing\.rq: no such query file"):
        query.run(store, "missing.rq")


def test_a_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError) as error:
        query.run(store, "SELECT ?x\nWHERE { ?x ?y }")
    assert str(error.value).startswith("query: SPARQL syntax error at line 2, column ")


FORMAT_QUERY = (
    "SELECT ?person ?post WHERE { ?m <http://www.w3.org/ns/org#member>/<https://schema.org/name> ?person ;"
    " <http://www.w3.org/ns/org#role>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?post } "
    "ORDER BY ?person ?post"
)


def test_table_aligns_chinese_by_display_width(store):
    assert query.format_result(query.run(store, FORMAT_QUERY), "table") == (
        "person  post\n"
        "------  --------\n"
        "张建民  局长\n"
        "苗圩    党组书记\n"
        "苗圩    部长\n"
        "陈肇雄  副部长\n"
        "(4 rows)\n"
    )


def test_csv_and_tsv(store):
    result = query.run(store, FORMAT_QUERY)
    assert (
        query.format_result(result, "csv")
        == "person,post\r\n张建民,局长\r\n苗圩,党组书记\r\n苗圩,部长\r\n陈肇雄,副部长\r\n"
    )
    assert (
        query.format_result(result, "tsv")
        == "person\tpost\n张建民\t局长\n苗圩\t党组书记\n苗圩\t部长\n陈肇雄\t副部长\n"
    )


def test_json_is_sparql_results_json(store):
    found = json.loads(query.format_result(query.run(store, FORMAT_QUERY + " LIMIT 1"), "json"))
    assert found == {
        "head": {"vars": ["person", "post"]},
        "results": {
            "bindings": [
                {
                    "person": {"type": "literal", "value": "张建民", "xml:lang": "zh"},
                    "post": {"type": "literal", "value": "局长", "xml:lang": "zh"},
                }
            ]
        },
    }
    ask = query.run(store, "ASK { ?s a <https://schema.org/Person> }")
    assert json.loads(query.format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert query.format_result(ask, "table") == "true\n"


def test_construct_prints_turtle(store):
    result = query.run(
        store,
        "CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE { ?p a <https://schema.org/Person> ;"
        " <https://schema.org/name> ?n }",
    )
    text = query.format_result(result, "csv")
    assert text.startswith("@prefix schema: <https://schema.org/> .\n")
    assert text.count("schema:name") == 3
    assert '<https://w3id.org/cn-gov-kg/id/person/miao-wei-bb1119ba> schema:name "苗圩"@zh .' in text


def test_answers_give_the_contract_rows(store):
    found = query.answers(store)
    assert {name: len(found[name]) for name in found} == {
        "officials": 4,
        "organizations": 3,
        "meetings": 1,
        "targets": 2,
        "plans": 1,
        "programmes": 1,
        "concepts": 1,
    }
    assert found["concepts"] == [{"concept": "四个意识", "document": DOC}]
    assert all(tuple(row) == query.CONTRACT[name] for name in found for row in found[name])


def test_stats(store):
    found = query.stats(store)
    assert (found["triples"], found["documents"]) == (452, [DOC])
    assert found["classes"]["org:Membership"] == 4
    assert found["classes"]["kg:Target"] == 2


# -- on the report, through the extractor -------------------------------------------------------------

REPORT = Path(__file__).parent.parent / "source"
GOLD = json.loads(
    (Path(__file__).parent / "gold" / "miit-2018-work-conference.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def report():
    from kg.build import extract_paths

    extractions = extract_paths([REPORT])
    store = Store(to_graph(extractions), timeout=None)
    return extractions, query.answers(store), store


def as_set(rows: list[dict]) -> set[tuple]:
    return {tuple(sorted(row.items())) for row in rows}


def test_the_saved_queries_lose_nothing_the_extractor_found(report):
    from kg.quality.answers import answers_from_extractions

    extractions, answers, _ = report
    expected = answers_from_extractions(extractions)
    for name in query.CONTRACT:
        assert as_set(answers[name]) == as_set(expected[name]), name


def test_officials_are_the_gold_officials(report):
    _, answers, _ = report
    gold = {(o["person"], p["post"], p["organization"]) for o in GOLD["officials"] for p in o["posts"]}
    assert {(r["person"], r["post"], r["organization"]) for r in answers["officials"]} == gold


def test_the_meeting_is_the_gold_meeting(report):
    _, answers, _ = report
    meeting = GOLD["meetings"][0]
    assert [
        (r["meeting"], r["date"], r["place"], r["chair"], r["speaker"], r["speech_title"])
        for r in answers["meetings"]
    ] == [
        (
            meeting["name"],
            meeting["date"],
            meeting["place"],
            meeting["chair"][0],
            meeting["speakers"][0]["person"],
            meeting["speakers"][0]["speech_title"],
        )
    ]


def test_plans_and_concepts_are_the_gold_ones(report):
    _, answers, _ = report
    gold = {
        (str(p["year"]), p["kind"], str(i["ordinal"]), i["label"]) for p in GOLD["plans"] for i in p["items"]
    }
    found = {(r["year"], r["kind"], r["ordinal"], r["item"].replace(",", "，")) for r in answers["plans"]}
    assert found == gold
    assert {r["concept"] for r in answers["concepts"]} == set(GOLD["concepts"]["items"])


def test_organizations_with_kind_and_parent(report):
    _, answers, _ = report
    found = {(r["organization"], r["kind"], r["parent"]) for r in answers["organizations"]}
    for organization in GOLD["organizations"]:
        if organization.get("optional") or organization["name"] == "中国联通":  # the report names it in full
            continue
        assert (
            organization["name"],
            organization["kind"],
            organization.get("parent", ""),
        ) in found or organization["kind"] in ("ministry", "state council"), organization["name"]


def test_targets_are_the_gold_targets_in_every_coded_field(report):
    _, answers, _ = report
    fields = ("value", "unit", "change", "qualifier", "period", "status", "deadline")
    found = sorted(
        tuple(r[f] if f != "qualifier" else r[f] or r["modality"] for f in fields) for r in answers["targets"]
    )  # the gold's `aim` is the modality column
    gold = sorted(
        (
            f"{t['value']:g}",
            t["unit"],
            t["change"],
            (t["qualifier"] or "").replace(" ", "-"),
            t["period"],
            t["status"],
            t.get("deadline", ""),
        )
        for t in GOLD["targets"]
    )
    assert found == gold


def test_tsv_and_csv_keep_quotes_tabs_and_line_breaks_readable(store):
    result = query.run(
        store, 'SELECT ?a ?b WHERE { BIND("say \\"hi\\"\\tnow" AS ?a) BIND("two\\nlines, here" AS ?b) }'
    )
    assert query.format_result(result, "tsv") == 'a\tb\nsay "hi" now\ttwo lines, here\n'
    assert query.format_result(result, "csv") == 'a,b\r\n"say ""hi""\tnow","two\nlines, here"\r\n'


def test_core_programmes_are_rows(report):
    _, answers, _ = report
    found = {r["programme"] for r in answers["programmes"]}
    assert sorted(set(GOLD["programmes"]["core"]) - found) == []


def test_attendance_on_the_report_gives_each_capacity_as_written(report):
    _, _, store = report
    found = {(r[2], r[3]): r[4] for r in rows(store, "attendance")}
    assert len(found) == 11
    assert found[("张克俭", "attendee")] == "部党组成员、副部长、国家国防科技工业局局长"
    assert found[("陈肇雄", "chair")] == "部党组成员、副部长"
    assert found[("苗圩", "speaker")] == "工业和信息化部党组书记、部长"
