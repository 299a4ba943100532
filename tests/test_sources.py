"""Sources: files, folders, URLs, URL lists, feeds and WARCs expanded into articles, with every
bad input an Item carrying its typed error."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from http_support import ARTICLE_HTML
from paths import HTML, needs
from sourcetrace.errors import FetchError
from sourcetrace.fetch import Fetched
from sourcetrace.model import Document
from sourcetrace.sources import FEED_BODY_MIN_CHARS, Item, expand, is_feed

CNN = HTML / "cnn_article.html"
CLEVELAND = HTML / "cleveland.com1.html"
CNN_URL = "https://edition.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html"
CLEVELAND_URL = "https://www.cleveland.com/food/2014/12/let_me_google_that_for_you.html"

PARAGRAPH = (
    "The harbour authority said on Monday that the new ferry terminal would open in June, "
    "two years later than planned, after a dispute with the builder over the cost of the pier. "
)
LONG_BODY = "<p>" + PARAGRAPH * 6 + "</p><p>Critics said the delay had cost the town dearly.</p>"
STORY_TEXT = b"Ferry terminal delayed\n\nThe harbour authority said the terminal is late.\n"


class FakeFetcher:
    """The Fetcher seam over a dict; FetchError for any URL it does not know."""

    def __init__(self, pages: dict[str, Fetched]) -> None:
        self.pages = pages
        self.calls: list[str] = []

    def fetch(self, url: str) -> Fetched:
        self.calls.append(url)
        if url not in self.pages:
            raise FetchError("the server answered 404 Not Found", source=url, status=404)
        return self.pages[url]


def html_page(url: str, body: str = ARTICLE_HTML) -> Fetched:
    return Fetched(url, body.encode("utf-8"), "text/html", "utf-8")


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- WARC fixtures ---------------------------------------------------------------------------


def warc_bytes(records: list[tuple[str, str, str, bytes, str]], *, gzip: bool) -> bytes:
    """A WARC of response records (url, status line, content type, body, WARC-Date)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, status, content_type, body, date in records:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),  # else warcio buffers it in a temporary file it never closes
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    return out.getvalue()


def crawl_records() -> list[tuple[str, str, str, bytes, str]]:
    return [
        (CNN_URL, "200 OK", "text/html; charset=UTF-8", CNN.read_bytes(), "2013-11-28T02:05:00Z"),
        (
            "https://www.cnn.com/logo.png",
            "200 OK",
            "image/png",
            b"\x89PNG\r\n\x1a\n",
            "2013-11-28T02:05:01Z",
        ),
        (
            "https://www.cnn.com/gone.html",
            "404 Not Found",
            "text/html",
            b"<html><body><p>Not found</p></body></html>",
            "2013-11-28T02:05:02Z",
        ),
        (CLEVELAND_URL, "200 OK", "text/html", CLEVELAND.read_bytes(), "2014-12-28T09:30:00Z"),
    ]


def three_articles() -> list[tuple[str, str, str, bytes, str]]:
    return [
        (
            f"https://news.example/{n}",
            "200 OK",
            "text/html",
            ARTICLE_HTML.encode(),
            f"2024-03-0{n}T08:00:00Z",
        )
        for n in (1, 2, 3)
    ]


def record_starts(data: bytes, *, gzip: bool) -> list[int]:
    magic = b"\x1f\x8b\x08" if gzip else b"WARC/1.0\r\n"
    return [m.start() for m in re.finditer(re.escape(magic), data)]


def codes(items: list[Item]) -> list[str | None]:
    return [item.error.code if item.error else None for item in items]


