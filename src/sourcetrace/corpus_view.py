"""What a corpus says of its claims: the same claim across articles, its independent origins,
its first appearance, its denials and corrections, and its status, with the reasons shown.

    view = build_view(store)                # every claim of the store, linked into clusters
    for cluster in view.clusters: ...       # most reported first
    view.cluster("K12"), view.outlet_graph()

Independence. Two reports of a claim share an origin when they go back to the same source: the
last named source of their chains (``Musk``, ``Bremmer's mailing``), or, for an outlet's own
reporting and its unnamed sources, the outlet, where copies are followed to the original:
an article that credits a wire service (``(AP)``) counts as that service; one whose body is
near-identical to an earlier article's counts as that article's outlet; a chain that goes
through another outlet (``according to Vice``) counts as that outlet.

Status across the corpus (``CorpusRules`` holds the thresholds), first match wins:
- corrected: a later version of an article dropped or changed the claim, or a correction notice
  in an article that carries it speaks of it;
- denied: someone it names, or its origin, contradicts it, or an article reports a named
  person or organisation denying it (in any article);
- disputed: another party contradicts it, or an article's stance toward it is to refute it;
- supported: ``min_independent`` or more independent origins;
- unverified: one origin.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputError
from .lexicon import norm_outlet
from .store import WIRE_SEPARATOR, StoredArticle, StoredClaim, StoredVersion, wires_of

if TYPE_CHECKING:
    import networkx as nx

    from .store import Store

CorpusStatus = Literal["supported", "disputed", "denied", "corrected", "unverified"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """the a an of to in on at for and or but is was were be been are that this with by
from as it its he she they his her their has have had not no said says will would"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusRules:
    """The thresholds of the corpus's judgements."""

    link_threshold: float | None = None  # the linker's own default when None
    embed: bool = False  # link by sentence embeddings too (``sourcetrace[embed]``)
    min_independent: int = 2  # origins for "supported"
    copy_threshold: float = 0.8  # share of the shorter body found in an earlier one: a copy
    stance_refutes_at: float = 0.7  # stance probability for a headline to dispute a claim
    use_stance: bool = True
    correction_overlap: int = 2  # content words a correction notice must share with a claim


@dataclass(frozen=True, slots=True)
class Appearance:
    """One article's report of a claim, as the corpus sees it."""

    claim: StoredClaim
    article: StoredArticle
    at: str  # when it appeared: published, else first seen
    origin: str  # the origin key ("source:elon musk", "outlet:vice")
    origin_label: str
    copy_of: str | None  # the outlet (or wire) it copies, if it is a copy
    via: str | None = None  # the outlets it credits for its story ("Via TechCrunch"), if any


@dataclass(slots=True)
class Cluster:
    id: str
    text: str
    reports: list[Appearance] = field(default_factory=list)
    status: CorpusStatus = "unverified"
    reasons: list[str] = field(default_factory=list)
    denials: list[tuple[str, str, str]] = field(default_factory=list)  # (at, who, where)
    disputes: list[tuple[str, str, str]] = field(default_factory=list)
    corrections: list[tuple[str, str, str]] = field(default_factory=list)  # (at, what, where)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(r.article.outlet or "unknown outlet" for r in self.reports))

    @property
    def origins(self) -> dict[str, str]:
        """Independent origins: key -> label, in order of first appearance."""
        found: dict[str, str] = {}
        for r in sorted(self.reports, key=lambda r: r.at):
            if r.claim.status != "denied":
                found.setdefault(r.origin, r.origin_label)
        return found

    @property
    def first(self) -> Appearance | None:
        return min(self.reports, key=lambda r: (r.at, r.article.id), default=None)

    def to_dict(self, *, full: bool = False) -> dict[str, Any]:
        first = self.first
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "reasons": self.reasons,
            "articles": len({r.article.id for r in self.reports}),
            "outlets": self.outlets,
            "independent_origins": len(self.origins),
            "origins": list(self.origins.values()),
            "first": _report_dict(first) if first else None,
        }
        if full:
            data["timeline"] = [_report_dict(r) for r in sorted(self.reports, key=_when)]
            data["denials"] = [dict(zip(("at", "by", "in"), d, strict=True)) for d in self.denials]
            data["disputes"] = [
                dict(zip(("at", "by", "in"), d, strict=True)) for d in self.disputes
            ]
            data["corrections"] = [
                dict(zip(("at", "what", "in"), c, strict=True)) for c in self.corrections
            ]
        return data


def _when(r: Appearance) -> tuple[str, int]:
    return (r.at, r.article.id)


