"""Ingest: files, strings and bytes in; a Document out; typed errors for bad input."""

from __future__ import annotations

import codecs
import gzip
import io
import time
import zipfile
from pathlib import Path

import pytest

from paths import HTML, needs
from sourcetrace.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    ExtractionError,
    InputError,
    TooLargeError,
)
from sourcetrace.ingest import (
    decode_html,
    document_from_bytes,
    document_from_string,
    guess_title,
    load,
    looks_like_html,
)
from sourcetrace.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "musk-putin-vice.txt"
KEEP = Settings(keep_text=True)

ARTICLE = (
    "<html><head><title>Bridge to reopen</title></head><body><article>"
    "<p>The bridge will reopen in May, officials said on Monday after a two-year repair.</p>"
    "<p>The repair cost more than the city had planned, according to the transport office.</p>"
    "</article></body></html>"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- plain text ------------------------------------------------------------------------------


def test_the_seed_loads_with_its_headline_as_title_and_in_the_text() -> None:
    doc = load(str(SEED))
    assert doc.title == "Vice: Elon Musk spoke to Putin before posting ‘plan to end war’ on Twitter"
    assert doc.text.startswith(doc.title + "\n\n")
    assert "Exit mobile version" not in doc.text
    assert doc.text.endswith("they talked about space.")


def test_keep_text_gives_the_text_exactly_as_given(tmp_path: Path) -> None:
    raw = "Headline here\r\n\r\nThe mayor said so.   \r\nExit mobile version\r\n\r\n\r\n"
    doc = load(str(write(tmp_path, "a.txt", raw.encode())), settings=KEEP)
    assert doc.text == raw
    assert load(str(SEED), settings=KEEP).text == SEED.read_text(encoding="utf-8")


def test_without_keep_text_line_endings_and_furniture_are_cleaned(tmp_path: Path) -> None:
    raw = "Headline here\r\n\r\nThe mayor said so.   \r\nExit mobile version\r\n"
    doc = load(str(write(tmp_path, "a.txt", raw.encode())))
    assert doc.text == "Headline here\n\nThe mayor said so."


def test_a_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + b"Officials said it was over.")
    assert load(str(path), settings=KEEP).text == "Officials said it was over."


def test_utf16_with_a_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "Officials said it was over.".encode("utf-16"))
    assert load(str(path)).text == "Officials said it was over."


def test_unbalanced_quotation_marks_are_kept_as_they_are(tmp_path: Path) -> None:
    raw = 'The senator said "the vote will happen on Friday. Nobody else commented.\n'
    assert load(str(write(tmp_path, "q.txt", raw.encode())), settings=KEEP).text == raw


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, b"\n\n"])
def test_empty_input_is_an_empty_input_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty") as info:
        load(str(write(tmp_path, "empty.txt", data)))
    assert info.value.code == "input.empty"
    assert str(info.value).startswith(str(tmp_path))


def test_only_furniture_is_an_empty_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "f.txt", b"Advertisement\nShare this article\nExit mobile version\n")
    with pytest.raises(EmptyInputError, match="furniture"):
        load(str(path))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "The mayor said so.")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("story.txt", _zip(), "ZIP"),
        ("story.txt", gzip.compress(b"The mayor said so."), "gzip"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("story.txt", b"The mayor\x00 said so.", "NUL byte at offset 9"),
    ],
)
def test_binary_input_is_refused(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what):
        load(str(write(tmp_path, name, data)))


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", "The café said so.".encode("latin-1"))
    with pytest.raises(DecodeError, match=r"0xe9 at byte offset 7") as info:
        load(str(path))
    assert info.value.context["offset"] == 7


def test_invalid_utf8_after_a_bom_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", codecs.BOM_UTF8 + b"ab\xffcd")
    with pytest.raises(DecodeError, match="byte offset 5"):
        load(str(path))


