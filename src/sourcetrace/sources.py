"""Sources: what a user hands to ``sourcetrace add``, expanded into a stream of articles.

An argument is one of:

- ``-``: standard input (read up to ``settings.max_input_bytes``, then sniffed like a file);
- an http(s) URL: fetched once; a feed is expanded into its entries, anything else is an article;
- a directory: its files, walked in sorted order (names starting with ``.`` are left out);
- a file, told apart by its content first and its name second:
  a WARC (``WARC/1.`` at the start, or a gzip whose first member starts so; ``.warc``,
  ``.warc.gz``), a feed (XML whose root is ``rss``, ``feed`` or ``rdf:RDF``; ``.rss``, ``.atom``,
  ``.rdf``, ``.xml``), a URL list (every line that is neither blank nor a ``#`` comment is an
  http(s) URL), or else one article (plain text or HTML, read by ``ingest``).

``expand`` yields one :class:`Item` per article, in order, and never raises for a bad one: what
cannot be read becomes an Item carrying its typed error. A WARC is read record by record and a
feed entry by entry, so no archive and no batch is ever held in memory whole.

WARC: only ``response`` records with HTTP status 200 and an HTML content type are articles; the
target URI is the article's URL and ``WARC-Date`` the time it was fetched. A broken record (one
that ends early, has a wrong length or cannot be parsed) becomes one error Item naming its byte
offset, and reading goes on at the next record that can be found after it (in a gzip WARC, the
next gzip member that starts a record); a record whose digest does not match is an error Item.

Feeds (parsed with feedparser): an entry whose own content or summary holds at least
``FEED_BODY_MIN_CHARS`` characters of text is read from the feed, with no fetch; otherwise its
link is fetched. The entry's date (``published``, else ``updated``) is kept as ``Item.published``
and given to the Document where the page does not say when it was published.
"""

from __future__ import annotations

import calendar
import html
import io
import os
import re
import sys
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from .errors import ArchiveError, FeedError, InputError, SourcetraceError, TooLargeError
from .fetch import Fetcher, parse_content_type
from .ingest import document_from_bytes, is_url, load_path, looks_like_html_bytes
from .model import Document
from .settings import DEFAULT_SETTINGS, Settings

__all__ = ["FEED_BODY_MIN_CHARS", "Item", "expand", "is_feed"]

#: an entry's own text of at least this many characters is the article; else its link is fetched
FEED_BODY_MIN_CHARS = 500

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")

_HEAD_BYTES = 64 * 1024  # read to tell a file's format
_SCAN_BYTES = 1 << 20  # block size when looking for the next record after a broken one
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/1."
_FEED_ROOT = re.compile(
    rb"\A\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[A-Za-z][\w.-]*:)?(?:rss|feed|RDF)\b",
    re.S,
)
_TAG = re.compile(r"<[^>]*>")
_ISO = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class Item:
    """One article a source gave, read into a Document, or the error that stopped it.

    ``origin`` is the argument it came from (a path, a URL, ``-``); ``locator`` names it inside
    that origin and stays the same from run to run: a file's path, a URL, ``crawl.warc.gz#offset=
    12345`` for a WARC record, an entry's link (or ``feed.xml#entry=3``) for a feed entry.
    ``fetched_at`` (when it was fetched: the WARC-Date, or now for a URL) and ``published`` (the
    date a feed gave the entry) are ISO 8601 strings, or None where unknown.
    """

    origin: str
    locator: str
    url: str | None = None
    fetched_at: str | None = None
    published: str | None = None
    document: Document | None = None
    error: SourcetraceError | None = None

    def __post_init__(self) -> None:
        if (self.document is None) == (self.error is None):
            raise ValueError("an Item holds either a document or an error")

    @property
    def ok(self) -> bool:
        return self.error is None