def _report_dict(r: Appearance) -> dict[str, Any]:
    return {
        "at": r.at,
        "outlet": r.article.outlet,
        "url": r.article.url,
        "title": r.article.title,
        "article": r.article.id,
        "version": r.claim.seq,
        "claim": r.claim.id,
        "text": r.claim.text,
        "status_in_article": r.claim.status,
        "chain": [link.name for link in r.claim.chain],
        "origin": r.origin_label,
        "copy_of": r.copy_of,
        "via": r.via,
    }


@dataclass(slots=True)
class CorpusView:
    clusters: list[Cluster]
    articles: dict[int, StoredArticle]
    cites: Counter[tuple[str, str]]  # (outlet, cited outlet or wire) -> reports

    def cluster(self, ident: str) -> Cluster:
        """A cluster by its id (``K12``) or by the id of any claim in it (``12``)."""
        wanted = ident.strip()
        for cluster in self.clusters:
            if cluster.id == wanted or wanted.lstrip("Kk#") in {
                str(r.claim.id) for r in cluster.reports
            }:
                return cluster
        raise InputError("no claim with this id in the store", source=ident)

    def outlet_rows(self) -> list[dict[str, Any]]:
        """Per outlet: its articles, claims, whom it cites, and the share of its claims that
        rest on an unnamed source or on a single origin."""
        stats: dict[str, dict[str, Any]] = {}
        for cluster in self.clusters:
            single = len(cluster.origins) <= 1
            for r in cluster.reports:
                name = r.article.outlet or "unknown outlet"
                row = stats.setdefault(
                    name,
                    {"outlet": name, "articles": set(), "claims": 0, "anonymous": 0, "single": 0},
                )
                row["articles"].add(r.article.id)
                row["claims"] += 1
                row["anonymous"] += any(link.kind == "anonymous" for link in r.claim.chain)
                row["single"] += single
        rows = []
        for row in stats.values():
            claims = row["claims"] or 1
            cited = sorted(
                {b for (a, b), n in self.cites.items() if a == row["outlet"]},
            )
            rows.append(
                {
                    "outlet": row["outlet"],
                    "articles": len(row["articles"]),
                    "claims": row["claims"],
                    "anonymous_share": round(row["anonymous"] / claims, 3),
                    "single_origin_share": round(row["single"] / claims, 3),
                    "cites": cited,
                }
            )
        return sorted(rows, key=lambda r: (-r["articles"], r["outlet"]))

    def outlet_graph(self) -> nx.DiGraph:
        """Who cites whom: an edge A -> B for each outlet A whose reports go through B (a chain
        through B, or a wire credit to B), weighted by the number of reports."""
        import networkx as nx

        graph = nx.DiGraph()
        for row in self.outlet_rows():
            graph.add_node(
                row["outlet"],
                articles=row["articles"],
                claims=row["claims"],
                anonymous_share=row["anonymous_share"],
                single_origin_share=row["single_origin_share"],
            )
        for (a, b), n in sorted(self.cites.items()):
            graph.add_edge(a, b, weight=n)
        return graph


# --- building the view ------------------------------------------------------------------------