def test_a_50_mb_html_file_is_refused_fast_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    paragraph = b"<p>The minister said the reform would pass before the summer recess.</p>\n"
    with path.open("wb") as out:
        out.write(b"<!doctype html><html><body><article>\n")
        for _ in range(50_000_000 // len(paragraph) + 1):
            out.write(paragraph)
        out.write(b"</article></body></html>\n")
    assert path.stat().st_size > 50_000_000
    started = time.monotonic()
    with pytest.raises(TooLargeError, match="over the limit of 20,000,000 bytes") as info:
        load(str(path))
    assert time.monotonic() - started < 0.5
    assert info.value.context["size"] == path.stat().st_size


def test_bytes_over_the_limit_are_too_large() -> None:
    with pytest.raises(TooLargeError):
        document_from_bytes(b"x" * 101, settings=Settings(max_input_bytes=100))


def test_a_string_over_the_limit_is_too_large() -> None:
    with pytest.raises(TooLargeError):
        document_from_string("é" * 60, settings=Settings(max_input_bytes=100))


def test_html_without_an_article_is_an_extraction_error(tmp_path: Path) -> None:
    path = write(tmp_path, "nav.html", b"<html><body><nav>Home | News</nav></body></html>")
    with pytest.raises(ExtractionError, match="no article text"):
        load(str(path))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(str(tmp_path / "nope.txt"))


def test_a_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        load(str(tmp_path))


# --- HTML ----------------------------------------------------------------------------------


def test_html_is_detected_by_extension(tmp_path: Path) -> None:
    doc = load(str(write(tmp_path, "a.html", ARTICLE.encode())))
    assert doc.title == "Bridge to reopen"
    assert doc.text.split("\n\n") == [
        "The bridge will reopen in May, officials said on Monday after a two-year repair.",
        "The repair cost more than the city had planned, according to the transport office.",
    ]


def test_html_is_detected_by_sniffing_whatever_the_extension(tmp_path: Path) -> None:
    doc = load(str(write(tmp_path, "a.txt", ARTICLE.encode())))
    assert doc.title == "Bridge to reopen"
    assert "<p>" not in doc.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  \n<html lang='en'>", True),
        ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", True),
        ("<!-- saved page -->\n<body><p>x</p></body>", True),
        ("<div><p>One</p><p>Two</p><p>Three</p><a href='x'>four</a><br></div>", True),
        ("The mayor said <b>no</b>.", False),
        ("Officials said 3 < 4 and 5 > 2, a fact.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_html_honours_its_declared_charset(tmp_path: Path) -> None:
    page = ARTICLE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "The bridge", "The caf\u00e9 \u2014 and the bridge"
    )
    doc = load(str(write(tmp_path, "cp.html", page.encode("cp1252"))))
    assert doc.text.startswith("The café — and the bridge will reopen")


def test_html_with_an_http_equiv_charset() -> None:
    page = ARTICLE.replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    )
    assert decode_html(page.replace("bridge", "pont élevé").encode("latin-1")).count("élevé") == 1


def test_undeclared_non_utf8_html_is_read_as_windows_1252() -> None:
    assert "café" in decode_html(b"<html><body><p>caf\xe9</p></body></html>")


@needs(HTML)
def test_a_real_page_loads_with_metadata() -> None:
    doc = load(str(HTML / "cnn_article.html"))
    assert (doc.title, doc.outlet, doc.published) == (
        "After storm, forecasters see smooth sailing for Thanksgiving",
        "CNN",
        "2013-11-27",
    )


# --- strings (the library API) --------------------------------------------------------------


def test_document_from_string_plain_text_keeps_the_url() -> None:
    doc = document_from_string("Officials said it was over.", url="https://x.test/1")
    assert (doc.text, doc.url) == ("Officials said it was over.", "https://x.test/1")


def test_document_from_string_html() -> None:
    doc = document_from_string(ARTICLE, url="https://x.test/2")
    assert doc.title == "Bridge to reopen"
    assert doc.url == "https://x.test/2"


@pytest.mark.parametrize("text", ["", "  \n ", "\ufeff"])
def test_document_from_string_empty(text: str) -> None:
    with pytest.raises(EmptyInputError):
        document_from_string(text)


def test_document_from_string_with_nul_is_binary() -> None:
    with pytest.raises(BinaryInputError):
        document_from_string("abc\x00def")


def test_ingest_is_idempotent() -> None:
    once = load(str(SEED))
    assert document_from_string(once.text).text == once.text


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Vice: Musk spoke to Putin\n\nBody text here.", "Vice: Musk spoke to Putin"),
        (
            "Stealth Over Health: Clinton Was Headed to ER.\n\nBody.",
            "Stealth Over Health: Clinton Was Headed to ER.",
        ),
        ("Judge rejects request to unseal file.\n\nBody.", "Judge rejects request to unseal file."),
        ("The mayor said so. Then he left.\n\nBody.", None),
        ("A single line without anything after it", None),
        ("The mayor said the budget was balanced.\nHe left after that.", None),
        ("x" * 200 + "\n\nBody.", None),
        ("Officials said:\n\nBody.", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title
