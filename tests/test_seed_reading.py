"""The acceptance case: the whole pipeline reads the seed article as reference-reading.md does.

Every row of the reference reading is checked on ``sourcetrace.analyze(seed)``: the
attributions A1-A15 (source as written, cue, where the content starts, the parent), the
coreference the chains depend on, the claims C1-C6 (chain, hops, status, signals), the "must
not happen" list, and the update mark. Attributions are found by their text (the cue at its
place in the article), never by their ids.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest

import sourcetrace
from seed_support import seed_path
from sourcetrace.model import Attribution, Claim, Entity, Report


@functools.lru_cache(maxsize=1)
def report() -> Report:
    return sourcetrace.analyze(seed_path().read_text("utf-8"))


def at(context: str, needle: str | None = None) -> int:
    """Offset of ``needle`` inside the first occurrence of ``context`` in the analysed text."""
    text = report().text
    base = text.index(context)
    return base + (context.index(needle) if needle else 0)


def entity(e_id: str | None) -> Entity:
    found = report().entity(e_id)
    assert found is not None, f"no entity {e_id!r}"
    return found


def entity_covering(start: int, end: int) -> Entity | None:
    best: tuple[int, Entity] | None = None
    for e in report().entities:
        for s, t in e.mentions:
            if s <= start and end <= t and (best is None or t - s < best[0]):
                best = (t - s, e)
    return best[1] if best else None


# --- 2. attributions and how they nest ------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of the reference table, located in the text by context."""

    name: str
    cue_context: str  # a unique stretch of text holding the cue
    cue: str  # the cue as the reference writes it
    source: str | None  # the source as written (None: no overt source)
    source_context: str | None  # where that source is written
    content_start: str  # what the content starts with (after an optional quote mark)
    parent: str | None
    cue_variants: tuple[str, ...] = ()  # equivalent ways the contract allows to write the cue


ROWS = [
    Row(
        "A1", "Vice: Elon", "Vice:", "Vice", "Vice: Elon", "Elon Musk spoke to Putin", None, (":",)
    ),
    Row(
        "A2",
        "according to Vice",
        "according to",
        "Vice",
        "according to Vice",
        "Elon Musk spoke with Russian President Vladimir Putin",
        None,
    ),
    Row(
        "A3",
        "According to the publication",
        "According to",
        "the publication",
        "According to the publication",
        "Musk told",
        None,
    ),
    Row(
        "A4",
        "Musk told the American",
        "told",
        "Musk",
        "Musk told the American",
        "about the conversation",
        "A3",
    ),
    Row(
        "A5",
        "The latter publicized",
        "publicized",
        "The latter",
        "The latter publicized",
        "the conversation with Musk",
        "A3",
    ),
    Row(
        "A6",
        "Bremmer's message says",
        "says",
        "Bremmer's message",
        "Bremmer's message says",
        "that, according to Musk",
        None,
    ),
    Row(
        "A7",
        "according to Musk, Putin",
        "according to",
        "Musk",
        "according to Musk, Putin",
        "Putin is",
        "A6",
    ),
    Row(
        "A8",
        'Putin is "ready for negotiations"',
        '"ready for negotiations"',
        "Putin",
        'Putin is "ready for negotiations"',
        "ready for negotiations",
        "A7",
        ("ready for negotiations",),
    ),
    Row(
        "A9",
        "According to Bremmer",
        "According to",
        "Bremmer",
        "According to Bremmer",
        "Putin told Musk",
        None,
    ),
    Row(
        "A10",
        "Putin told Musk these goals",
        "told",
        "Putin",
        "Putin told Musk these goals",
        "these goals would be achieved",
        "A9",
    ),
    Row(
        "A11",
        "Musk said in a conversation",
        "said",
        "Musk",
        "Musk said in a conversation",
        'that "everything must be done',
        None,
    ),
    Row(
        "A12",
        "publications commented positively",
        "commented",
        "Russian propaganda publications",
        "Russian propaganda publications commented",
        "positively on Musk's proposal",
        None,
    ),
    Row(
        "A13",
        "Ukrainian media reported that",
        "reported",
        "Ukrainian media",
        "Ukrainian media reported that",
        "that after the tweets",
        None,
    ),
    Row(
        "A14",
        "clarifications were published",
        "clarifications were published",
        None,
        None,
        "that the Internet was blocked",
        None,
    ),
    Row(
        "A15",
        "Elon Musk said on Twitter",
        "said on Twitter",
        "Elon Musk",
        "Elon Musk said on Twitter",
        "that the last time he spoke with Putin",
        None,
        ("said",),  # the cue "said" with the medium "on Twitter" reads the same
    ),
]
ROW_BY_NAME = {r.name: r for r in ROWS}


