"""Ingest: a path, ``-`` (stdin), a URL or a string in; a Document ready for analysis out.

Bytes are checked (size, binary), decoded (UTF-8 with or without BOM; for HTML the declared
charset), HTML is reduced to its article (``html.py``), and plain text is cleaned of page
furniture (``clean.py``) unless ``settings.keep_text``: then the text is exactly as given.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import BinaryIO

from .clean import clean_text, normalize_lines
from .errors import BinaryInputError, DecodeError, EmptyInputError, InputError, TooLargeError
from .fetch import Fetcher
from .model import Document
from .settings import DEFAULT_SETTINGS, Settings

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})

# magic numbers of files that are certainly not articles
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x01\x00", "an icon"),
)

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|!doctype\s+html)\b", re.I)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|article|section|script|meta|li|ul|table|img)\b[^>]*>", re.I
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)", re.I)

TITLE_MAX_CHARS = 160
TITLE_MAX_WORDS = 25


# --- entry points -------------------------------------------------------------------------


def load(
    source: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    fetcher: Fetcher | None = None,
) -> Document:
    """Load one article from a path, ``-`` (standard input) or an http(s) URL."""
    if source == "-":
        data = _read_capped(sys.stdin.buffer, settings.max_input_bytes, "<stdin>")
        return document_from_bytes(data, source="<stdin>", settings=settings)
    if is_url(source):
        if fetcher is None:
            from .fetch import HttpxFetcher

            fetcher = HttpxFetcher(settings)
        fetched = fetcher.fetch(source)
        return document_from_bytes(
            fetched.content,
            source=source,
            url=fetched.url,
            html=True if fetched.is_html else None,
            charset=fetched.charset,
            settings=settings,
        )
    return load_path(Path(source), settings=settings)


def load_path(path: Path, *, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Load one article from a file, refusing one over ``settings.max_input_bytes`` unread."""
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError("is a directory, not a file", source=name)
        if size > settings.max_input_bytes:
            raise _too_large(name, size, settings.max_input_bytes)
        with path.open("rb") as stream:
            data = _read_capped(stream, settings.max_input_bytes, name)
    except FileNotFoundError as exc:
        raise InputError("no such file", source=name) from exc
    except PermissionError as exc:
        raise InputError("permission denied", source=name) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", source=name) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=name) from exc
    html = True if path.suffix.lower() in HTML_SUFFIXES else None
    return document_from_bytes(data, source=name, html=html, settings=settings)


def document_from_bytes(
    data: bytes,
    *,
    source: str | None = None,
    url: str | None = None,
    html: bool | None = None,
    charset: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Document:
    """A Document from raw bytes. ``html``: True/False if known, None to sniff; ``charset``:
    the charset a server declared, if any."""
    if len(data) > settings.max_input_bytes:
        raise _too_large(source, len(data), settings.max_input_bytes)
    check_not_binary(data, source=source)
    if html is None:
        html = looks_like_html_bytes(data)
    text = decode_html(data, charset, source=source) if html else decode_text(data, source=source)
    return _document(text, url=url, html=html, source=source, settings=settings)


def document_from_string(
    text_or_html: str, url: str | None = None, *, settings: Settings = DEFAULT_SETTINGS
) -> Document:
    """A Document from a string of plain text or HTML (sniffed)."""
    size = len(text_or_html)
    if size * 4 > settings.max_input_bytes:  # exact size only when it might matter
        size = len(text_or_html.encode("utf-8", "surrogatepass"))
    if size > settings.max_input_bytes:
        raise _too_large(url, size, settings.max_input_bytes)
    if "\x00" in text_or_html:
        raise BinaryInputError("the text contains NUL characters; it looks binary", source=url)
    if text_or_html.startswith("\ufeff"):
        text_or_html = text_or_html[1:]
    return _document(
        text_or_html, url=url, html=looks_like_html(text_or_html), source=url, settings=settings
    )


# --- checks and decoding ------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def check_not_binary(data: bytes, *, source: str | None = None) -> None:
    """BinaryInputError for known binary formats and for NUL bytes (outside UTF-16/32)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"this is {what}, not an article", source=source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    nul = data.find(b"\x00", 0, 1 << 20)
    if nul >= 0:
        raise BinaryInputError(
            f"binary data (a NUL byte at offset {nul}), not an article", source=source
        )


def decode_text(data: bytes, *, source: str | None = None) -> str:
    """UTF-8 (a BOM is dropped) or BOM-marked UTF-16; DecodeError names the bad byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"invalid UTF-16 at byte offset {exc.start}", source=source, offset=exc.start
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        raise DecodeError(
            f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}"
            " (convert the file to UTF-8)",
            source=source,
            offset=offset,
        ) from exc


