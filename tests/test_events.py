"""Update and correction marks: general patterns, exact offsets."""

from __future__ import annotations

import pytest

from seed_support import seed_text
from sourcetrace.events import event_time, find_events


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


# ------------------------------------------------------------------ the time a note gives itself


@pytest.mark.parametrize(
    ("note", "published", "seen", "expected"),
    [
        # a date without its year: the publication's year
        ("Update (Oct. 8): The Kremlin denied the call.", "2022-10-07", None, "2022-10-08"),
        # ... or the next, when the date falls before the publication
        ("Update (Jan. 2): He replied.", "2022-12-30", None, "2023-01-02"),
        # a date with its year and a clock time; the zone is dropped
        ("Last updated Oct. 8, 2021, 3:45 p.m. ET", "2022-10-07", None, "2021-10-08T15:45"),
        ("Update at 2:30 p.m. ET.", "2022-10-07", None, "2022-10-07T14:30"),
        ("Updated 12:05 a.m.", "2022-10-07", None, "2022-10-07T00:05"),
        # a clock time alone: the publication day, or the next when earlier than publication
        ("Updated 20:10.", "2022-10-07", None, "2022-10-07T20:10"),
        ("Updated 20:10.", "2022-10-07T21:00:00", None, "2022-10-08T20:10"),
        # a weekday: the first such day from the publication (7 Oct 2022 was a Friday)
        ("UPDATE Tuesday: He replied.", "2022-10-07", None, "2022-10-11"),
        # no publication date: the last such date up to the fetch
        ("Update (Oct. 8): x", None, "2022-11-01T10:00:00+00:00", "2022-10-08"),
        ("Update (Dec. 30): x", None, "2023-01-05T10:00:00+00:00", "2022-12-30"),
        ("Updated 3 p.m.", None, "2022-10-07T10:00:00+00:00", "2022-10-06T15:00"),
        # numeric dates read month first, unless the first number cannot be a month
        ("Updated 10/08/2022 at 9 a.m.", None, None, "2022-10-08T09:00"),
        ("Updated 25/08/2022.", None, None, "2022-08-25"),
        ("Corrected 2022-10-09.", None, None, "2022-10-09"),
        ("Correction, 8 October 2022: the date.", None, None, "2022-10-08"),
    ],
)
def test_event_time_reads_the_stamp(
    note: str, published: str | None, seen: str | None, expected: str
) -> None:
    assert event_time(note, published=published, seen=seen) == expected


@pytest.mark.parametrize(
    ("note", "published"),
    [
        ("Correction: An earlier version said 18 months.", "2022-10-07"),  # no stamp
        ("Editor's note: This story was first published in 2015.", "2022-10-07"),  # a year alone
        ("Update (Feb. 30): x", "2022-10-07"),  # no such day
        ("Corrected 2014-09-31.", None),
        ("Correction, Nov 3: the report misstated it.", None),  # no year, nothing to take it from
        ("Correction, Nov 3: the report misstated it.", "not a date"),
        ("Updated 20:10.", None),  # a clock time with no day
        # a date further into the note is what it tells, not when it was written
        ("This story has been updated to add the statement issued on Oct. 9.", "2022-10-07"),
        ("Updated to include the reply the embassy sent at 3:45 p.m.", "2022-10-07"),
    ],
)
def test_event_time_is_none_without_a_real_stamp(note: str, published: str | None) -> None:
    assert event_time(note, published=published) is None
