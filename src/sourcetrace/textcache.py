"""``Doc.text`` is rebuilt from the tokens on every access; read it once per document."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "sourcetrace.text"


def text_of(doc: Doc) -> str:
    """The document's text, computed once and kept in ``doc.user_data``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return str(text)
