"""Measure the book: author speed (builds), reader speed (pages), Lighthouse, and a CDN baseline.

Run from the repository root as ``make bench`` (= ``.venv/bin/python bench/run.py``). Writes
``bench/results.json`` (keys sorted, no random ids: served URLs are recorded relative to the
server's root) and prints a table. Build logs and full Lighthouse reports go to ``bench/last/``.

1. Builds, in a temporary copy of the repository (tracked plus untracked, non-ignored files):
   cold (no _build), warm (nothing changed), one chapter's markdown touched (a blank line
   appended), one chapter's code touched (a comment added to its first code cell), and the PDF
   (``--builder pdflatex``, if xelatex is on PATH). Each records which notebooks were executed,
   from the build log and from the jupyter-cache records. Incremental builds: median of 3 runs.
2. Reader speed of every page in _toc.yml, served from that build by a local http.server, in
   Chromium (Playwright) with every non-loopback request blocked and counted: the page's own
   bytes (HTML plus what it loads outside _static/), shared bytes (under _static/), the time
   from navigation start to every ``.bb-chart`` having ``data-rendered="true"``, charts, console errors.
3. Lighthouse (desktop preset; performance, accessibility) on the root page, the chapter with the
   most charts, the repression chapter (for the baseline) and the timeline; median of N runs;
   each page served twice: by plain http.server, and ``as_hosted`` (gzip and Cache-Control, as
   a static host such as GitHub Pages serves it).
4. Baseline: chapters/repression.md alone, built with Altair's default renderer (vega from a
   CDN), measured the same way with the network blocked, i.e. as an offline reader sees it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser  # noqa: E402 - bench/browser.py, shared with the tests

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LAST = BENCH / "last"
RESULTS = BENCH / "results.json"
VENV_BIN = Path(sys.executable).parent  # do not resolve: the venv's python is a symlink
STRICT = ["-W", "-n", "--keep-going"]
BUILD_TIMEOUT = 1800   # seconds for one jupyter-book build
PAGE_TIMEOUT = 60_000  # ms for a page to load
CHART_TIMEOUT = 60_000  # ms for its charts to draw
BASELINE_WAIT = 10_000  # ms the baseline page is given to draw charts it cannot draw offline
TOUCHED = "chapters/repression.md"
BASELINE_CHAPTER = "chapters/repression"
PERF_TARGET, A11Y_TARGET = 0.95, 1.0
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
OUR_CHARTS = {"charts": ".bb-chart", "drawn": '.bb-chart[data-rendered="true"]', "failed": '.bb-chart[data-rendered="error"]'}
# Altair's default HTML: vega-embed adds class "vega-embed" when it draws; a failed script load
# puts <div class="error"> inside the chart's div.
ALTAIR_CHARTS = {"charts": '[id^="altair-viz-"]', "drawn": '[id^="altair-viz-"].vega-embed',
                 "failed": '[id^="altair-viz-"] > .error'}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the machine ---------------------------------------------------------------------------------

def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(kib / 1024 ** 2, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "chromium": browser.chromium_version(),
        "node": command_output(["node", "--version"]),
        "lighthouse": browser.lighthouse_version(),
        "jupyter_book": command_output([str(VENV_BIN / "jupyter-book"), "--version"]).split("\n")[0],
        "xelatex": command_output(["xelatex", "--version"]).split("\n")[0] if shutil.which("xelatex") else None,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def source() -> dict:
    """Which version of the book was measured."""
    commit = command_output(["git", "-C", str(REPO), "rev-parse", "HEAD"])
    dirty = command_output(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
    return {"commit": commit, "uncommitted_changes": bool(dirty)}


def command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unavailable ({exc.__class__.__name__})"
    return (done.stdout or done.stderr).strip()


# --- copying the repository and running builds ---------------------------------------------------

def copy_repo(repo: Path, target: Path) -> Path:
    """Tracked files plus untracked files that git does not ignore: what a fresh clone plus the
    author's unsaved work would hold, and no _build."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True, timeout=120).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = repo / name
        if source.is_file():  # a file deleted in the work tree is still listed by --cached
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def build_env(book: Path) -> dict:
    """The copy's own package first on the path (the venv's editable install points at the repo)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(book), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    return env


def run_logged(command: list[str], cwd: Path, log_file: Path, timeout: int = BUILD_TIMEOUT) -> tuple[float, int]:
    """Run ``command``; output to ``log_file``; return (seconds, exit code). On timeout the whole
    process group (kernels, latexmk) is killed and the exit code is -9."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=build_env(cwd), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            code = -9
            out.write(f"\n[bench] killed after {timeout} s\n")
        except BaseException:  # Ctrl-C or an error here: leave no build or kernel running
            kill_group(proc)
            raise
        return round(time.perf_counter() - start, 2), code


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def cache_records(book: Path) -> dict[str, str]:
    """jupyter-cache's executed notebooks: {path relative to the book: when executed}."""
    cache = book / "_build" / ".jupyter_cache"
    if not cache.exists():
        return {}
    from jupyter_cache import get_cache

    records = {}
    for record in get_cache(str(cache)).list_cache_records():
        records[relative(record.uri, book)] = record.created.isoformat()
    return records


