"""Every kind of input `kg build` may be given: a correct build, or one `Error:` line, exit 2 and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import read
from kg.cli import cli

REPORT = (
    "12月27日,全国工业和信息化工作会议在北京开幕。工业和信息化部党组书记、部长张三出席会议并讲话。\n"
    "会议指出,今年规模以上工业增加值增长6%左右。"
)
TRADITIONAL = (
    "12月27日,全國工業和信息化工作會議在北京開幕。工業和信息化部黨組書記、部長張三出席會議並講話。\n"
    "會議指出,今年規模以上工業增加值增長6%左右。"
)
OLD = {"kg.ttl": b"previous graph\n", "kg.html": b"previous page\n", "notes.txt": b"the user's own file\n"}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An out/ folder holding a previous build (and a file of the user's), to prove a failure leaves it be."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name, data in OLD.items():
        (folder / name).write_bytes(data)
    return folder


def build(out: Path, *args: str):
    return CliRunner().invoke(cli, ["build", *args, "--out", str(out)])


def unchanged(out: Path) -> bool:
    """out/ holds exactly the previous build: same files, same bytes, no temporary files (the
    extraction cache, out/.cache, may have gained the reports that were read before the failure)."""
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name != ".cache"} == OLD


def assert_built(result, out: Path) -> None:
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 1 document(s) into ")
    assert (out / "kg.ttl").read_bytes().startswith(b"@prefix")
    assert (out / "kg.html").read_bytes().lower().startswith(b"<!doctype html>")
    assert (out / "notes.txt").read_bytes() == OLD["notes.txt"]
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == [
        "kg.html",
        "kg.trig",
        "kg.ttl",
        "notes.txt",
    ]


def assert_refused(result, out: Path, message: str, exit_code: int = 2) -> None:
    assert result.exit_code == exit_code, result.output
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert unchanged(out)


# -- reports that build ------------------------------------------------------------------------------

ENCODED = [
    ("UTF-8", REPORT.encode("utf-8"), []),
    ("UTF-8 with BOM", b"\xef\xbb\xbf" + REPORT.encode("utf-8"), []),
    ("GB18030 detected", REPORT.encode("gb18030"), []),
    ("GBK detected", REPORT.encode("gbk"), []),
    ("GBK forced", REPORT.encode("gbk"), ["--encoding", "gbk"]),
    ("Big5 detected", TRADITIONAL.encode("big5"), []),
    ("Big5 forced", TRADITIONAL.encode("big5"), ["--encoding", "big5"]),
    ("UTF-16 with BOM", REPORT.encode("utf-16"), []),
    ("UTF-16 LE without BOM", REPORT.encode("utf-16-le"), []),
    ("UTF-16 BE without BOM", REPORT.encode("utf-16-be"), []),
]


@pytest.mark.parametrize(("what", "raw", "options"), ENCODED, ids=[row[0] for row in ENCODED])
def test_encodings_build(tmp_path: Path, out: Path, what: str, raw: bytes, options: list[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(raw)
    result = build(out, str(path), *options)
    assert_built(result, out)
    assert read.read(path, options[1] if options else None).text == read.read_text(REPORT).text


def test_html_saved_from_a_browser_builds_without_page_chrome(tmp_path: Path, out: Path) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in REPORT.split("\n"))
    page = (
        "<!DOCTYPE html><html><head><meta charset='gbk'><title>t</title><script>var x='脚本内容。';</script>"
        "<style>p{color:red}</style></head><body><div class='nav'><a>导航栏目</a></div>"
        "<div>当前位置：<a>首页</a> &gt; <a>通信新闻</a></div>"
        f"<div class='content'>{paragraphs}</div><div><a href='javascript:history.back()'>返回</a></div>"
        "<div class='footer'>版权所有</div></body></html>"
    )
    path = tmp_path / "report.html"
    path.write_bytes(page.encode("gbk"))
    result = build(out, str(path))
    assert_built(result, out)
    assert read.read(path).text == read.read_text(REPORT).text
    turtle = (out / "kg.ttl").read_text(encoding="utf-8")
    for chrome in ("脚本内容", "导航栏目", "当前位置", "通信新闻", "返回", "版权所有", "color:red"):
        assert chrome not in turtle


def test_word_docx_builds(tmp_path: Path, out: Path) -> None:
    import docx

    document = docx.Document()
    for line in REPORT.split("\n"):
        document.add_paragraph(line)
    document.save(tmp_path / "report.docx")
    result = build(out, str(tmp_path / "report.docx"))
    assert_built(result, out)
    assert read.read(tmp_path / "report.docx").text == read.read_text(REPORT).text


def test_traditional_zero_width_and_bidi_text_is_normalised(tmp_path: Path, out: Path) -> None:
    noisy = TRADITIONAL.replace("張三", "張\u200b 三").replace("會議", "\u202e會\u200d議\u202c")
    path = tmp_path / "report.txt"
    path.write_text(noisy, encoding="utf-8")
    result = build(out, str(path))
    assert_built(result, out)
    assert read.read(path).text == read.read_text(REPORT).text


WITHOUT = [
    # (what is missing, text, the warnings `kg build` prints for it)
    (
        "no meeting",
        "工业和信息化部部长李明表示,今年规模以上工业增加值增长6%左右。",
        ["meetings", "plans", "programmes", "concepts"],
    ),
    (
        "no officials",
        "12月27日,全国工业和信息化工作会议在北京召开。会议指出,今年规模以上工业增加值增长6%左右。",
        ["organizations", "officials", "plans", "programmes", "concepts"],
    ),
    (
        "no numbers",
        "12月27日,全国工业和信息化工作会议在北京召开。工业和信息化部党组书记、部长李明出席会议并讲话。",
        ["targets", "plans", "programmes", "concepts"],
    ),
    (
        "nothing at all",
        "今天天气很好。大家一起去公园散步。",
        ["organizations", "officials", "meetings", "targets", "plans", "programmes", "concepts"],
    ),
]


@pytest.mark.parametrize(("what", "text", "missing"), WITHOUT, ids=[row[0] for row in WITHOUT])
def test_report_missing_a_family_builds_with_one_warning_per_family(
    tmp_path: Path, out: Path, what: str, text: str, missing: list[str]
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = build(out, str(path))
    assert_built(result, out)
    assert result.stderr.splitlines() == [f"warning: {path}: no {family} found" for family in missing]


def test_file_name_that_is_not_utf8_builds(tmp_path: Path, out: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    path = folder / os.fsdecode(b"report-\xff\xfe.txt")
    path.write_text(REPORT, encoding="utf-8")
    result = build(out, str(folder))
    assert_built(result, out)
    assert read.read(path).path == str(folder / "report-\ufffd\ufffd.txt")


def test_building_a_folder_that_holds_out_skips_the_previous_output(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(tmp_path), "--out", str(out)])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(cli, ["build", str(tmp_path), "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("Built 1 document(s)")  # not out/kg.html as a second report


def test_only_kg_output_given(tmp_path: Path, out: Path) -> None:
    assert_refused(
        build(out, str(out / "kg.html")),
        out,
        f"{out / 'kg.html'}: is in the output folder {out}; pass the reports, not kg's own output",
    )


# -- inputs that are refused -------------------------------------------------------------------------


def test_empty_file(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_refused(build(out, str(path)), out, f"{path}: is empty; pass a report with text")


def test_file_of_invisible_characters_only(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\u200b\u202e\n\u3000\n返回\n", encoding="utf-8")
    assert_refused(
        build(out, str(path)), out, f"{path}: has no text after reading; pass a report with content"
    )


def test_html_without_text(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><script>alert(1)</script></head><body><nav>首页</nav></body></html>", encoding="utf-8"
    )
    assert_refused(
        build(out, str(path)), out, f"{path}: has no text after reading; pass a report with content"
    )


@pytest.mark.parametrize(
    ("name", "raw", "kind"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "a PNG image"),
        ("report.pdf", b"%PDF-1.4\n" + bytes(range(256)), "a PDF file"),
        (
            "report.txt",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4,
            "an old Word/Office file (.doc)",
        ),
    ],
)
def test_known_binary_formats(tmp_path: Path, out: Path, name: str, raw: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    assert_refused(
        build(out, str(path)), out, f"{path}: is {kind}, not a report; save it as text (.txt), HTML or .docx"
    )


def test_binary_file(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert_refused(
        build(out, str(path)), out, f"{path}: is a binary file, not a report; pass a text, HTML or .docx file"
    )


def test_random_bytes(tmp_path: Path, out: Path) -> None:
    import random

    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(8).randbytes(20000))
    assert_refused(
        build(out, str(path)), out, f"{path}: is a binary file, not a report; pass a text, HTML or .docx file"
    )


def test_broken_docx(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert_refused(
        build(out, str(path)),
        out,
        f"{path}: is not a readable Word .docx file (File is not a zip file); re-save it from Word",
    )


def test_docx_zip_bomb(tmp_path: Path, out: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (210 * 2**20))
    assert path.stat().st_size < 2**20
    assert_refused(
        build(out, str(path)),
        out,
        f"{path}: unpacks to 210 MB, above the 200 MB a report can take; save its text as .txt",
    )


def test_100_megabyte_text_is_refused_before_reading(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "huge.txt"
    line = (REPORT + "\n").encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(100 * 2**20 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size >= 100 * 2**20
    assert_refused(
        build(out, str(path)),
        out,
        f"{path}: is 100 MB, above the 10 MB limit for one report; split it into one file per report",
    )


def test_folder_without_reports(tmp_path: Path, out: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF")
    (folder / ".hidden.txt").write_text("会议。", encoding="utf-8")
    assert_refused(
        build(out, str(folder)),
        out,
        f"{folder}: no reports found; kg reads .txt, .md, .html, .htm, .docx files",
    )


def test_path_that_does_not_exist(tmp_path: Path, out: Path) -> None:
    missing = tmp_path / "no-such-report.txt"
    assert_refused(
        build(out, str(missing)),
        out,
        f"{missing}: no such file or folder; pass a report file or a folder of reports",
    )


def test_undecodable_text(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x80\x80\x80 text")
    assert_refused(
        build(out, str(path)),
        out,
        f"{path}: is not text in UTF-8, UTF-16, GB18030 or Big5; pass --encoding NAME if you know "
        "its encoding, or it is not a text file",
    )


def test_wrong_forced_encoding(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("gbk"))
    assert_refused(
        build(out, str(path), "--encoding", "utf-8"),
        out,
        f"{path}: cannot be decoded as utf-8 (bad bytes at 2); try another --encoding",
    )


def test_unknown_forced_encoding(tmp_path: Path, out: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert_refused(
        build(out, str(path), "--encoding", "klingon"),
        out,
        f"{path}: --encoding 'klingon' is not a known encoding; use e.g. utf-8, gb18030, big5, utf-16",
    )


def test_one_bad_report_among_good_ones_writes_nothing(tmp_path: Path, out: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_text(REPORT, encoding="utf-8")
    assert_refused(build(out, str(folder)), out, f"{folder / 'b.txt'}: is empty; pass a report with text")


def test_two_reports_with_the_same_name(tmp_path: Path, out: Path) -> None:
    for folder in ("2018", "2019"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(REPORT, encoding="utf-8")
    assert_refused(
        build(out, str(tmp_path / "2018"), str(tmp_path / "2019")),
        out,
        f"{tmp_path / '2019' / 'report.txt'}: has the same name as {tmp_path / '2018' / 'report.txt'}; "
        "rename one so each report has its own name",
    )


def test_bad_sidecar_metadata(tmp_path: Path, out: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "report.toml").write_text('date = "27.12.2018"', encoding="utf-8")
    assert_refused(
        build(out, str(tmp_path / "report.txt")),
        out,
        f"{tmp_path / 'report.toml'}: date '27.12.2018' is not an ISO date; write it as YYYY-MM-DD",
    )


def test_fifo_is_not_read(tmp_path: Path, out: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert_refused(
        build(out, str(fifo)),
        out,
        f"{fifo}: is not a regular file or folder; pass a report file or a folder of reports",
    )


def test_out_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"keep me")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "report.txt"), "--out", str(target)])
    assert result.exit_code == 2
    assert "is a file" in result.stderr
    assert target.read_bytes() == b"keep me"


def test_traceback_option_shows_the_error_itself(tmp_path: Path) -> None:
    from kg.errors import InputError

    result = CliRunner().invoke(cli, ["--traceback", "build", str(tmp_path / "missing.txt")])
    assert isinstance(result.exception, InputError)


def test_the_kg_command_prints_one_line_and_exits_2(tmp_path: Path, out: Path) -> None:
    """The real console entry point (kg.cli:main), not CliRunner: one line on stderr, exit 2, no traceback."""
    import subprocess
    import sys

    missing = tmp_path / "missing.txt"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(missing), "--out", str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"Error: {missing}: no such file or folder; pass a report file or a folder of reports\n"
    )
    assert result.stdout == ""
    assert unchanged(out)
