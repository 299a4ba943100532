"""The command line, run as a subprocess exactly as a user runs it."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cli_support import run_cli as run
from http_support import closed_port_url, serve
from paths import HTML, POLNEAR_DEV, needs, require
from sourcetrace import __version__
from sourcetrace.schema import validate_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "musk-putin-vice.txt"

UNBALANCED = (
    'Senator Jane Ortiz said "the vote will happen on Friday, whatever the leadership wants.\n\n'
    "Her office did not say when the text would be published. The leadership said it was "
    "surprised by the announcement.\n"
)


def report_of(stdout: str) -> dict[str, Any]:
    data = json.loads(stdout)
    validate_report(data)
    return data


def assert_spans_inside(report: dict[str, Any]) -> None:
    text = report["text"]
    for a in report["attributions"]:
        spans = [a["cue"], *a["content"]] + ([a["source"]] if a["source"] else [])
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert text[span["start"] : span["end"]] == span["text"]


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"sourcetrace: error[{code}]: ")


# --- basics ----------------------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sourcetrace {__version__}"


def test_no_arguments_shows_usage_and_fails() -> None:
    result = run()
    assert result.returncode == 2
    assert "Usage: sourcetrace" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_option_is_a_usage_error() -> None:
    result = run("analyze", "--colour", str(SEED))
    assert result.returncode == 2
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


# --- bad input: one clear line, non-zero, no traceback -------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "input.empty"),
        ("blank.txt", b"  \n\n \t\n", "input.empty"),
        ("report.pdf", b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n", "input.binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "input.binary"),
        ("latin1.txt", "Le maire a déclaré.".encode("latin-1"), "input.decode"),
        ("nav.html", b"<html><body><nav>Home | News | Sport</nav></body></html>", "extraction"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    assert_one_line_error(run("analyze", _write(tmp_path, name, data)), code)


def test_invalid_utf8_message_names_the_offset(tmp_path: Path) -> None:
    result = run("analyze", _write(tmp_path, "bad.txt", b"The mayor\xff said so."))
    assert_one_line_error(result, "input.decode")
    assert "byte offset 9" in result.stderr


def test_a_50_mb_html_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    block = b"<p>" + b"The council said the budget was balanced. " * 200 + b"</p>\n"
    with path.open("wb") as out:
        out.write(b"<!doctype html><html><body>")
        while out.tell() < 50_000_000:
            out.write(block)
        out.write(b"</body></html>")
    result = run("analyze", str(path), timeout=30)
    assert_one_line_error(result, "input.too-large")
    assert "over the limit" in result.stderr


def test_a_missing_file() -> None:
    assert_one_line_error(run("analyze", "no/such/article.txt"), "input")


def test_an_unreachable_url() -> None:
    result = run("analyze", closed_port_url(), timeout=30)
    assert_one_line_error(result, "fetch")
    assert "cannot connect to the host" in result.stderr


def test_an_http_error_status() -> None:
    with serve() as server:
        result = run("analyze", server.url("/missing"), timeout=30)
    assert_one_line_error(result, "fetch")
    assert "404" in result.stderr


def test_empty_stdin() -> None:
    assert_one_line_error(run("analyze", "-", stdin=""), "input.empty")


def test_eval_on_a_missing_directory(tmp_path: Path) -> None:
    assert_one_line_error(run("eval", "polnear", str(tmp_path / "nope")), "input")


# --- reports ---------------------------------------------------------------------------------


def test_analyze_seed_as_json() -> None:
    result = run("analyze", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = report_of(result.stdout)
    assert report["schema"] == "sourcetrace.report/1"
    assert report["text"].startswith("Vice: Elon Musk spoke to Putin")
    assert "Exit mobile version" not in report["text"]
    assert report["attributions"]
    assert_spans_inside(report)


def test_analyze_seed_as_text_report() -> None:
    result = run("analyze", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "Musk" in result.stdout
    assert "Bremmer" in result.stdout


def test_analyze_stdin() -> None:
    text = "Officials said the bridge would reopen in May, according to the city.\n"
    result = run("analyze", "-", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr
    assert report_of(result.stdout)["text"] == text.strip()


def test_keep_text_analyses_the_text_exactly_as_given(tmp_path: Path) -> None:
    raw = (
        "Mayor: budget is balanced  \r\n\r\n"
        "The mayor said the budget is balanced.\r\nAdvertisement\r\n"
    )
    result = run(
        "analyze", "--keep-text", "--format", "json", _write(tmp_path, "a.txt", raw.encode())
    )
    assert result.returncode == 0, result.stderr
    assert report_of(result.stdout)["text"] == raw


def test_unbalanced_quotation_marks_give_a_report(tmp_path: Path) -> None:
    result = run("analyze", "--format", "json", _write(tmp_path, "q.txt", UNBALANCED.encode()))
    assert result.returncode == 0, result.stderr
    report = report_of(result.stdout)
    assert report["text"] == UNBALANCED.strip()
    assert_spans_inside(report)


@needs(HTML)
@pytest.mark.parametrize("page", ["spanish_article.html", "chinese_article.html"])
def test_a_non_english_article_gives_a_report_without_attributions(page: str) -> None:
    result = run("analyze", str(HTML / page), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = report_of(result.stdout)
    assert report["attributions"] == []
    assert report["claims"] == []
    assert report["warnings"]
    assert report["title"]


def test_analyze_a_url() -> None:
    with serve() as server:
        result = run("analyze", server.url("/moved"), "--format", "json", timeout=60)
    assert result.returncode == 0, result.stderr
    report = report_of(result.stdout)
    assert report["url"].endswith("/article.html")
    assert report["title"] == "Council approves the budget"
    assert report["outlet"] == "The Local Courier"
    assert report["published"] == "2024-03-05"
    assert report["attributions"]


# --- batches ---------------------------------------------------------------------------------


def test_jsonl_streams_reports_in_order_and_records_a_bad_input(tmp_path: Path) -> None:
    good = _write(tmp_path, "b.txt", b"The mayor said the budget was balanced.\n")
    empty = _write(tmp_path, "empty.txt", b"")
    result = run("analyze", "--format", "jsonl", str(SEED), empty, good)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    first, failure, last = (json.loads(line) for line in lines)
    validate_report(first)
    validate_report(last)
    assert first["text"].startswith("Vice:")
    assert failure == {
        "input": empty,
        "error": {"code": "input.empty", "message": "the input is empty"},
    }
    assert last["text"] == "The mayor said the budget was balanced."
    assert result.stderr.splitlines() == [
        f"sourcetrace: error[input.empty]: {empty}: the input is empty"
    ]


@needs(POLNEAR_DEV)
def test_jsonl_keep_text_over_polnear_files(tmp_path: Path) -> None:
    texts = sorted((POLNEAR_DEV / "text").glob("*.txt"))[:5]
    assert texts, f"no texts in {POLNEAR_DEV / 'text'}"
    result = run("analyze", "--format", "jsonl", "--keep-text", *map(str, texts))
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in reports] == [p.read_text(encoding="utf-8") for p in texts]


def test_json_with_several_inputs_is_an_array_and_fails_at_the_end(tmp_path: Path) -> None:
    good = _write(tmp_path, "b.txt", b"The mayor said the budget was balanced.\n")
    binary = _write(tmp_path, "x.txt", b"\x00\x01\x02")
    result = run("analyze", "--format", "json", good, binary, good)
    assert result.returncode == 1
    reports = json.loads(result.stdout)
    assert len(reports) == 2
    for report in reports:
        validate_report(report)
    assert result.stderr.startswith("sourcetrace: error[input.binary]: ")
    assert "Traceback" not in result.stderr


# --- evaluation ------------------------------------------------------------------------------


@pytest.fixture
def tiny_polnear(tmp_path: Path) -> Path:
    require(POLNEAR_DEV)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for text in sorted((POLNEAR_DEV / "text").glob("*.txt"))[:2]:
        shutil.copy(text, tmp_path / "text")
        for ann in (POLNEAR_DEV / "attributions").glob(f"{text.stem}_*.ann"):
            shutil.copy(ann, tmp_path / "attributions")
    return tmp_path


def test_eval_polnear_json(tiny_polnear: Path) -> None:
    result = run("eval", "polnear", str(tiny_polnear), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["n_documents"] == 2
    for key in ("source", "cue", "content", "triple", "content_overlap"):
        assert set(data["scores"][key]) >= {"p", "r", "f1"}
        assert 0 <= data["scores"][key]["f1"] <= 100


def test_eval_polnear_table(tiny_polnear: Path) -> None:
    result = run("eval", "polnear", str(tiny_polnear))
    assert result.returncode == 0, result.stderr
    assert "2 documents" in result.stdout
    for key in ("source", "cue", "content", "triple", "content_overlap"):
        assert key in result.stdout


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sourcetrace", "analyze", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    time.sleep(1.0)  # let it start and block on standard input
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
