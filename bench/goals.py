"""The goals, and whether a run met them: pure functions of the results dict (no I/O, no clock),
so that they can be checked against a hand-made results dict.

The timing goals live here and not in ``make test``, whose tests must not depend on how busy
the machine is. Each row is a Goal(name, target, measured, met, pages): ``met`` is None when the
run did not measure it (a skipped section), which is reported but is not a miss.
"""

from __future__ import annotations

from dataclasses import dataclass

from builds import TOUCHED
from common import short, table
from lighthouse import CONFIGS, entries
from pages import measured

COLD_MAX_S = 120
WARM_MAX_SHARE = 0.15  # of the cold build
CHARTS_MAX_MS = 1500   # from the pointer first reaching a chart until every chart it reached is drawn live
PERFORMANCE_MIN = {"desktop": 0.95, "mobile": 0.90}
ACCESSIBILITY_MIN = 1.0


@dataclass(frozen=True)
class Goal:
    name: str
    target: str
    measured: str
    met: bool | None
    pages: str = ""


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def unmeasured(names, targets, met: bool | None) -> list[Goal]:
    """Rows for a section that was skipped (met None) or could not be measured (met False)."""
    return [Goal(name, target, "not run" if met is None else "not measured (error)", met)
            for name, target in zip(names, targets)]


def build_goals(build) -> list[Goal]:
    names = ("Cold build", "Warm rebuild (nothing changed)", "One chapter's code edited")
    targets = (f"≤ {COLD_MAX_S} s", f"≤ {WARM_MAX_SHARE:.0%} of cold", f"re-executes {TOUCHED} only")
    if not isinstance(build, dict):
        return unmeasured(names, targets, None)
    if "error" in build:
        return unmeasured(names, targets, False)
    cold, warm, code = (build.get(key) or {} for key in ("cold", "warm", "one_chapter_code"))

    def failed(r):
        return None if r.get("ok", False) else f"failed (exit {r.get('exit_code')})"

    rows = [Goal(names[0], targets[0], failed(cold) or seconds(cold["seconds"]),
                 cold.get("ok", False) and cold["seconds"] <= COLD_MAX_S)]
    if warm and cold.get("ok"):
        share = warm["seconds"] / cold["seconds"]
        rows.append(Goal(names[1], targets[1], failed(warm) or f"{seconds(warm['seconds'])} = {share:.2%} of cold",
                         warm.get("ok", False) and share <= WARM_MAX_SHARE))
    else:
        rows.append(Goal(names[1], targets[1], failed(warm) or "not measured", False))
    executed = code.get("executed_by_cache_records")
    rows.append(Goal(names[2], targets[2], failed(code) or (", ".join(executed or []) or "nothing"),
                     code.get("ok", False) and executed == [TOUCHED]))
    return rows


def page_goals(pages) -> list[Goal]:
    names = ("Charts drawn, every page", "Console errors, every page")
    targets = (f"all, ≤ {CHARTS_MAX_MS} ms after the pointer first reaches one", "0")
    if not isinstance(pages, dict):
        return unmeasured(names, targets, None)
    ok = measured(pages)
    broken = [short(path) for path, r in pages.items() if isinstance(r, dict) and "error" in r]
    if "error" in pages or not ok:
        return unmeasured(names, targets, False)
    with_charts = {path: r for path, r in ok.items() if r["charts"]}
    undrawn = [short(path) for path, r in with_charts.items() if r["charts_rendered_ms"] is None]
    slowest = max(with_charts, key=lambda path: with_charts[path]["charts_rendered_ms"] or float("inf"), default=None)
    if undrawn:
        charts = f"not all drawn on {', '.join(undrawn)}"
    elif slowest:
        charts = f"{with_charts[slowest]['charts_rendered_ms']:.0f} ms (slowest: {short(slowest)})"
    else:
        charts = "no charts"
    chart_ms = ", ".join(f"{short(path)} {r['charts_rendered_ms']}" for path, r in with_charts.items())
    errors = {short(path): len(r["console_errors"]) for path, r in ok.items() if r["console_errors"]}
    return [
        Goal(names[0], targets[0], charts,
             not undrawn and not broken and all(r["charts_rendered_ms"] <= CHARTS_MAX_MS for r in with_charts.values()),
             f"ms: {chart_ms}" + (f"; failed: {', '.join(broken)}" if broken else "")),
        Goal(names[1], targets[1], str(sum(errors.values())), not errors and not broken,
             ", ".join(f"{page} {n}" for page, n in errors.items())),
    ]


