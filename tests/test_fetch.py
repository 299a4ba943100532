"""The Fetcher seam and the httpx fetcher, against a real server on a loopback port."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from http_support import closed_port_url, serve
from sourcetrace.errors import FetchError, TooLargeError
from sourcetrace.fetch import Fetched, Fetcher, HttpxFetcher, parse_content_type
from sourcetrace.ingest import load
from sourcetrace.settings import DEFAULT_SETTINGS, Settings


@pytest.fixture(scope="module")
def server():
    with serve() as srv:
        yield srv


def test_fetches_html_with_its_content_type_and_charset(server) -> None:
    fetched = HttpxFetcher().fetch(server.url("/article.html"))
    assert fetched.url == server.url("/article.html")
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.is_html
    assert b"Council approves the budget" in fetched.content


def test_sends_the_user_agent(server) -> None:
    HttpxFetcher(Settings(user_agent="sourcetrace-test/1")).fetch(server.url("/story.txt"))
    assert server.requests[-1]["user-agent"] == "sourcetrace-test/1"


def test_follows_redirects_and_reports_the_final_url(server) -> None:
    fetched = HttpxFetcher().fetch(server.url("/moved"))
    assert fetched.url == server.url("/article.html")
    assert b"<article>" in fetched.content


def test_redirect_loop_is_a_fetch_error(server) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        HttpxFetcher().fetch(server.url("/loop"))


@pytest.mark.parametrize(("path", "status"), [("/missing", "404"), ("/broken", "500")])
def test_non_2xx_is_a_fetch_error_with_the_status(server, path: str, status: str) -> None:
    with pytest.raises(FetchError, match=status) as info:
        HttpxFetcher().fetch(server.url(path))
    assert info.value.context["status"] == int(status)
    assert info.value.context["source"] == server.url(path)


def test_a_pdf_is_refused_by_its_content_type(server) -> None:
    with pytest.raises(FetchError, match="application/pdf"):
        HttpxFetcher().fetch(server.url("/paper.pdf"))


def test_a_declared_length_over_the_cap_is_refused_before_reading(server) -> None:
    with pytest.raises(TooLargeError, match="999,999,999"):
        HttpxFetcher().fetch(server.url("/huge-declared"))


def test_a_streamed_body_over_the_cap_is_cut_off(server) -> None:
    settings = Settings(fetch_max_bytes=1_000_000)  # the route sends about 2.6 MB
    with pytest.raises(TooLargeError, match="1,000,000"):
        HttpxFetcher(settings).fetch(server.url("/huge-streamed"))


def test_a_slow_host_times_out_with_a_clear_message(server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0\.5 s"):
        HttpxFetcher(Settings(fetch_timeout=0.5)).fetch(server.url("/slow"))
    assert time.monotonic() - started < 2.5


def test_a_closed_port_is_a_fetch_error() -> None:
    url = closed_port_url()
    with pytest.raises(FetchError, match="cannot connect to the host") as info:
        HttpxFetcher().fetch(url)
    assert str(info.value).startswith(url)


@pytest.mark.parametrize("url", ["http://", "http://exa mple.org/"])
def test_a_malformed_url_is_a_fetch_error(url: str) -> None:
    with pytest.raises(FetchError):
        HttpxFetcher(replace(DEFAULT_SETTINGS, fetch_timeout=2)).fetch(url)


def test_load_url_extracts_the_article_and_its_metadata(server) -> None:
    doc = load(server.url("/article.html"))
    assert doc.url == server.url("/article.html")
    assert doc.title == "Council approves the budget"
    assert doc.outlet == "The Local Courier"
    assert doc.published == "2024-03-05"
    assert "the mayor said in a statement" in doc.text
    assert "Home | News | Sport" not in doc.text


def test_load_url_honours_the_charset_the_server_declares(server) -> None:
    doc = load(server.url("/latin1.html"))
    assert "Le café de la place a rouvert hier" in doc.text


def test_load_url_of_plain_text(server) -> None:
    doc = load(server.url("/story.txt"))
    assert doc.title == "Mayor: budget is balanced"
    assert doc.text.endswith("The mayor said the budget is balanced.")


def test_load_uses_an_injected_fetcher() -> None:
    class Archive:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def fetch(self, url: str) -> Fetched:
            self.asked.append(url)
            body = b"Officials said the bridge would reopen in May.\n"
            return Fetched(url="https://archive.example/1", content=body, content_type="text/plain")

    archive = Archive()
    assert isinstance(archive, Fetcher)
    doc = load("https://news.example/bridge", fetcher=archive)
    assert archive.asked == ["https://news.example/bridge"]
    assert doc.url == "https://archive.example/1"
    assert doc.text == "Officials said the bridge would reopen in May."


def test_the_default_fetcher_satisfies_the_protocol() -> None:
    assert isinstance(HttpxFetcher(), Fetcher)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('text/html; charset="iso-8859-1"', ("text/html", "iso-8859-1")),
        ("Text/Plain", ("text/plain", None)),
        (None, (None, None)),
        ("", (None, None)),
    ],
)
def test_parse_content_type(header: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_content_type(header) == expected
