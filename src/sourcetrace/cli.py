"""The command line: a thin typer layer. Each command parses its options and calls one
library function; errors become messages in exactly one place, ``main``.

Heavy libraries (spaCy, trafilatura, httpx) are imported inside the library functions, never
here, so that ``sourcetrace --version`` and error paths start at once.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

try:  # typer >= 0.22 carries its own copy of click, under this root
    from typer.exceptions import TyperException as _UsageError
except ImportError:  # older typer raises click's own exceptions
    from click import ClickException as _UsageError  # type: ignore[assignment]

from . import __version__
from .errors import InputError, SourcetraceError

if TYPE_CHECKING:
    from .corpus_view import CorpusRules, CorpusView
    from .model import Report

EXIT_ERROR = 2  # a SourcetraceError stopped the command
EXIT_PARTIAL = 1  # a batch finished, but some inputs failed
EXIT_INTERRUPTED = 130


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


app = typer.Typer(
    name="sourcetrace",
    help="Who said what in a news article: attributions, their chains, claims and status.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
eval_app = typer.Typer(help="Score sourcetrace against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(
    help="Rebuild the learned resources from annotated data (PolNeAR train, never dev).",
    no_args_is_help=True,
)
app.add_typer(train_app, name="train")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"sourcetrace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Who said what in a news article: attributions, their chains, claims and status."""


