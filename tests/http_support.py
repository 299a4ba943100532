"""A real HTTP server on a free loopback port, for fetch and CLI tests (no external hosts)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Council approves the budget</title>
<meta property="og:site_name" content="The Local Courier">
<meta property="article:published_time" content="2024-03-05"></head>
<body><nav>Home | News | Sport</nav>
<article><h1>Council approves the budget</h1>
<p>The city council approved the budget on Tuesday after a long debate about the library,
the mayor said in a statement released late in the evening.</p>
<p>"We have found a balance that protects the services people rely on," the mayor said.
Critics said the plan would cut the hours of two branch libraries by a third.</p>
<p>According to the finance office, the budget totals 42 million dollars, an increase of
three percent over last year, most of it for roads and schools.</p>
</article><footer>Copyright 2024 The Local Courier</footer></body></html>
"""


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    chunks: int = 1  # send the body this many times, without Content-Length


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[dict[str, str]]

    def url(self, path: str) -> str:
        return self.base + path


def default_routes() -> dict[str, Route]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    latin = (
        "<html><head><title>Café</title></head><body><article><p>"
        + ("Le café de la place a rouvert hier, a déclaré le maire. " * 6)
        + "</p></article></body></html>"
    )
    return {
        "/article.html": Route(body=ARTICLE_HTML.encode("utf-8"), headers=html),
        "/story.txt": Route(
            body=b"Mayor: budget is balanced\n\nThe mayor said the budget is balanced.\n",
            headers={"Content-Type": "text/plain; charset=utf-8"},
        ),
        "/latin1.html": Route(
            body=latin.encode("iso-8859-1"),
            headers={"Content-Type": "text/html; charset=ISO-8859-1"},
        ),
        "/moved": Route(status=302, headers={"Location": "/article.html"}),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/missing": Route(status=404, body=b"not here", headers={"Content-Type": "text/plain"}),
        "/broken": Route(status=500, body=b"oops", headers={"Content-Type": "text/plain"}),
        "/paper.pdf": Route(body=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}),
        "/huge-declared": Route(
            body=b"<html></html>",
            headers={"Content-Type": "text/html", "Content-Length": "999999999"},
        ),
        "/huge-streamed": Route(body=b"<p>" + b"x" * 65_536 + b"</p>", headers=html, chunks=40),
        "/slow": Route(body=ARTICLE_HTML.encode(), headers=html, delay=3.0),
    }


def _handler(routes: dict[str, Route], requests: list[dict[str, str]]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.chunks == 1 and "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                for _ in range(route.chunks):
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as a size cap should

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[Server]:
    """Serve ``routes`` on 127.0.0.1 on a free port for the duration of the block."""
    routes = default_routes() if routes is None else routes
    requests: list[dict[str, str]] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, requests))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, requests)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/story"
