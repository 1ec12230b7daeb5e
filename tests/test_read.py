"""Reading and normalising, as tables: text in, exact text (and offsets) out."""

from __future__ import annotations

import pytest

from kg import read
from kg.errors import InputError

NORMALISED = [
    # (what, line as written, normalised)
    ("full-width punctuation → ASCII", "增长６．３％，达到（约）１００家！", "增长6.3%,达到(约)100家!"),
    ("ideographic space dropped", "\u3000\u3000会议指出", "会议指出"),
    ("traditional → simplified", "工業和信息化部部長", "工业和信息化部部长"),
    ("spaces inside a name", "李 明", "李明"),
    ("tab and nbsp between characters", "部\t党组\u00a0成员", "部党组成员"),
    ("space before full-width comma", "会议 ，部署", "会议,部署"),
    ("space after full-width colon", "会议指出： 今年", "会议指出:今年"),
    ("space between Chinese and a number kept", "增长 6.3%", "增长 6.3%"),
    ("English words keep their spaces", "Made in China 2025", "Made in China 2025"),
    ("zero-width space", "李\u200b明", "李明"),
    ("zero-width joiner and non-joiner", "部\u200d长\u200c", "部长"),
    ("word joiner and BOM", "\ufeff会\u2060议", "会议"),
    ("right-to-left override", "部长\u202e明李\u202c", "部长明李"),
    ("isolates", "\u2066李明\u2069", "李明"),
    ("soft hyphen", "制造\u00ad强国", "制造强国"),
    ("control characters", "会议\x07召开\x1b", "会议召开"),
    ("zero-width then space between characters", "李\u200b 明", "李明"),
    ("circled numbers", "①加快②推进", "1加快2推进"),
    ("curly quotes kept", "“四个意识”", "“四个意识”"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("what", "line", "expected"), NORMALISED, ids=[row[0] for row in NORMALISED])
def test_normalise(what: str, line: str, expected: str) -> None:
    assert read.normalise(line) == expected


@pytest.mark.parametrize(("what", "line", "expected"), NORMALISED, ids=[row[0] for row in NORMALISED])
def test_normalise_is_idempotent(what: str, line: str, expected: str) -> None:
    assert read.normalise(expected) == expected


SENTENCES = [
    ("one sentence", "会议在北京召开。", ["会议在北京召开。"]),
    ("two sentences", "会议召开。部署任务！", ["会议召开。", "部署任务!"]),
    ("closing quote kept", "他说：“要坚持。”会议结束。", ["他说:“要坚持。”", "会议结束。"]),
    ("closing bracket kept", "(见附件。)下一句。", ["(见附件。)", "下一句。"]),
    ("no final stop", "会议召开。部署任务", ["会议召开。", "部署任务"]),
    ("repeated marks", "真的吗？！是的。", ["真的吗?!", "是的。"]),
    ("paragraphs are sentences", "标题\n正文一句。", ["标题", "正文一句。"]),
    (
        "chrome lines dropped",
        "当前位置：首页>新闻返回\n返回\n【字体：大 中 小】\n正文。\n【打印】\n关闭窗口",
        ["正文。"],
    ),
    ("blank lines dropped", "甲。\n\n   \n乙。", ["甲。", "乙。"]),
    ("breadcrumb without 当前位置", "首页 > 新闻中心 > 工作动态\n正文。", ["正文。"]),
    ("首页 inside a sentence kept", "首页显示,会议召开。", ["首页显示,会议召开。"]),
    ("unbalanced quotes", "“没有结束的引号。还有‘一个", ["“没有结束的引号。", "还有‘一个"]),
    ("? inside a URL", "见http://a.cn/?x=1&y=2页面。完", ["见http://a.cn/?x=1&y=2页面。", "完"]),
    ("! inside a formula", "=cmd|' /C calc'!A0 全年!好", ["=cmd|' /C calc'!A0 全年!", "好"]),
    ("ASCII ! and ? end English sentences", "Wow! Next? End", ["Wow!", "Next?", "End"]),
]


@pytest.mark.parametrize(("what", "text", "expected"), SENTENCES, ids=[row[0] for row in SENTENCES])
def test_sentences(what: str, text: str, expected: list[str]) -> None:
    doc = read.read_text(text)
    assert [s.text for s in doc.sentences] == expected
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text


def test_sentence_paragraphs_and_offsets() -> None:
    doc = read.read_text("当前位置:首页\n会议 召开。部署\u200b任务！\n\n第二段。")
    assert doc.text == "会议召开。部署任务!\n第二段。"
    assert [(s.index, s.start, s.end, s.paragraph) for s in doc.sentences] == [
        (0, 0, 5, 0),
        (1, 5, 10, 0),
        (2, 11, 15, 1),
    ]


SOURCE = "会议在北京召开。部长出席会议，指出增长6.3%。\n第二段：推进“两个维护”。"
TRADITIONAL = "會議在北京召開。部長出席會議，指出增長6.3%。\n第二段：推進“兩個維護”。"

ENCODINGS = [
    # (what, bytes of the file, forced encoding)
    ("UTF-8", SOURCE.encode("utf-8"), None),
    ("UTF-8 with BOM", b"\xef\xbb\xbf" + SOURCE.encode("utf-8"), None),
    ("GBK", SOURCE.encode("gbk"), None),
    ("GB18030", SOURCE.encode("gb18030"), None),
    ("Big5 (traditional)", TRADITIONAL.encode("big5"), None),
    ("UTF-16 with BOM (LE)", SOURCE.encode("utf-16"), None),
    ("UTF-16 with BOM (BE)", b"\xfe\xff" + SOURCE.encode("utf-16-be"), None),
    ("UTF-16 LE without BOM", SOURCE.encode("utf-16-le"), None),
    ("UTF-16 BE without BOM", SOURCE.encode("utf-16-be"), None),
    ("UTF-32 with BOM", SOURCE.encode("utf-32"), None),
    ("GBK forced", SOURCE.encode("gbk"), "gbk"),
    ("GB2312 label read as GB18030", SOURCE.encode("gb18030"), "gb2312"),
    ("Big5 forced", TRADITIONAL.encode("big5"), "big5"),
    ("UTF-8 BOM with forced utf-8", b"\xef\xbb\xbf" + SOURCE.encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize(("what", "raw", "encoding"), ENCODINGS, ids=[row[0] for row in ENCODINGS])
def test_encodings_read_to_the_same_text(tmp_path, what: str, raw: bytes, encoding: str | None) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(raw)
    assert read.read(path, encoding).text == read.read_text(SOURCE).text


SHORT = [
    ("GBK, one sentence", "会议在北京召开。".encode("gbk"), "会议在北京召开。"),
    ("Big5, one sentence", "會議在北京召開。".encode("big5"), "会议在北京召开。"),
    ("GBK, mostly ASCII", "Report 2018: 增长6%".encode("gbk"), "Report 2018:增长6%"),
    ("UTF-8 cut inside its last character", "会议召开。部署任务".encode()[:-1], "会议召开。部署任"),
    (
        "UTF-8 with a stray terminal escape",
        ("会议召开。\x1b[2J" + "正文" * 60).encode(),
        "会议召开。[2J" + "正文" * 60,
    ),
]


@pytest.mark.parametrize(("what", "raw", "expected"), SHORT, ids=[row[0] for row in SHORT])
def test_short_chinese_encodings_are_detected(what: str, raw: bytes, expected: str) -> None:
    assert read.normalise(read.decode(raw, "x.txt")) == expected


DECODE_ERRORS = [
    ("empty", b"", None, "x.txt: is empty; pass a report with text"),
    ("only whitespace", b" \r\n\t\n", None, "x.txt: is empty; pass a report with text"),
    (
        "zero bytes",
        bytes(range(256)) * 4,
        None,
        "x.txt: is a binary file, not a report; pass a text, HTML or .docx file",
    ),
    (
        "PDF",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        None,
        "x.txt: is a PDF file, not a report; save it as text (.txt), HTML or .docx",
    ),
    (
        "old Word",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        None,
        "x.txt: is an old Word/Office file (.doc), not a report; save it as text (.txt), HTML or .docx",
    ),
    (
        "PNG",
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        None,
        "x.txt: is a PNG image, not a report; save it as text (.txt), HTML or .docx",
    ),
    (
        "UTF-8 control noise",
        b"abc\x01\x02\x03\x04\x05\x06def",
        None,
        "x.txt: is a binary file, not a report; pass a text, HTML or .docx file",
    ),
    (
        "UTF-16 BOM, odd bytes",
        b"\xff\xfe" + "会议".encode("utf-16-le") + b"\x00",
        None,
        "x.txt: starts with a utf-16 byte-order mark but is not valid utf-16 at byte 6; re-save it as UTF-8",
    ),
    (
        "forced encoding that fails",
        "会议".encode("gbk"),
        "utf-8",
        "x.txt: cannot be decoded as utf-8 (bad bytes at 0); try another --encoding",
    ),
    (
        "unknown encoding",
        b"abc",
        "klingon",
        "x.txt: --encoding 'klingon' is not a known encoding; use e.g. utf-8, gb18030, big5, utf-16",
    ),
    (
        "UTF-8 with one bad byte",
        "会议召开。".encode() * 40 + b"\xff" + "部署任务。".encode() * 40,
        None,
        (
            "x.txt: is UTF-8 except for 1 bad byte sequence(s), the first at byte 600; fix or re-save the file, or "
            "pass --encoding NAME if it is in another encoding"
        ),
    ),
    (
        "neither GB nor Big5",
        b"\x81\x30\xff\xfe\x80\x80\x80",
        None,
        (
            "x.txt: is not text in UTF-8, UTF-16, GB18030 or Big5; pass --encoding NAME if you know its "
            "encoding, or it is not a text file"
        ),
    ),
]


@pytest.mark.parametrize(
    ("what", "raw", "encoding", "message"), DECODE_ERRORS, ids=[row[0] for row in DECODE_ERRORS]
)
def test_decode_errors(what: str, raw: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read.decode(raw, "x.txt", encoding)
    assert str(caught.value) == message


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>页面标题</title>
<style>.c {{ color: red }}</style><script>var s = "脚本里的句子。";</script></head>
<body>
<div id="header"><a href="/">首页</a> | <a href="/news">新闻</a></div>
<nav><ul><li>机构设置</li><li>政务公开</li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a>通信新闻</a></div>
<div class="article-body">
  <h1>全国工业和信息化工作会议在京召开</h1>
  <p>12月27日，全国工业和信息化工作会议在北京开幕。部党组书记、<b>部长</b>李明
     出席会议并讲话。</p>
  <p>会议由副部长王强主持。<br>部党组成员出席会议。</p>
  <!-- 注释里的文字 -->
  <div style="display: none">隐藏的文字</div>
  <table><tr><td>指标</td><td>增长6%</td></tr></table>
</div>
<div>当前位置：首页 &gt; 新闻</div>
<div><a href="javascript:history.back()">返回</a></div>
<div>【字体：大 中 小】</div>
<footer>版权所有 工业和信息化部</footer>
<script>document.write("广告")</script>
</body></html>
"""
PAGE_TEXT = (
    "全国工业和信息化工作会议在京召开\n"
    "12月27日,全国工业和信息化工作会议在北京开幕。部党组书记、部长李明出席会议并讲话。\n"
    "会议由副部长王强主持。\n部党组成员出席会议。\n指标\n增长6%"
)


@pytest.mark.parametrize(
    ("name", "charset", "codec"),
    [
        ("page.html", "utf-8", "utf-8"),
        ("page.htm", "gb2312", "gb18030"),
        ("saved-page.txt", "gbk", "gbk"),
    ],
)
def test_html_page_saved_from_a_browser(tmp_path, name: str, charset: str, codec: str) -> None:
    path = tmp_path / name
    path.write_bytes(PAGE.format(charset=charset).encode(codec))
    assert read.read(path).text == PAGE_TEXT


HTML = [
    (
        "inline tags do not break lines",
        "<p>部党组<span>成员</span>、<a href=#>副部长</a></p>",
        "部党组成员、副部长",
    ),
    ("blocks break lines", "<div>一</div><div>二</div>", "一\n二"),
    ("br breaks lines", "<p>一<br>二<br/>三</p>", "一\n二\n三"),
    ("entities", "<p>A&amp;B &lt;tag&gt; &#x4e2d;</p>", "A&B <tag> 中"),
    ("article preferred over body", "<body><p>外面</p><article><p>正文</p></article></body>", "正文"),
    ("role navigation dropped", "<div role='navigation'>导航</div><p>正文</p>", "正文"),
    ("hidden dropped", "<p hidden>隐藏</p><p aria-hidden='true'>也隐藏</p><p>正文</p>", "正文"),
    ("unclosed tags", "<p>一<p>二<div>三", "一\n二\n三"),
    ("form and button dropped", "<form><input value='x'><button>提交</button></form><p>正文</p>", "正文"),
    ("no markup at all", "just text", "just text"),
]


@pytest.mark.parametrize(("what", "html", "expected"), HTML, ids=[row[0] for row in HTML])
def test_html_to_text(what: str, html: str, expected: str) -> None:
    assert read.html_to_text(html) == expected


def test_deeply_nested_html_does_not_overflow() -> None:
    html = "<div>" * 5000 + "正文。" + "</div>" * 5000
    assert read.html_to_text(html) == "正文。"


def test_docx(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("會議在北京召開。")
    document.add_paragraph("部长李明出席。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "增长６％"
    document.save(tmp_path / "report.docx")
    assert read.read(tmp_path / "report.docx").text == "会议在北京召开。\n部长李明出席。\n指标\n增长6%"


def test_docx_without_python_docx(tmp_path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(InputError) as caught:
        read.docx_to_text(b"PK\x03\x04", "r.docx")
    assert str(caught.value) == (
        "r.docx: reading Word files needs python-docx; pip install 'kg[docx]' or save the report as .txt"
    )


FRONT_MATTER = [
    (
        "front matter",
        '---\ntitle: 会议\ndate: 2018-12-27\npublisher: "工信部"\n---\n正文。',
        {"title": "会议", "date": "2018-12-27", "publisher": "工信部"},
        "正文。",
    ),
    (
        "no front matter",
        "正文。\n---\n尾。",
        {"title": None, "date": None, "publisher": None},
        "正文。\n---\n尾。",
    ),
    (
        "unclosed front matter is text",
        "---\ntitle: x\n正文。",
        {"title": None, "date": None, "publisher": None},
        "---\ntitle: x\n正文。",
    ),
]


@pytest.mark.parametrize(("what", "text", "meta", "body"), FRONT_MATTER, ids=[row[0] for row in FRONT_MATTER])
def test_front_matter(tmp_path, what: str, text: str, meta: dict, body: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    doc = read.read(path)
    assert {"title": doc.title, "date": doc.date, "publisher": doc.publisher} == meta
    assert doc.text == body


@pytest.mark.parametrize(
    ("where", "content", "message"),
    [
        (
            "front",
            "---\ndate: 27/12/2018\n---\n正文。",
            "r.txt: date '27/12/2018' is not an ISO date; write it as YYYY-MM-DD",
        ),
        (
            "sidecar",
            'date = "2018-13-01"',
            "r.toml: date '2018-13-01' is not an ISO date; write it as YYYY-MM-DD",
        ),
        ("sidecar", "title = [", "r.toml: is not valid TOML"),
        ("sidecar", "title = 3", 'r.toml: title must be a string; write title = "…"'),
    ],
)
def test_bad_metadata(tmp_path, where: str, content: str, message: str) -> None:
    path = tmp_path / "r.txt"
    if where == "front":
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text("正文。", encoding="utf-8")
        (tmp_path / "r.toml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read.read(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


def test_sidecar_metadata(tmp_path) -> None:
    (tmp_path / "r.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "r.toml").write_text('title = "会议"\ndate = 2018-12-27\n', encoding="utf-8")
    doc = read.read(tmp_path / "r.txt")
    assert (doc.title, doc.date, doc.publisher) == ("会议", "2018-12-27", None)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("miit-2018-work-conference", "miit-2018-work-conference"),
        ("MIIT_2018 Report", "miit-2018-report-7d36245cf6"),
        ("工信部2018年工作会议", "2018-80558d076f"),
        ("工信部", "doc-f9f995e6c8"),
    ],
)
def test_doc_id(stem: str, expected: str) -> None:
    from pathlib import Path

    assert read.doc_id(Path(f"{stem}.txt")) == expected


def test_collect_walks_folders_skipping_hidden_and_other_files(tmp_path) -> None:
    for name in (
        "b.txt",
        "a/c.html",
        "a/d.md",
        "a/e.docx",
        "a/f.pdf",
        "a/g.toml",
        ".git/h.txt",
        "a/.i.txt",
        "a/c_files/frame.htm",
        "a/c_files/sub/x.html",
        "a/other_files/kept.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in read.collect([tmp_path])]
    assert found == ["a/c.html", "a/d.md", "a/e.docx", "a/other_files/kept.txt", "b.txt"]


def test_size_limit(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(read.MAX_REPORT_BYTES + 1)
    with pytest.raises(InputError) as caught:
        read.read(path)
    assert (
        str(caught.value)
        == f"{path}: is 10 MB, above the 10 MB limit for one report; split it into one file per report"
    )