@app.command()
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT", help="A file (text or HTML), '-' for standard input, or a URL."
        ),
    ],
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="text: a report for people; json: the report contract (an array for several"
            " inputs); jsonl: one compact report per line, in input order.",
        ),
    ] = Format.text,
    keep_text: Annotated[
        bool,
        typer.Option(
            "--keep-text", help="Analyse the text exactly as given: no cleaning of any kind."
        ),
    ] = False,
    tagger: Annotated[
        bool | None,
        typer.Option(
            "--tagger/--no-tagger",
            help="The learned tagger checks and mends the reader's attributions (on by default"
            " where it is installed; --tagger requires it). --no-tagger: the reader alone,"
            " less accurate and faster.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find who said what in each INPUT."""
    from .api import analyze_source, analyze_sources
    from .settings import Settings

    settings = Settings(keep_text=keep_text, tagger=tagger)
    if len(inputs) == 1 and output_format is not Format.jsonl:
        # one input: a bad one is reported before the language model is even loaded
        _print_report(analyze_source(inputs[0], settings=settings), output_format)
        return
    failed = 0
    reports: list[Report] = []
    for outcome in analyze_sources(inputs, settings=settings, errors="record"):
        if outcome.error is not None:
            failed += 1
            _echo_error(outcome.error)
            if output_format is Format.jsonl:
                record = _error_record(outcome.source, outcome.error)
                _write_line(json.dumps(record, ensure_ascii=False))
        elif outcome.report is not None:
            if output_format is Format.jsonl:
                _write_line(outcome.report.to_json(indent=None))
            elif output_format is Format.json:
                reports.append(outcome.report)
            else:
                _print_report(outcome.report, output_format)
    if output_format is Format.json:
        items = ",\n".join(r.to_json() for r in reports)
        _write_line(f"[\n{items}\n]" if items else "[]")
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


# --- the corpus: a store of many articles -----------------------------------------------------

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="SOURCETRACE_DB",
        help="The store: a path or sqlite:///PATH (default ./sourcetrace.db), or a"
        " postgresql:// URL.",
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
EmbedFlag = Annotated[
    bool,
    typer.Option(
        "--embed",
        help="Link claims retold in other words too, by sentence embeddings"
        " (pip install 'sourcetrace[embed]').",
    ),
]


@app.command()
def add(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Files (text or HTML), folders, URLs, URL lists, RSS/Atom feeds, WARC files.",
        ),
    ],
    db: DbOption = None,
    outlet: Annotated[
        str | None,
        typer.Option(help="The outlet of inputs that do not name one (plain text files)."),
    ] = None,
    tagger: Annotated[
        bool | None,
        typer.Option("--tagger/--no-tagger", help="As for analyze.", show_default=False),
    ] = None,
) -> None:
    """Add articles to the store: each analysed once; a changed page becomes a new version;
    an input that cannot be read is recorded with its reason and the run goes on."""
    from .corpus import add as add_to_store
    from .settings import Settings
    from .store import open_store

    with open_store(db) as store, _progress("adding") as show:
        summary = add_to_store(
            store,
            inputs,
            settings=Settings(tagger=tagger),
            outlet=outlet,
            progress=lambda s: show(
                f"{s.seen} seen: {s.new} new, {s.versions} new versions,"
                f" {s.unchanged} unchanged, {s.failed} failed"
            ),
        )
    for item, code, reason in summary.failures:
        sys.stderr.write(f"sourcetrace: skipped {item}: error[{code}]: {reason}\n")
    typer.echo(
        f"{summary.new} new articles, {summary.versions} new versions, {summary.unchanged}"
        f" unchanged, {summary.failed} failed; {summary.claims} claims stored"
    )
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def claims(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many claims.")] = 30,
    as_json: JsonFlag = False,
    threshold: Annotated[
        float | None, typer.Option(help="How alike two claims must be to be one (0-1).")
    ] = None,
    min_origins: Annotated[
        int, typer.Option(help="Independent origins for a claim to count as supported.")
    ] = 2,
    embed: EmbedFlag = False,
) -> None:
    """Claims across the corpus, most reported first, with their status and why."""
    from .corpus_view import CorpusRules

    rules = CorpusRules(link_threshold=threshold, min_independent=min_origins, embed=embed)
    view = _view(db, rules)
    shown = view.clusters[:limit] if limit > 0 else view.clusters
    if as_json:
        for cluster in shown:
            _write_line(json.dumps(cluster.to_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(view.clusters)} claims in {len(view.articles)} articles")
    # the claim and the reason share what the terminal leaves; the short columns never wrap
    table.add_column("id", no_wrap=True)
    table.add_column("claim", ratio=3, min_width=12, overflow="fold")
    table.add_column("arts", justify="right", no_wrap=True)  # articles
    table.add_column("orig", justify="right", no_wrap=True)  # independent origins
    table.add_column("first", ratio=1, min_width=8, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("why", ratio=2, min_width=10, overflow="fold")
    for cluster in shown:
        data = cluster.to_dict()
        first = data["first"] or {}
        table.add_row(
            cluster.id,
            _clip(cluster.text, 90),
            str(data["articles"]),
            str(data["independent_origins"]),
            f"{first.get('outlet') or '?'} {first.get('at', '')[:10]}",
            cluster.status,
            _clip(cluster.reasons[0] if cluster.reasons else "", 80),
        )
    Console().print(table)


@app.command()
def trace(
    claim_id: Annotated[str, typer.Argument(help="A claim id from 'claims' (K12) or any of its")],
    db: DbOption = None,
    as_json: JsonFlag = False,
    threshold: Annotated[float | None, typer.Option(help="As for claims.")] = None,
    embed: EmbedFlag = False,
) -> None:
    """One claim across the corpus: its origins, the outlets that carried it in order, its
    denials and corrections, and its status."""
    from .corpus_view import CorpusRules

    cluster = _view(db, CorpusRules(link_threshold=threshold, embed=embed)).cluster(claim_id)
    data = cluster.to_dict(full=True)
    if as_json:
        _write_line(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{cluster.id}[/bold] {cluster.text}", soft_wrap=True)
    console.print(f"status: [bold]{cluster.status}[/bold]")
    for reason in cluster.reasons:
        console.print(f"  - {reason}", soft_wrap=True)
    console.print(f"independent origins ({data['independent_origins']}):")
    for origin in data["origins"]:
        console.print(f"  - {origin}", soft_wrap=True)
    console.print("timeline:")
    for entry in data["timeline"]:
        chain = " <- ".join(entry["chain"]) or "the outlet itself"
        copy = f", copy of {entry['copy_of']}" if entry["copy_of"] else ""
        copy += f", via {entry['via']}" if entry.get("via") else ""
        console.print(
            f"  {entry['at'][:19]}  {entry['outlet'] or '?'} (article {entry['article']},"
            f" version {entry['version']}{copy}): {entry['status_in_article']}; chain: {chain}",
            soft_wrap=True,
        )
    for kind in ("denials", "disputes"):
        for entry in data[kind]:
            console.print(f"{kind[:-1]}: {entry['by']} in {entry['in']} ({entry['at'][:19]})")
    for entry in data["corrections"]:
        console.print(f"correction: {entry['what']} in {entry['in']} ({entry['at'][:19]})")


@app.command()
def outlets(
    db: DbOption = None,
    graphml: Annotated[
        Path | None, typer.Option(help="Also write the citation graph here (GraphML).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Who cites whom, and each outlet's share of claims on unnamed or single origins."""
    from .corpus_view import CorpusRules

    view = _view(db, CorpusRules())
    rows = view.outlet_rows()
    if graphml is not None:
        import networkx as nx

        nx.write_graphml(view.outlet_graph(), str(graphml))
    if as_json:
        for row in rows:
            _write_line(json.dumps(row, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} outlets")
    for column in ("outlet", "articles", "claims", "unnamed sources", "single origin", "cites"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["outlet"],
            str(row["articles"]),
            str(row["claims"]),
            f"{row['anonymous_share']:.0%}",
            f"{row['single_origin_share']:.0%}",
            ", ".join(row["cites"]),
        )
    Console().print(table)


@app.command()
def recheck(db: DbOption = None) -> None:
    """Fetch every stored URL again; store changed pages as new versions and show the diffs."""
    from .corpus import diff
    from .corpus import recheck as recheck_store
    from .store import open_store

    with open_store(db) as store:
        with _progress("rechecking") as show:
            results = recheck_store(store, progress=lambda r: show(f"{r.url}: {r.status}"))
        for result in results:
            if result.status == "version":
                typer.echo(f"{result.url}: new version {result.seq}")
                typer.echo(diff(store, result.article_id))
            elif result.status == "failed":
                sys.stderr.write(f"sourcetrace: {result.url}: {result.reason}\n")
    counts = {s: sum(r.status == s for r in results) for s in ("version", "unchanged", "failed")}
    typer.echo(
        f"{len(results)} URLs: {counts['version']} changed, {counts['unchanged']} unchanged,"
        f" {counts['failed']} failed"
    )
    if counts["failed"]:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def stance(
    csv_file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="A CSV with columns claim,text.")
    ],
) -> None:
    """Does each text support the claim, refute it, or only report it (observes)? One JSON
    line per row, in order."""
    from .stance import read_pairs, stance_model

    model = stance_model()
    chunk: list[tuple[str, str]] = []

    def flush() -> None:  # the encoder reads a batch of rows at once
        for answer in model.predict_many(chunk):
            _write_line(json.dumps({"stance": answer}))
        chunk.clear()

    try:
        for pair in read_pairs(csv_file):
            chunk.append(pair)
            if len(chunk) == 64:
                flush()
    finally:  # the rows read before a broken one are answered all the same
        flush()


def _view(db: str | None, rules: CorpusRules) -> CorpusView:
    from .corpus_view import build_view
    from .store import open_store

    with open_store(db) as store:
        return build_view(store, rules=rules)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _progress:
    """A one-line progress display on standard error (only where it is a terminal)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._status: object = None

    def __enter__(self) -> Callable[[str], None]:
        from rich.console import Console

        console = Console(stderr=True)
        if not console.is_terminal:
            return lambda _: None
        status = console.status(self.what)
        status.start()
        self._status = status
        return lambda line: status.update(f"{self.what}: {line}")

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.stop()  # type: ignore[attr-defined]


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="A PolNeAR split: text/ and attributions/.")
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = Format.text,
    tagger: Annotated[
        bool | None,
        typer.Option(
            "--tagger/--no-tagger",
            help="With or without the learned tagger (default: with it where installed).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score attribution finding against a PolNeAR split (exact spans, outermost only)."""
    from .evaluation.polnear import evaluate
    from .settings import Settings

    if not directory.is_dir():
        raise InputError("no such directory", source=str(directory))
    result = evaluate(directory, settings=Settings(tagger=tagger))
    if output_format is Format.text:
        _print_scores(directory, result.n_documents, result.scores)
    else:
        payload = {"n_documents": result.n_documents, "scores": result.scores}
        _write_line(json.dumps(payload, indent=None if output_format is Format.jsonl else 2))


TrainDir = Annotated[
    Path, typer.Argument(metavar="DIR", help="A PolNeAR split (train): text/ and attributions/.")
]
OutFile = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write here instead of the packaged file.", dir_okay=False),
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        "-o",
        help="Write cues.json, cue_model.json and content_model.json (and tagger.npz) into this"
        " folder instead of the packaged files; each step reads the files the earlier ones"
        " wrote there.",
        file_okay=False,
    ),
]


@train_app.command("lexicon")
def train_lexicon(directory: TrainDir, out: OutFile = None) -> None:
    """Derive the cue lexicon (data/cues.json) from an annotated split."""
    from .training import lexicon

    _check_split(directory)
    _timed("cue lexicon", lambda: lexicon.main(directory, **_out(out)), out or lexicon.DATA_FILE)


@train_app.command("cues")
def train_cues(directory: TrainDir, out: OutFile = None) -> None:
    """Train the cue scorer (data/cue_model.json); its features read the shipped lexicon."""
    from .training import cues

    _check_split(directory)
    _timed("cue model", lambda: cues.main(directory, **_out(out)), out or cues.OUT)


@train_app.command("content")
def train_content(directory: TrainDir, out: OutFile = None) -> None:
    """Train the content chooser (data/content_model.json); it runs the reader with the
    shipped lexicon and cue model."""
    from .training import content

    _check_split(directory)
    _timed("content chooser", lambda: content.main(directory, **_out(out)), out or content.OUT)


_RETRAIN_STANCE = (
    "the stance cross-encoders are stacked on the packaged tagger: retrain them on the new one"
    " with sourcetrace train stance url-versions-2015-06-14-clean-train.csv"
)


@train_app.command("tagger")
def train_tagger(
    directory: TrainDir,
    out: OutFile = None,
    epochs: Annotated[int, typer.Option(help="Passes over the training windows.")] = 6,
    freeze_encoder: Annotated[
        bool, typer.Option(help="Train the heads only, on a frozen MiniLM (for comparison).")
    ] = False,
) -> None:
    """Fine-tune the attribution tagger (data/tagger.npz) from MiniLM; needs the training
    install (pip install torch==2.13.0, then pip install -e '.[train]')."""
    from .training import tagger

    _check_split(directory)
    config = tagger.Config(epochs=epochs, freeze_encoder=freeze_encoder)
    target = out or tagger.OUT
    _timed("tagger", lambda: tagger.main(directory, out=target, config=config), target)
    if out is None:
        _write_line(_RETRAIN_STANCE)


@train_app.command("stance")
def train_stance(
    csv_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="Emergent's training file (url-versions-2015-06-14-clean-train.csv).",
        ),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            "-o",
            help="Write stance.npz and the stance-encoder*.npz here instead of the packaged files.",
            file_okay=False,
        ),
    ] = None,
    linear_only: Annotated[
        bool,
        typer.Option(
            "--linear-only", help="Only the linear model (no PyTorch needed; seconds, not minutes)."
        ),
    ] = False,
) -> None:
    """Train the stance model (data/stance.npz and, with the [train] extra, the four
    cross-encoders data/stance-encoder.npz, stacked on the shipped tagger,
    data/stance-encoder-minilm.npz and stance-encoder-minilm-all.npz, on the pre-trained
    MiniLM, and stance-encoder-mpnet.npz, on all-mpnet-base-v2; about 25 min on 2 cores)."""
    from .training import stance as training

    if not csv_file.is_file():
        raise InputError("no such file", source=str(csv_file))
    if not linear_only:
        from .training.tagger import _minilm_path, _torch

        _torch()
        _minilm_path()
    linear = training.OUT
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        linear = out_dir / linear.name
    target = None if linear_only else linear.parent
    _timed(
        "stance model",
        lambda: training.train_stance(
            csv_file, linear, encoder_dir=target, log=lambda line: sys.stderr.write(line + "\n")
        ),
        linear if linear_only else linear.parent,
    )


