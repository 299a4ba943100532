"""Invariants of every report, on article-like texts that hypothesis builds from real sentences.

The sentences come from PolNeAR train texts (``../shared/data``) and the bundled seed article;
hypothesis shuffles them, wraps some in quotes (balanced or not), puts speech frames around
others (``X said``, ``According to X,``, a headline ``X: ...``), cuts fragments, adds odd
unicode and empty lines. Whatever the pipeline finds in such a text, its report must hold
together: spans inside the text and equal to the text they claim to cover, parents that exist
and form no cycle, chains of known entities, ``hops == len(chain)``, and the JSON Schema.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sourcetrace
from golden_support import REPO, data_dir
from sample_reports import seed_like_report
from sourcetrace.clean import clean_text
from sourcetrace.model import Report, SourceSpan, Span
from sourcetrace.schema import SchemaError, validate_report

SEED = REPO / "examples" / "musk-putin-vice.txt"
TRAIN_FILES = 40  # PolNeAR train texts sampled (every n-th of the sorted list) for sentences
_SENTENCE_END = re.compile(r"(?<=[.!?…”\"’])\s+(?=[“\"‘A-Z0-9])")

SPEAKERS = [
    "Smith",
    "the senator",
    "a spokesman for the ministry",
    "He",
    "officials",
    "The Washington Post",
    "Jean-Luc Picard",
    "İlhan Öztürk",  # İ lowercases to two characters: offsets must not come from .lower()
]
ODD = [
    "\u200b",  # zero-width space
    "\u00a0",  # no-break space
    "\u0301",  # combining acute accent
    "\u202e",  # right-to-left override
    "\u2028",  # line separator
    "\ufeff",  # byte order mark inside the text
    "\t",
    "🙂",
    "ﬁ",
    "İ",
    "…",
    "—",
    "«",
    "»",
    '"',
    "“",
    "”",
    "'",
]
SEPARATORS = [" ", "\n", "\n\n", "\n\n\n\n", "\n \n", "\r\n", "  "]


def _sentences(text: str) -> Iterator[str]:
    for paragraph in text.split("\n"):
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            if 15 <= len(sentence) <= 300 and not sentence.startswith("<"):
                yield sentence


@cache
def sentence_pool() -> tuple[str, ...]:
    pool = list(_sentences(SEED.read_text(encoding="utf-8")))
    train = data_dir() / "polnear" / "train" / "text"
    if train.is_dir():
        files = sorted(train.glob("*.txt"))
        step = max(1, len(files) // TRAIN_FILES)
        for path in files[::step]:
            pool.extend(_sentences(path.read_text(encoding="utf-8")))
    return tuple(pool)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    s = draw(st.sampled_from(sentence_pool()))
    who = draw(st.sampled_from(SPEAKERS))
    frame = draw(
        st.sampled_from(
            [
                "plain",
                "plain",
                "quoted",
                "open-quote",
                "close-quote",
                "said",
                "according",
                "headline",
                "fragment",
            ]
        )
    )
    bare = s.rstrip(".!?")
    if frame == "quoted":
        s = f"“{bare},” {who} said."
    elif frame == "open-quote":
        s = f'"{s}'
    elif frame == "close-quote":
        s = f"{s}”"
    elif frame == "said":
        s = f"{who} said that {bare[:1].lower()}{bare[1:]}."
    elif frame == "according":
        s = f"According to {who}, {bare[:1].lower()}{bare[1:]}."
    elif frame == "headline":
        s = f"{who}: {bare}"
    elif frame == "fragment":
        cut = draw(st.integers(1, len(s)))
        s = s[:cut]
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(s)))
        s = s[:at] + draw(st.sampled_from(ODD)) + s[at:]
    return s


@st.composite
def article(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentence(), min_size=1, max_size=8))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    lead = draw(st.sampled_from(["", "", "\n", "\n\n  \n"]))
    tail = draw(st.sampled_from(["", "", "\n", "\n\nExit mobile version\n"]))
    # at least one letter once page furniture is removed ("Exit mobile version" alone is
    # refused with EmptyInputError, as test_ingest checks), or the input is empty by the
    # ingest's rules
    if not re.search(r"\w", clean_text(text)):
        text = "Smith said it."
    return lead + text + tail


@pytest.fixture(scope="session", autouse=True)
def warm_model() -> None:
    """Load the spaCy model once, before the timed examples start."""
    from sourcetrace.nlp import get_nlp

    get_nlp()


# -- the invariants ------------------------------------------------------------------------


def check_span(text: str, span: Span | SourceSpan, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(text), f"{what} {span} outside 0..{len(text)}"
    assert text[span.start : span.end] == span.text, f"{what}: text[{span.start}:{span.end}]"


def check_report(report: Report) -> None:
    text = report.text
    entity_ids = [e.id for e in report.entities]
    attribution_ids = [a.id for a in report.attributions]
    assert len(set(entity_ids)) == len(entity_ids), "entity ids repeat"
    assert len(set(attribution_ids)) == len(attribution_ids), "attribution ids repeat"
    assert len({c.id for c in report.claims}) == len(report.claims), "claim ids repeat"

    for entity in report.entities:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text), f"{entity.id} mention {(start, end)}"
        assert entity.author is None or entity.author in entity_ids

    for a in report.attributions:
        if a.source is not None:
            check_span(text, a.source, f"{a.id} source")
            assert a.source.entity is None or a.source.entity in entity_ids
        check_span(text, a.cue, f"{a.id} cue")
        assert a.content, f"{a.id} has no content"
        for part in a.content:
            check_span(text, part, f"{a.id} content")
        for extra, what in ((a.recipient, "recipient"), (a.medium, "medium")):
            if extra is not None:
                check_span(text, extra, f"{a.id} {what}")

    # parents exist, and following them always ends (no cycle)
    parent = {a.id: a.parent for a in report.attributions}
    for a in report.attributions:
        seen = {a.id}
        up = a.parent
        while up is not None:
            assert up in parent, f"{a.id}: parent {up} does not exist"
            assert up not in seen, f"{a.id}: parents form a cycle through {up}"
            seen.add(up)
            up = parent[up]

    for c in report.claims:
        assert 0 <= c.start <= c.end <= len(text), f"{c.id} ({c.start}, {c.end})"
        assert text[c.start : c.end] == c.text, f"{c.id}: text[{c.start}:{c.end}] != its text"
        assert all(e in entity_ids for e in c.chain), f"{c.id} chain {c.chain}"
        assert c.hops == len(c.chain)
        assert c.attribution is None or c.attribution in parent
        assert all(x in parent for x in (*c.contradicted_by, *c.qualified_by))

    for event in report.events:
        check_span(text, Span(event.start, event.end, event.text), f"{event.kind} event")

    data = report.to_dict()
    assert all(d["hops"] == len(d["chain"]) for d in data["claims"]), "hops in the JSON"
    validate_report(data)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(article())
def test_report_invariants_on_generated_articles(text: str) -> None:
    check_report(sourcetrace.analyze(text))


@settings(max_examples=10, deadline=None)
@given(article())
def test_report_pickles_equal(text: str) -> None:
    report = sourcetrace.analyze(text)
    assert pickle.loads(pickle.dumps(report)) == report


def test_seed_report_and_its_parts_pickle_equal() -> None:
    report = sourcetrace.analyze(SEED.read_text(encoding="utf-8"))
    check_report(report)
    assert report.attributions, "the seed has attributions"
    for part in [
        report,
        *report.entities,
        *report.attributions,
        *report.claims,
        *report.events,
    ]:
        assert pickle.loads(pickle.dumps(part)) == part


def test_sentence_pool_is_real_text() -> None:
    pool = sentence_pool()
    assert len(pool) >= 10
    assert any("according to" in s for s in pool)
    if (data_dir() / "polnear" / "train" / "text").is_dir():
        assert len(pool) > 500, "PolNeAR train sentences are in the pool"


def _broken_reports() -> dict[str, Report]:
    sound = seed_like_report()
    a = list(sound.attributions)
    c = list(sound.claims)
    moved_cue = replace(a[0], cue=Span(a[0].cue.start + 1, a[0].cue.end + 1, a[0].cue.text))
    return {
        "cycle": replace(sound, attributions=(a[0], replace(a[1], parent="a3"), a[2], a[3])),
        "span text": replace(sound, attributions=(moved_cue, *a[1:])),
        "missing parent": replace(sound, attributions=(*a[:2], replace(a[2], parent="a99"), a[3])),
        "unknown chain id": replace(sound, claims=(replace(c[0], chain=("e1", "e42")), *c[1:])),
        "claim text": replace(sound, claims=(replace(c[0], text="Elon"), *c[1:])),
        "unknown status": replace(sound, claims=(replace(c[0], status="rumour"), *c[1:])),
    }


def test_checker_accepts_a_sound_report() -> None:
    check_report(seed_like_report())


@pytest.mark.parametrize("name", list(_broken_reports()))
def test_checker_catches_a_broken_report(name: str) -> None:
    with pytest.raises((AssertionError, SchemaError)):
        check_report(_broken_reports()[name])
