"""render.py: the terminal report, read as plain text from a recording console."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console

from sample_reports import seed_like_report
from sourcetrace.model import Claim, Entity, Report
from sourcetrace.render import chain_text, entity_label, render_report, summary_line


def rendered(report: Report, width: int = 100) -> str:
    console = Console(record=True, width=width)
    render_report(report, console)
    return console.export_text()


def test_sections_come_in_order() -> None:
    out = rendered(seed_like_report())
    order = [
        "Vice: Elon Musk spoke to Putin",  # title
        "Example Outlet · 2022-10-11",
        "Verdict",
        "The claim that Musk spoke with Putin comes from one origin",
        "Claims",
        "Attributions",
        "Events",
        "Warnings",
    ]
    positions = [out.index(s) for s in order]
    assert positions == sorted(positions), out


def test_claim_shows_status_hops_signals_and_chain() -> None:
    out = rendered(seed_like_report())
    assert "disputed" in out
    assert "4 hops" in out
    assert "single-origin · not-publicly-reported · denied-by-subject" in out
    # the document entity reads as its author's, the chain runs reader -> origin
    assert (
        "this article → Vice → Bremmer's mailing to Eurasia Group clients → Ian Bremmer → Elon Musk"
        in out
    )
    assert "1 hop\n" in out or "1 hop " in out  # singular for one hop


def test_contradiction_names_source_and_update() -> None:
    out = rendered(seed_like_report())
    assert "denied by Elon Musk (a4, after update)" in out


def test_attribution_table_rows() -> None:
    out = rendered(seed_like_report(), width=160)
    row = next(line for line in out.splitlines() if line.strip().startswith("a3"))
    # id, parent, source, cue, content, kind, stance
    for cell in ["a3", "a2", "Musk → Elon Musk", "according to", "Putin is", "mixed", "asserts"]:
        assert cell in row, row
    denial = next(line for line in out.splitlines() if line.strip().startswith("a4"))
    assert "denies" in denial


def test_long_content_is_shortened() -> None:
    report = seed_like_report()
    out = rendered(report, width=200)
    headline = report.attributions[0]
    assert len(headline.content[0].text) > 60
    row = next(line for line in out.splitlines() if line.strip().startswith("a1"))
    assert headline.content[0].text not in row
    assert "Elon Musk spoke to Putin before posting ‘plan to end war’…" in row


def test_event_listed() -> None:
    out = rendered(seed_like_report())
    report = seed_like_report()
    assert f"update at {report.events[0].start}: Updated 20:10." in out


def test_markup_in_article_text_prints_verbatim() -> None:
    out = rendered(seed_like_report())
    assert "! a [bracketed] warning: markup must print as text" in out


def test_empty_report() -> None:
    out = rendered(Report(text=""))
    assert "No attributions found." in out
    assert "No claims found." in out
    assert "0 claims, 0 attributions, no contradictions found" in out
    assert "Events" not in out and "Warnings" not in out


def test_summary_line_when_no_verdict() -> None:
    report = replace(seed_like_report(), verdict=())
    assert summary_line(report) == "3 claims, 4 attributions, 1 claim contradicted"
    assert summary_line(report) in rendered(report)
    quiet = replace(report, claims=report.claims[1:])
    assert summary_line(quiet) == "2 claims, 4 attributions, no contradictions found"


def test_authors_voice_and_unknown_entity() -> None:
    report = seed_like_report()
    unattributed = Claim("c9", "On October 7, she arrived.", 0, 4, None, (), "unattributed")
    broken = Claim("c8", "x", 0, 1, "a1", ("e1", "e77"), "reported")
    out = rendered(replace(report, claims=(unattributed, broken)))
    assert "author's own voice" in out
    assert "this article → Vice → e77?" in out


def test_entity_label_for_documents() -> None:
    report = seed_like_report()
    bremmer = Entity("e3", "Ian Bremmer", "person")
    vice = Entity("e1", "Vice", "outlet")
    cases = {
        Entity("e9", "the mailing", "document", author="e3"): "Bremmer's mailing",
        Entity("e9", "Bremmer's message", "document", author="e3"): "Bremmer's message",
        Entity("e9", "report", "document", author="e1"): "Vice's report",
        Entity("e9", "a statement", "document", author=None): "a statement",
        Entity("e9", "statement", "document", author="e404"): "statement",
        bremmer: "Ian Bremmer",
        vice: "Vice",
    }
    for entity, label in cases.items():
        assert entity_label(report, entity) == label
    reuters = Entity("e8", "Reuters", "outlet")
    with_reuters = replace(report, entities=(*report.entities, reuters))
    assert entity_label(with_reuters, Entity("e9", "dispatch", "document", author="e8")) == (
        "Reuters' dispatch"
    )


def test_chain_text_plain() -> None:
    report = seed_like_report()
    assert chain_text(report, ()).plain == "this article"
    assert chain_text(report, ("e2", "e5")).plain == "this article → Elon Musk → Vladimir Putin"


def test_plain_when_not_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100)  # not a tty: no colour codes
    render_report(seed_like_report(), console)
    out = buffer.getvalue()
    assert "\x1b[" not in out
    assert "this article → Vice" in out


def test_colour_on_a_terminal() -> None:
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    render_report(seed_like_report(), console)
    styled = console.export_text(styles=True)
    assert "\x1b[" in styled


def test_narrow_console_does_not_fail() -> None:
    out = rendered(seed_like_report(), width=40)
    assert "disputed" in out and "a4" in out


def test_quoted_claim_is_shown_in_one_pair_of_quotes() -> None:
    report = seed_like_report()
    quoted = Claim("c5", "“She was never in Kobane,”", 0, 4, "a1", ("e1",), "reported")
    two = Claim("c6", '"a bomb" had gone off "today"', 0, 4, "a1", ("e1",), "reported")
    out = rendered(replace(report, claims=(quoted, two)))
    assert "“She was never in Kobane”" in out
    assert "““" not in out
    assert '“"a bomb" had gone off "today"”' in out


def test_long_claim_wraps_under_its_indent() -> None:
    report = seed_like_report()
    long = Claim("c7", "word " * 40, 0, 4, "a1", ("e1",), "reported")
    out = rendered(replace(report, claims=(long,)), width=60)
    lines = out[out.index("c7") :].splitlines()
    assert lines[1].startswith("    “word") and lines[2].startswith("    word")


def test_subject_speaking_against_a_claim_reads_as_a_denial() -> None:
    report = seed_like_report()
    attributions = list(report.attributions)
    attributions[3] = replace(attributions[3], stance="asserts")  # the update merely asserts
    asserted = replace(report, attributions=tuple(attributions))
    assert "denied by Elon Musk (a4, after update)" in rendered(asserted)
    # without the pipeline's denied-by-subject signal, it is a contradiction
    claims = list(asserted.claims)
    claims[0] = replace(claims[0], signals=("single-origin",))
    plain = replace(asserted, claims=tuple(claims))
    assert "contradicted by Elon Musk (a4, after update)" in rendered(plain)


def test_short_claim_lines_have_no_trailing_blanks() -> None:
    out = rendered(seed_like_report())
    assert "\n    this article → Elon Musk\n" in out  # c3's chain, shorter than its text
