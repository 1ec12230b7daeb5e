"""Properties of reading, normalising and extracting that must hold for any text (hypothesis).

The default profile runs 2,000 examples per property, derandomized so CI is repeatable; set
KG_HYPOTHESIS=explore for random seeds and 10,000 examples, or KG_HYPOTHESIS=quick for 200.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import read
from kg.errors import InputError
from kg.facts import Document, Evidence, Extraction

settings.register_profile(
    "ci",
    max_examples=2000,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=10000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "quick",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("KG_HYPOTHESIS", "ci"))

# -- what reports are made of, and what hostile or broken ones add -----------------------------------

REPORT_WORDS = (
    "工业和信息化部",
    "部党组成员",
    "副部长",
    "部长",
    "党组书记",
    "局长",
    "组长",
    "总工程师",
    "总经济师",
    "国家国防科技工业局",
    "国家烟草专卖局",
    "中央纪委国家监委驻",
    "纪检监察组",
    "部",
    "党组",
    "出席会议",
    "主持",
    "并讲话",
    "作工作报告",
    "作了题为",
    "的讲话",
    "全国工业和信息化工作会议",
    "在北京召开",
    "在京开幕",
    "会议指出",
    "会议强调",
    "今年以来",
    "明年",
    "总结2018年工作",
    "部署2019年任务",
    "增长",
    "下降",
    "提高",
    "提升至",
    "达到",
    "达",
    "超过",
    "左右",
    "约",
    "以上",
    "以内",
    "力争",
    "个百分点",
    "万辆",
    "亿元",
    "亿美元",
    "家",
    "个",
    "项",
    "%",
    "年",
    "月",
    "日",
    "到2020年",
    "一是",
    "二是",
    "三是",
    "第一",
    "(一)",
    "(二)",
    "一、",
    "二、",
    "工程",
    "行动",
    "试点",
    "计划",
    "专项",
    "战略",
    "机制",
    "四个意识",
    "两个维护",
    "六稳",
    "、",
    ",",
    "。",
    ";",
    ":",
    "!",
    "?",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "(",
    ")",
    "（",
    "）",
    "【",
    "】",
    "\n",
    " ",
    "\u3000",
    "會議",
    "部長",
    "發展",
    "國家",
    "經濟",
    "當前位置:首頁>",
    "返回",
)
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\u2028",
    "\u2029",
    "\ud800",
    "\udfff",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1",
    "-1",
    "\\",
    "'",
    '"',
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "-->",
    "{{x}}",
    "${x}",
    "%s",
    "\u0301",
    "\ufdfd",
    "\U0001f600",
    "\U00020000",
    "\U000e0001",
    "\uffff",
    "ﬁ",
    "㈱",
    "①",
    "⑴",
    "½",
    "㎡",
    "℃",
    "…",
    "—",
)
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗欧阳司马"
GIVEN = "明强伟芳娜静敏建国华平军文辛新克江罗峰"

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(
        (
            "9" * 400,
            "1e308",
            "1e-308",
            "0.0000001",
            "６．３",
            "１２３",
            "一千亿",
            "三万五千",
            "十二",
            "两",
            "零点五",
            "百分之六",
            "亿亿",
            "万万",
            "七千万亿",
            "〇",
            "廿",
            "卅",
            "2.5万",
            "6.3%",
            "-5%",
            "+7%",
            "12月27日",
            "2018年12月27日",
            "2019年",
            "99999999999999999999年",
        )
    ),
)
names = st.tuples(st.sampled_from(SURNAMES), st.text(alphabet=GIVEN, min_size=1, max_size=2)).map("".join)
fragments = st.one_of(
    st.sampled_from(REPORT_WORDS),
    names,
    numbers,
    st.sampled_from(HOSTILE),
    st.text(max_size=4),
    st.characters(codec="utf-8"),
)
report_like = st.lists(fragments, max_size=30).map("".join)
texts = st.one_of(st.text(), report_like)


# -- the checks ---------------------------------------------------------------------------------------

INVISIBLE = ("Cf", "Cc", "Cs")


def check_document(doc: Document) -> None:
    """The normalised text is clean and every sentence points at the text it claims."""
    assert "\r" not in doc.text
    assert all(line and line == line.strip() for line in doc.text.split("\n")) or doc.text == ""
    assert not any(unicodedata.category(ch) in INVISIBLE and ch not in "\n\t" for ch in doc.text)
    previous_end, previous_paragraph = 0, 0
    for index, sentence in enumerate(doc.sentences):
        assert sentence.index == index
        assert previous_end <= sentence.start < sentence.end <= len(doc.text)
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert "\n" not in sentence.text
        assert sentence.paragraph >= previous_paragraph
        assert doc.text.count("\n", 0, sentence.start) == sentence.paragraph
        previous_end, previous_paragraph = sentence.end, sentence.paragraph
    assert "".join("".join(s.text.split()) for s in doc.sentences) == "".join(doc.text.split())


def evidences(value) -> list[Evidence]:
    """Every Evidence inside a fact (dataclasses and lists walked), the document excluded."""
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, (list, tuple)):
        return [e for item in value for e in evidences(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, Document):
        return [e for f in dataclasses.fields(value) for e in evidences(getattr(value, f.name))]
    return []


def check_extraction(extraction: Extraction) -> None:
    """Every evidence span points at its anchor text inside the sentence it names."""
    doc = extraction.document
    for evidence in evidences(extraction):
        assert evidence.document == doc.id
        assert 0 <= evidence.start <= evidence.end <= len(doc.text), evidence
        assert doc.text[evidence.start : evidence.end] == evidence.anchor, evidence
        assert 0 <= evidence.sentence < len(doc.sentences), evidence
        sentence = doc.sentences[evidence.sentence]
        assert sentence.start <= evidence.start and evidence.end <= sentence.end, (evidence, sentence)
    assert all(isinstance(w, str) and "\n" not in w for w in extraction.warnings)


@lru_cache(maxsize=1)
def _shapes():
    import rdflib

    from kg.quality import validate

    shapes = rdflib.Graph().parse(data=validate.ontology_file("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=validate.ontology_file("kg.ttl"), format="turtle")
    return shapes, ontology


def conforms(graph) -> tuple[bool, str]:
    """kg.quality.validate's check (same shapes, ontology and options), with the shapes parsed once for speed."""
    import pyshacl

    shapes, ontology = _shapes()
    ok, _, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=False
    )
    return bool(ok), text


