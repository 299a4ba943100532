"""The corpus store: one ``Store`` seam over SQLite (the default) and PostgreSQL.

What is kept: articles (one per URL, or per text when there is none), their versions (one per
distinct text, with the report the pipeline made of it), the claims of each version with what
the corpus needs of their chains, the update and correction marks of each version, and the
failures of ingest runs with their reasons.

Every article is written in one transaction: a run killed at any point leaves each article
either wholly stored or not at all, and a run started again skips what is stored (the same URL
with the same text fingerprint). Schema changes are named migrations, recorded in a table, so
opening a store again is safe.

    store = open_store("sourcetrace.db")                       # or "postgresql://..."
    outcome = store.add_version(article, report_json, claims, events)
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from .errors import StoreError

DEFAULT_DB = "sourcetrace.db"

AddStatus = Literal["new", "version", "unchanged"]


# --- what goes in and comes out ---------------------------------------------------------------


#: between the wire services an article credits, in its ``wire`` field ("AFP; Reuters")
WIRE_SEPARATOR = "; "


def wires_of(wire: str | None) -> list[str]:
    """The wire services a stored ``wire`` field names, in the order credited."""
    return [w.strip() for w in (wire or "").split(WIRE_SEPARATOR.strip()) if w.strip()]


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """An article's identity and page facts, as ingest found them."""

    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    fetched_at: str | None = None
    origin: str | None = None  # the argument it came from (a WARC, a feed, a file)
    locator: str | None = None  # where inside its origin
    wire: str | None = None  # the wire services it credits, if any, "; " between them

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    @property
    def key(self) -> str:
        """What makes two versions the same article: the URL, else the text itself."""
        return self.url or f"sha256:{self.fingerprint}"


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One hop of a claim's chain: who, and what kind of source (contract entity kinds)."""

    name: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class ClaimIn:
    """What the corpus keeps of one claim of a report."""

    local_id: str  # its id in the report ("c3")
    text: str
    status: str  # its status within its article
    chain: tuple[ChainLink, ...] = ()  # from the article down to the origin
    denied_by: tuple[str, ...] = ()  # names of those who deny or contradict it in the article
    subjects: tuple[str, ...] = ()  # entity names the claim is about


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    key: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    first_seen: str
    wire: str | None
    versions: int


@dataclass(frozen=True, slots=True)
class StoredVersion:
    id: int
    article_id: int
    seq: int
    fingerprint: str
    fetched_at: str | None
    added_at: str
    text: str
    events: tuple[tuple[str, str], ...] = ()  # (kind, text) marks of the article itself

    @property
    def seen_at(self) -> str:
        return self.fetched_at or self.added_at


@dataclass(frozen=True, slots=True)
class StoredClaim:
    id: int
    article_id: int
    version_id: int
    seq: int  # the version's number within its article (1 = first)
    local_id: str
    text: str
    status: str
    chain: tuple[ChainLink, ...]
    denied_by: tuple[str, ...]
    subjects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Failure:
    origin: str
    locator: str
    code: str
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class AddOutcome:
    status: AddStatus
    article_id: int
    version_id: int
    seq: int


@dataclass(slots=True)
class Counts:
    articles: int = 0
    versions: int = 0
    claims: int = 0
    failures: int = 0


# --- helpers ----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """SHA-256 of the text with runs of white space made one space: reflowing a page does not
    make a new version, changing a word does."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- the schema, as named migrations ----------------------------------------------------------

_MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0001_corpus",
        (
            """CREATE TABLE articles (
                id {pk}, key TEXT NOT NULL UNIQUE, url TEXT, outlet TEXT, title TEXT,
                published TEXT, first_seen TEXT NOT NULL, wire TEXT)""",
            """CREATE TABLE versions (
                id {pk}, article_id BIGINT NOT NULL REFERENCES articles(id),
                seq INTEGER NOT NULL, fingerprint TEXT NOT NULL, fetched_at TEXT,
                added_at TEXT NOT NULL, origin TEXT, locator TEXT, text TEXT NOT NULL,
                report TEXT NOT NULL,
                UNIQUE (article_id, fingerprint), UNIQUE (article_id, seq))""",
            """CREATE TABLE claims (
                id {pk}, version_id BIGINT NOT NULL REFERENCES versions(id),
                article_id BIGINT NOT NULL REFERENCES articles(id), local_id TEXT NOT NULL,
                text TEXT NOT NULL, status TEXT NOT NULL, chain TEXT NOT NULL,
                denied_by TEXT NOT NULL, subjects TEXT NOT NULL)""",
            "CREATE INDEX claims_version ON claims (version_id)",
            """CREATE TABLE events (
                id {pk}, version_id BIGINT NOT NULL REFERENCES versions(id),
                kind TEXT NOT NULL, text TEXT NOT NULL)""",
            "CREATE INDEX events_version ON events (version_id)",
            """CREATE TABLE failures (
                id {pk}, origin TEXT NOT NULL, locator TEXT NOT NULL, code TEXT NOT NULL,
                reason TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (origin, locator))""",
        ),
    ),
)


# --- dialects ---------------------------------------------------------------------------------


class _Dialect:
    name = "sqlite"
    pk = "INTEGER PRIMARY KEY"
    unique_violation: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

    def __init__(self, target: str) -> None:
        self.target = target

    def connect(self) -> Any:
        path = self.target.removeprefix("sqlite:///").removeprefix("sqlite://")
        if path != ":memory:" and not Path(path).parent.exists():
            raise StoreError("the folder of the database does not exist", source=path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the SQLite database ({exc})", source=path) from exc
        return conn

    def sql(self, statement: str) -> str:
        return statement

    def begin(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn: Any) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn: Any) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


class _Postgres(_Dialect):
    name = "postgresql"
    pk = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, target: str) -> None:
        super().__init__(target)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL stores need psycopg (pip install psycopg)") from exc
        self._psycopg = psycopg
        self.unique_violation = (psycopg.errors.UniqueViolation,)

    def connect(self) -> Any:
        try:
            return self._psycopg.connect(self.target, autocommit=True)
        except self._psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL ({' '.join(str(exc).split())})",
                source=_redact(self.target),
            ) from exc

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def begin(self, conn: Any) -> None:
        conn.execute("BEGIN")

    def commit(self, conn: Any) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn: Any) -> None:
        conn.rollback()


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


# --- the store --------------------------------------------------------------------------------