def build_view(
    store: Store,
    *,
    rules: CorpusRules | None = None,
    linker: Any = None,
    stance_model: Any = None,
) -> CorpusView:
    """Link every claim of the store into clusters and judge each cluster."""
    from .events import event_time
    from .linking import ClaimLinker, CopyDetector, story_credits

    rules = rules or CorpusRules()
    if stance_model is None and rules.use_stance:
        stance_model = _packaged_stance()
    articles = {a.id: a for a in store.articles()}
    versions_of: dict[int, list[StoredVersion]] = defaultdict(list)
    copies: dict[int, str] = {}  # article id -> outlet (or wire) it copies
    copied_from: dict[int, int] = {}  # article id -> the article whose body it repeats
    credited: dict[int, tuple[str, ...]] = {}  # article id -> outlets its story is credited to
    detector = CopyDetector(threshold=rules.copy_threshold, containment=True)
    events = store.events()
    for version in store.versions():
        versions_of[version.article_id].append(
            replace(version, events=tuple(events.get(version.id, ())))
        )
    for article_id in sorted(versions_of):
        article = articles[article_id]
        latest = versions_of[article_id][-1]
        original = detector.add(str(article_id), latest.text)
        wires = [w for w in wires_of(article.wire) if norm_outlet(w) != norm_outlet(article.outlet)]
        known = {norm_outlet(article.outlet), *map(norm_outlet, wires_of(article.wire))}
        via = tuple(c for c in story_credits(latest.text) if norm_outlet(c) not in known)
        if via:
            credited[article_id] = via
        if wires:
            copies[article_id] = WIRE_SEPARATOR.join(wires)
        elif original is not None:
            source = articles[int(original)]
            root = copies.get(source.id) or source.outlet or f"article {source.id}"
            if all(norm_outlet(r) != norm_outlet(article.outlet) for r in wires_of(root)):
                copies[article_id] = root
                copied_from[article_id] = copied_from.get(source.id, source.id)
    latest_seq = {a: vs[-1].seq for a, vs in versions_of.items()}

    stored = list(store.claims())
    if linker is None:
        scorer = None
        if rules.embed:
            from .embedding import EmbeddingScorer

            scorer = EmbeddingScorer()
            scorer.prepare(claim.text for claim in stored)
        linker = ClaimLinker(threshold=rules.link_threshold, scorer=scorer)
    members: dict[str, list[StoredClaim]] = defaultdict(list)
    for claim in stored:
        members[linker.add(str(claim.id), claim.text)].append(claim)

    corpus_outlets = {norm_outlet(a.outlet) for a in articles.values() if a.outlet}
    cites: Counter[tuple[str, str]] = Counter()
    clusters = []
    for first_id, claims in members.items():
        cluster = Cluster(id=f"K{first_id}", text=claims[0].text)
        by_article: dict[int, list[StoredClaim]] = defaultdict(list)
        for claim in claims:
            by_article[claim.article_id].append(claim)
        for article_id, own in by_article.items():
            article = articles[article_id]
            newest = max(own, key=lambda c: (c.seq, c.id))
            if newest.seq < latest_seq[article_id]:
                later = versions_of[article_id][-1]
                cluster.corrections.append(
                    (
                        later.seen_at,
                        f"version {later.seq} no longer says it",
                        article.outlet or article.key,
                    )
                )
            via = credited.get(article_id, ())
            origin, label, through = _origin(newest, article, copies.get(article_id), via)
            for outlet in through:
                if norm_outlet(outlet) != norm_outlet(article.outlet):
                    cites[(article.outlet or "unknown outlet", outlet)] += 1
            for wire in (*wires_of(copies.get(article_id)), *via):
                cites[(article.outlet or "unknown outlet", wire)] += 1
            if through and norm_outlet(through[-1]) in corpus_outlets:
                label = f"{label} (via {through[-1]})" if not label.startswith("outlet") else label
            cluster.reports.append(
                Appearance(
                    claim=newest,
                    article=article,
                    at=article.published or versions_of[article_id][0].seen_at,
                    origin=origin,
                    origin_label=label,
                    copy_of=copies.get(article_id),
                    via=WIRE_SEPARATOR.join(via) or None,
                )
            )
            for version in versions_of[article_id]:
                for kind, note in version.events:
                    if kind == "correction" and _overlap(note, newest.text) >= (
                        rules.correction_overlap
                    ):
                        at = event_time(note, published=article.published, seen=version.seen_at)
                        cluster.corrections.append(
                            (at or version.seen_at, note, article.outlet or article.key)
                        )
        cluster.corrections.sort()
        _follow_copies(cluster, copied_from)
        _one_of_the_wires(cluster)
        _judge(cluster, rules, stance_model)
        clusters.append(cluster)
    clusters.sort(
        key=lambda c: (-len({r.article.id for r in c.reports}), c.first.at if c.first else "", c.id)
    )
    return CorpusView(clusters=clusters, articles=articles, cites=cites)


def _packaged_stance() -> Any:
    from .errors import ConfigError
    from .stance import StanceEnsemble, StanceModel, stance_model

    try:
        return stance_model()
    except ConfigError:
        pass
    try:  # the cross-encoder does not load (say, the tagger was retrained without it)
        return StanceEnsemble(StanceModel.load())
    except ConfigError:  # no model shipped: headlines are not read for their stance
        return None


def _follow_copies(cluster: Cluster, copied_from: dict[int, int]) -> None:
    """A repost's report of a claim has the origin of the original's report of it, however the
    repost's own reading of the chain came out: a copy adds no origin."""
    by_article = {r.article.id: r for r in cluster.reports}
    for i, report in enumerate(cluster.reports):
        original = by_article.get(copied_from.get(report.article.id, -1))
        if original is not None:
            cluster.reports[i] = replace(
                report, origin=original.origin, origin_label=original.origin_label
            )


def _one_of_the_wires(cluster: Cluster) -> None:
    """A report copied from several wires ("(AP, AFP, Reuters)") took its claim from one of
    them: where another report of the cluster already has one of those wires as its origin,
    this one shares it rather than counting as an origin of its own (its first wire else)."""
    for i, report in enumerate(cluster.reports):
        wires = wires_of(report.copy_of)
        if len(wires) < 2:
            continue
        anonymous = report.origin.startswith("anonymous@")
        if not anonymous and report.origin != f"outlet:{norm_outlet(wires[0])}":
            continue  # its chain names its own source
        others = {r.origin for j, r in enumerate(cluster.reports) if j != i}
        for wire in wires:
            key = f"anonymous@{norm_outlet(wire)}" if anonymous else f"outlet:{norm_outlet(wire)}"
            if key in others:
                label = f"unnamed source of {wire}" if anonymous else f"outlet {wire}"
                cluster.reports[i] = replace(report, origin=key, origin_label=label)
                break