def relative(path: str, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    return path


def parse_build_log(text: str, book: Path) -> dict:
    """What a build did, from its log: notebooks executed or taken from the cache, documents
    Sphinx re-read and re-wrote, warnings."""
    lines = [ANSI.sub("", line).strip() for line in text.splitlines()]

    def grab(pattern: str) -> list[str]:
        found = (re.match(pattern, line) for line in lines)
        return sorted({relative(m.group(1), book) for m in found if m})

    warnings = [line.replace(f"{book}/", "") for line in lines if "WARNING:" in line or "ERROR:" in line]
    return {
        "executed_notebooks": grab(r"^(\S+?): Executing notebook"),
        "cached_notebooks": grab(r"^(\S+?): Using cached notebook"),
        "reread_documents": grab(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)"),
        "written_documents": grab(r"^writing output\.\.\. \[\s*\d+%\] (\S+)"),
        "warnings": len(warnings),
        "first_warnings": warnings[:10],
        "succeeded": any("build succeeded" in line for line in lines),
    }


def jupyter_book_build(book: Path, name: str, extra: list[str]) -> dict:
    """One ``jupyter-book build`` of ``book``: time, exit code, what was executed."""
    jb = VENV_BIN / "jupyter-book"
    if not jb.exists():
        raise browser.BenchError(f"no jupyter-book at {jb}: run make venv, and run this as .venv/bin/python bench/run.py")
    before = cache_records(book)
    log_file = LAST / f"build-{name}.log"
    log(f"build {name}: jupyter-book build {' '.join(extra)}")
    seconds, code = run_logged([str(jb), "build", str(book), *extra], book, log_file)
    after = cache_records(book)
    parsed = parse_build_log(log_file.read_text(encoding="utf-8", errors="replace"), book)
    executed_by_cache = sorted(path for path, when in after.items() if before.get(path) != when)
    result = {"seconds": seconds, "exit_code": code, "ok": code == 0, "log": f"bench/last/{log_file.name}",
              "command": f"jupyter-book build <copy> {' '.join(extra)}",
              "executed_by_cache_records": executed_by_cache, **parsed}
    log(f"build {name}: {seconds} s, exit {code}, executed {parsed['executed_notebooks'] or 'nothing'}")
    return result


def append_blank_line(path: Path) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n")


def touch_first_code_cell(path: Path) -> None:
    """Add a comment as the last line of the first code cell (one more each time): the code
    changes, so jupyter-cache must execute this notebook again, and only this one."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("```{code-cell}"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "```")
    lines.insert(end, f"# bench: one-chapter code edit {sum('# bench:' in line for line in lines) + 1}\n")
    path.write_text("".join(lines), encoding="utf-8")


def book_pdf(book: Path) -> Path | None:
    """The book's PDF: latex_documents.targetname in _config.yml, with .pdf (the other PDFs in
    _build/latex are the charts)."""
    import yaml

    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    target = ((config.get("latex") or {}).get("latex_documents") or {}).get("targetname", "book.tex")
    pdf = book / "_build" / "latex" / Path(target).with_suffix(".pdf").name
    return pdf if pdf.exists() else None


def pdf_build(book: Path) -> dict:
    if shutil.which("xelatex") is None:
        return {"seconds": None, "reason": "xelatex is not on PATH (apt-get install texlive-xetex ...)"}
    result = jupyter_book_build(book, "pdf", ["--builder", "pdflatex", *STRICT])
    pdf = book_pdf(book)
    log_text = (LAST / "build-pdf.log").read_text(encoding="utf-8", errors="replace")
    pages = re.findall(r"Output written on \S+\.pdf \((\d+) pages?\)", log_text)
    result["pdf"] = pdf.name if pdf else None
    result["pdf_bytes"] = pdf.stat().st_size if pdf else None
    result["pdf_pages"] = int(pages[-1]) if pages else None
    result["ok"] = result["ok"] and pdf is not None
    result["note"] = "after the HTML builds: the execution cache is warm, so this is LaTeX + Sphinx time"
    return result


def repeated_build(book: Path, name: str, repeats: int, change=None) -> dict:
    """The same incremental build ``repeats`` times (``change`` applied before each): the median
    run's record, every run's time and what each executed (timings on a shared machine vary)."""
    runs = []
    for i in range(repeats):
        if change is not None:
            change(book / TOUCHED)
        runs.append(jupyter_book_build(book, f"{name}-{i + 1}", STRICT))
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**median, "runs": [{"seconds": r["seconds"], "executed_notebooks": r["executed_notebooks"],
                                "exit_code": r["exit_code"]} for r in runs],
            "ok": all(r["ok"] for r in runs),
            "executed_notebooks": sorted({nb for r in runs for nb in r["executed_notebooks"]}),
            "executed_by_cache_records": sorted({nb for r in runs for nb in r["executed_by_cache_records"]})}


def measure_builds(book: Path, with_pdf: bool, repeats: int) -> dict:
    builds = {"copy": "git ls-files --cached --others --exclude-standard, into a temporary folder",
              "repeats_of_incremental_builds": repeats}
    builds["cold"] = jupyter_book_build(book, "cold", STRICT)
    builds["warm"] = {"changed": "nothing", **repeated_build(book, "warm", repeats)}
    builds["one_chapter_markdown"] = {"changed": f"{TOUCHED}: a blank line appended",
                                      **repeated_build(book, "one-chapter-markdown", repeats, append_blank_line)}
    builds["one_chapter_code"] = {"changed": f"{TOUCHED}: a comment added to its first code cell",
                                  **repeated_build(book, "one-chapter-code", repeats, touch_first_code_cell)}
    builds["pdf"] = pdf_build(book) if with_pdf else {"seconds": None, "reason": "skipped (--no-pdf)"}
    return builds


# --- reader speed --------------------------------------------------------------------------------

TIMING_SCRIPT = """
(() => {
  const sel = __SELECTORS__;
  const state = window.__bench = { firstAt: null, allAt: null, settledAt: null, charts: 0, drawn: 0 };
  const check = () => {
    const charts = document.querySelectorAll(sel.charts).length;
    const drawn = document.querySelectorAll(sel.drawn).length;
    const failed = document.querySelectorAll(sel.failed).length;
    Object.assign(state, { charts, drawn });
    if (drawn > 0 && state.firstAt === null) state.firstAt = performance.now();
    if (charts > 0 && drawn === charts && state.allAt === null) state.allAt = performance.now();
    if (charts > 0 && drawn + failed >= charts && state.settledAt === null) state.settledAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true,
                                                  attributeFilter: ["data-rendered", "class"] });
})();
"""


def page_paths(book: Path) -> list[tuple[str, str]]:
    """(page, kind) for every page of _toc.yml, root first."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [(toc["root"], "root")]
    for part in toc.get("parts", []):
        kind = "chapter" if part.get("numbered") else "reference"
        pages += [(entry["file"], kind) for entry in part.get("chapters", [])]
    pages += [(entry["file"], "chapter") for entry in toc.get("chapters", [])]
    return [(f"{Path(name).with_suffix('').as_posix()}.html", kind) for name, kind in pages]


