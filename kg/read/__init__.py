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

import codecs
import hashlib
import re
import sys
import unicodedata
import warnings
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import cast

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from kg.errors import InputError
from kg.facts import Document, Sentence

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")

# A report is tens of kilobytes; ten megabytes is a few hundred reports in one file. Above this the
# extractor would run for many minutes, so the file is refused before it is read (measured: reading
# and normalising 10 MB takes 3 s and 110 MB; 100 MB takes 23 s and 0.9 GB before any extraction).
MAX_REPORT_BYTES = 10 * 1024 * 1024

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

_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
))
_DROPPED_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "nav", "header", "footer", "aside",
    "form", "iframe", "object", "embed", "button", "select", "textarea", "head",
)
_BLOCK_BREAK = "\u2029"  # marks a block boundary while the page's own whitespace is collapsed
# class/id words of navigation blocks on news sites (matched as whole words of the attribute).
_NAV_WORDS = frozenset((
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position",
    "location", "footer", "header", "sidebar", "share", "toolbar", "topbar", "copyright", "banner", "skip",
))


def collect(paths: list[str | Path]) -> list[Path]:
    """The report files named by `paths` (files, or folders searched recursively, skipping hidden files
    and the `_files/` folder of a saved page), sorted."""
    found: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.update(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not _hidden_or_page_asset(p, path)
            )
        elif path.is_file():
            found.add(path)
        elif path.exists():
            raise InputError(f"{given}: is not a regular file or folder; pass a report file or a folder of reports")
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
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check the path and its permissions") from None
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


