"""Main text and metadata of an HTML page, with trafilatura.

Each block of the extracted article (paragraph, heading, list item, quote) becomes one
paragraph of the text; paragraphs are separated by a blank line.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ExtractionError
from .model import Document
from .settings import DEFAULT_SETTINGS, Settings

_SPACE_ALL = re.compile(r"\s+")

# less than this (in words, and in characters for unspaced scripts) is navigation, not an article
MIN_ARTICLE_WORDS = 12
MIN_ARTICLE_CHARS = 80
_CONTAINERS = {"list", "table", "row", "div", "body", "doc", "main"}


def extract_html(
    html: str, url: str | None = None, *, settings: Settings = DEFAULT_SETTINGS
) -> Document:
    """The article of an HTML page as a Document; ExtractionError if it has no article text."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise ExtractionError(
            f"the HTML could not be parsed ({type(exc).__name__}: {exc})", source=url
        ) from exc
    if result is None:
        raise ExtractionError("no article text found in the HTML page", source=url)

    body = _field(result, "body")
    text = _body_text(body) if body is not None else ""
    if not text.strip():
        plain = str(_field(result, "text") or "")
        text = "\n\n".join(p.strip() for p in plain.split("\n") if p.strip())
    if not text.strip():
        raise ExtractionError("no article text found in the HTML page", source=url)
    if len(text.split()) < MIN_ARTICLE_WORDS and len(text) < MIN_ARTICLE_CHARS:
        raise ExtractionError(
            f"no article text found in the HTML page (only {text[:40]!r})", source=url
        )

    return Document(
        text=text,
        title=_clean_meta(_field(result, "title")),
        url=url or _clean_meta(_field(result, "url")),
        outlet=_clean_meta(_field(result, "sitename")),
        published=_clean_meta(_field(result, "date")),
        language=_clean_meta(_field(result, "language")),
    )


def _body_text(body: Any) -> str:
    """Paragraphs of trafilatura's XML body, blank-line separated, white space collapsed."""
    paragraphs: list[str] = []
    _collect(body, paragraphs)
    return "\n\n".join(paragraphs)


def _collect(element: Any, paragraphs: list[str]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _CONTAINERS:
            _collect(child, paragraphs)
            # text directly inside a container, outside its blocks
            loose = " ".join((child.text or "").split())
            if loose and tag != "list":
                paragraphs.append(loose)
        elif tag:  # a block: p, head, quote, item...
            block = _block_text(child)
            if block:
                paragraphs.append(block)
        if child.tail and child.tail.strip():
            paragraphs.append(" ".join(child.tail.split()))


def _block_text(element: Any) -> str:
    """The text of one block; a line break (<lb>) inside it stays a line break."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.text:
            parts.append(_SPACE_ALL.sub(" ", el.text))
        for sub in el:
            if sub.tag == "lb":
                parts.append("\n")
            else:
                walk(sub)
            if sub.tail:
                parts.append(_SPACE_ALL.sub(" ", sub.tail))

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _field(result: Any, name: str) -> Any:
    """A field of trafilatura's result (an object in 2.x, a dict with as_dict)."""
    if isinstance(result, dict):
        return result.get(name)
    return getattr(result, name, None)


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