def body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:  # noqa: BLE001 - redirects and evicted bodies: fall back to the sizes
        with contextlib.suppress(Exception):
            return int(response.request.sizes().get("responseBodySize") or 0)
    return 0


def page_bytes(responses: list, base: str) -> dict:
    """Sum of response body sizes by URL; under _static/ is shared (cached across pages)."""
    by_url = {}
    for response in responses:
        if response.url.startswith(base + "/"):
            by_url[response.url] = body_size(response)
    own = {url[len(base):]: size for url, size in by_url.items()
           if not urlsplit(url).path.startswith("/_static/")}
    shared = sum(size for url, size in by_url.items() if urlsplit(url).path.startswith("/_static/"))
    return {"own_bytes": sum(own.values()), "shared_bytes": shared, "own_resources": dict(sorted(own.items())),
            "requests": len(by_url)}


def wait_for_charts(page, selectors: dict, expect_drawn: bool) -> dict:
    """Wait until every chart is drawn (or has failed); with expect_drawn False (the offline
    baseline), wait a fixed while and report what was drawn."""
    timeout = CHART_TIMEOUT if expect_drawn else BASELINE_WAIT
    done = f"""() => {{
      const n = document.querySelectorAll({json.dumps(selectors['charts'])}).length;
      const k = document.querySelectorAll({json.dumps(selectors['drawn'])}).length
              + document.querySelectorAll({json.dumps(selectors['failed'])}).length;
      return n === 0 || k >= n;
    }}"""
    timed_out = False
    try:
        page.wait_for_function(done, timeout=timeout, polling=50)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; recorded, not fatal
        timed_out = True
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    state = page.evaluate("window.__bench")
    failed = page.evaluate(f"document.querySelectorAll({json.dumps(selectors['failed'])}).length")
    return {"charts": state["charts"], "charts_rendered": state["drawn"], "charts_failed": failed,
            "charts_rendered_ms": None if state["allAt"] is None else round(state["allAt"], 1),
            "first_chart_ms": None if state["firstAt"] is None else round(state["firstAt"], 1),
            "charts_settled_ms": None if state["settledAt"] is None else round(state["settledAt"], 1),
            "charts_timed_out": timed_out and state["charts"] > 0}


