"""Fetching a URL: the ``Fetcher`` seam and its default httpx implementation.

Everything sourcetrace reads from the network goes through a ``Fetcher``; tests and users can
pass their own (a cache, an archive reader, a fake) wherever ``load`` takes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .errors import FetchError, TooLargeError
from .settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    import httpx

# content types we can read; a missing content type is accepted and sniffed later
_DNS_FAILURES = ("Name or service not known", "nodename nor servname", "getaddrinfo", "Errno -")
_TEXT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/xml",
    "text/xml",
    # feeds (``sourcetrace add`` expands them into their entries)
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """The body of a fetched page and what its response said about it."""

    url: str  # the final URL, after redirects
    content: bytes
    content_type: str | None = None  # the media type, lower case, without parameters
    charset: str | None = None  # the charset declared in the Content-Type header

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")


@runtime_checkable
class Fetcher(Protocol):
    """Anything that turns a URL into its body, raising FetchError when it cannot."""

    def fetch(self, url: str) -> Fetched: ...


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split ``text/html; charset=UTF-8`` into (``text/html``, ``utf-8``)."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


class HttpxFetcher:
    """The default Fetcher: a GET with a timeout, redirects followed, the body capped in size."""

    def __init__(
        self,
        settings: Settings = DEFAULT_SETTINGS,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.transport = transport

    def fetch(self, url: str) -> Fetched:
        import httpx

        settings = self.settings
        limit = settings.fetch_max_bytes
        try:
            with (
                httpx.Client(
                    timeout=settings.fetch_timeout,
                    follow_redirects=True,
                    headers={
                        "User-Agent": settings.user_agent,
                        "Accept": "text/html,text/plain;q=0.9,application/rss+xml;q=0.8,"
                        "application/atom+xml;q=0.8",
                    },
                    transport=self.transport,
                ) as client,
                client.stream("GET", url) as response,
            ):
                if not response.is_success:
                    raise FetchError(
                        f"the server answered {response.status_code} {response.reason_phrase}",
                        source=url,
                        status=response.status_code,
                    )
                media, charset = parse_content_type(response.headers.get("content-type"))
                if media is not None and not media.startswith(_TEXT_TYPES):
                    raise FetchError(
                        f"not an HTML or text page (content type {media})",
                        source=url,
                        content_type=media,
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise TooLargeError(
                        f"the page is {int(declared):,} bytes, over the limit of {limit:,}",
                        source=url,
                        size=int(declared),
                        limit=limit,
                    )
                chunks: list[bytes] = []
                received = 0
                for chunk in response.iter_bytes():
                    received += len(chunk)
                    if received > limit:
                        raise TooLargeError(
                            f"the page is over the limit of {limit:,} bytes",
                            source=url,
                            limit=limit,
                        )
                    chunks.append(chunk)
                return Fetched(str(response.url), b"".join(chunks), media, charset)
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"no answer within {settings.fetch_timeout:g} s ({type(exc).__name__})", source=url
            ) from exc
        except httpx.ConnectError as exc:
            reason = _reason(exc)
            if any(m in reason for m in _DNS_FAILURES):
                reason = f"the host name does not resolve: {reason}"
            raise FetchError(f"cannot connect to the host ({reason})", source=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError("too many redirects", source=url) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL ({exc})", source=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"the request failed ({_reason(exc)})", source=url) from exc


def _reason(exc: BaseException) -> str:
    """The innermost, most specific message of a network error, on one line."""
    text = str(exc) or type(exc).__name__
    while exc.__cause__ is not None or exc.__context__ is not None:
        inner = exc.__cause__ or exc.__context__
        assert inner is not None
        exc = inner
        text = str(exc) or text
    return " ".join(text.split())
