"""Bytes → text: the encodings a report comes in (UTF-8, UTF-16, GB18030/GBK, Big5), detected or forced, with one
clear line for a file that is none of them."""

from __future__ import annotations

import codecs
import re
import unicodedata

from kg.errors import InputError

# A report is tens of kilobytes; ten megabytes is a few hundred reports in one file. Above this the
# extractor would run for many minutes, so the file is refused before it is read (measured: reading
# and normalising 10 MB takes 3 s and 110 MB; 100 MB takes 23 s and 0.9 GB before any extraction).
MAX_REPORT_BYTES = 10 * 1024 * 1024


def decode(raw: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes → text: a forced encoding, a BOM, UTF-8, UTF-16 without BOM, then GB18030 or Big5."""
    if encoding:
        return _decode_as(raw, name, encoding)
    if not raw.strip():
        raise InputError(f"{name}: is empty; pass a report with text")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
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
        return raw[: error.start].decode("utf-8")
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
        b"%PDF": "a PDF file",
        b"\xd0\xcf\x11\xe0": "an old Word/Office file (.doc)",
        b"PK\x03\x04": "a zip archive",
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"GIF8": "a GIF image",
        b"\x1f\x8b": "a gzip archive",
        b"\x7fELF": "a program",
        b"{\\rtf": "an RTF file",
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
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f\v")
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
    return (
        " " <= ch <= "~"
        or ch in "\t\r\n\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or _common_simplified(ch)
        or _common_traditional(ch)
    )


def _common_traditional(ch: str) -> bool:
    """In Big5's frequently used hanzi (A440–C67E, the 5,401 common traditional characters)?"""
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E