@needs(CNN, CLEVELAND)
@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_yields_its_html_200_responses_with_url_and_warc_date(
    tmp_path: Path, gzip: bool
) -> None:
    data = warc_bytes(crawl_records(), gzip=gzip)
    path = write(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), data)

    items = list(expand([str(path)]))

    assert [item.url for item in items] == [CNN_URL, CLEVELAND_URL]  # png and 404 skipped
    assert all(item.ok and item.origin == str(path) for item in items)
    assert [item.fetched_at for item in items] == ["2013-11-28T02:05:00Z", "2014-12-28T09:30:00Z"]
    starts = record_starts(data, gzip=gzip)
    assert [item.locator for item in items] == [f"{path}#offset={n}" for n in starts[::3]]
    cnn, cleveland = (item.document for item in items)
    assert cnn is not None and cleveland is not None
    assert cnn.title == "After storm, forecasters see smooth sailing for Thanksgiving"
    assert "<p>" not in cnn.text and "winter storm" in cnn.text  # extracted, not raw HTML
    assert cnn.url == CNN_URL
    assert "Chia seeds" in cleveland.text


@needs(CNN, CLEVELAND)
def test_a_truncated_gzip_warc_yields_the_records_before_the_cut_and_one_error(
    tmp_path: Path,
) -> None:
    data = warc_bytes(crawl_records(), gzip=True)
    last = record_starts(data, gzip=True)[3]
    cut = write(tmp_path / "cut.warc.gz", data[: last + (len(data) - last) // 2])

    items = list(expand([str(cut)]))

    assert codes(items) == [None, "input.archive"]
    assert items[0].url == CNN_URL
    error = items[1].error
    assert error is not None
    assert error.context["offset"] == last
    assert items[1].locator == f"{cut}#offset={last}"
    assert f"byte offset {last:,}" in str(error)


def test_a_warc_cut_inside_a_record_header_is_one_error(tmp_path: Path) -> None:
    data = warc_bytes(three_articles(), gzip=False)
    third = record_starts(data, gzip=False)[2]
    path = write(tmp_path / "cut.warc", data[: third + 30])
    items = list(expand([str(path)]))
    assert codes(items) == [None, None, "input.archive"]
    assert items[2].error is not None and items[2].error.context["offset"] == third


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_broken_record_in_the_middle_is_an_error_and_reading_goes_on(
    tmp_path: Path, gzip: bool
) -> None:
    data = bytearray(warc_bytes(three_articles(), gzip=gzip))
    second = record_starts(bytes(data), gzip=gzip)[1]
    if gzip:
        data[second + 20 : second + 60] = b"\x00" * 40  # inside the compressed member
    else:
        data[second : second + 8] = b"GARBAGE!"  # its WARC/1.0 line
    path = write(tmp_path / "broken.warc", bytes(data))

    items = list(expand([str(path)]))

    assert codes(items) == [None, "input.archive", None]
    assert [items[0].url, items[2].url] == ["https://news.example/1", "https://news.example/3"]
    assert items[1].locator == f"{path}#offset={second}"
    assert items[2].fetched_at == "2024-03-03T08:00:00Z"


def test_a_record_with_a_wrong_content_length_is_an_error(tmp_path: Path) -> None:
    data = warc_bytes(three_articles(), gzip=False)
    length = re.search(rb"Content-Length: (\d+)\r\n", data)
    assert length is not None
    wrong = str(int(length.group(1)) + 40).encode()
    path = write(tmp_path / "length.warc", data[: length.start(1)] + wrong + data[length.end(1) :])

    items = list(expand([str(path)]))

    assert codes(items) == ["input.archive", None, None]
    assert items[0].error is not None and "Content-Length" in items[0].error.message


def test_a_record_whose_digest_fails_is_an_error_with_its_url(tmp_path: Path) -> None:
    data = warc_bytes(three_articles(), gzip=False)
    start = record_starts(data, gzip=False)[1]
    at = data.index(b"council approved", start)
    path = write(tmp_path / "digest.warc", data[:at] + b"COUNCIL" + data[at + 7 :])

    items = list(expand([str(path)]))

    assert codes(items) == [None, "input.archive", None]
    assert items[1].url == "https://news.example/2"
    assert items[1].error is not None and "digest" in items[1].error.message


def test_a_file_named_warc_that_is_not_one_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.warc", "just some notes\nabout nothing\n")
    items = list(expand([str(path)]))
    assert codes(items) == ["input.archive"]


# --- feeds -----------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>https://harbour.example/</link>
<item><title>Ferry terminal delayed</title><link>https://harbour.example/ferry</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[{LONG_BODY}]]></description></item>
<item><title>Council approves the budget</title><link>https://harbour.example/budget</link>
<pubDate>Wed, 06 Mar 2024 07:30:00 +0100</pubDate>
<description>The council approved the budget.</description></item>
<item><title>Gone</title><link>https://harbour.example/gone</link>
<pubDate>Thu, 07 Mar 2024 12:00:00 GMT</pubDate><description>Short.</description></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour</title><id>urn:harbour</id>
<updated>2024-03-08T00:00:00Z</updated>
<entry><title>Ferry terminal delayed</title><id>urn:1</id>
<link rel="alternate" href="https://harbour.example/atom/ferry"/>
<published>2024-03-05T10:00:00+02:00</published><updated>2024-03-05T11:00:00Z</updated>
<content type="html">{LONG_BODY.replace("<", "&lt;")}</content></entry>
<entry><title>Budget</title><id>urn:2</id>
<link rel="alternate" href="https://harbour.example/atom/budget"/>
<updated>2024-03-06T09:00:00Z</updated><summary>The council approved it.</summary></entry>
</feed>
"""


def harbour_fetcher() -> FakeFetcher:
    return FakeFetcher(
        {
            "https://harbour.example/budget": html_page("https://harbour.example/budget"),
            "https://harbour.example/atom/budget": Fetched(
                "https://harbour.example/atom/budget", STORY_TEXT, "text/plain", "utf-8"
            ),
        }
    )


def test_an_rss_feed_reads_long_entries_from_the_feed_and_fetches_the_others(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "feed.rss", RSS)
    fetcher = harbour_fetcher()

    items = list(expand([str(path)], fetcher=fetcher))

    assert fetcher.calls == ["https://harbour.example/budget", "https://harbour.example/gone"]
    assert codes(items) == [None, None, "fetch"]
    assert [item.url for item in items] == [
        "https://harbour.example/ferry",
        "https://harbour.example/budget",
        "https://harbour.example/gone",
    ]
    assert [item.published for item in items] == [
        "2024-03-05T10:00:00Z",
        "2024-03-06T06:30:00Z",  # in UTC
        "2024-03-07T12:00:00Z",
    ]
    assert all(item.origin == str(path) for item in items)
    ferry, budget = items[0].document, items[1].document
    assert ferry is not None and budget is not None
    assert ferry.title == "Ferry terminal delayed"
    assert "new ferry terminal would open in June" in ferry.text
    assert ferry.published == "2024-03-05T10:00:00Z"
    assert items[0].fetched_at is None  # read from the feed, not fetched
    assert budget.title == "Council approves the budget"
    assert budget.published == "2024-03-05"  # the page's own date wins over the feed's
    assert items[1].fetched_at is not None


def test_an_atom_feed_keeps_published_else_updated(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.atom", ATOM)
    items = list(expand([str(path)], fetcher=harbour_fetcher()))
    assert codes(items) == [None, None]
    assert [item.published for item in items] == ["2024-03-05T08:00:00Z", "2024-03-06T09:00:00Z"]
    assert [item.locator for item in items] == [
        "https://harbour.example/atom/ferry",
        "https://harbour.example/atom/budget",
    ]
    budget = items[1].document
    assert budget is not None
    assert budget.text.startswith("Ferry terminal delayed")  # the fetched text page
    assert budget.published == "2024-03-06T09:00:00Z"  # the page has no date: the feed's


def test_the_feed_body_threshold_decides_between_feed_text_and_a_fetch(tmp_path: Path) -> None:
    short = "<p>" + "x" * (FEED_BODY_MIN_CHARS - 1) + "</p>"
    feed = RSS.replace(LONG_BODY, short)
    fetcher = harbour_fetcher()
    items = list(expand([str(write(tmp_path / "feed.xml", feed))], fetcher=fetcher))
    assert fetcher.calls[0] == "https://harbour.example/ferry"
    assert codes(items)[0] == "fetch"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("feed.xml", "this is not XML at all <<<"),
        ("feed.rss", "<?xml version='1.0'?><config><option name='a'/></config>"),
    ],
    ids=["not-xml", "xml-not-a-feed"],
)
def test_a_feed_file_that_is_not_a_feed_is_one_feed_error(
    tmp_path: Path, name: str, content: str
) -> None:
    path = write(tmp_path / name, content)
    items = list(expand([str(path)]))
    assert codes(items) == ["input.feed"]
    assert items[0].locator == str(path)
    assert items[0].error is not None and "not an RSS or Atom feed" in items[0].error.message


def test_an_entry_with_no_link_and_little_text_is_a_feed_error(tmp_path: Path) -> None:
    feed = "<rss version='2.0'><channel><title>T</title><item><title>Only a title</title>"
    feed += "<description>Tiny.</description></item></channel></rss>"
    path = write(tmp_path / "links.txt", feed)  # sniffed as a feed, whatever its name
    items = list(expand([str(path)]))
    assert codes(items) == ["input.feed"]
    assert items[0].locator == f"{path}#entry=1"


def test_is_feed_looks_at_the_root_element() -> None:
    assert is_feed(RSS.encode())
    assert is_feed(ATOM.encode())
    assert is_feed(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c --><rdf:RDF xmlns:rdf='x'/>")
    assert not is_feed(ARTICLE_HTML.encode())
    assert not is_feed(b"<?xml version='1.0'?><feedback/>")


# --- URLs and URL lists ----------------------------------------------------------------------


def test_a_url_list_is_fetched_line_by_line_and_a_listed_feed_is_expanded(
    tmp_path: Path,
) -> None:
    urls = write(
        tmp_path / "urls.txt",
        "# morning reading\n\nhttps://a.example/story\n  https://a.example/missing  \n"
        "https://a.example/feed.xml\n",
    )
    fetcher = FakeFetcher(
        {
            "https://a.example/story": html_page("https://a.example/final-story"),
            "https://a.example/feed.xml": Fetched(
                "https://a.example/feed.xml", RSS.encode(), "application/xml", None
            ),
            "https://harbour.example/budget": html_page("https://harbour.example/budget"),
        }
    )

    items = list(expand([str(urls)], fetcher=fetcher))

    assert fetcher.calls[:3] == [
        "https://a.example/story",
        "https://a.example/missing",
        "https://a.example/feed.xml",
    ]
    assert codes(items) == [None, "fetch", None, None, "fetch"]
    story, missing = items[0], items[1]
    assert story.locator == "https://a.example/story"
    assert story.url == "https://a.example/final-story"  # after the redirect
    assert story.document is not None and story.document.title == "Council approves the budget"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", story.fetched_at or "")
    assert missing.url == "https://a.example/missing"
    assert missing.error is not None and missing.error.context["status"] == 404
    assert [item.origin for item in items] == [str(urls)] * 5
    assert items[2].url == "https://harbour.example/ferry"  # the listed feed's entries


def test_a_url_argument_is_an_article_or_a_feed() -> None:
    fetcher = FakeFetcher(
        {
            "https://a.example/story": html_page("https://a.example/story"),
            "https://a.example/feed": Fetched("https://a.example/feed", ATOM.encode(), None, None),
            "https://harbour.example/atom/budget": html_page("https://harbour.example/atom/budget"),
        }
    )
    items = list(expand(["https://a.example/story", "https://a.example/feed"], fetcher=fetcher))
    assert [item.origin for item in items] == ["https://a.example/story"] + [
        "https://a.example/feed"
    ] * 2
    assert [item.url for item in items] == [
        "https://a.example/story",
        "https://harbour.example/atom/ferry",
        "https://harbour.example/atom/budget",
    ]
    assert fetcher.calls.count("https://a.example/feed") == 1


def test_a_url_that_fails_is_one_fetch_error() -> None:
    items = list(expand(["https://nowhere.example/x"], fetcher=FakeFetcher({})))
    assert codes(items) == ["fetch"]
    assert items[0].url == items[0].locator == "https://nowhere.example/x"


def test_a_text_with_one_line_that_is_not_a_url_is_an_article(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", "https://a.example/one\nThe mayor said this is a note.\n")
    fetcher = FakeFetcher({})
    items = list(expand([str(path)], fetcher=fetcher))
    assert fetcher.calls == []
    assert codes(items) == [None]
    assert items[0].document is not None and "mayor said" in items[0].document.text


# --- files and folders -----------------------------------------------------------------------


def test_a_folder_is_walked_in_sorted_order_without_hidden_files(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    write(folder / "b.html", ARTICLE_HTML)
    write(folder / "a.txt", STORY_TEXT)
    write(folder / "sub" / "c.txt", STORY_TEXT)
    write(folder / ".DS_Store", b"\x00\x01")
    write(folder / ".git" / "config", "[core]\n")

    items = list(expand([str(folder)]))

    assert [item.locator for item in items] == [
        str(folder / "a.txt"),
        str(folder / "b.html"),
        str(folder / "sub" / "c.txt"),
    ]
    assert all(item.ok and item.origin == str(folder) for item in items)
    assert items[1].document is not None
    assert items[1].document.title == "Council approves the budget"  # HTML extracted


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "input.empty"),
        ("blank.html", b"  \n\n ", "input.empty"),
        ("empty.warc.gz", b"", "input.empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "input.binary"),
        ("data.bin", b"abc\x00def" * 10, "input.binary"),
        ("latin.txt", "Caf\xe9 au lait, said the mayor.".encode("latin-1"), "input.decode"),
    ],
)
def test_a_bad_file_is_one_error_item(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = write(tmp_path / name, content)
    items = list(expand([str(path)]))
    assert codes(items) == [code]
    assert items[0].origin == items[0].locator == str(path)
    assert not items[0].ok and items[0].document is None


def test_a_missing_path_is_an_error_and_the_next_argument_is_still_read(tmp_path: Path) -> None:
    story = write(tmp_path / "story.txt", STORY_TEXT)
    items = list(expand([str(tmp_path / "nope.txt"), str(story)]))
    assert codes(items) == ["input", None]
    assert items[0].error is not None and items[0].error.message == "no such file"


def test_standard_input_is_sniffed_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(RSS.encode())))
    items = list(expand(["-"], fetcher=harbour_fetcher()))
    assert [item.origin for item in items] == ["-"] * 3
    assert codes(items) == [None, None, "fetch"]


def test_expand_streams_one_argument_at_a_time(tmp_path: Path) -> None:
    story = write(tmp_path / "story.txt", STORY_TEXT)
    seen: list[str] = []

    def args() -> Iterator[str]:
        for arg in (str(story), str(story)):
            seen.append(arg)
            yield arg

    items = expand(args())
    first = next(items)
    assert first.ok and seen == [str(story)]


def test_an_item_holds_a_document_or_an_error() -> None:
    doc = Document(text="The mayor said so.")
    assert Item("a.txt", "a.txt", document=doc).ok
    assert not Item("a.txt", "a.txt", error=FetchError("down")).ok
    with pytest.raises(ValueError, match="either"):
        Item("a.txt", "a.txt")
    with pytest.raises(ValueError, match="either"):
        Item("a.txt", "a.txt", document=doc, error=FetchError("down"))