def external_goal(results: dict) -> Goal:
    """Requests to hosts other than 127.0.0.1, in the browser and in Lighthouse's reports; a
    section or page that could not be measured counts against the goal."""
    name, target = "Requests to other hosts, every page", "0"
    sections = [results.get(key) for key in ("pages", "lighthouse")]
    if not any(isinstance(section, dict) for section in sections):
        return Goal(name, target, "not run", None)
    pages = results.get("pages")
    seen = {short(path): r["external_requests"] for path, r in measured(pages).items() if r["external_requests"]}
    lighthouse_runs = entries(results.get("lighthouse"))
    for _, path, r in lighthouse_runs:
        if r.get("external_requests"):
            seen[short(path)] = seen.get(short(path), 0) + len(r["external_requests"])
    unmeasured = (any(isinstance(s, dict) and "error" in s for s in sections)
                  or (isinstance(pages, dict) and len(measured(pages)) < len(pages))
                  or any("error" in r for _, _, r in lighthouse_runs))
    measured_text = str(sum(seen.values())) + (" (not every page measured)" if unmeasured else "")
    return Goal(name, target, measured_text, not seen and not unmeasured,
                ", ".join(f"{page} {n}" for page, n in seen.items()))


def lighthouse_goals(section, runs: int) -> list[Goal]:
    rows = []
    for name, (preset, _) in CONFIGS.items():
        for category, minimum in (("performance", PERFORMANCE_MIN[preset]), ("accessibility", ACCESSIBILITY_MIN)):
            label = f"Lighthouse {name}: {category}"
            target = f"{'=' if minimum == 1 else '≥'} {minimum:.2f} (median of {runs})"
            if not isinstance(section, dict):
                rows.append(Goal(label, target, "not run", None))
                continue
            scores = {path: r.get(category) for n, path, r in entries(section) if n == name}
            if "error" in section or not scores:
                rows.append(Goal(label, target, "not measured (error)", False))
                continue
            per_page = ", ".join(f"{short(path)} {fmt_score(score)}" for path, score in scores.items())
            failed = [short(path) for path, score in scores.items() if score is None]
            if failed:
                rows.append(Goal(label, target, f"not measured on {', '.join(failed)}", False, per_page))
                continue
            lowest = min(scores, key=scores.get)
            where = "every page" if len(set(scores.values())) == 1 else f"lowest: {short(lowest)}"
            rows.append(Goal(label, target, f"{fmt_score(scores[lowest])} ({where})",
                             all(score >= minimum for score in scores.values()), per_page))
    return rows


def fmt_score(score) -> str:
    return "error" if score is None else f"{score:.2f}"


def evaluate(results: dict) -> list[Goal]:
    """Every goal, in the order of the table."""
    runs = (results.get("settings") or {}).get("lighthouse_runs", 3)
    return [*build_goals(results.get("build")), *page_goals(results.get("pages")), external_goal(results),
            *lighthouse_goals(results.get("lighthouse"), runs)]


def missed(goals: list[Goal]) -> list[Goal]:
    return [goal for goal in goals if goal.met is False]


def goal_table(goals: list[Goal]) -> str:
    mark = {True: "yes", False: "MISSED", None: "skipped"}
    return table([[g.name, g.target, g.measured, mark[g.met], g.pages] for g in goals],
                 ["goal", "target", "measured", "met", "per page"])


def failures(results: dict) -> list[str]:
    """What could not be measured, and builds that failed (the run's exit status is 1)."""
    found = [f"{section}: {results[section]['error']}" for section in ("build", "pages", "lighthouse", "baseline")
             if isinstance(results.get(section), dict) and "error" in results[section]]
    pages = results.get("pages")
    if isinstance(pages, dict) and not isinstance(pages.get("error"), str):
        found += [f"page {path}: {r['error']}" for path, r in pages.items() if "error" in r]
    baseline = results.get("baseline") or {}
    for tag, section in (("", results.get("lighthouse")), ("baseline ", baseline.get("lighthouse"))):
        found += [f"{tag}lighthouse {path} ({name}): {r['error']}"
                  for name, path, r in entries(section) if "error" in r]
    builds = dict(results.get("build") or {})
    if isinstance(baseline.get("build"), dict):
        builds["baseline"] = baseline["build"]
    for name, r in builds.items():
        if isinstance(r, dict) and r.get("seconds") is not None and not r.get("ok", True):
            found.append(f"build {name}: exit {r.get('exit_code')} (see {r.get('log')})")
    return found