EXTERNAL_ELEMENTS = """() => [...document.querySelectorAll(
    'script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href], img[src], iframe[src], source[src]')]
  .map((e) => e.src || e.href)
  .filter((u) => !u.startsWith(location.origin) && !/^(data|blob|about):/.test(u))"""


def navigation_timing(page) -> dict:
    timing = page.evaluate("""() => {
      const nav = performance.getEntriesByType("navigation")[0] || {};
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : null };
    }""")
    return {"dom_content_loaded_ms": round(timing["dcl"] or 0, 1), "load_ms": round(timing["load"] or 0, 1),
            "first_contentful_paint_ms": None if timing["fcp"] is None else round(timing["fcp"], 1)}


def measure_page(chromium, base: str, path: str, selectors: dict = OUR_CHARTS, expect_drawn: bool = True) -> dict:
    """One page in a fresh browser context (empty cache): bytes, chart timing, errors, external requests."""
    context = chromium.new_context(viewport={"width": 1350, "height": 940})
    try:
        external = browser.block_external(context)
        context.add_init_script(TIMING_SCRIPT.replace("__SELECTORS__", json.dumps(selectors)))
        page = context.new_page()
        responses, errors = [], []
        page.on("response", lambda response: responses.append(response))
        page.on("console", lambda msg: errors.append(msg.text[:300]) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {str(exc)[:300]}"))
        page.goto(f"{base}/{path}", wait_until="load", timeout=PAGE_TIMEOUT)
        charts = wait_for_charts(page, selectors, expect_drawn)
        elements = page.evaluate(EXTERNAL_ELEMENTS)
        result = {**charts, **navigation_timing(page), **page_bytes(responses, base),
                  "external_resource_elements": len(elements),
                  "console_errors": errors, "external_requests": len(external),
                  "external_hosts": sorted({urlsplit(url).hostname or url for url in external}),
                  "external_urls": sorted(set(external))}
        return result
    finally:
        context.close()


def measure_pages(chromium, base: str, pages: list[tuple[str, str]]) -> dict:
    results = {}
    for path, kind in pages:
        try:
            results[path] = {"kind": kind, **measure_page(chromium, base, path)}
            r = results[path]
            log(f"page {path}: own {r['own_bytes']} B, shared {r['shared_bytes']} B, "
                f"{r['charts_rendered']}/{r['charts']} charts in {r['charts_rendered_ms']} ms")
        except Exception as exc:  # noqa: BLE001 - one page's failure is recorded, the rest go on
            results[path] = {"kind": kind, "error": f"{exc.__class__.__name__}: {exc}"}
            log(f"page {path}: FAILED {exc}")
    return results


# --- Lighthouse ----------------------------------------------------------------------------------

def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def lighthouse_page(base: str, path: str, runs: int, tag: str = "") -> dict:
    """Median of ``runs`` Lighthouse runs (performance varies run to run on a shared machine);
    the failed audits and metrics are those of the run with the median performance score."""
    reports = []
    for i in range(runs):
        out = LAST / f"lighthouse-{tag}{slug(path)}-{i + 1}.json"
        reports.append((browser.run_lighthouse(f"{base}/{path}", out), out))
    reports.sort(key=lambda pair: pair[0]["performance"])
    median, out = reports[len(reports) // 2]
    result = {
        "performance": statistics.median(r["performance"] for r, _ in reports),
        "accessibility": statistics.median(r["accessibility"] for r, _ in reports),
        "runs": [{"performance": r["performance"], "accessibility": r["accessibility"]} for r, _ in reports],
        "audits_failed": median["audits_failed"],
        "metrics": median["metrics"],
        "external_requests": sorted({url for r, _ in reports for url in r["external_requests"]}),
        "warnings": median["warnings"],
        "report": f"bench/last/{out.name}",
    }
    log(f"lighthouse {path}: performance {result['performance']}, accessibility {result['accessibility']}")
    return result


def lighthouse_targets(pages: dict) -> dict[str, str]:
    """{page: why}: the root, the chapter with the most charts, the baseline's chapter, the timeline."""
    ok = {path: r for path, r in pages.items() if "error" not in r}
    root = next(path for path, r in pages.items() if r["kind"] == "root")
    targets = {root: "root page"}
    chapters = [(r["charts"], path) for path, r in ok.items() if r["kind"] == "chapter"]
    if chapters:
        most = max(chapters, key=lambda c: c[0])[1]  # the first in the book on a tie
        targets.setdefault(most, f"chapter with the most charts ({ok[most]['charts']})")
    targets.setdefault(f"{BASELINE_CHAPTER}.html", "the baseline's chapter")
    targets.setdefault("chapters/timeline.html", "timeline")
    return targets


def lighthouse_or_error(base: str, path: str, runs: int, tag: str = "") -> dict:
    try:
        return strip_base(lighthouse_page(base, path, runs, tag), base)
    except Exception as exc:  # noqa: BLE001 - recorded; the other pages go on
        log(f"lighthouse {tag}{path}: FAILED {exc}")
        return {"error": f"{exc.__class__.__name__}: {exc}"}


def measure_lighthouse(html: Path, targets: dict[str, str], runs: int) -> dict:
    """Each target page served twice: by plain http.server (the measurement asked for), and
    ``as_hosted``, gzip and Cache-Control as a static host (GitHub Pages) sends them."""
    results = {path: {"why": why} for path, why in targets.items()}
    with browser.serve(html) as base:
        for path in targets:
            results[path].update(lighthouse_or_error(base, path, runs))
    with browser.serve(html, like_a_host=True) as base:
        for path in targets:
            results[path]["as_hosted"] = lighthouse_or_error(base, path, runs, tag="hosted-")
    return results


# --- the baseline: Altair's default renderer ------------------------------------------------------

BASELINE_SETUP = ('import altair as alt\nfrom belarusbook import theme\ntheme.register()\n'
                  'alt.renderers.enable("default")\nalt.data_transformers.disable_max_rows()')


def make_baseline_book(book: Path) -> None:
    """A one-chapter book whose charts use Altair's default renderer (its text/html loads vega,
    vega-lite and vega-embed from cdn.jsdelivr.net) instead of the book's renderer."""
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: {BASELINE_CHAPTER}\n", encoding="utf-8")
    chapter = book / f"{BASELINE_CHAPTER}.md"
    text = chapter.read_text(encoding="utf-8")
    if "bb.enable()" not in text:
        raise browser.BenchError(f"{chapter.name} has no bb.enable() to replace: update bench/run.py")
    chapter.write_text(text.replace("bb.enable()", BASELINE_SETUP, 1), encoding="utf-8")


def measure_baseline(work: Path, chromium, runs: int) -> dict:
    book = make_book_copy(work / "baseline")
    make_baseline_book(book)
    # Not -W: the chapter's cross-references to the chapters left out are warnings here.
    result = {"what": f"{BASELINE_CHAPTER}.md alone, Altair's default renderer (vega from a CDN)",
              "build": jupyter_book_build(book, "baseline", ["-n", "--keep-going"])}
    path = f"{BASELINE_CHAPTER}.html"
    with browser.serve(book / "_build" / "html") as base:
        result["page"] = strip_base(measure_page(chromium, base, path, ALTAIR_CHARTS, expect_drawn=False), base)
        log(f"baseline page: {result['page']['charts_rendered']}/{result['page']['charts']} charts drawn offline, "
            f"{result['page']['external_requests']} external requests blocked")
        result["lighthouse"] = lighthouse_or_error(base, path, runs, tag="baseline-")
    with browser.serve(book / "_build" / "html", like_a_host=True) as base:
        result["lighthouse"]["as_hosted"] = lighthouse_or_error(base, path, runs, tag="baseline-hosted-")
    result["note"] = ("Measured offline: every request to a host other than 127.0.0.1 is blocked (Playwright "
                      "route, Lighthouse through a dead proxy), which is the offline or blocked reader's reality. "
                      "With the network the charts would need vega, vega-lite and vega-embed from the CDN.")
    return result


# --- results -------------------------------------------------------------------------------------

def strip_base(value, base: str):
    """Served URLs without the random port: http://127.0.0.1:PORT/x -> /x."""
    if isinstance(value, str):
        return value.replace(base, "")
    if isinstance(value, dict):
        return {key: strip_base(item, base) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_base(item, base) for item in value]
    return value


def make_book_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    return copy_repo(REPO, target)


def lighthouse_entries(results: dict):
    """(page, server, result) for every Lighthouse measurement of our pages."""
    section = results.get("lighthouse") or {}
    if isinstance(section.get("error"), str):
        return
    for path, r in section.items():
        yield path, "http.server", r
        if "as_hosted" in r:
            yield path, "gzip host", r["as_hosted"]


def failures(results: dict) -> list[str]:
    """What could not be measured, and builds that failed."""
    found = []
    for section in ("build", "pages", "lighthouse", "baseline"):
        if isinstance(results.get(section), dict) and "error" in results[section]:
            found.append(f"{section}: {results[section]['error']}")
    pages = results.get("pages") or {}
    if not isinstance(pages.get("error"), str):
        found += [f"page {path}: {r['error']}" for path, r in pages.items() if "error" in r]
    found += [f"lighthouse {path} ({server}): {r['error']}" for path, server, r in lighthouse_entries(results)
              if "error" in r]
    baseline_lh = (results.get("baseline") or {}).get("lighthouse") or {}
    for server, r in (("http.server", baseline_lh), ("gzip host", baseline_lh.get("as_hosted") or {})):
        if "error" in r:
            found.append(f"baseline lighthouse ({server}): {r['error']}")
    for name, r in (results.get("build") or {}).items():
        if isinstance(r, dict) and r.get("seconds") is not None and not r.get("ok", True):
            found.append(f"build {name}: exit {r.get('exit_code')} (see {r.get('log')})")
    return found


def problems(results: dict) -> list[str]:
    """Targets missed on our pages: Lighthouse performance below 0.95 or accessibility below 1.0,
    console errors, requests to other hosts, charts not drawn."""
    found = []
    for path, server, r in lighthouse_entries(results):
        if "error" in r:
            continue
        if r["performance"] < PERF_TARGET:
            found.append(f"lighthouse {path} ({server}): performance {r['performance']} < {PERF_TARGET}")
        if r["accessibility"] < A11Y_TARGET:
            found.append(f"lighthouse {path} ({server}): accessibility {r['accessibility']} < {A11Y_TARGET}")
    pages = results.get("pages") or {}
    for path, r in ({} if isinstance(pages.get("error"), str) else pages).items():
        if "error" in r:
            continue
        if r["console_errors"]:
            found.append(f"page {path}: {len(r['console_errors'])} console errors")
        if r["external_requests"]:
            found.append(f"page {path}: {r['external_requests']} requests to other hosts")
        if r["charts_rendered"] != r["charts"]:
            found.append(f"page {path}: {r['charts_rendered']} of {r['charts']} charts drawn")
    return found


def kib(n) -> str:
    return "-" if n is None else f"{n / 1024:,.1f}"


def fmt(value, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])


def notebooks(executed) -> str:
    if executed is None:
        return "-"
    if len(executed) > 3:
        return f"all {len(executed)}" if len(executed) >= 10 else f"{len(executed)} notebooks"
    return ", ".join(executed) or "none"


def audit_summary(results: dict) -> str:
    """Lighthouse audits below the pass mark on our pages, each with the pages it failed on."""
    seen: dict[str, dict] = {}
    for path, server, r in lighthouse_entries(results):
        if server != "http.server":
            continue
        for audit in r.get("audits_failed", []):
            entry = seen.setdefault(audit["id"], {**audit, "pages": []})
            entry["pages"].append(path.removeprefix("chapters/").removesuffix(".html"))
    if not seen:
        return ""
    rows = []
    for audit_id, a in sorted(seen.items(), key=lambda kv: (kv[1]["category"], -kv[1]["weight"], kv[0])):
        where = a["items"][0] if a["items"] else {}
        sample = where.get("url") or where.get("selector") or ""
        rows.append([a["category"][:4], audit_id, a["weight"], "server" if a["depends_on_server"] else "",
                     a["display_value"][:28], " ".join(a["pages"]), sample[:70]])
    return ("\nLighthouse audits below the pass mark on our pages, http.server (weight 0: not counted in the "
            "score; details in results.json)\n" + table(rows, ["cat", "audit", "weight", "", "value", "pages", "e.g."]))


def lighthouse_row(path: str, why: str, server: str, r: dict) -> list:
    if "error" in r:
        return [path, why, server, "ERROR", r["error"][:80], "", "", "", "", "", ""]
    m = r.get("metrics", {})
    a11y = [a["id"] for a in r.get("audits_failed", []) if a["category"] == "accessibility" and a["weight"] > 0]
    return [path, why, server, fmt(r.get("performance")), fmt(r.get("accessibility")),
            " ".join(str(x["performance"]) for x in r.get("runs", [])), fmt(m.get("fcp_ms"), " ms"),
            fmt(m.get("lcp_ms"), " ms"), fmt(m.get("tbt_ms"), " ms"), fmt(m.get("cls")), ", ".join(a11y) or "-"]


def report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append(f"Machine: {m['cpu_count']} x {m['cpu_model']}, {m['memory_gib']} GiB, Python {m['python']}, "
               f"{m['chromium']}, Lighthouse {m['lighthouse']}, load {m['load_average_at_start']}, {m['date']}")
    build = results.get("build", {})
    if "error" in build:
        out.append(f"\nBUILD FAILED: {build['error']}")
    else:
        rows = []
        for name in ("cold", "warm", "one_chapter_markdown", "one_chapter_code", "pdf"):
            r = build.get(name, {})
            executed = r.get("executed_notebooks")
            times = " ".join(str(x["seconds"]) for x in r.get("runs", []))
            rows.append([name, fmt(r.get("seconds"), " s"), times, fmt(r.get("exit_code")), notebooks(executed),
                         "-" if r.get("reread_documents") is None else len(r["reread_documents"]),
                         r.get("reason", "")])
        out.append("\nAuthor speed (jupyter-book build, -W -n --keep-going)\n"
                   + table(rows, ["build", "time (median)", "runs", "exit", "notebooks executed", "docs re-read",
                                  "note"]))
    pages = results.get("pages", {})
    if "error" in pages:
        out.append(f"\nPAGES FAILED: {pages['error']}")
    elif pages:
        rows = []
        for path, r in pages.items():
            if "error" in r:
                rows.append([path, r["kind"], "ERROR", r["error"][:60], "", "", "", "", ""])
                continue
            rows.append([path, r["kind"], kib(r["own_bytes"]), kib(r["shared_bytes"]),
                         f"{r['charts_rendered']}/{r['charts']}", fmt(r["charts_rendered_ms"], " ms"),
                         fmt(r["load_ms"], " ms"), len(r["console_errors"]),
                         f"{r['external_requests']} / {r['external_resource_elements']}"])
        base = results.get("baseline", {}).get("page")
        if base:
            rows.append([f"BASELINE {BASELINE_CHAPTER}.html (offline)", "cdn", kib(base["own_bytes"]),
                         kib(base["shared_bytes"]), f"{base['charts_rendered']}/{base['charts']}",
                         fmt(base["charts_rendered_ms"], " ms"), fmt(base["load_ms"], " ms"),
                         len(base["console_errors"]), f"{base['external_requests']} / {base['external_resource_elements']}"])
        out.append("\nReader speed (fresh cache; own = HTML + non-_static resources; shared = _static/)\n"
                   + table(rows, ["page", "kind", "own KiB", "shared KiB", "charts", "all charts drawn",
                                  "load", "console errors", "external requests / elements"]))
    rows = [lighthouse_row(path, r.get("why", ""), server, r) for path, server, r in lighthouse_entries(results)]
    base_lh = (results.get("baseline") or {}).get("lighthouse")
    if base_lh:
        name = f"BASELINE {BASELINE_CHAPTER}.html"
        rows.append(lighthouse_row(name, "offline: network blocked", "http.server", base_lh))
        rows.append(lighthouse_row(name, "offline: network blocked", "gzip host", base_lh.get("as_hosted") or {}))
    if rows:
        out.append("\nLighthouse (desktop preset; median of runs; metrics of the median run)\n"
                   + table(rows, ["page", "why", "server", "perf", "a11y", "runs (perf)", "FCP", "LCP", "TBT", "CLS",
                                  "weighted a11y audits failed"]))
    out.append(audit_summary(results))
    for title, found in (("Targets missed", results.get("targets_missed", [])),
                         ("Failures", results.get("failures", []))):
        out.append(f"\n{title}:\n" + ("\n".join(f"  - {p}" for p in found) if found else "  none"))
    return "\n".join(out)


def write_results(results: dict, path: Path = RESULTS) -> None:
    path.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


# --- the run -------------------------------------------------------------------------------------

def guarded(name: str, measure, *args):
    """Run one section; a failure is recorded as {"error": ...} and the other sections go on."""
    try:
        return measure(*args)
    except Exception as exc:  # noqa: BLE001
        log(f"{name} FAILED: {exc.__class__.__name__}: {exc}")
        return {"error": f"{exc.__class__.__name__}: {exc}"}


def reader_and_lighthouse(html: Path, book: Path, chromium, runs: int, results: dict) -> None:
    with browser.serve(html) as base:
        pages = guarded("pages", measure_pages, chromium, base, page_paths(book))
        results["pages"] = strip_base(pages, base)
    if "error" not in pages and runs > 0:
        results["lighthouse"] = guarded("lighthouse", measure_lighthouse, html, lighthouse_targets(pages), runs)


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    results = {"machine": machine(), "source": source(), "settings": {
        "lighthouse_runs": args.lighthouse_runs, "lighthouse_preset": "desktop",
        "targets": {"lighthouse_performance": PERF_TARGET, "lighthouse_accessibility": A11Y_TARGET},
        "viewport": "1350x940", "server": "python http.server (HTTP/1.1, no compression, no cache headers)"}}
    if args.lighthouse_runs > 0:
        browser.ensure_lighthouse()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        book = make_book_copy(work / "book")
        results["build"] = guarded("build", measure_builds, book, not args.no_pdf, args.build_repeats)
        html = book / "_build" / "html"
        with sync_playwright() as playwright:
            chromium = browser.launch_chromium(playwright)
            try:
                reader_and_lighthouse(html, book, chromium, args.lighthouse_runs, results)
                if not args.no_baseline:
                    results["baseline"] = guarded("baseline", measure_baseline, work, chromium, args.lighthouse_runs)
            finally:
                chromium.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets_missed"] = problems(results)
    results["failures"] = failures(results)
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median; 0 skips)")
    parser.add_argument("--build-repeats", type=int, default=3, help="runs of each incremental build (median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF build")
    parser.add_argument("--no-baseline", action="store_true", help="skip the CDN baseline")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results JSON")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    os.chdir(REPO)
    shutil.rmtree(LAST, ignore_errors=True)
    LAST.mkdir(parents=True)
    try:
        results = run(args)
    except KeyboardInterrupt:
        log("interrupted; temporary folders removed")
        return 130
    except browser.BenchError as exc:
        log(f"cannot measure: {exc}")
        return 2
    write_results(results, args.out)
    print(report(results))
    print(f"\nResults: {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}; "
          f"logs and Lighthouse reports: bench/last/")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