def cue_offsets(row: Row) -> tuple[int, int]:
    needle = row.cue
    start = at(row.cue_context, needle if needle in row.cue_context else None)
    return start, start + len(needle)


def find_row(row: Row) -> Attribution:
    """The attribution whose cue overlaps the row's cue in the text."""
    start, end = cue_offsets(row)
    found = [a for a in report().attributions if a.cue.start < end and start < a.cue.end]
    assert found, f"{row.name}: no attribution has a cue at {report().text[start:end]!r}"
    return min(found, key=lambda a: abs(a.cue.start - start))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_attribution_row(row: Row) -> None:
    a = find_row(row)
    cue = a.cue.text.strip()
    assert cue in (row.cue, *row.cue_variants), f"{row.name}: cue {cue!r}, expected {row.cue!r}"
    if cue != row.cue and row.cue.startswith(cue + " "):
        # the rest of the reference cue ("on Twitter") must then be the medium
        rest = row.cue[len(cue) + 1 :]
        medium = a.medium.text if a.medium is not None else None
        assert medium in (rest, rest.split(" ", 1)[-1]), f"{row.name}: medium {medium!r}"
    if row.source is None:
        assert a.source is None, f"{row.name}: source {a.source}, expected none"
    else:
        assert a.source is not None, f"{row.name}: no source, expected {row.source!r}"
        assert row.source_context is not None
        assert (a.source.text, a.source.start) == (
            row.source,
            at(row.source_context, row.source),
        ), f"{row.name}: source {a.source.text!r} at {a.source.start}"
    content = a.content[0].text.lstrip("\"“‘'")
    assert content.startswith(row.content_start), (
        f"{row.name}: content starts {a.content[0].text[:50]!r}, expected {row.content_start!r}"
    )
    if row.parent is None:
        assert a.parent is None, f"{row.name}: parent {a.parent}, expected none"
    else:
        parent = find_row(ROW_BY_NAME[row.parent])
        assert a.parent == parent.id, f"{row.name}: parent {a.parent}, expected {parent.id}"


def test_a15_content_runs_to_its_end() -> None:
    a15 = find_row(ROW_BY_NAME["A15"])
    assert a15.content[-1].text.rstrip(".").endswith("they talked about space")


def test_a8_source_is_implied() -> None:
    assert find_row(ROW_BY_NAME["A8"]).implicit_source


def test_recipients() -> None:
    a4 = find_row(ROW_BY_NAME["A4"])
    assert a4.recipient is not None and entity(a4.recipient.entity).name == "Ian Bremmer"
    a10 = find_row(ROW_BY_NAME["A10"])
    assert a10.recipient is not None and entity(a10.recipient.entity).name == "Elon Musk"
    a11 = find_row(ROW_BY_NAME["A11"])
    assert a11.recipient is not None and entity(a11.recipient.entity).name == "Ian Bremmer"


# --- coreference the chains depend on -------------------------------------------------------


def source_entity(row_name: str) -> Entity:
    a = find_row(ROW_BY_NAME[row_name])
    assert a.source is not None
    return entity(a.source.entity)


def test_sources_resolve() -> None:
    expected = {
        "A1": ("Vice", "outlet"),
        "A2": ("Vice", "outlet"),
        "A3": ("Vice", "outlet"),
        "A4": ("Elon Musk", "person"),
        "A5": ("Ian Bremmer", "person"),
        "A7": ("Elon Musk", "person"),
        "A8": ("Vladimir Putin", "person"),
        "A9": ("Ian Bremmer", "person"),
        "A10": ("Vladimir Putin", "person"),
        "A11": ("Elon Musk", "person"),
        "A12": ("Russian propaganda publications", "group"),
        "A13": ("Ukrainian media", "group"),
        "A15": ("Elon Musk", "person"),
    }
    for name, (who, kind) in expected.items():
        e = source_entity(name)
        assert (e.name, e.kind) == (who, kind), f"{name}: {e.name} ({e.kind})"


def test_bremmers_message_is_his_mailing() -> None:
    message = source_entity("A6")
    assert message.kind == "document"
    assert entity(message.author).name == "Ian Bremmer"
    mailing = entity_covering(
        at("a mailing to Eurasia Group clients", "mailing"),
        at("a mailing to Eurasia Group clients", "mailing") + 7,
    )
    assert mailing == message