def expand(
    args: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """The articles the arguments hold, in order; a bad one is an Item with its error.

    ``fetcher`` fetches URLs (of arguments, URL lists and feed entries); by default an
    ``HttpxFetcher``, made the first time one is needed.
    """
    context = _Context(settings, fetcher)
    for arg in args:
        yield from _expand_arg(arg, context)


# --- arguments ------------------------------------------------------------------------------


@dataclass
class _Context:
    settings: Settings
    given_fetcher: Fetcher | None
    _default: Fetcher | None = field(default=None, init=False)

    @property
    def fetcher(self) -> Fetcher:
        if self.given_fetcher is not None:
            return self.given_fetcher
        if self._default is None:
            from .fetch import HttpxFetcher

            self._default = HttpxFetcher(self.settings)
        return self._default


def _expand_arg(arg: str, context: _Context) -> Iterator[Item]:
    if arg == "-":
        yield from _expand_stdin(context)
    elif is_url(arg):
        yield from _fetched(arg, origin=arg, locator=arg, context=context, feeds=True)
    elif os.path.isdir(arg):
        for path in _walk(Path(arg)):
            yield from _expand_file(path, origin=arg, context=context)
    else:
        yield from _expand_file(Path(arg), origin=arg, context=context)


def _walk(root: Path) -> Iterator[Path]:
    """The files under ``root``, sorted, each folder's files before its subfolders'; hidden
    names and symbolic links to folders are left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder, name)


def _expand_stdin(context: _Context) -> Iterator[Item]:
    name = "<stdin>"
    limit = context.settings.max_input_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        yield _failed("-", name, _too_large(name, limit))
        return
    kind = _sniff(data, complete=True)
    if kind == "warc":
        yield from _warc_items(io.BytesIO(data), name=name, origin="-", context=context)
    elif kind == "feed":
        yield from _feed_items(data, name=name, origin="-", base_url=None, context=context)
    elif kind == "urls":
        yield from _url_items(data.decode("utf-8-sig").splitlines(), name, "-", context)
    else:
        try:
            doc = document_from_bytes(data, source=name, settings=context.settings)
        except SourcetraceError as exc:
            yield _failed("-", name, exc)
            return
        yield Item("-", name, url=doc.url, published=doc.published, document=doc)


def _expand_file(path: Path, *, origin: str, context: _Context) -> Iterator[Item]:
    name = str(path)
    try:
        stream = path.open("rb")
    except OSError:
        # load_path words every way a file cannot be opened (missing, denied, a folder...)
        yield _article_file(path, origin, context)
        return
    with stream:
        try:
            head = stream.read(_HEAD_BYTES)
        except OSError as exc:
            error = InputError(f"cannot read the file ({exc.strerror or exc})", source=name)
            yield _failed(origin, name, error)
            return
        kind = None
        if head.strip():  # an empty file is an empty article, whatever its name
            kind = _sniff(head, complete=len(head) < _HEAD_BYTES) or _kind_by_suffix(name, head)
        if kind == "warc":
            yield from _warc_items(stream, name=name, origin=origin, context=context)
            return
        if kind == "feed":
            try:
                data = _read_rest(stream, head, name, context.settings.max_input_bytes)
            except SourcetraceError as exc:
                yield _failed(origin, name, exc)
                return
            yield from _feed_items(data, name=name, origin=origin, base_url=None, context=context)
            return
        if kind == "urls":
            stream.seek(0)
            lines = (raw.decode("utf-8-sig", "replace") for raw in stream)
            yield from _url_items(lines, name, origin, context)
            return
    yield _article_file(path, origin, context)


def _article_file(path: Path, origin: str, context: _Context) -> Item:
    name = str(path)
    try:
        doc = load_path(path, settings=context.settings)
    except SourcetraceError as exc:
        return _failed(origin, name, exc)
    return Item(origin, name, url=doc.url, published=doc.published, document=doc)


# --- telling formats apart ------------------------------------------------------------------


def _sniff(head: bytes, *, complete: bool) -> str | None:
    """``warc``, ``feed`` or ``urls`` by the first bytes of a file; None if none of them.
    ``complete``: the head is the whole file (else its last line may be cut)."""
    if head.startswith(_WARC_MAGIC) or (head.startswith(_GZIP_MAGIC) and _gzip_starts_warc(head)):
        return "warc"
    if is_feed(head):
        return "feed"
    if _is_url_list(head, complete=complete):
        return "urls"
    return None


def _kind_by_suffix(name: str, head: bytes) -> str | None:
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    # an HTML page is an article whatever its name
    if lower.endswith(FEED_SUFFIXES) and not looks_like_html_bytes(head):
        return "feed"
    return None


def is_feed(data: bytes) -> bool:
    """True if ``data`` is XML whose root element is ``rss``, ``feed`` (Atom) or ``rdf:RDF``."""
    return _FEED_ROOT.match(data.removeprefix(b"\xef\xbb\xbf")[:_HEAD_BYTES]) is not None


def _is_url_list(head: bytes, *, complete: bool) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        if complete:
            return False
        text = head.decode("utf-8-sig", "ignore")  # a character cut at the end of the head
    lines = text.splitlines()
    if not complete and lines:
        lines.pop()  # maybe cut in the middle
    entries = [line.strip() for line in lines]
    entries = [e for e in entries if e and not e.startswith("#")]
    return bool(entries) and all(_is_url_line(e) for e in entries)


def _is_url_line(line: str) -> bool:
    return is_url(line) and len(line) > len("https://") and not any(c.isspace() for c in line)


def _gzip_starts_warc(data: bytes) -> bool:
    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 64)
    except zlib.error:
        return False
    return start.startswith(_WARC_MAGIC)


# --- URLs and URL lists ---------------------------------------------------------------------


def _url_items(lines: Iterable[str], name: str, origin: str, context: _Context) -> Iterator[Item]:
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not _is_url_line(line):
            error = InputError(
                f"line {number} of the URL list is not an http(s) URL: {line[:80]!r}",
                source=name,
                line=number,
            )
            yield _failed(origin, f"{name}#line={number}", error)
            continue
        yield from _fetched(line, origin=origin, locator=line, context=context, feeds=True)


def _fetched(
    url: str,
    *,
    origin: str,
    locator: str,
    context: _Context,
    feeds: bool,
    published: str | None = None,
) -> Iterator[Item]:
    """Fetch ``url``: a feed (if ``feeds``) is expanded into its entries, else one article."""
    try:
        fetched = context.fetcher.fetch(url)
    except SourcetraceError as exc:
        yield Item(origin, locator, url=url, published=published, error=exc)
        return
    fetched_at = _now()
    if feeds and is_feed(fetched.content):
        yield from _feed_items(
            fetched.content, name=url, origin=origin, base_url=fetched.url, context=context
        )
        return
    try:
        doc = document_from_bytes(
            fetched.content,
            source=url,
            url=fetched.url,
            html=True if fetched.is_html else None,
            charset=fetched.charset,
            settings=context.settings,
        )
    except SourcetraceError as exc:
        yield Item(origin, locator, fetched.url, fetched_at, published, error=exc)
        return
    if published and not doc.published:
        doc = replace(doc, published=published)
    yield Item(origin, locator, fetched.url, fetched_at, published, document=doc)


# --- feeds ----------------------------------------------------------------------------------


def _feed_items(
    data: bytes, *, name: str, origin: str, base_url: str | None, context: _Context
) -> Iterator[Item]:
    import feedparser

    # always bytes: feedparser would fetch a str that looks like a URL, or open it as a path
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(data, response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            reason = f" ({' '.join(str(problem).split())})" if problem else ""
            yield _failed(origin, name, FeedError(f"not an RSS or Atom feed{reason}", source=name))
        return  # a valid feed without entries holds no articles
    for number, entry in enumerate(entries, 1):
        yield from _entry_items(entry, number, name=name, origin=origin, context=context)


def _entry_items(
    entry: Any, number: int, *, name: str, origin: str, context: _Context
) -> Iterator[Item]:
    link = entry.get("link") or None
    locator = link or f"{name}#entry={number}"
    published = _entry_date(entry)
    body, body_is_html = _entry_body(entry)
    if len(_visible_text(body, body_is_html)) >= FEED_BODY_MIN_CHARS:
        try:
            doc = _entry_document(entry, body, body_is_html, link, locator, context.settings)
        except SourcetraceError as exc:
            yield Item(origin, locator, link, None, published, error=exc)
            return
        yield Item(origin, locator, link, None, published, document=doc)
    elif link and is_url(link):
        yield from _fetched(
            link, origin=origin, locator=locator, context=context, feeds=False, published=published
        )
    else:
        error = FeedError(
            f"entry {number} of the feed has no http(s) link to fetch and too little text of"
            f" its own (under {FEED_BODY_MIN_CHARS} characters)",
            source=name,
            entry=number,
            link=link,
        )
        yield Item(origin, locator, link, None, published, error=error)


def _entry_body(entry: Any) -> tuple[str, bool]:
    """The longest of the entry's contents, else its summary; and whether it is HTML."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        return best["value"], best.get("type", "text/html") in HTML_TYPES
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    return summary, detail.get("type", "text/html") in HTML_TYPES


def _visible_text(body: str, is_html: bool) -> str:
    text = html.unescape(_TAG.sub(" ", body)) if is_html else body
    return " ".join(text.split())


def _entry_document(
    entry: Any, body: str, is_html: bool, link: str | None, locator: str, settings: Settings
) -> Document:
    title = " ".join((entry.get("title") or "").split())
    if is_html:
        heading = f"<h1>{html.escape(title)}</h1>" if title else ""
        page = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title></head><body><article>{heading}{body}</article></body></html>"
        )
    else:
        page = f"{title}\n\n{body}" if title else body
    doc = document_from_bytes(
        page.encode("utf-8"), source=locator, url=link, html=is_html, settings=settings
    )
    published = _entry_date(entry)
    return replace(doc, published=published or doc.published, title=doc.title or title or None)


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).strftime(_ISO)
    return None


