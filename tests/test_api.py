"""The public Python surface: exactly ``sourcetrace.__all__``, and what it does."""

from __future__ import annotations

import importlib.metadata
import pickle
import types
from pathlib import Path

import pytest

import sourcetrace
from paths import HTML, needs
from sourcetrace import EmptyInputError, Report, Settings, SourcetraceError
from sourcetrace.api import analyze_sources

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "musk-putin-vice.txt"


def test_every_name_in_all_is_importable() -> None:
    namespace: dict[str, object] = {}
    exec("from sourcetrace import *", namespace)  # noqa: S102
    assert set(sourcetrace.__all__) <= set(namespace)
    assert len(sourcetrace.__all__) == len(set(sourcetrace.__all__))
    for name in sourcetrace.__all__:
        assert getattr(sourcetrace, name) is not None


def test_the_public_surface_is_exactly_all() -> None:
    public = {
        name
        for name, value in vars(sourcetrace).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert public | {"__version__"} == set(sourcetrace.__all__)


def test_errors_share_one_root() -> None:
    for name in sourcetrace.__all__:
        value = getattr(sourcetrace, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, SourcetraceError)
            assert value.code


def test_the_version_matches_the_package_metadata() -> None:
    assert sourcetrace.__version__ == importlib.metadata.version("sourcetrace")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_analyze_the_seed() -> None:
    report = sourcetrace.analyze(seed_text())
    assert isinstance(report, Report)
    assert (
        report.title == "Vice: Elon Musk spoke to Putin before posting ‘plan to end war’ on Twitter"
    )
    assert "Exit mobile version" not in report.text
    assert report.attributions
    assert report.claims
    for a in report.attributions:
        assert report.text[a.cue.start : a.cue.end] == a.cue.text
        for span in a.content:
            assert report.text[span.start : span.end] == span.text


def test_analyze_html_with_a_url() -> None:
    page = (
        "<html><head><title>Bridge to reopen</title></head><body><article>"
        "<p>The bridge will reopen in May, officials said on Monday after a two-year repair.</p>"
        "<p>The repair cost more than planned, according to the transport office.</p>"
        "</article></body></html>"
    )
    report = sourcetrace.analyze(page, url="https://news.test/bridge")
    assert report.url == "https://news.test/bridge"
    assert report.title == "Bridge to reopen"
    assert "<p>" not in report.text


def test_keep_text_is_honoured() -> None:
    raw = "Headline\r\n\r\nThe mayor said so.  \r\nAdvertisement\r\n"
    assert sourcetrace.analyze(raw, settings=Settings(keep_text=True)).text == raw


def test_empty_text_raises() -> None:
    with pytest.raises(EmptyInputError):
        sourcetrace.analyze("   ")


@needs(HTML)
@pytest.mark.parametrize("page", ["spanish_article.html", "chinese_article.html"])
def test_non_english_gives_no_attributions_and_a_warning(page: str) -> None:
    report = sourcetrace.analyze((HTML / page).read_text(encoding="utf-8"))
    assert report.attributions == ()
    assert report.warnings


def test_reports_pickle() -> None:
    report = sourcetrace.analyze("The mayor said the budget was balanced.")
    assert pickle.loads(pickle.dumps(report)) == report


def test_analyze_sources_keeps_order_and_records_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    other = tmp_path / "other.txt"
    other.write_text("The mayor said the budget was balanced.\n", encoding="utf-8")
    sources = [str(empty), str(SEED), str(tmp_path / "missing.txt"), str(other), str(empty)]
    outcomes = list(analyze_sources(sources, settings=Settings(batch_size=2)))
    assert [o.source for o in outcomes] == sources
    assert [o.ok for o in outcomes] == [False, True, False, True, False]
    assert outcomes[0].error is not None and outcomes[0].error.code == "input.empty"
    assert outcomes[2].error is not None and outcomes[2].error.code == "input"
    assert outcomes[1].report is not None and outcomes[1].report.text.startswith("Vice:")
    assert outcomes[3].report is not None and outcomes[3].report.text.startswith("The mayor")


def test_analyze_sources_can_skip_or_raise(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    sources = [str(SEED), str(empty)]
    skipped = list(analyze_sources(sources, errors="skip"))
    assert [o.source for o in skipped] == [str(SEED)]
    with pytest.raises(EmptyInputError):
        list(analyze_sources(sources, errors="raise"))
