"""The terminal report: a Report drawn with rich, for people.

Order, most useful first: the article's title and outlet; the verdict in plain words; each claim
with its status, hops, signals and its chain (``this article → Vice → Bremmer's mailing → Ian
Bremmer → Elon Musk``) and what contradicts or qualifies it; a table of attributions; the
article's events; warnings.

Article text only ever reaches the console inside ``rich.text.Text`` objects, never as markup,
so brackets and colons in an article print as they are. Piped output is plain text: rich drops
colours when the console is not a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Attribution, Claim, Entity, Report

__all__ = ["chain_text", "entity_label", "render_report", "summary_line"]

ARROW = " → "
READER = "this article"
CONTENT_WIDTH = 60  # characters of an attribution's content shown in the table
CLAIM_WIDTH = 240  # characters of a claim's text shown under its badge

OPENING_QUOTES = "\"“‘'«„"
CLOSING_QUOTES = "\"”’'»“"

STATUS_STYLE: dict[str, str] = {
    "first-hand": "bold white on green",
    "reported": "bold black on cyan",
    "unverified": "bold black on yellow",
    "disputed": "bold white on dark_orange3",
    "denied": "bold white on red",
    "qualified": "bold white on magenta",
    "unattributed": "bold white on grey37",
}
STANCE_STYLE: dict[str, str] = {"asserts": "", "denies": "red", "questions": "yellow"}
STANCE_VERB: dict[str, str] = {
    "denies": "denied by",
    "questions": "questioned by",
    "asserts": "contradicted by",
}


def render_report(report: Report, console: Console | None = None) -> None:
    """Print the report to ``console`` (a new stdout Console when none is given)."""
    console = console if console is not None else Console()
    header = _header(report)
    if header is not None:
        console.print(header)
    console.print(_verdict(report))
    console.print()
    console.print(_claims(report))
    console.print()
    console.print(_attributions(report))
    if report.events:
        console.print()
        console.print(_events(report))
    if report.warnings:
        console.print()
        console.print(_warnings(report))


# -- names and chains ----------------------------------------------------------------------


def entity_label(report: Report, entity: Entity) -> str:
    """How an entity reads in a chain: its name, or ``Bremmer's mailing`` for a document."""
    if entity.kind != "document" or entity.author is None:
        return entity.name
    author = report.entity(entity.author)
    if author is None:
        return entity.name
    short = author.name.split()[-1] if author.kind == "person" else author.name
    if short.lower() in entity.name.lower() or "'s " in entity.name or "’s " in entity.name:
        return entity.name  # already reads "Bremmer's message", "the Bremmer mailing"
    name = entity.name
    first, _, rest = name.partition(" ")
    if rest and first.lower() in {"a", "an", "the", "his", "her", "their", "its"}:
        name = rest
    return f"{_possessive(short)} {name}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _name(report: Report, entity_id: str | None) -> str | None:
    entity = report.entity(entity_id)
    return entity_label(report, entity) if entity is not None else None


def chain_text(report: Report, chain: Iterable[str]) -> Text:
    """``this article → Vice → ... → origin``; an unknown entity id shows as itself, marked."""
    text = Text(READER, style="dim")
    for entity_id in chain:
        text.append(ARROW, style="dim")
        label = _name(report, entity_id)
        if label is None:
            text.append(f"{entity_id}?", style="red")
        else:
            text.append(label, style="bold")
    return text


def _source_label(report: Report, attribution: Attribution) -> str:
    source = attribution.source
    if source is None:
        return "an unnamed source"
    return _name(report, source.entity) or source.text


# -- sections ------------------------------------------------------------------------------


def _header(report: Report) -> RenderableType | None:
    lines: list[Text] = []
    if report.title:
        lines.append(Text(report.title, style="bold"))
    meta = " · ".join(x for x in (report.outlet, report.published) if x)
    if meta:
        lines.append(Text(meta, style="dim"))
    if report.url:
        lines.append(Text(report.url, style="dim underline"))
    if not lines:
        return None
    return Group(*lines, Text())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: Report) -> str:
    """One line for a report that has no verdict of its own."""
    contradicted = sum(1 for c in report.claims if c.contradicted_by)
    tail = (
        f"{_plural(contradicted, 'claim')} contradicted"
        if contradicted
        else "no contradictions found"
    )
    return (
        f"{_plural(len(report.claims), 'claim')}, "
        f"{_plural(len(report.attributions), 'attribution')}, {tail}"
    )


def _verdict(report: Report) -> Panel:
    if report.verdict:
        body = Text("\n").join(Text("• ") + Text(line) for line in report.verdict)
    else:
        body = Text(summary_line(report))
    return Panel(body, title="Verdict", title_align="left", border_style="bold")


def _claims(report: Report) -> RenderableType:
    title = Text("Claims", style="bold underline")
    if not report.claims:
        return Group(title, Text("No claims found."))
    return Group(title, *(_claim(report, claim) for claim in report.claims))


