"""HTML pages saved from a browser and Word .docx files → their readable text, paragraph by paragraph."""

from __future__ import annotations

import re
import warnings
from typing import cast

from kg.errors import InputError
from kg.read.decode import MAX_REPORT_BYTES

_BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    )
)
_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "object",
    "embed",
    "button",
    "select",
    "textarea",
    "head",
)
_BLOCK_BREAK = "\u2029"  # marks a block boundary while the page's own whitespace is collapsed
# class/id words of navigation blocks on news sites (matched as whole words of the attribute).
_NAV_WORDS = frozenset(
    (
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "position",
        "location",
        "footer",
        "header",
        "sidebar",
        "share",
        "toolbar",
        "topbar",
        "copyright",
        "banner",
        "skip",
    )
)


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