def decode_html(data: bytes, charset: str | None = None, *, source: str | None = None) -> str:
    """HTML bytes as text: BOM, then the server's charset, then the page's own declaration,
    then UTF-8; a page that is not valid in any of them is read as Windows-1252."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, source=source)
    candidates = [charset, declared_charset(data), "utf-8"]
    for name in candidates:
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            continue  # a page that decodes as ASCII cannot really be UTF-16
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first kilobytes (meta or XML prolog)."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace").lower() if match else None


def looks_like_html_bytes(data: bytes) -> bool:
    head = data[:4096]
    if _HTML_START.search(head):
        return True
    return looks_like_html(head.decode("utf-8", errors="replace"))


def looks_like_html(text: str) -> bool:
    """HTML if it starts like a page, or has <html>/<body> near the top, or many tags."""
    head = text[:8192]
    if _HTML_START.search(head.encode("utf-8", "surrogatepass")):
        return True
    if _HTML_ANYWHERE.search(head):
        return True
    return len(_TAG.findall(head)) >= 5


# --- building the Document -----------------------------------------------------------------


def _document(
    text: str, *, url: str | None, html: bool, source: str | None, settings: Settings
) -> Document:
    if not text.strip():
        raise EmptyInputError("the input is empty", source=source)
    if html:
        from .html import extract_html

        doc = extract_html(text, url=url, settings=settings)
        if not settings.keep_text:
            doc = _replace_text(doc, clean_text(doc.text))
        if not doc.text.strip():
            raise EmptyInputError("the page has no article text", source=source)
        return doc
    if not settings.keep_text:
        text = clean_text(text)
        if not text:
            raise EmptyInputError("the input holds only page furniture", source=source)
    return Document(text=text, title=guess_title(text), url=url)


def _replace_text(doc: Document, text: str) -> Document:
    return Document(
        text=text,
        title=doc.title,
        url=doc.url,
        outlet=doc.outlet,
        published=doc.published,
        language=doc.language,
    )


def guess_title(text: str) -> str | None:
    """The first line, if it reads like a headline: short, on its own, no final full stop.
    It stays in the text (a headline such as ``Vice: ...`` is itself an attribution)."""
    lines = normalize_lines(text.lstrip())
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    if not first or len(first) > TITLE_MAX_CHARS or len(first.split()) > TITLE_MAX_WORDS:
        return None
    if first.endswith((",", ";", ":")):
        return None
    if first.endswith(".") and not first.endswith("..") and not _title_case(first):
        # a sentence, unless it stands alone as a short paragraph of one sentence
        one_sentence = re.search(r"[.!?][\"'’”]?\s+[A-Z]", first) is None
        if lines[1].strip() or len(first.split()) > 20 or not one_sentence:
            return None
    if not any(line.strip() for line in lines[1:]):
        return None
    return first


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _read_capped(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, None, limit)
    return data


def _too_large(source: str | None, size: int | None, limit: int) -> TooLargeError:
    what = f"{size:,} bytes" if size is not None else "larger"
    return TooLargeError(
        f"the input is {what}, over the limit of {limit:,} bytes (settings.max_input_bytes)",
        source=source,
        size=size,
        limit=limit,
    )