def _who(r: Appearance) -> str:
    """The outlet of a report's article, or the article by its number."""
    return r.article.outlet or f"article {r.article.id}"


def _origin(
    claim: StoredClaim, article: StoredArticle, copy_of: str | None, via: Sequence[str] = ()
) -> tuple[str, str, list[str]]:
    """The origin key and label of one report, and the outlets its chain goes through. A claim
    whose chain names no one beyond the article's outlet comes from the wire it copies, else
    from the first outlet it credits for its story (``via``), else from the outlet itself."""
    home = norm_outlet(article.outlet)
    through = [
        link.name
        for link in claim.chain
        if link.kind == "outlet" and norm_outlet(link.name) != home
    ]
    named = [
        link
        for link in claim.chain
        if link.kind not in ("author", "anonymous", "unknown")
        and not (link.kind == "outlet" and norm_outlet(link.name) == home)
    ]
    root = (wires_of(copy_of) or [*via] or [article.outlet or f"article {article.id}"])[0]
    if named:
        last = named[-1]
        if last.kind == "outlet":
            return f"outlet:{norm_outlet(last.name)}", f"outlet {last.name}", through
        return f"source:{_norm_name(last.name)}", last.name, through
    if any(link.kind == "anonymous" for link in claim.chain):
        return f"anonymous@{norm_outlet(root)}", f"unnamed source of {root}", through
    return f"outlet:{norm_outlet(root)}", f"outlet {root}", through


def _norm_name(name: str) -> str:
    return " ".join(_WORD.findall(name.lower()))


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _overlap(a: str, b: str) -> int:
    return len(_words(a) & _words(b))


def _judge(cluster: Cluster, rules: CorpusRules, stance_model: Any) -> None:
    """Set the cluster's status and reasons (first matching rule wins; all reasons shown)."""
    subjects = {_norm_name(s) for r in cluster.reports for s in r.claim.subjects}
    origins = cluster.origins
    origin_names = {k.split(":", 1)[1] for k in origins if k.startswith("source:")}
    for r in cluster.reports:
        where = r.article.outlet or r.article.key
        for who in r.claim.denied_by:
            entry = (r.at, who, where)
            if _norm_name(who) in subjects or _norm_name(who) in origin_names:
                cluster.denials.append(entry)
            else:
                cluster.disputes.append(entry)
        if r.claim.status == "denied" and r.claim.chain:
            who = r.claim.chain[-1].name
            entry = (r.at, who, where)
            if _norm_name(who) in subjects or r.claim.chain[-1].kind in ("person", "organization"):
                cluster.denials.append(entry)
            else:
                cluster.disputes.append(entry)
    if rules.use_stance and stance_model is not None:
        titled = [r for r in cluster.reports if r.article.title]
        pairs = [(cluster.text, r.article.title) for r in titled]
        refuting = stance_model.reaches(pairs, "refutes", rules.stance_refutes_at)
        for r, refutes in zip(titled, refuting, strict=True):
            if refutes:
                cluster.disputes.append(
                    (r.at, f"headline '{r.article.title}'", r.article.outlet or r.article.key)
                )
    reasons = [f"{len(origins)} independent origin(s): {', '.join(origins.values()) or 'none'}"]
    copies = sorted({f"{_who(r)} copies {r.copy_of}" for r in cluster.reports if r.copy_of})
    credits = sorted({f"{_who(r)} credits {r.via}" for r in cluster.reports if r.via})
    if copies or credits:
        reasons.append("not independent: " + "; ".join(copies + credits))
    if cluster.corrections:
        cluster.status = "corrected"
        reasons.insert(
            0,
            "corrected: "
            + "; ".join(f"{w} ({where}, {at})" for at, w, where in cluster.corrections),
        )
    elif cluster.denials:
        cluster.status = "denied"
        reasons.insert(
            0,
            "denied by "
            + "; ".join(f"{who} ({where}, {at})" for at, who, where in cluster.denials),
        )
    elif cluster.disputes:
        cluster.status = "disputed"
        reasons.insert(
            0,
            "disputed by "
            + "; ".join(f"{who} ({where}, {at})" for at, who, where in cluster.disputes),
        )
    elif len(origins) >= rules.min_independent:
        cluster.status = "supported"
    else:
        cluster.status = "unverified"
        reasons.insert(0, "a single origin")
    cluster.reasons = reasons
