"""The cheap English check."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import DATA, needs
from sourcetrace.html import extract_html
from sourcetrace.lang import english_ratio, is_english

ROOT = Path(__file__).resolve().parents[1]
HTML = DATA / "html"
POLNEAR_DEV = DATA / "polnear" / "dev" / "text"

needs_html = needs(HTML)
needs_polnear = needs(POLNEAR_DEV)


def test_the_seed_article_is_english() -> None:
    assert is_english((ROOT / "examples" / "musk-putin-vice.txt").read_text(encoding="utf-8"))


@needs_polnear
def test_every_polnear_dev_article_is_english() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))]
    assert texts
    assert all(is_english(t) for t in texts)


@needs_html
@pytest.mark.parametrize("page", ["spanish_article.html", "chinese_article.html"])
def test_spanish_and_chinese_pages_are_not_english(page: str) -> None:
    text = extract_html((HTML / page).read_text(encoding="utf-8")).text
    assert not is_english(text)


@needs_html
@pytest.mark.parametrize("page", ["cnn_article.html", "time_001.html", "wired_001.html"])
def test_english_pages_are_english(page: str) -> None:
    assert is_english(extract_html((HTML / page).read_text(encoding="utf-8")).text)


@pytest.mark.parametrize(
    "text",
    [
        "El presidente dijo que el gobierno aprobará la reforma antes del verano, "
        "según fuentes del ministerio consultadas por este periódico.",
        "Le président a déclaré que le gouvernement adoptera la réforme avant l'été, "
        "selon des sources proches du ministère.",
        "Der Präsident sagte, die Regierung werde die Reform vor dem Sommer beschließen, "
        "wie Quellen aus dem Ministerium berichteten.",
        "Президент заявил, что правительство примет реформу до лета, сообщили источники.",
    ],
)
def test_other_languages_are_not_english(text: str) -> None:
    assert not is_english(text)


def test_a_short_text_gets_the_benefit_of_the_doubt() -> None:
    assert is_english("Musk: no.")
    assert english_ratio("") == 0.0
