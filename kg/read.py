"""Reading: report files → normalised `Document`s with paragraphs and sentences.

Accepts UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK/Big5 (detected, or forced with
`encoding=`), and HTML pages (text only). Metadata (title, date, publisher) comes from front matter
between two `---` lines at the top of the file, or from a sidecar `<stem>.toml`; without it the year
is read from the text by the extractor.

>>> doc = read_text("当前位置:首页>新闻返回\\n会议在北京召开。部署2019年任务！", doc_id="demo")
>>> [s.text for s in doc.sentences]
['会议在北京召开。', '部署2019年任务!']
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.facts import Document, Sentence

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")

# Page chrome a saved news page carries: breadcrumbs (当前位置:首页>…), 返回/打印/关闭 links.
_CHROME = re.compile(r"^(当前位置|您的位置|您现在的位置|所在位置)[:：].*$|^(返回|打印|关闭|关闭窗口|【打印】|【关闭】)$")
_SENTENCE_END = re.compile(r"[。!?！？]+[”’\"')）]*")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")


def collect(paths: list[str | Path]) -> list[Path]:
    """The report files named by `paths` (files, or folders searched recursively), sorted."""
    found: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        elif path.is_file():
            found.add(path)
        else:
            raise InputError(f"{given}: no such file or folder; pass a report file or a folder of reports")
    if not found:
        listed = ", ".join(str(p) for p in paths)
        raise InputError(
            f"{listed}: no reports found; kg reads {', '.join(REPORT_SUFFIXES)} files"
        )
    return sorted(found)


def read(path: str | Path, encoding: str | None = None) -> Document:
    """Read one report file into a normalised `Document`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check the path and its permissions") from None
    text = decode(raw, str(path), encoding)
    if _looks_like_html(path, text):
        text = html_to_text(text)
    meta, text = _front_matter(text, path)
    meta = {**_sidecar(path), **meta}
    doc = read_text(text, doc_id=doc_id(path), path=str(path), **meta)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    if not doc.text.strip():
        raise InputError(f"{path}: has no text after reading; pass a report with content")
    return doc


def read_text(text: str, doc_id: str = "text", path: str = "<text>", title: str | None = None,
              date: str | None = None, publisher: str | None = None) -> Document:
    """Normalise `text` and split it into sentences (offsets are into the normalised text)."""
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line and not _CHROME.match(line)]
    body = "\n".join(lines)
    return Document(id=doc_id, path=path, text=body, sentences=split_sentences(body), title=title,
                    date=date, publisher=publisher,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def normalise(line: str) -> str:
    """One line in canonical form: NFKC (full-width ASCII → ASCII), simplified characters, no
    invisible format characters, no stray spaces between Chinese characters.

    >>> normalise("　工業和信息化部 部長，苗 圩（主持）")
    '工业和信息化部部长,苗圩(主持)'
    """
    line = unicodedata.normalize("NFKC", line)
    line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cf", "Cc") or ch == "\t")
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


def decode(raw: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes → text: a forced encoding, a BOM, UTF-8, then the detected Chinese encoding."""
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot be decoded as {encoding} ({exc}); try another --encoding") from None
    if not raw.strip():
        raise InputError(f"{name}: is empty; pass a report with text")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="strict")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{name}: is a binary file, not a report; pass a text or HTML file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in ("gb18030", "big5"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_chinese(text):
            return text
    raise InputError(
        f"{name}: is not text in UTF-8, GB18030 or Big5; pass --encoding NAME if you know its encoding"
    )


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, without scripts, styles or navigation."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    root = soup.find("article") or soup.body or soup
    return root.get_text("\n")


def doc_id(path: Path) -> str:
    """A stable ASCII id for a report file: its stem if ASCII, else an ASCII slug plus a short hash."""
    stem = path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if slug and slug == stem.lower():
        return slug
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"doc-{digest}"


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip()[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


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


def _mostly_chinese(text: str) -> bool:
    sample = text[:4000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn"))
    return han > 0 and odd == 0


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    if all(ord(ch) < 0x3400 for ch in text):
        return text
    return _converter().convert(text)