def open_store(target: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``target``: a path or ``sqlite:///``
    URL for SQLite (default ``./sourcetrace.db``), a ``postgresql://`` URL for PostgreSQL."""
    text = str(target or DEFAULT_DB)
    if text.startswith(("postgresql://", "postgres://")):
        return Store(_Postgres(text))
    if "://" in text and not text.startswith("sqlite:"):
        raise StoreError("unknown database URL; use a path, sqlite:///PATH or postgresql://...")
    return Store(_Dialect(text))


class Store:
    """The corpus store. Use ``open_store``; close it, or use it as a context manager."""

    def __init__(self, dialect: _Dialect) -> None:
        self._dialect = dialect
        self._conn = dialect.connect()
        self.migrate()

    @property
    def backend(self) -> str:
        return self._dialect.name

    # -- plumbing

    def _execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        errors: tuple[type[BaseException], ...] = (sqlite3.Error, *self._db_errors())
        try:
            return self._conn.execute(self._dialect.sql(statement), tuple(params))
        except errors as exc:
            raise StoreError(f"the database refused a statement ({exc})") from exc

    def _db_errors(self) -> tuple[type[BaseException], ...]:
        psycopg = getattr(self._dialect, "_psycopg", None)
        return (psycopg.Error,) if psycopg is not None else ()

    def _rows(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(statement, params).fetchall())

    def _one(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self._execute(statement, params).fetchone()
        return tuple(row) if row is not None else None

    def _stream(self, statement: str, params: Sequence[Any] = (), size: int = 500) -> Iterator:
        """Rows a batch at a time, on a cursor of their own (memory stays flat)."""
        cursor = self._conn.cursor()
        try:
            cursor.execute(self._dialect.sql(statement), tuple(params))
            while batch := cursor.fetchmany(size):
                yield from batch
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._dialect.begin(self._conn)
        try:
            yield
        except BaseException:
            self._dialect.rollback(self._conn)
            raise
        self._dialect.commit(self._conn)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        self._execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        done = {row[0] for row in self._rows("SELECT name FROM migrations")}
        applied = []
        for name, statements in _MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in statements:
                    self._execute(statement.format(pk=self._dialect.pk))
                self._execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now())
                )
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT name FROM migrations ORDER BY name")]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing

    def has_version(self, key: str, fingerprint: str) -> bool:
        """Whether this text of this article is stored (ingest skips it without analysis)."""
        row = self._one(
            "SELECT 1 FROM versions v JOIN articles a ON a.id = v.article_id"
            " WHERE a.key = ? AND v.fingerprint = ?",
            (key, fingerprint),
        )
        return row is not None

    def add_version(
        self,
        article: ArticleIn,
        report_json: str,
        claims: Sequence[ClaimIn] = (),
        events: Sequence[tuple[str, str]] = (),
    ) -> AddOutcome:
        """Store one analysed text of an article, with its claims and marks, in one
        transaction: a new article, a new version of a known one, or nothing if unchanged."""
        stamp = now()
        with self.transaction():
            row = self._one("SELECT id FROM articles WHERE key = ?", (article.key,))
            if row is None:
                created = self._one(
                    "INSERT INTO articles (key, url, outlet, title, published, first_seen, wire)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        article.key,
                        article.url,
                        article.outlet,
                        article.title,
                        article.published,
                        article.fetched_at or stamp,
                        article.wire,
                    ),
                )
                assert created is not None
                article_id, status = int(created[0]), "new"
            else:
                article_id, status = int(row[0]), "version"
                same = self._one(
                    "SELECT id, seq FROM versions WHERE article_id = ? AND fingerprint = ?",
                    (article_id, article.fingerprint),
                )
                if same is not None:
                    return AddOutcome("unchanged", article_id, int(same[0]), int(same[1]))
                self._execute(
                    "UPDATE articles SET title = COALESCE(?, title),"
                    " published = COALESCE(published, ?), wire = COALESCE(?, wire) WHERE id = ?",
                    (article.title, article.published, article.wire, article_id),
                )
            last = self._one("SELECT MAX(seq) FROM versions WHERE article_id = ?", (article_id,))
            seq = int(last[0]) + 1 if last and last[0] is not None else 1
            inserted = self._one(
                "INSERT INTO versions (article_id, seq, fingerprint, fetched_at, added_at,"
                " origin, locator, text, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    article_id,
                    seq,
                    article.fingerprint,
                    article.fetched_at,
                    stamp,
                    article.origin,
                    article.locator,
                    article.text,
                    report_json,
                ),
            )
            assert inserted is not None
            version_id = int(inserted[0])
            for claim in claims:
                self._execute(
                    "INSERT INTO claims (version_id, article_id, local_id, text, status, chain,"
                    " denied_by, subjects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        version_id,
                        article_id,
                        claim.local_id,
                        claim.text,
                        claim.status,
                        json.dumps([link.to_dict() for link in claim.chain]),
                        json.dumps(list(claim.denied_by)),
                        json.dumps(list(claim.subjects)),
                    ),
                )
            for kind, text in events:
                self._execute(
                    "INSERT INTO events (version_id, kind, text) VALUES (?, ?, ?)",
                    (version_id, kind, text),
                )
            if article.origin and article.locator:
                self._execute(
                    "DELETE FROM failures WHERE origin = ? AND locator = ?",
                    (article.origin, article.locator),
                )
        return AddOutcome(status, article_id, version_id, seq)  # type: ignore[arg-type]

    def record_failure(self, origin: str, locator: str, code: str, reason: str) -> None:
        """Record why an item could not be read (replacing an earlier reason for it)."""
        with self.transaction():
            self._execute(
                "DELETE FROM failures WHERE origin = ? AND locator = ?", (origin, locator)
            )
            self._execute(
                "INSERT INTO failures (origin, locator, code, reason, at) VALUES (?, ?, ?, ?, ?)",
                (origin, locator, code, reason, now()),
            )

    # -- reading

    def counts(self) -> Counts:
        def count(table: str) -> int:
            row = self._one(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            return int(row[0]) if row else 0

        return Counts(count("articles"), count("versions"), count("claims"), count("failures"))

    def articles(self) -> Iterator[StoredArticle]:
        for row in self._stream(
            "SELECT a.id, a.key, a.url, a.outlet, a.title, a.published, a.first_seen, a.wire,"
            " (SELECT COUNT(*) FROM versions v WHERE v.article_id = a.id)"
            " FROM articles a ORDER BY a.id"
        ):
            yield StoredArticle(
                id=int(row[0]),
                key=row[1],
                url=row[2],
                outlet=row[3],
                title=row[4],
                published=row[5],
                first_seen=row[6],
                wire=row[7],
                versions=int(row[8]),
            )

    def versions(self, article_id: int | None = None) -> Iterator[StoredVersion]:
        """Versions (of one article, or all), by article then number, with their marks."""
        where = "WHERE v.article_id = ?" if article_id is not None else ""
        params = (article_id,) if article_id is not None else ()
        for row in self._stream(
            "SELECT v.id, v.article_id, v.seq, v.fingerprint, v.fetched_at, v.added_at, v.text"
            f" FROM versions v {where} ORDER BY v.article_id, v.seq",
            params,
        ):
            yield StoredVersion(*row)

    def events(self) -> dict[int, list[tuple[str, str]]]:
        """The update and correction marks of every version, by version id."""
        marks: dict[int, list[tuple[str, str]]] = {}
        for version_id, kind, text in self._stream(
            "SELECT version_id, kind, text FROM events ORDER BY id"
        ):
            marks.setdefault(int(version_id), []).append((kind, text))
        return marks

    def report_json(self, version_id: int) -> str | None:
        row = self._one("SELECT report FROM versions WHERE id = ?", (version_id,))
        return str(row[0]) if row else None

    def claims(self) -> Iterator[StoredClaim]:
        """Every claim of every version, in the order they were stored."""
        for row in self._stream(
            "SELECT c.id, c.article_id, c.version_id, v.seq, c.local_id, c.text, c.status,"
            " c.chain, c.denied_by, c.subjects"
            " FROM claims c JOIN versions v ON v.id = c.version_id ORDER BY c.id"
        ):
            yield StoredClaim(
                id=int(row[0]),
                article_id=int(row[1]),
                version_id=int(row[2]),
                seq=int(row[3]),
                local_id=row[4],
                text=row[5],
                status=row[6],
                chain=tuple(ChainLink(**link) for link in json.loads(row[7])),
                denied_by=tuple(json.loads(row[8])),
                subjects=tuple(json.loads(row[9])),
            )

    def failures(self) -> list[Failure]:
        return [
            Failure(*row)
            for row in self._rows(
                "SELECT origin, locator, code, reason, at FROM failures ORDER BY id"
            )
        ]

    def urls(self) -> list[tuple[int, str]]:
        """(article id, URL) of every article that has one, for ``recheck``."""
        return [
            (int(r[0]), str(r[1]))
            for r in self._rows("SELECT id, url FROM articles WHERE url IS NOT NULL ORDER BY id")
        ]
