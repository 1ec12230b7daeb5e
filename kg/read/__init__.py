"""Reading: report files → normalised `Document`s with paragraphs and sentences.

Accepts plain text (UTF-8 with or without BOM; UTF-16 with a BOM, or without one when it is clearly
UTF-16; GB18030/GBK and Big5, detected, or forced with `encoding=`), HTML pages saved from a browser
(readable text only) and Word `.docx` (with the `docx` extra). Reports larger than `MAX_REPORT_BYTES`
are refused before they are read. Metadata (title, date, publisher) comes from front matter between
two `---` lines at the top of the file, or from a sidecar `<stem>.toml`; without it the year is read
from the text by the extractor.

>>> doc = read_text("当前位置:首页>新闻返回\\n会议在北京召开。部署2019年任务！", doc_id="demo")
>>> [s.text for s in doc.sentences]
['会议在北京召开。', '部署2019年任务!']
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from kg.errors import InputError
from kg.facts import Document, Sentence
from kg.read.decode import MAX_REPORT_BYTES, decode
from kg.read.markup import docx_to_text, html_to_text

__all__ = [
    "MAX_REPORT_BYTES",
    "REPORT_SUFFIXES",
    "collect",
    "decode",
    "display_path",
    "doc_id",
    "docx_to_text",
    "html_to_text",
    "normalise",
    "read",
    "read_text",
    "split_sentences",
]

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


# Page chrome a saved news page carries: breadcrumbs (当前位置:首页>…), 返回/打印/关闭 links, font-size
# switches, share bars, previous/next links.
_CHROME = re.compile(
    r"^(当前位置|您的位置|您现在的位置|所在位置|当前页面)[:：].*$"
    r"|^[【\[]?(返回|返回顶部|打印|打印本页|关闭|关闭窗口|关闭本页|收藏|分享)[】\]]?$"
    r"|^[【\[]?字[体号][:：]?\s*[大中小\s]+[】\]]?$"
    r"|^(分享到|上一篇|下一篇)[:：].*$"
    r"|^首页\s*[>›»].*$"
)
# 。！？ end a sentence (NFKC made ！？ ASCII); an ASCII ! or ? inside a URL or formula (`?x=1`, `'!A1`) does not.
_SENTENCE_END = re.compile(r"(?:[。！？]|[!?](?![A-Za-z0-9=&/_%#-]))+[”’\"')）]*")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
# Spaces between two Chinese characters, or between one and the ASCII punctuation NFKC made of a
# full-width mark (，：；！？（）), are typesetting noise.
_SPACE_BETWEEN_CJK = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK},;:!?()])|(?<=[{_CJK},;:!?()])[ \t]+(?=[{_CJK}])"
)
# Characters that print nothing: format characters (zero-width, bidi controls, BOM, soft hyphen),
# controls other than tab, lone surrogates.
_INVISIBLE = ("Cf", "Cc", "Cs")


def collect(paths: list[str | Path]) -> list[Path]:
    """The report files named by `paths` (files, or folders searched recursively, skipping hidden files
    and the `_files/` folder of a saved page), sorted."""
    found: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not _hidden_or_page_asset(p, path)
            )
        elif path.is_file():
            found.add(path)
        elif path.exists():
            raise InputError(
                f"{given}: is not a regular file or folder; pass a report file or a folder of reports"
            )
        else:
            raise InputError(f"{given}: no such file or folder; pass a report file or a folder of reports")
    if not found:
        listed = ", ".join(str(p) for p in paths)
        raise InputError(f"{listed}: no reports found; kg reads {', '.join(REPORT_SUFFIXES)} files")
    return sorted(found)


def _hidden_or_page_asset(path: Path, root: Path) -> bool:
    """A hidden file or folder, or a file in the `<page>_files/` folder a browser saves beside `<page>.html`."""
    for folder in [*path.relative_to(root).parents][:-1]:
        saved = root / folder
        if saved.name.endswith("_files") and any(
            saved.with_name(saved.name[: -len("_files")] + suffix).is_file() for suffix in (".html", ".htm")
        ):
            return True
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read(path: str | Path, encoding: str | None = None) -> Document:
    """Read one report file into a normalised `Document`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise InputError(
                f"{path}: is {size / 2**20:.0f} MB, above the {MAX_REPORT_BYTES // 2**20} MB limit for one "
                "report; split it into one file per report"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}); check the path and its permissions"
        ) from None
    if path.suffix.lower() == ".docx" or (raw.startswith(b"PK\x03\x04") and b"word/" in raw[:4096]):
        text = docx_to_text(raw, str(path))
    else:
        text = decode(raw, str(path), encoding)
        if _looks_like_html(path, text):
            text = html_to_text(text)
    meta, text = _front_matter(text, path)
    meta = {**_sidecar(path), **meta}
    doc = read_text(text, doc_id=doc_id(path), path=display_path(path), **meta)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    if not doc.text.strip():
        raise InputError(f"{path}: has no text after reading; pass a report with content")
    return doc