# --- WARC -----------------------------------------------------------------------------------


def _warc_items(stream: BinaryIO, *, name: str, origin: str, context: _Context) -> Iterator[Item]:
    stream.seek(0)
    gzipped = stream.read(2) == _GZIP_MAGIC
    start: int | None = 0
    while start is not None:
        stream.seek(start)
        broken = yield from _warc_records(stream, name=name, origin=origin, context=context)
        if broken is None:
            return
        offset, error = broken
        yield _failed(origin, f"{name}#offset={offset}", error)
        start = _next_record_start(stream, offset + 1, gzipped=gzipped)


class _Records(ArchiveIterator):
    INC_RECORD = ""  # warcio writes this warning on stderr; here the broken record is reported


def _warc_records(
    stream: BinaryIO, *, name: str, origin: str, context: _Context
) -> Generator[Item, None, tuple[int, ArchiveError] | None]:
    """The articles of the records from the stream's position on; returns the offset and
    error of the first broken record, or None at the end of the file."""
    limit = context.settings.max_input_bytes
    records = _Records(stream, check_digests=True)
    iterator = iter(records)
    while True:
        offset = records.offset
        try:
            record = next(iterator)
        except StopIteration:
            return None
        except Exception as exc:  # warcio raises many kinds of error on broken data
            return offset, _broken(name, offset, _reason(exc))
        locator = f"{name}#offset={offset}"
        try:
            wanted, charset = _article_response(record)
            payload = record.content_stream().read(limit + 1) if wanted else b""
            slips = records.err_count
            records.read_to_end()  # the rest of the record: its digest and its framing
            problem = _framing_problem(record, slipped=records.err_count > slips)
        except Exception as exc:  # as above
            return offset, _broken(name, offset, _reason(exc))
        if problem:
            return offset, _broken(name, offset, problem)
        if wanted:
            yield _warc_item(record, payload, charset, origin, locator, context.settings)


