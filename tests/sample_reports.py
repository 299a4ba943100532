"""Reports built by hand, without the pipeline, for tests of the model, schema and renderer.

The text is an excerpt of the seed article; every span is located in it by search, so the
offsets are right by construction and the tests do not depend on the NLP stages.
"""

from __future__ import annotations

from sourcetrace.model import Attribution, Claim, Entity, Event, Report, SourceSpan, Span

SEED_EXCERPT = (
    "Vice: Elon Musk spoke to Putin before posting ‘plan to end war’ on Twitter\n\n"
    "According to the publication, Musk told the American political scientist Ian Bremmer "
    "about the conversation. The latter publicized the conversation with Musk in a mailing "
    "to Eurasia Group clients.\n\n"
    'Bremmer\'s message says that, according to Musk, Putin is "ready for negotiations".\n\n'
    "Updated 20:10. Elon Musk said on Twitter that the last time he spoke with Putin was "
    "18 months ago, and they talked about space."
)


def span(text: str, needle: str, after: int = 0) -> Span:
    """The span of the first ``needle`` at or after ``after``; fails loudly when absent."""
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def source(text: str, needle: str, entity: str | None, after: int = 0) -> SourceSpan:
    s = span(text, needle, after)
    return SourceSpan(s.start, s.end, s.text, entity)


def mentions(text: str, *needles: str) -> tuple[tuple[int, int], ...]:
    out = []
    for needle in needles:
        s = span(text, needle)
        out.append((s.start, s.end))
    return tuple(out)


def seed_like_report() -> Report:
    """A small report with every part filled: nesting, a document entity, a denial, an update."""
    t = SEED_EXCERPT
    update = span(t, "Updated 20:10.")
    headline_content = span(
        t, "Elon Musk spoke to Putin before posting ‘plan to end war’ on Twitter"
    )
    message_content = span(t, 'that, according to Musk, Putin is "ready for negotiations".')
    musk_content = span(t, 'Putin is "ready for negotiations".')
    denial_content = span(t, "that the last time he spoke with Putin was 18 months ago", update.end)
    entities = (
        Entity("e1", "Vice", "outlet", mentions(t, "Vice", "the publication")),
        Entity("e2", "Elon Musk", "person", mentions(t, "Elon Musk")),
        Entity("e3", "Ian Bremmer", "person", mentions(t, "Ian Bremmer", "The latter")),
        Entity("e4", "mailing to Eurasia Group clients", "document", (), author="e3"),
        Entity("e5", "Vladimir Putin", "person", mentions(t, "Putin")),
    )
    attributions = (
        Attribution(
            "a1",
            None,
            source(t, "Vice", "e1"),
            span(t, ":"),
            (headline_content,),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a2",
            None,
            source(t, "Bremmer's message", "e4"),
            span(t, "says"),
            (message_content,),
            "indirect",
            "asserts",
            medium=span(t, "in a mailing"),
        ),
        Attribution(
            "a3",
            "a2",
            source(t, "Musk", "e2", message_content.start),
            span(t, "according to", message_content.start),
            (musk_content,),
            "mixed",
            "asserts",
        ),
        Attribution(
            "a4",
            None,
            source(t, "Elon Musk", "e2", update.end),
            span(t, "said", update.end),
            (denial_content,),
            "indirect",
            "denies",
            medium=span(t, "on Twitter", update.end),
        ),
    )
    claims = (
        Claim(
            "c1",
            headline_content.text,
            headline_content.start,
            headline_content.end,
            "a1",
            ("e1", "e4", "e3", "e2"),
            "disputed",
            contradicted_by=("a4",),
            signals=("single-origin", "not-publicly-reported", "denied-by-subject"),
        ),
        Claim(
            "c2",
            musk_content.text,
            musk_content.start,
            musk_content.end,
            "a3",
            ("e4", "e3", "e2", "e5"),
            "unverified",
            signals=("single-origin",),
        ),
        Claim(
            "c3",
            denial_content.text,
            denial_content.start,
            denial_content.end,
            "a4",
            ("e2",),
            "first-hand",
        ),
    )
    return Report(
        text=t,
        title="Vice: Elon Musk spoke to Putin",
        outlet="Example Outlet",
        published="2022-10-11",
        language="en",
        entities=entities,
        attributions=attributions,
        claims=claims,
        events=(Event("update", update.start, update.end, update.text),),
        verdict=(
            "The claim that Musk spoke with Putin comes from one origin: Bremmer's account.",
            "Musk denied it after publication.",
        ),
        warnings=("a [bracketed] warning: markup must print as text",),
    )
