"""Pairing quotation marks: curly, straight double, and straight single quotes."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import extract
from sourcetrace.nlp import get_nlp
from sourcetrace.quotes import find_quotes


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # a headline's single quotes, closing after the full stop
        (
            "De Blasio says Chelsea explosion was an 'intentional act.'",
            ["'intentional act.'"],
        ),
        # nested in a double quote; the apostrophes inside do not close it
        (
            "\"They're saying, 'We've got to keep the House.'\" he said.",
            [
                "\"They're saying, 'We've got to keep the House.'\"",
                "'We've got to keep the House.'",
            ],
        ),
        # a word in scare quotes
        ("Clinton blasts Trump as a 'fraud' in a speech.", ["'fraud'"]),
    ],
)
def test_straight_single_quotes_pair(text: str, quoted: list[str]) -> None:
    assert _quoted(text) == quoted


@pytest.mark.parametrize(
    "text",
    [
        "Sanders' supporters say the voters' choice was clear.",  # possessives
        "Rock music of the '90s is back, and it's loud.",  # an elision before a digit
        "Don't open: 'nothing here\n\ncloses' in the next paragraph.",  # a paragraph apart
    ],
)
def test_apostrophes_and_unclosed_single_quotes_quote_nothing(text: str) -> None:
    assert _quoted(text) == []


def test_a_content_ends_with_the_single_quote_it_opened() -> None:
    doc = get_nlp()("De Blasio says Chelsea explosion was an 'intentional act.'")
    (att,) = [a for a in extract(doc, tag=False) if a.parent is None]
    assert [c.text for c in att.content] == ["Chelsea explosion was an 'intentional act.'"]


@pytest.mark.parametrize("mark", ['"', "''"])
def test_a_content_never_ends_inside_a_quote_it_opened(mark: str) -> None:
    doc = get_nlp()(f"Obama called it {mark}the prior economy model,{mark} and said it failed.")
    read = {a.cue.text: [c.text for c in a.content] for a in extract(doc, tag=False)}
    assert read["called"] == [f"it {mark}the prior economy model,{mark}"]
    assert read["said"] == ["it failed"]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # FNC-1 body 54: a straight opening, a curly closing
        (
            'The convent said the woman "is not a nun, is a girl that we are helping” because.',
            ['"is not a nun, is a girl that we are helping”'],
        ),
        # a curly opening, a straight closing
        ('He said “this is fine" and left.', ['“this is fine"']),
        # a straight pair inside a curly one stays a pair of its own
        ('He said “a "b" c” and left.', ['“a "b" c”', '"b"']),
    ],
)
def test_a_straight_and_a_curly_mark_pair(text: str, quoted: list[str]) -> None:
    assert _quoted(text) == quoted


def test_a_quote_with_mixed_marks_is_one_content() -> None:
    text = 'The convent said the woman "is not a nun, is a girl that we are helping” yesterday.'
    (said,) = [a for a in extract(get_nlp()(text), tag=False) if a.cue.text == "said"]
    assert said.content[-1].text.endswith("we are helping”")


def test_a_quote_against_a_dash_keeps_its_first_word() -> None:
    # FNC-1 body 350: 'told UK’s Daily Mirror—“North Korea is rich ...”'; spaCy kept
    # "Mirror—“North" as one token
    import sourcetrace

    text = (
        "In September of this year when the United Kingdom debated whether or not Scotland "
        "should be granted sovereignty, Kim Jong-Un was allegedly a supporter of the country’s "
        "independence because—as Choe Kwan-il, managing editor of North Korean paper Choson "
        "Sinbo, told UK’s Daily Mirror—“North Korea is rich in natural resources and we like "
        "the taste of Scotch whisky.”"
    )
    assert [t.text for t in get_nlp().tokenizer("Mirror—“North")] == ["Mirror", "—", "“", "North"]
    (told,) = [a for a in sourcetrace.analyze(text).attributions if a.cue.text == "told"]
    assert told.content[0].text.startswith("“North Korea is rich")
