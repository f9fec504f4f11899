"""Shared helpers for the benchmark (bench/run.py) and the browser tests (tests/).

* ``serve(directory)``: a context manager serving a folder on 127.0.0.1 at a free port;
  yields the base URL without a trailing slash (``f"{base}/chapters/about.html"``) and always
  stops the server.
* ``launch_chromium(playwright)``: Debian's Chromium driven by Playwright (never a downloaded one).

Lighthouse itself is run by bench/lighthouse_cli.py.

Nothing here reaches beyond the loopback interface: Playwright callers block other hosts with
``block_external(context)``, and Lighthouse's Chromium is pointed at a dead proxy, which the
loopback addresses bypass, so a page's attempt to reach another host fails at once and is counted.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class BenchError(RuntimeError):
    """A measurement could not be made; the message says why and what to do."""


# --- serving -------------------------------------------------------------------------------------

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".csv", ".xml", ".map", ".inv"}


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real host
    like_a_host = False  # True: gzip text and send Cache-Control: max-age=600, as GitHub Pages does

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        if self.like_a_host:
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.like_a_host and wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _HostHandler(_QuietHandler):
    like_a_host = True


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory, like_a_host: bool = False):
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL, e.g. http://127.0.0.1:41234.

    Plain ``http.server`` by default; ``like_a_host=True`` adds what a static host such as GitHub
    Pages does: gzip for text files and ``Cache-Control: max-age=600``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BenchError(f"nothing to serve: {directory} is not a folder (build the book first: make book)")
    handler = functools.partial(_HostHandler if like_a_host else _QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="bench-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Chromium through Playwright -----------------------------------------------------------------

def launch_chromium(playwright, **options):
    """Debian's Chromium, headless, with the project's flags. Never downloads a browser."""
    if not Path(CHROMIUM).exists():
        raise BenchError(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROME_PATH)")
    options = {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS), "headless": True, "timeout": 60_000,
               **options}
    return playwright.chromium.launch(**options)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-extension", "chrome"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def block_external(context) -> list[str]:
    """Abort every request from ``context`` to a host other than loopback; return the live list
    of the URLs that were attempted (and blocked)."""
    attempted: list[str] = []

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            attempted.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    return attempted


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc})"
    lines = [line.strip() for line in out.splitlines() if line.strip().lower().startswith("chromium")]
    return lines[-1] if lines else out.strip() or "unknown"