def _article_response(record: Any) -> tuple[bool, str | None]:
    """Whether a record is an HTML page served with status 200; and its charset."""
    if record.rec_type != "response" or not record.http_headers:
        return False, None
    if record.http_headers.get_statuscode() != "200":
        return False, None
    media, charset = parse_content_type(record.http_headers.get_header("Content-Type"))
    return media in HTML_TYPES, charset


def _framing_problem(record: Any, *, slipped: bool) -> str | None:
    declared = record.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():
        return f"the record has no valid Content-Length ({declared!r})"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return f"the record ends early: {missing:,} of its {int(declared):,} bytes are missing"
    if slipped:
        return "the record is not followed by a blank line; its Content-Length is wrong"
    return None


def _warc_item(
    record: Any, payload: bytes, charset: str | None, origin: str, locator: str, settings: Settings
) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched_at = record.rec_headers.get_header("WARC-Date")
    problems = record.digest_checker.problems if record.digest_checker else []
    if problems:
        error: SourcetraceError = ArchiveError(
            f"the record is corrupted ({'; '.join(problems)})", source=locator, url=url
        )
        return Item(origin, locator, url, fetched_at, error=error)
    if len(payload) > settings.max_input_bytes:
        error = _too_large(locator, settings.max_input_bytes)
        return Item(origin, locator, url, fetched_at, error=error)
    try:
        doc = document_from_bytes(
            payload, source=locator, url=url, html=True, charset=charset, settings=settings
        )
    except SourcetraceError as exc:
        return Item(origin, locator, url, fetched_at, error=exc)
    return Item(origin, locator, url, fetched_at, doc.published, document=doc)