def _claim(report: Report, claim: Claim) -> RenderableType:
    head = Text()
    head.append(claim.id, style="dim")
    head.append("  ")
    head.append(f" {claim.status} ", style=STATUS_STYLE.get(claim.status, "bold"))
    head.append("  ")
    head.append("author's own voice" if claim.hops == 0 else _plural(claim.hops, "hop"))
    if claim.signals:
        head.append("  ")
        head.append(" · ".join(claim.signals), style="italic")
    body: list[RenderableType] = [Text(f"“{_shorten(_unquote(claim.text), CLAIM_WIDTH)}”")]
    body.append(chain_text(report, claim.chain))
    body.extend(_contradiction(report, claim, a) for a in claim.contradicted_by)
    body.extend(_link(report, a, "qualified by", style="magenta") for a in claim.qualified_by)
    # one Padding per line: a wrapped line stays under its indent, a short one gets no
    # trailing blanks from the longest
    lines: list[RenderableType] = [head]
    lines.extend(Padding(line, (0, 0, 0, 4), expand=False) for line in body)
    lines.append(Text())
    return Group(*lines)


def _contradiction(report: Report, claim: Claim, attribution_id: str) -> Text:
    """``denied by X`` when X denies it, or when X is the claim's origin and speaks against it
    (the pipeline's ``denied-by-subject``); ``contradicted by X`` otherwise."""
    attribution = report.attribution(attribution_id)
    verb = None
    if attribution is not None and attribution.stance == "asserts":
        speaker = attribution.source.entity if attribution.source else None
        by_subject = "denied-by-subject" in claim.signals
        verb = "denied by" if by_subject and speaker and speaker in claim.chain[-1:] else None
    return _link(report, attribution_id, verb, style="red")


def _link(report: Report, attribution_id: str, verb: str | None, *, style: str) -> Text:
    """``denied by Elon Musk (a15, after update)``."""
    attribution = report.attribution(attribution_id)
    if attribution is None:
        return Text(f"{verb or 'contradicted by'} {attribution_id}", style=style)
    verb = verb or STANCE_VERB.get(attribution.stance, "contradicted by")
    note = attribution.id
    after = _after_event(report, attribution)
    if after:
        note += f", after {after}"
    return Text(f"{verb} {_source_label(report, attribution)} ({note})", style=style)


def _after_event(report: Report, attribution: Attribution) -> str | None:
    """The kind of the latest update/correction mark before this attribution, if any."""
    earlier = [e for e in report.events if e.start <= attribution.cue.start]
    return max(earlier, key=lambda e: e.start).kind if earlier else None


def _attributions(report: Report) -> RenderableType:
    title = Text("Attributions", style="bold underline")
    if not report.attributions:
        return Group(title, Text("No attributions found."))
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("parent", style="dim", no_wrap=True)
    table.add_column("source", overflow="fold")
    table.add_column("cue", overflow="fold")
    table.add_column("content", overflow="fold", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("stance", no_wrap=True)
    for a in report.attributions:
        table.add_row(
            Text(a.id),
            Text(a.parent or "–"),
            _source_cell(report, a),
            Text(a.cue.text, style="bold"),
            Text(_shorten(" … ".join(c.text for c in a.content), CONTENT_WIDTH)),
            Text(a.kind),
            Text(a.stance, style=STANCE_STYLE.get(a.stance, "")),
        )
    return Group(title, table)


def _source_cell(report: Report, attribution: Attribution) -> Text:
    source = attribution.source
    if source is None:
        return Text("(no source)", style="dim italic")
    name = _name(report, source.entity)
    text = Text(source.text)
    if name and name != source.text:
        text.append(ARROW, style="dim")
        text.append(name, style="bold")
    return text


def _events(report: Report) -> RenderableType:
    lines: list[RenderableType] = [Text("Events", style="bold underline")]
    for event in report.events:
        line = Text(f"{event.kind} ", style="bold")
        line.append(f"at {event.start}: ", style="dim")
        line.append(_shorten(event.text, CONTENT_WIDTH))
        lines.append(line)
    return Group(*lines)


def _warnings(report: Report) -> RenderableType:
    lines: list[RenderableType] = [Text("Warnings", style="bold yellow underline")]
    lines.extend(Text(f"! {w}", style="yellow") for w in report.warnings)
    return Group(*lines)


def _unquote(text: str) -> str:
    """A quoted content without its own outer quotation marks and trailing comma, so that it
    can be shown in one pair of quotes: ``"We do not see a link,"`` -> ``We do not see a link``.
    """
    inner = text.strip()
    if (
        len(inner) >= 2
        and inner[0] in OPENING_QUOTES
        and inner[-1] in CLOSING_QUOTES
        and not any(q in inner[1:-1] for q in '"“”')  # one quotation, not '"a" and "b"'
    ):
        inner = inner[1:-1].rstrip(" ,")
    return inner


def _shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word where possible, with ``…``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