def read_text(text: str, doc_id: str = "text", path: str = "<text>", title: str | None = None,
              date: str | None = None, publisher: str | None = None) -> Document:
    """Normalise `text` and split it into sentences (offsets are into the normalised text)."""
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line and not _CHROME.match(line)]
    body = "\n".join(lines)
    return Document(id=doc_id, path=path, text=body, sentences=split_sentences(body), title=title,
                    date=date, publisher=publisher,
                    sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


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


def decode(raw: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes → text: a forced encoding, a BOM, UTF-8, UTF-16 without BOM, then GB18030 or Big5."""
    if encoding:
        return _decode_as(raw, name, encoding)
    if not raw.strip():
        raise InputError(f"{name}: is empty; pass a report with text")
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {codec} byte-order mark but is not valid {codec} at byte "
                    f"{exc.start}; re-save it as UTF-8"
                ) from None
    magic = _binary_kind(raw)
    if magic:
        raise InputError(f"{name}: is {magic}, not a report; save it as text (.txt), HTML or .docx")
    if b"\x00" in raw[:65536]:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            return utf16
        raise InputError(f"{name}: is a binary file, not a report; pass a text, HTML or .docx file")
    text: str | None
    utf8_error: UnicodeDecodeError | None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _truncated_utf8(raw, exc)
        utf8_error = exc
    else:
        utf8_error = None
    if text is not None:
        if _plausible_text(text):
            return text
        raise InputError(f"{name}: is a binary file, not a report; pass a text, HTML or .docx file")
    declared = _declared_charset(raw)
    if declared:
        return _decode_as(raw, name, declared)
    guessed = _guess_chinese_codec(raw)
    if guessed:
        return raw.decode(guessed)
    bad = raw.decode("utf-8", "replace").count("\ufffd")
    if utf8_error is not None and bad <= max(8, len(raw) // 500) and bad * 20 < len(raw):
        raise InputError(
            f"{name}: is UTF-8 except for {bad} bad byte sequence(s), the first at byte {utf8_error.start}; "
            "fix or re-save the file, or pass --encoding NAME if it is in another encoding"
        )
    raise InputError(
        f"{name}: is not text in UTF-8, UTF-16, GB18030 or Big5; pass --encoding NAME if you know its "
        "encoding, or it is not a text file"
    )


def _truncated_utf8(raw: bytes, error: UnicodeDecodeError) -> str | None:
    """UTF-8 text cut inside its last character (a truncated download or copy): the text before it."""
    if error.reason != "unexpected end of data" or error.start < len(raw) - 3:
        return None
    try:
        return raw[:error.start].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_as(raw: bytes, name: str, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"{name}: --encoding {encoding!r} is not a known encoding; use e.g. utf-8, gb18030, big5, utf-16"
        ) from None
    if codec in ("gb2312", "gbk"):
        codec = "gb18030"  # its superset: pages labelled GB2312 routinely use GBK characters
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: cannot be decoded as {encoding} (bad bytes at {exc.start}); try another --encoding"
        ) from None
    return text.removeprefix("\ufeff")


def _binary_kind(raw: bytes) -> str | None:
    """A name for well-known binary formats a user might pass by mistake."""
    signatures = {
        b"%PDF": "a PDF file", b"\xd0\xcf\x11\xe0": "an old Word/Office file (.doc)", b"PK\x03\x04": "a zip archive",
        b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
        b"\x1f\x8b": "a gzip archive", b"\x7fELF": "a program", b"{\\rtf": "an RTF file",
    }
    return next((kind for magic, kind in signatures.items() if raw.startswith(magic)), None)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM (its newlines and ASCII carry zero bytes): the byte order that reads
    as ordinary characters, or None."""
    if len(raw) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        if _plausible_text(text) and sum(map(_ordinary, sample)) >= 0.9 * len(sample):
            return text
    return None


def _plausible_text(text: str) -> bool:
    """Text a person wrote: under 1% control characters, private-use or unassigned code points."""
    sample = text[:65536]
    odd = sum(1 for ch in sample
              if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f\v")
    return odd <= len(sample) // 100


def _declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (<meta charset=…>), if any."""
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.IGNORECASE)
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _guess_chinese_codec(raw: bytes) -> str | None:
    """GB18030 or Big5, whichever reads `raw` as mostly common characters of its own standard."""
    best, best_score = None, 0.0
    for codec, common in (("gb18030", _common_simplified), ("big5", _common_traditional)):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _plausible_text(text):
            continue
        han = [ch for ch in text[:200000] if "\u4e00" <= ch <= "\u9fff"][:20000]
        score = sum(map(common, han)) / len(han) if han else 0.5
        if score > best_score:
            best, best_score = codec, score
    return best if best_score >= 0.5 else None


def _common_simplified(ch: str) -> bool:
    """In GB2312's level-1 hanzi (the 3,755 most used simplified characters)?"""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


def _ordinary(ch: str) -> bool:
    """A character of everyday Chinese or English text: ASCII, common hanzi, CJK or full-width punctuation."""
    return (" " <= ch <= "~" or ch in "\t\r\n\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or _common_simplified(ch) or _common_traditional(ch))


def _common_traditional(ch: str) -> bool:
    """In Big5's frequently used hanzi (A440–C67E, the 5,401 common traditional characters)?"""
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one line per block, without scripts, styles or navigation.

    >>> html_to_text("<body><nav>首页</nav><p>会议<b>在京</b>召开。</p><script>x()</script></body>")
    '会议在京召开。'
    """
    from bs4 import BeautifulSoup, CData, NavigableString

    html = html.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates have no place in a page
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns when a short page looks like a file name or URL
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_navigation):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(_BLOCK_BREAK)
        tag.insert_after(_BLOCK_BREAK)
    text = "".join(cast(str, s) for s in root.descendants if type(s) in (NavigableString, CData))
    text = re.sub(r"\s+", lambda m: "\n" if _BLOCK_BREAK in m.group() else " ", text + _BLOCK_BREAK)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _is_navigation(tag) -> bool:
    if tag.attrs is None:
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or tag.get("role") == "navigation":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = tag.get("class") or []
    words = {w.lower() for w in (classes if isinstance(classes, list) else str(classes).split())}
    words.add(str(tag.get("id", "")).lower())
    return bool(words & _NAV_WORDS)


def docx_to_text(raw: bytes, name: str) -> str:
    """The paragraphs and table cells of a Word .docx file, one per line."""
    try:
        import docx
    except ImportError:
        raise InputError(
            f"{name}: reading Word files needs python-docx; pip install 'kg[docx]' or save the report as .txt"
        ) from None
    import io
    import zipfile

    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: is not a readable Word .docx file ({exc}); re-save it from Word") from None
    if unpacked > 20 * MAX_REPORT_BYTES:  # a zip bomb, or a document that is mostly pictures
        raise InputError(
            f"{name}: unpacks to {unpacked / 2**20:.0f} MB, above the {20 * MAX_REPORT_BYTES // 2**20} MB a "
            "report can take; save its text as .txt"
        )
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx each raise their own errors
        raise InputError(f"{name}: is not a readable Word .docx file ({exc}); re-save it from Word") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


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
            raise InputError(f"{sidecar}: {key} must be a string; write {key} = \"…\"")
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
