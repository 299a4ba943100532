"""Main text and metadata of real news pages (shared/data/html), with trafilatura."""

from __future__ import annotations

import pytest

from paths import HTML, needs
from sourcetrace.errors import ExtractionError
from sourcetrace.html import extract_html

pytestmark = needs(HTML)

PAGES = sorted(p.name for p in HTML.glob("*.html")) if HTML.is_dir() else []


def page(name: str):
    return extract_html((HTML / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_gives_paragraphs_and_a_title(name: str) -> None:
    doc = page(name)
    assert doc.title
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p.strip() == p and p for p in paragraphs)
    assert "\n\n\n" not in doc.text
    assert "<p" not in doc.text and "</" not in doc.text


@pytest.mark.parametrize(
    ("name", "title", "outlet", "published", "snippet"),
    [
        (
            "cnn_article.html",
            "After storm, forecasters see smooth sailing for Thanksgiving",
            "CNN",
            "2013-11-27",
            '"We dodged a bullet," said Steve Cowan, a spokesman for the Pennsylvania'
            " Department of Transportation.",
        ),
        (
            "time_001.html",
            "We Need Geoengineering to Stop Out of Control Warming Says James Hansen",
            "TIME",
            "2023-11-02",
            "James Hansen first warned Congress of the threat from climate change in 1988.",
        ),
        (
            "wired_001.html",
            "Intensified Israeli Surveillance Has Put the West Bank on Lockdown",
            "WIRED",
            "2023-11-07",
            "Ahmed Azza was given permission to leave his neighborhood",
        ),
        (
            "cleveland.com1.html",
            "Let me Google that for you: 2014's most popular food-related searches",
            "cleveland.com",
            "2014-12-27",
            "Chia seeds and goji berries are the new kale and quinoa, according to Google's",
        ),
    ],
)
def test_metadata_and_text_of_known_pages(
    name: str, title: str, outlet: str, published: str, snippet: str
) -> None:
    doc = page(name)
    assert doc.title == title
    assert doc.outlet == outlet
    assert doc.published == published
    assert snippet in doc.text


def test_each_paragraph_of_the_cnn_page_is_its_own_block() -> None:
    paragraphs = page("cnn_article.html").text.split("\n\n")
    assert "Forecasters see mostly smooth sailing into Thanksgiving." in paragraphs


def test_source_line_breaks_do_not_split_sentences() -> None:
    # the div/br page wraps its sentences over several source lines
    text = page("article_with_divs.html").text
    assert "Photos which were released online and are making the rounds on social media," in text


def test_the_page_url_is_taken_from_its_metadata_unless_given() -> None:
    assert page("time_001.html").url == (
        "https://time.com/6330957/james-hansen-climate-warning-geoengineering-study/"
    )
    given = extract_html(
        (HTML / "time_001.html").read_text(encoding="utf-8"), url="https://x.test/a"
    )
    assert given.url == "https://x.test/a"


def test_chinese_text_is_extracted_intact() -> None:
    doc = page("chinese_article.html")
    assert doc.title == "港特首梁振英就住宅违建事件道歉"
    assert doc.text.startswith("香港行政长官梁振英在各方压力下")


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<footer>Contact</footer></body></html>",
        "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
    ],
)
def test_a_page_without_article_text_is_an_extraction_error(markup: str) -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html(markup, url="https://example.test/empty")