@train_app.command("polnear")
def train_polnear(
    directory: TrainDir,
    out_dir: OutDir = None,
    with_tagger: Annotated[
        bool,
        typer.Option(
            "--with-tagger",
            help="Also fine-tune the tagger (data/tagger.npz; about 47 min on 2 cores, needs"
            " the [train] extra).",
        ),
    ] = False,
) -> None:
    """Rebuild the shipped models in order: the lexicon, the cue scorer that reads it, then
    the content chooser, trained on what the reader finds with both (and, when asked, the
    tagger); then write the model card with dev scores."""
    from . import cuemodel
    from . import cues as cue_lexicon
    from .training import content, cues, lexicon, tagger
    from .training.card import write_card

    _check_split(directory)
    if with_tagger:
        tagger.check_install()
    if out_dir is None:
        lexicon_out, cues_out, content_out, tagger_out = (
            lexicon.DATA_FILE,
            cues.OUT,
            content.OUT,
            tagger.OUT,
        )
    else:
        out_dir.mkdir(parents=True, exist_ok=True)
        lexicon_out, cues_out, content_out, tagger_out = (
            out_dir / name
            for name in ("cues.json", "cue_model.json", "content_model.json", tagger.WEIGHTS_FILE)
        )
    # each later step reads what the earlier ones just wrote, wherever that is
    seconds = {}
    seconds["cue lexicon"] = _timed(
        "cue lexicon", lambda: lexicon.main(directory, out=lexicon_out), lexicon_out
    )
    cue_lexicon.load_lexicon.cache_clear()
    seconds["cue model"] = _timed(
        "cue model", lambda: cues.main(directory, out=cues_out, lexicon=lexicon_out), cues_out
    )
    cuemodel.load_cue_model.cache_clear()
    seconds["content chooser"] = _timed(
        "content chooser",
        lambda: content.main(directory, out=content_out, lexicon=lexicon_out, cue_model=cues_out),
        content_out,
    )
    artefacts = {"lexicon": lexicon_out, "cue_model": cues_out, "content_model": content_out}
    if with_tagger:
        seconds["tagger"] = _timed(
            "tagger", lambda: tagger.main(directory, out=tagger_out), tagger_out
        )
        artefacts["tagger"] = tagger_out
        if out_dir is None:
            _write_line(_RETRAIN_STANCE)
    card_out = content_out.parent / "MODEL_CARD.md"
    write_card(
        card_out,
        train_dir=directory,
        artefacts=artefacts,
        seconds=seconds,
        dev_dir=directory.parent / "dev",
    )
    _write_line(f"model card: wrote {card_out}")


