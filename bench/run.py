"""Measure the book against its goals: author speed (builds), reader speed (pages), Lighthouse
(desktop and mobile), and a CDN-renderer baseline for comparison.

Run from the repository root as ``make bench`` (= ``.venv/bin/python bench/run.py``). Prints the
measurements, then the goal table (goal, target, measured, met), and exits 1 when a goal is
missed or something could not be measured. A full run writes bench/results.json (keys sorted,
served URLs relative to the server's root); a reduced run (any option below changed) writes
bench/last/results.json instead. Build logs and full Lighthouse reports go to bench/last/.
One module per measurement: builds.py, pages.py, lighthouse.py, baseline.py; goals.py judges.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# bench/ modules (not a package: the tests import browser and builds the same way)
import baseline  # noqa: E402
import browser  # noqa: E402
import builds  # noqa: E402
import goals  # noqa: E402
import lighthouse  # noqa: E402
import lighthouse_cli  # noqa: E402
import machine  # noqa: E402
import pages  # noqa: E402
from common import LAST, REPO, RESULTS, guarded, log, shown_path, strip_base  # noqa: E402
from report import report  # noqa: E402

FULL = {"runs": 3, "build_repeats": 3, "no_pdf": False, "no_baseline": False, "html": None}


def settings(args) -> dict:
    return {
        "lighthouse_runs": args.runs, "build_repeats": args.build_repeats,
        "lighthouse_configurations": {name: {"preset": preset, "server": server}
                                      for name, (preset, server) in lighthouse.CONFIGS.items()},
        "goals": {"cold_build_max_s": goals.COLD_MAX_S, "warm_build_max_share_of_cold": goals.WARM_MAX_SHARE,
                  "charts_drawn_max_ms": goals.CHARTS_MAX_MS, "lighthouse_performance_min": goals.PERFORMANCE_MIN,
                  "lighthouse_accessibility_min": goals.ACCESSIBILITY_MIN},
        "viewport": f"{pages.VIEWPORT['width']}x{pages.VIEWPORT['height']}",
        "servers": {"http.server": "python http.server (HTTP/1.1, no compression, no cache headers)",
                    "gzip host": "the same with gzip and Cache-Control: max-age=600, as GitHub Pages"},
        "measured_existing_html": None if args.html is None else str(args.html),
    }


def measure(args, work: Path, results: dict) -> None:
    """Builds (unless --html), then pages, Lighthouse and the baseline in one Chromium."""
    from playwright.sync_api import sync_playwright

    if args.html is None:
        book = builds.make_book_copy(work / "book")
        results["build"] = guarded("build", builds.measure_builds, book, not args.no_pdf, args.build_repeats)
        html = book / "_build" / "html"
    else:
        book, html = REPO, args.html.resolve()
    page_list = pages.page_paths(book)
    with sync_playwright() as playwright:
        chromium = browser.launch_chromium(playwright)
        try:
            with browser.serve(html) as base:
                results["pages"] = strip_base(guarded("pages", pages.measure_pages, chromium, base, page_list), base)
            if args.runs > 0:
                results["lighthouse"] = guarded("lighthouse", lighthouse.measure, html,
                                                lighthouse.targets(html, page_list), args.runs)
            if not args.no_baseline:
                results["baseline"] = guarded("baseline", baseline.measure_baseline, work, chromium, args.runs)
        finally:
            chromium.close()


def run(args) -> dict:
    results = {"machine": machine.machine(), "source": machine.source(), "settings": settings(args)}
    if args.runs > 0:
        lighthouse_cli.ensure_lighthouse()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-"))
    if args.work and any((work / name).exists() for name in ("book", "baseline")):
        raise browser.BenchError(f"{work} already holds book/ or baseline/: a cold build needs an empty folder")
    try:
        measure(args, work, results)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = machine.load_average()
    results["failures"] = goals.failures(results)
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", "--lighthouse-runs", type=int, default=FULL["runs"],
                        help="Lighthouse runs per page and configuration (median; 0 skips Lighthouse)")
    parser.add_argument("--build-repeats", type=int, default=FULL["build_repeats"],
                        help="runs of each incremental build (median)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF build")
    parser.add_argument("--no-baseline", "--skip-baseline", action="store_true", help="skip the CDN baseline")
    parser.add_argument("--html", type=Path, help="measure this already-built HTML of the repository (e.g. "
                        "_build/html) instead of building: no build goals")
    parser.add_argument("--work", type=Path, help="keep the repository copies here (default: a temporary "
                        "folder, removed at the end)")
    parser.add_argument("--out", type=Path, help="where to write the results (default: bench/results.json for a "
                        "full run, bench/last/results.json for a reduced one)")
    args = parser.parse_args(argv)
    if args.out is None:
        full = all(getattr(args, key) == value for key, value in FULL.items())
        args.out = RESULTS if full else LAST / "results.json"
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
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
    rows = goals.evaluate(results)
    results["goals"] = [dataclasses.asdict(goal) for goal in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(results))
    print("\nGoals\n" + goals.goal_table(rows))
    missed = goals.missed(rows)
    print(f"\n{len(missed)} of {len(rows)} goals missed; {len(results['failures'])} failures. "
          f"Results: {shown_path(args.out)}; logs and Lighthouse reports: bench/last/")
    return 1 if missed or results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
