"""WordPiece as BERT's uncased tokeniser cuts words (pieces checked against the vocabulary)."""

from __future__ import annotations

import pytest

from sourcetrace.wordpiece import MAX_WORD_CHARS, WordPiece, load_wordpiece


def pieces(word: str) -> list[str]:
    wp = load_wordpiece()
    inverse = {i: p for p, i in wp.ids.items()}
    return [inverse[i] for i in wp.encode(word)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("said", ["said"]),
        ("Said", ["said"]),  # uncased
        ("Café", ["cafe"]),  # accents stripped
        ("Kremlin's", ["k", "##rem", "##lin", "'", "s"]),  # split at punctuation first
        ("“We", ["“", "we"]),
        ("U.S.", ["u", ".", "s", "."]),
        ("12,000", ["12", ",", "000"]),
        ("unaffable", ["una", "##ffa", "##ble"]),  # greedy longest match from the left
    ],
)
def test_words_are_cut_as_bert_cuts_them(word: str, expected: list[str]) -> None:
    assert pieces(word) == expected


def test_whitespace_has_no_piece_and_an_uncuttable_word_is_one_unknown() -> None:
    wp = load_wordpiece()
    assert wp.encode("\n\n") == []
    assert wp.encode("x" * (MAX_WORD_CHARS + 1)) == [wp.unk]
    tiny = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "ab"])
    assert tiny.encode("abc") == [tiny.unk]  # "##c" is not in the vocabulary
    assert tiny.encode("ab") == [4]