def _check_split(directory: Path) -> None:
    for part in ("text", "attributions"):
        if not (directory / part).is_dir():
            raise InputError(f"not a PolNeAR split: no {part}/ folder", source=str(directory))


def _out(out: Path | None) -> dict[str, Path]:
    return {} if out is None else {"out": out}


def _timed(what: str, build: Callable[[], object], out: Path) -> float:
    started = time.perf_counter()
    build()
    elapsed = time.perf_counter() - started
    _write_line(f"{what}: wrote {out} in {elapsed:.1f} s")
    return elapsed


# --- output ---------------------------------------------------------------------------------


def _write_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _print_report(report: Report, output_format: Format) -> None:
    if output_format is Format.json:
        _write_line(report.to_json())
        return
    try:
        from .render import render_report
    except ImportError:  # the terminal report is not there yet: the contract instead
        _write_line(report.to_json())
        return
    from rich.console import Console

    render_report(report, Console())


def _print_scores(directory: Path, n_documents: int, scores: dict[str, dict[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"PolNeAR {directory}: {n_documents} documents", soft_wrap=True)
    table = Table(title="exact-span scores (%)")
    table.add_column("measure")
    for column in ("P", "R", "F1"):
        table.add_column(column, justify="right")
    for key, values in scores.items():
        table.add_row(key, *(f"{values.get(k, 0.0):.1f}" for k in ("p", "r", "f1")))
    console.print(table)


# --- errors: the one place they become messages and exit codes ------------------------------


def error_message(exc: SourcetraceError) -> str:
    return f"sourcetrace: error[{exc.code}]: {' '.join(str(exc).split())}"


def _echo_error(exc: SourcetraceError) -> None:
    sys.stderr.write(error_message(exc) + "\n")
    sys.stderr.flush()


def _error_record(source: str, exc: SourcetraceError) -> dict[str, object]:
    return {"input": source, "error": {"code": exc.code, "message": exc.message}}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    try:
        result = app(args=argv, prog_name="sourcetrace", standalone_mode=False)
    except SourcetraceError as exc:
        _echo_error(exc)
        return EXIT_ERROR
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("\nsourcetrace: interrupted\n")
        return EXIT_INTERRUPTED
    except typer.Exit as exc:
        return exc.exit_code
    except _UsageError as exc:  # a usage error: typer shows it with the usage line
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            sys.stderr.write(f"sourcetrace: {exc.format_message()}\n")
        return int(getattr(exc, "exit_code", EXIT_ERROR))
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, without a second error at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return result if isinstance(result, int) else 0
