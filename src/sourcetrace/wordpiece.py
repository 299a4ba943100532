"""Uncased WordPiece, the tokenisation the MiniLM encoder was trained with.

Words here are spaCy tokens, already split on whitespace; each is lower-cased, stripped of
accents, split at punctuation and then cut greedily into the longest pieces in the vocabulary
(``##`` marks a piece inside a word). It follows BERT's ``BasicTokenizer`` and
``WordpieceTokenizer`` so that the encoder sees what it saw in pre-training, with no
dependency beyond the standard library.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

#: A word longer than this (in characters) becomes one unknown piece, as in BERT.
MAX_WORD_CHARS = 100
VOCAB_FILE = "wordpiece-vocab.txt"


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _basic(word: str) -> list[str]:
    """Lower-case, strip accents and control characters, split at punctuation and CJK."""
    word = unicodedata.normalize("NFD", word.lower())
    out: list[str] = []
    current: list[str] = []
    for ch in word:
        cat = unicodedata.category(ch)
        if cat == "Mn" or ch == "\ufffd" or ord(ch) == 0 or (cat.startswith("C") and ch != "\t"):
            continue
        if ch.isspace():
            if current:
                out.append("".join(current))
                current = []
            continue
        if _is_punctuation(ch) or _is_cjk(ord(ch)):
            if current:
                out.append("".join(current))
                current = []
            out.append(ch)
            continue
        current.append(ch)
    if current:
        out.append("".join(current))
    return out


class WordPiece:
    """Maps a word to its vocabulary ids; ``unk`` for what cannot be cut."""

    def __init__(self, vocab: list[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self.pad = self.ids["[PAD]"]
        self._word = lru_cache(maxsize=200_000)(self._encode_word)
        self._token = lru_cache(maxsize=200_000)(self._encode_token)

    def _encode_word(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unk,)
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk,)
            pieces.append(found)
            start = end
        return tuple(pieces)

    def encode(self, word: str) -> list[int]:
        """The piece ids of one whitespace-free word; empty for whitespace."""
        return list(self._token(word))

    def _encode_token(self, word: str) -> tuple[int, ...]:
        out: list[int] = []
        for part in _basic(word):
            out.extend(self._word(part))
        return tuple(out)


@lru_cache(maxsize=1)
def load_wordpiece() -> WordPiece:
    text = resources.files("sourcetrace").joinpath("data", VOCAB_FILE).read_text(encoding="utf-8")
    return WordPiece(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"))