# -- properties ---------------------------------------------------------------------------------------


@PROFILE
@given(texts)
def test_normalise_gives_clean_idempotent_lines(text: str) -> None:
    line = read.normalise(text)
    assert read.normalise(line) == line
    assert line == line.strip()
    assert not any(unicodedata.category(ch) in INVISIBLE and ch != "\t" for ch in line)
    assert line == unicodedata.normalize("NFKC", line) or any(ord(ch) >= 0x3400 for ch in line)


@PROFILE
@given(texts)
def test_read_text_offsets_point_at_their_text(text: str) -> None:
    doc = read.read_text(text, doc_id="p")
    check_document(doc)
    assert read.read_text(doc.text, doc_id="p").text == doc.text  # reading is idempotent


@PROFILE
@given(
    st.one_of(
        st.binary(max_size=300),
        texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
        texts.map(lambda t: t.encode("gb18030", "ignore")),
        texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
        texts.map(lambda t: t.encode("big5", "ignore")),
    )
)
def test_decode_gives_text_or_an_input_error(raw: bytes) -> None:
    try:
        text = read.decode(raw, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
        assert "\n" not in str(exc)
        return
    assert isinstance(text, str)
    check_document(read.read_text(text))


FRONT = st.sampled_from(
    (
        "",
        "---\n",
        "---\ntitle: 会议\n---\n",
        "---\ndate: 2018-12-27\n---\n",
        "---\ndate: 27/12\n---\n",
        "---\ndate:\n---\n",
        "---\ntitle\n---",
        "\ufeff---\n---\n",
    )
)


@PROFILE
@given(
    st.sampled_from((".txt", ".md", ".html", ".htm")),
    FRONT,
    st.one_of(texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)),
)
def test_read_file_gives_a_document_or_an_input_error(suffix: str, front: str, body: bytes) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(front.encode("utf-8") + body)
        try:
            doc = read.read(path)
        except InputError as exc:
            assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
            return
    check_document(doc)
    assert doc.text.strip()
    assert doc.date is None or len(doc.date) == 10


@PROFILE
@given(
    st.lists(
        st.one_of(
            fragments,
            st.sampled_from(
                (
                    "<p>",
                    "</p>",
                    "<div>",
                    "</div>",
                    "<br>",
                    "<script>",
                    "</script>",
                    "<style>",
                    "<nav>",
                    "</nav>",
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "]]>",
                    "<a href='javascript:x'>",
                    "</a>",
                    "<b>",
                    "<table><tr><td>",
                    "<article>",
                    "</article>",
                    "<p hidden>",
                    "<div class='nav'>",
                    "&nbsp;",
                    "&#0;",
                    "&#xD800;",
                    "&#x110000;",
                    "<!DOCTYPE html>",
                    "<html>",
                    "<body>",
                    "<pre>",
                    "</pre>",
                    "<",
                    ">",
                    "</",
                    "<?xml",
                    "<meta charset=gbk>",
                )
            ),
        ),
        max_size=60,
    ).map("".join)
)
def test_html_gives_text_without_markup_errors(html: str) -> None:
    text = read.html_to_text(html)
    assert isinstance(text, str)
    check_document(read.read_text(text))


@PROFILE
@given(texts)
def test_extract_evidence_points_at_its_text(text: str) -> None:
    from kg.extract import extract

    doc = read.read_text(text, doc_id="p")
    check_extraction(extract(doc))


@PROFILE
@given(st.lists(texts, min_size=1, max_size=2))
def test_every_graph_conforms_to_the_shapes(reports: list[str]) -> None:
    from kg import rdf
    from kg.extract import extract

    # distinct dates: two reports of one text and no metadata would be one report (their IRI is their text)
    extractions = [
        extract(read.read_text(text, doc_id=f"p{n}", date=f"2019-01-0{n + 1}"))
        for n, text in enumerate(reports)
    ]
    graph = rdf.to_graph(extractions)
    ok, report = conforms(graph)
    assert ok, report


def test_kg_validate_agrees_on_a_hostile_graph() -> None:
    """The fast check above is kg.quality.validate's check: both pass a graph of hostile text."""
    from kg import rdf
    from kg.extract import extract
    from kg.quality import validate

    text = "".join(REPORT_WORDS + HOSTILE)
    graph = rdf.to_graph([extract(read.read_text(text, doc_id="hostile"))])
    assert validate.validate_graph(graph).conforms
    assert conforms(graph)[0]
