"""Cleaning plain text: line endings, trailing white space, page furniture (whole lines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paths import DATA, needs
from sourcetrace.clean import clean_text, dateline_end, furniture_pattern, is_furniture

FNC1 = DATA / "fnc1" / "train_bodies.csv"
SEED = Path(__file__).resolve().parents[1] / "examples" / "musk-putin-vice.txt"

FURNITURE = [
    "Exit mobile version",
    "Share this article",
    "SHARE THIS ARTICLE",
    "  Advertisement  ",
    "Skip to content",
    "Skip to main content",
    "We use cookies to give you the best experience on our website. By continuing you agree.",
    "This website uses cookies to improve your experience.",
    "Accept all cookies",
    "Cookie settings",
    "Click here to subscribe",
    "Follow us on Twitter",
    "Follow us on Facebook, Instagram and YouTube",
    "Read more: Ukraine says it retook the village",
    "Sign up for our newsletter",
    "Sign up for our daily briefing newsletter to get the news first",
    "Facebook Twitter Email",
    "Share on Facebook | Share on Twitter | Email",
    "Facebook · Twitter · LinkedIn · WhatsApp · Copy link",
    "Image: Reuters",
    "Photo: AP Photo/Evan Vucci",
    "Getty Images",
    "Story continues below advertisement",
    "Continue reading",
    "Continue reading the main story",
    "Related articles",
    "Related: Musk offers a peace plan",
    "© 2024 The Local Courier. All rights reserved.",
    "Follow @politico.",
    "12 comments",
]

ARTICLE_LINES = [
    "Advertisement revenue fell 5% last year, the company said.",
    "Related to this, officials said the plan had failed.",
    'He said: "Share this article with everyone you know."',
    "Follow the money, the senator told reporters on Tuesday.",
    "Read the full statement, which was released on Monday, below.",
    "Photos which were released online show the actress in a new dress.",
    "The company said it would stop using cookies from third parties next year.",
    "Twitter and Facebook both declined to comment.",
    "Musk said on Twitter that the last time he spoke with Putin was 18 months ago.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_sentences_are_never_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_removed_only_as_a_whole_line(line: str) -> None:
    text = f"The mayor said it.\n{line}\nIn a sentence: {line.strip()} stays."
    assert clean_text(text) == f"The mayor said it.\nIn a sentence: {line.strip()} stays."


def test_seed_loses_exactly_its_furniture_line() -> None:
    raw = SEED.read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert "Exit mobile version" in raw
    assert "Exit mobile version" not in cleaned
    assert cleaned == raw.replace("Exit mobile version", "").strip()


def test_line_endings_and_trailing_space_are_normalised() -> None:
    assert clean_text("One.  \r\nTwo.\t\rThree.\u2028Four.\x85Five. ") == (
        "One.\nTwo.\nThree.\nFour.\nFive."
    )


def test_runs_of_blank_lines_become_one_blank_line() -> None:
    text = "First paragraph.\n\n\n\nAdvertisement\n\n\nSecond paragraph.\n\n"
    assert clean_text(text) == "First paragraph.\n\nSecond paragraph."


def test_leading_white_space_of_a_line_is_kept() -> None:
    assert clean_text("Title\n\n    indented quote line") == "Title\n\n    indented quote line"


def test_an_overlong_line_is_never_furniture() -> None:
    line = "Read more: " + "a long paragraph of the article " * 20
    assert not is_furniture(line)


def test_every_packaged_pattern_compiles() -> None:
    assert furniture_pattern().pattern.count("(?:") > 40


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_cleaning_is_idempotent_and_normalised(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))
    assert "\n\n\n" not in once


@given(st.lists(st.sampled_from(ARTICLE_LINES), min_size=1, max_size=8))
def test_article_text_survives_cleaning(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    assert clean_text(text) == text


# -- lists of links to other stories ------------------------------------------------------------

LEAD = "The minister resigned on Friday, officials said."
NEXT = "Her deputy will take over until the election, the party said."


@pytest.mark.parametrize(
    "block",
    [
        # FNC-1 train body 600 (Yahoo News/AFP) carries this list, links ending in outlets
        "Related Stories\n\nNigeria says reaches deal with Boko Haram over abducted girls Reuters\n"
        "Nigeria, extremists agree to immediate cease-fire Associated Press",
        "RELATED ARTICLES\nFirst link to a story\n\nSecond link to another story",
        "MORE FROM GOLF\n3/2 - Tiger Woods' Agent, PGA Refute Claims Of PED Suspension",
        "Recommended:\n 'Home Alone' House for Sale for $2.4 Million\n'Home Alone' House »",
    ],
)
def test_a_list_of_links_goes_with_its_heading(block: str) -> None:
    text = f"{LEAD}\n\n{block}\n{NEXT}\n\nThe end of the story came on Monday."
    assert clean_text(text) == f"{LEAD}\n\n{NEXT}\n\nThe end of the story came on Monday."


def test_a_sentence_after_a_list_heading_is_kept() -> None:
    # the heading alone is furniture; a line that ends as a sentence is the article again
    text = f"{LEAD}\n\nRelated\n\n{NEXT}"
    assert clean_text(text) == f"{LEAD}\n\n{NEXT}"
    # a heading-like line inside a sentence is no heading
    kept = "More from the minister's speech was published on Monday."
    assert clean_text(f"{LEAD}\n\n{kept}") == f"{LEAD}\n\n{kept}"


@needs(FNC1)
def test_the_related_stories_of_a_real_body_are_no_claims() -> None:
    import csv

    csv.field_size_limit(10**8)
    with FNC1.open(newline="", encoding="utf-8") as f:
        body = next(row["articleBody"] for row in csv.DictReader(f) if row["Body ID"] == "600")
    cleaned = clean_text(body)
    assert "Related Stories" not in cleaned
    assert "reaches deal with Boko Haram" not in cleaned
    assert "Nigeria And Boko Haram Reportedly Reach Cease-Fire" not in cleaned
    # the article around the list is whole
    assert "doubts immediately surrounded the purported breakthrough." in cleaned
    assert cleaned.count("Chief of Defence Staff Air Marshal Alex Badeh told") == 1


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("ABUJA, Nigeria (AP) -- Boko Haram has denied it", "Boko Haram has denied it"),
        ("MOGADISHU, Sept 5 (Reuters) - The alert was sent", "The alert was sent"),
        ("BUNBURY, Australia, Oct. 16 (UPI) -- A shark", "A shark"),
        ("(CNN) -- Vice President Joe Biden said", "Vice President Joe Biden said"),
        ("Washington (CNN)President Obama said", "President Obama said"),
        ("WASHINGTON — A man who scaled a fence", "A man who scaled a fence"),
        ("KANSAS CITY, Mo. - Police said", "Police said"),
        ("BEIRUT (AP) — “We will not”", "“We will not”"),
        ("  LONDON (Reuters) - Ministers met", "Ministers met"),
    ],
)
def test_a_dateline_is_not_the_reports_words(line: str, words: str) -> None:
    text = f"Headline\n{line}"
    assert text[dateline_end(text, len("Headline\n")) :] == words
    assert line[dateline_end(line, 0) :] == words


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the talks would go on.",
        "(Excerpt) The minister said",  # a label, not a filing place
        "Officials (in Kyiv) - said nothing",
        "US — no deal yet",  # two letters are no place in capitals
        "NATO — the alliance met",  # the words after a dash start in lower case
        "Mr. Smith (Reuters) told",
    ],
)
def test_no_dateline_where_none_opens_the_line(line: str) -> None:
    assert dateline_end(line, 0) == 0


def test_a_dateline_only_opens_a_line() -> None:
    text = "He flew to LONDON (Reuters) - Ministers met"
    assert dateline_end(text, text.index("LONDON")) == text.index("LONDON")