def _next_record_start(stream: BinaryIO, start: int, *, gzipped: bool) -> int | None:
    """The offset of the first record at or after ``start``: a line starting ``WARC/1.``, or
    in a gzip WARC a gzip member that starts so; None if there is none."""
    needle = _GZIP_MAGIC + b"\x08" if gzipped else b"\n" + _WARC_MAGIC
    pos = start
    while True:
        stream.seek(pos)
        block = stream.read(_SCAN_BYTES)
        hit = block.find(needle)
        if hit < 0:
            if len(block) < _SCAN_BYTES:
                return None
            pos += len(block) - len(needle) + 1
            continue
        found = pos + hit
        if not gzipped:
            return found + 1
        stream.seek(found)
        if _gzip_starts_warc(stream.read(4096)):
            return found
        pos = found + 1


def _broken(name: str, offset: int, reason: str) -> ArchiveError:
    return ArchiveError(
        f"broken WARC record at byte offset {offset:,}: {reason}", source=name, offset=offset
    )


def _reason(exc: BaseException) -> str:
    """A library's message on one printable line of at most 160 characters (warcio quotes the
    bad bytes)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:159] + "…"


# --- helpers --------------------------------------------------------------------------------


def _failed(origin: str, locator: str, error: SourcetraceError) -> Item:
    return Item(origin, locator, error=error)


def _read_rest(stream: BinaryIO, head: bytes, name: str, limit: int) -> bytes:
    data = head + stream.read(limit + 1 - len(head))
    if len(data) > limit:
        raise _too_large(name, limit)
    return data


def _too_large(source: str, limit: int) -> TooLargeError:
    return TooLargeError(
        f"the input is over the limit of {limit:,} bytes (settings.max_input_bytes)",
        source=source,
        limit=limit,
    )


def _now() -> str:
    return datetime.now(UTC).strftime(_ISO)