def read_text(
    text: str,
    doc_id: str = "text",
    path: str = "<text>",
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
) -> Document:
    """Normalise `text` and split it into sentences (offsets are into the normalised text)."""
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line and not _CHROME.match(line)]
    body = "\n".join(lines)
    return Document(
        id=doc_id,
        path=path,
        text=body,
        sentences=split_sentences(body),
        title=title,
        date=date,
        publisher=publisher,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def normalise(line: str) -> str:
    """One line in canonical form: NFKC (full-width ASCII → ASCII), simplified characters, no
    invisible format characters, no stray spaces between Chinese characters.

    >>> normalise("　工業和信息化部 部長，李\\u200b 明（主持）")
    '工业和信息化部部长,李明(主持)'
    """
    line = _visible(line)
    line = _visible(unicodedata.normalize("NFKC", line))
    line = _to_simplified(line)
    line = _SPACE_BETWEEN_CJK.sub("", line)
    return line.strip()


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`: each paragraph (line) is cut after 。！？, closing quotes kept."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            _add(sentences, line, offset, start, match.end(), paragraph)
            start = match.end()
        _add(sentences, line, offset, start, len(line), paragraph)
        offset += len(line) + 1
    return sentences


def _add(sentences: list[Sentence], line: str, offset: int, start: int, end: int, paragraph: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(len(sentences), offset + start, offset + end, line[start:end], paragraph))


def doc_id(path: Path) -> str:
    """A stable ASCII id for a report file: its stem if ASCII, else an ASCII slug plus a short hash."""
    stem = path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if slug and slug == stem.lower():
        return slug
    digest = hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"doc-{digest}"


def display_path(path: Path) -> str:
    """The path as valid Unicode: bytes of a file name that are not UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _front_matter(text: str, path: Path) -> tuple[dict, str]:
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text
    head, sep, body = stripped[3:].partition("\n---")
    if not sep:
        return {}, text
    meta: dict = {}
    for line in head.strip().splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip() in ("title", "date", "publisher"):
            meta[key.strip()] = value.strip().strip("\"'") or None
    _check_date(meta, path)
    return meta, body.partition("\n")[2]


def _sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".toml")
    if not sidecar.is_file():
        return {}
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{sidecar}: is not valid TOML ({exc}); fix or remove the metadata file") from None
    meta = {k: data[k] for k in ("title", "date", "publisher") if k in data}
    for key in ("title", "publisher"):
        if key in meta and not isinstance(meta[key], str):
            raise InputError(f'{sidecar}: {key} must be a string; write {key} = "…"')
    if isinstance(meta.get("date"), date):
        meta["date"] = meta["date"].isoformat()
    _check_date(meta, sidecar)
    return meta


def _check_date(meta: dict, path: Path) -> None:
    value = meta.get("date")
    if value is None:
        return
    try:
        meta["date"] = date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(f"{path}: date {value!r} is not an ISO date; write it as YYYY-MM-DD") from None


def _visible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) not in _INVISIBLE)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    if all(ord(ch) < 0x3400 for ch in text):
        return text
    return _converter().convert(text)
