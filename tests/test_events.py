"""Update and correction marks: general patterns, exact offsets."""

from __future__ import annotations

import pytest

from seed_support import seed_text
from sourcetrace.events import find_events


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in find_events(text)]


def test_seed_update_stamp_at_its_offset() -> None:
    text = seed_text()
    events = find_events(text)
    assert [(e.kind, e.text) for e in events] == [("update", "Updated 20:10.")]
    assert events[0].start == text.index("Updated 20:10.") == 2566
    assert text[events[0].start : events[0].end] == "Updated 20:10."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shots fired.\nUpdated 20:10. The mayor spoke.", [("update", "Updated 20:10.")]),
        (
            "Update at 2:02 p.m. ET. Soldier, Shooter Killed: text.",
            [("update", "Update at 2:02 p.m. ET.")],
        ),
        (
            "Update 2:13 PM: The diagnosis was confirmed.",
            [("update", "Update 2:13 PM: The diagnosis was confirmed.")],
        ),
        (
            "Update (Oct. 8): The company replied.",
            [("update", "Update (Oct. 8): The company replied.")],
        ),
        (
            "Last updated Oct. 8, 2022, 3:45 p.m. ET\nText.",
            [("update", "Last updated Oct. 8, 2022, 3:45 p.m. ET")],
        ),
        ("UPDATE: Musk later said no.", [("update", "UPDATE: Musk later said no.")]),
        (
            "Correction: A previous version misstated the date. More text.",
            [("correction", "Correction: A previous version misstated the date.")],
        ),
        ("Body text.\n\nCORRECTION APPENDED.", [("correction", "CORRECTION APPENDED.")]),
        (
            "He left. This article has been updated to include a statement from the campaign. "
            "Next.",
            [("update", "This article has been updated to include a statement from the campaign.")],
        ),
        (
            "An earlier version of this article misstated the amount of the fine. The fine was $5.",
            [
                (
                    "correction",
                    "An earlier version of this article misstated the amount of the fine.",
                )
            ],
        ),
        (
            "Editor's note: This story was first published in 2015.",
            [("update", "Editor's note: This story was first published in 2015.")],
        ),
    ],
)
def test_general_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_and_texts(text) == expected
    for event in find_events(text):
        assert text[event.start : event.end] == event.text


@pytest.mark.parametrize(
    "text",
    [
        "The company updated its app on Oct. 5.",
        "Updates, of course, are made available as they come.",
        "Update!",
        "He asked for a correction of the record.",
        "",
    ],
)
def test_no_event_inside_ordinary_prose(text: str) -> None:
    assert find_events(text) == []


def test_events_are_in_text_order_and_do_not_overlap() -> None:
    text = "CORRECTION: An earlier version of this story misstated a name.\nUpdated 9:15.\nText."
    events = find_events(text)
    assert [e.kind for e in events] == ["correction", "update"]
    assert events[0].end <= events[1].start