def test_a_political_scientist_is_bremmer() -> None:
    start = at("with a political scientist", "a political scientist")
    e = entity_covering(start, start + len("a political scientist"))
    assert e is not None and e.name == "Ian Bremmer"


def test_he_in_a15_is_musk() -> None:
    start = at("the last time he spoke", " he ") + 1
    e = entity_covering(start, start + 2)
    assert e is not None and e.name == "Elon Musk"


def test_a14_unnamed_source_is_anonymous() -> None:
    assert any(e.kind == "anonymous" for e in report().entities)


# --- 3. claims and their chains -------------------------------------------------------------


def claim_with(*words: str) -> Claim:
    found = [c for c in report().claims if all(w in c.text for w in words)]
    assert len(found) == 1, f"{len(found)} claims with {words}: {[c.text for c in report().claims]}"
    return found[0]


def chain_names(c: Claim) -> list[str]:
    return [entity(e).name for e in c.chain]


def test_c1_musk_spoke_with_putin() -> None:
    c1 = claim_with("Elon Musk spoke")
    chain = [entity(e) for e in c1.chain]
    assert [e.kind for e in chain] == ["outlet", "document", "person", "person"]
    assert [chain[0].name, chain[2].name, chain[3].name] == ["Vice", "Ian Bremmer", "Elon Musk"]
    assert chain[1].author == chain[2].id
    assert c1.hops == 4
    assert c1.status == "disputed"
    for signal in ("single-origin", "not-publicly-reported", "denied-by-subject"):
        assert signal in c1.signals, f"C1 lacks {signal}: {c1.signals}"
    assert find_row(ROW_BY_NAME["A15"]).id in c1.contradicted_by


def test_c2_putin_ready_to_negotiate() -> None:
    c2 = claim_with("ready for negotiations", "Crimea remains Russian")
    assert entity(c2.chain[0]).kind == "document"
    assert chain_names(c2)[1:] == ["Ian Bremmer", "Elon Musk", "Vladimir Putin"]
    assert (c2.hops, c2.status) == (4, "unverified")
    assert "single-origin" in c2.signals


def test_c3_no_matter_what() -> None:
    c3 = claim_with("no matter what")
    assert chain_names(c3) == ["Ian Bremmer", "Elon Musk", "Vladimir Putin"]
    assert (c3.hops, c3.status) == (3, "unverified")
    assert "single-origin" in c3.signals


def test_c4_starlink_intermittent_is_qualified() -> None:
    c4 = claim_with("intermittent on the front line")
    assert chain_names(c4) == ["Ukrainian media"]
    assert (c4.hops, c4.status) == (1, "qualified")
    assert find_row(ROW_BY_NAME["A14"]).id in c4.qualified_by


def test_c5_kikina_is_the_articles_own_voice() -> None:
    c5 = claim_with("On October 7")
    assert (c5.chain, c5.hops, c5.status, c5.attribution) == ((), 0, "unattributed", None)


def test_c6_musks_denial_is_first_hand() -> None:
    c6 = claim_with("18 months ago")
    assert chain_names(c6) == ["Elon Musk"]
    assert (c6.hops, c6.status) == (1, "first-hand")


# --- 4. what must not happen ----------------------------------------------------------------


def test_the_denial_is_no_support() -> None:
    c1 = claim_with("Elon Musk spoke")
    assert "corroborated" not in c1.signals
    assert c1.status != "reported"


def test_page_furniture_is_gone() -> None:
    assert "Exit mobile version" not in report().text


def test_the_update_time_is_no_claim() -> None:
    assert not [c for c in report().claims if "20:10" in c.text]


def test_kikina_is_not_attributed_to_vice_or_bremmer() -> None:
    for c in report().claims:
        if "Kikina" in c.text or "October 7" in c.text:
            assert c.chain == ()
            assert c.status == "unattributed"


def test_update_event_at_its_offset() -> None:
    events = [e for e in report().events if e.kind == "update"]
    assert [(e.start, e.text) for e in events] == [(at("Updated 20:10."), "Updated 20:10.")]


# --- the verdict, at the top of the report --------------------------------------------------


def test_verdict_says_one_origin_and_the_denial() -> None:
    top = " ".join(report().verdict[:3])
    assert "Elon Musk spoke with Vladimir Putin" in top
    assert "one origin" in top and "Ian Bremmer" in top
    assert "no independent confirmation" in top
    assert "not publicly reported" in top
    assert "denied it after publication" in top
