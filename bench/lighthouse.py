"""Lighthouse scores (performance, accessibility): the median of N runs of the pinned Lighthouse
(bench/package.json) per page, in three configurations:

* ``desktop, http.server``: ``--preset=desktop``, served by plain http.server (no compression, no
  cache headers: harder than any real host); the root, the chapter with the most charts, the
  baseline's chapter and the timeline;
* ``desktop, gzip host``: the same pages served with gzip and Cache-Control, as GitHub Pages does;
* ``mobile, gzip host``: Lighthouse's default configuration (a mid-range phone on a throttled
  connection, simulated), served as GitHub Pages does; the root and the chapter with the most charts.

Performance varies from run to run on a shared machine, hence the median; the failed audits and
metrics kept are those of the run with the median performance score.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import browser
import lighthouse_cli
from common import LAST, error_entry, log, slug, strip_base

SERVERS = {"http.server": False, "gzip host": True}  # name: serve(..., like_a_host=)
DESKTOP, DESKTOP_HOSTED, MOBILE_HOSTED = "desktop, http.server", "desktop, gzip host", "mobile, gzip host"
CONFIGS = {DESKTOP: ("desktop", "http.server"), DESKTOP_HOSTED: ("desktop", "gzip host"),
           MOBILE_HOSTED: ("mobile", "gzip host")}
EXTRA_PAGES = {"chapters/repression.html": "the baseline's chapter", "chapters/timeline.html": "timeline"}
CHART = re.compile(r'class="bb-chart[" ]')


def most_charts(html: Path, pages: list[tuple[str, str]]) -> tuple[str, int] | None:
    """The chapter with the most charts in the built HTML (the first in the book on a tie)."""
    counts = [(len(CHART.findall((html / path).read_text(encoding="utf-8"))), path)
              for path, kind in pages if kind == "chapter" and (html / path).is_file()]
    if not counts:
        return None
    n = max(count for count, _ in counts)
    return next(path for count, path in counts if count == n), n


def targets(html: Path, pages: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """{configuration: {page: why}}."""
    root = next(path for path, kind in pages if kind == "root")
    main = {root: "root page"}
    most = most_charts(html, pages)
    if most:
        main.setdefault(most[0], f"chapter with the most charts ({most[1]})")
    desktop = {**main, **{path: why for path, why in EXTRA_PAGES.items() if path not in main}}
    return {DESKTOP: desktop, DESKTOP_HOSTED: dict(desktop), MOBILE_HOSTED: main}


def lighthouse_page(base: str, path: str, runs: int, preset: str, tag: str = "") -> dict:
    """The median of ``runs`` Lighthouse runs of one page."""
    reports = []
    for i in range(runs):
        out = LAST / f"lighthouse-{tag}{slug(path)}-{i + 1}.json"
        reports.append((lighthouse_cli.run_lighthouse(f"{base}/{path}", out, preset=preset), out))
    reports.sort(key=lambda pair: pair[0]["performance"])
    median, out = reports[len(reports) // 2]
    return {
        "performance": statistics.median(r["performance"] for r, _ in reports),
        "accessibility": statistics.median(r["accessibility"] for r, _ in reports),
        "runs": [{"performance": r["performance"], "accessibility": r["accessibility"]} for r, _ in reports],
        "audits_failed": median["audits_failed"],
        "metrics": median["metrics"],
        "external_requests": sorted({url for r, _ in reports for url in r["external_requests"]}),
        "warnings": median["warnings"],
        "report": f"bench/last/{out.name}",
    }


def measure(html: Path, wanted: dict[str, dict[str, str]], runs: int, tag: str = "") -> dict:
    """{configuration: {page: {"why", scores...} or {"why", "error"}}} for ``wanted``
    ({configuration: {page: why}}); each server is started once."""
    results = {name: {} for name in wanted}
    for server, like_a_host in SERVERS.items():
        names = [name for name in wanted if CONFIGS[name][1] == server]
        if not names:
            continue
        with browser.serve(html, like_a_host=like_a_host) as base:
            for name in names:
                preset = CONFIGS[name][0]
                for path, why in wanted[name].items():
                    try:
                        result = strip_base(lighthouse_page(base, path, runs, preset, f"{tag}{slug(name)}-"), base)
                        log(f"lighthouse {tag}{name} {path}: performance {result['performance']}, "
                            f"accessibility {result['accessibility']}")
                    except Exception as exc:  # noqa: BLE001 - recorded; the other pages go on
                        result = error_entry(exc)
                        log(f"lighthouse {tag}{name} {path}: FAILED {exc}")
                    results[name][path] = {"why": why, **result}
    return results


def entries(section) -> list[tuple[str, str, dict]]:
    """(configuration, page, result) for every measurement in a results section."""
    if not isinstance(section, dict) or isinstance(section.get("error"), str):
        return []
    return [(name, path, r) for name, by_page in section.items() for path, r in by_page.items()]
