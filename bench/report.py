"""The measurements as plain-text tables (builds, pages, Lighthouse, failing audits), printed
before the goal table: the goal table says what was missed, these say where to look."""

from __future__ import annotations

from baseline import CHAPTER as BASELINE_CHAPTER
from common import fmt, short, table
from lighthouse import CONFIGS, SERVERS, entries
from pages import measured

BUILDS = ("cold", "warm", "one_chapter_markdown", "one_chapter_code", "pdf")


def kib(n) -> str:
    return "-" if n is None else f"{n / 1024:,.1f}"


def notebooks(executed) -> str:
    if executed is None:
        return "-"
    if len(executed) > 3:
        return f"{len(executed)} notebooks"
    return ", ".join(executed) or "none"


def machine_line(m: dict) -> str:
    return (f"Machine: {m['cpu_count']} x {m['cpu_model']}, {m['memory_gib']} GiB, Python {m['python']}, "
            f"{m['chromium']}, Lighthouse {m['lighthouse']}, load {m['load_average_at_start']} -> "
            f"{m.get('load_average_at_end')}, {m['date']}")


def build_table(build: dict) -> str:
    if "error" in build:
        return f"BUILD FAILED: {build['error']}"
    rows = []
    for name in BUILDS:
        r = build.get(name, {})
        rows.append([name, fmt(r.get("seconds"), " s"), " ".join(str(x["seconds"]) for x in r.get("runs", [])),
                     fmt(r.get("exit_code")), notebooks(r.get("executed_notebooks")),
                     "-" if r.get("reread_documents") is None else len(r["reread_documents"]), r.get("reason", "")])
    return ("Author speed (jupyter-book build, -W -n --keep-going)\n"
            + table(rows, ["build", "time (median)", "runs", "exit", "notebooks executed", "docs re-read", "note"]))


def page_row(path: str, kind: str, r: dict) -> list:
    return [path, kind, kib(r["own_bytes"]), kib(r["shared_bytes"]), f"{r['charts_rendered']}/{r['charts']}",
            fmt(r["charts_rendered_ms"], " ms"), fmt(r["load_ms"], " ms"), len(r["console_errors"]),
            f"{r['external_requests']} / {r['external_resource_elements']}"]


def page_table(pages: dict, baseline_page: dict | None) -> str:
    if "error" in pages:
        return f"PAGES FAILED: {pages['error']}"
    rows = [page_row(path, r["kind"], r) if path in measured(pages) else [path, r["kind"], "ERROR (see Failures)"]
            for path, r in pages.items()]
    if baseline_page:
        rows.append(page_row(f"BASELINE {BASELINE_CHAPTER}.html (offline)", "cdn", baseline_page))
    return ("Reader speed (fresh cache; own = HTML + non-_static resources; shared = _static/)\n"
            + table(rows, ["page", "kind", "own KiB", "shared KiB", "charts", "all charts drawn", "load",
                           "console errors", "external requests / elements"]))


def lighthouse_row(name: str, path: str, r: dict) -> list:
    if "error" in r:
        return [name, path, r.get("why", ""), "ERROR", r["error"][:80]]
    m = r.get("metrics", {})
    a11y = [a["id"] for a in r.get("audits_failed", []) if a["category"] == "accessibility" and a["weight"] > 0]
    return [name, path, r.get("why", ""), fmt(r.get("performance")), fmt(r.get("accessibility")),
            " ".join(str(x["performance"]) for x in r.get("runs", [])), fmt(m.get("fcp_ms"), " ms"),
            fmt(m.get("lcp_ms"), " ms"), fmt(m.get("tbt_ms"), " ms"), fmt(m.get("cls")), ", ".join(a11y) or "-"]


def lighthouse_table(results: dict) -> str:
    rows = [lighthouse_row(name, path, r) for name, path, r in entries(results.get("lighthouse"))]
    baseline = (results.get("baseline") or {}).get("lighthouse")
    rows += [lighthouse_row(name, f"BASELINE {path} (offline)", r) for name, path, r in entries(baseline)]
    if not rows:
        return ""
    return ("Lighthouse (median of runs; metrics of the median run)\n"
            + table(rows, ["configuration", "page", "why", "perf", "a11y", "runs (perf)", "FCP", "LCP", "TBT", "CLS",
                           "weighted a11y audits failed"]))


def abbreviation(name: str) -> str:
    preset, server = CONFIGS[name]
    return f"{preset} {'gzip' if SERVERS[server] else 'plain'}"


def audit_table(results: dict) -> str:
    """Lighthouse audits below the pass mark on our pages, each with where it failed."""
    seen: dict[str, dict] = {}
    for name, path, r in entries(results.get("lighthouse")):
        for audit in r.get("audits_failed", []):
            entry = seen.setdefault(audit["id"], {**audit, "where": {}})
            entry["where"].setdefault(name, []).append(short(path))
    if not seen:
        return ""
    rows = []
    for audit_id, a in sorted(seen.items(), key=lambda kv: (kv[1]["category"], -kv[1]["weight"], kv[0])):
        sample = (a["items"][0] if a["items"] else {})
        configs_by_pages: dict[str, list[str]] = {}  # the same pages in several configurations: one entry
        for name, paths in a["where"].items():
            configs_by_pages.setdefault(" ".join(paths), []).append(abbreviation(name))
        where = "; ".join(f"{paths} ({', '.join(names)})" for paths, names in configs_by_pages.items())
        rows.append([a["category"][:4], audit_id, a["weight"], "server" if a["depends_on_server"] else "",
                     a["display_value"][:28], where, (sample.get("url") or sample.get("selector") or "")[:60]])
    return ("Lighthouse audits below the pass mark on our pages (weight 0: not counted in the score; "
            "details in results.json)\n" + table(rows, ["cat", "audit", "weight", "", "value", "where", "e.g."]))


def report(results: dict) -> str:
    """Everything measured, as text (the goal table is printed after it by run.py)."""
    parts = [machine_line(results["machine"])]
    if isinstance(results.get("build"), dict):
        parts.append(build_table(results["build"]))
    if isinstance(results.get("pages"), dict):
        parts.append(page_table(results["pages"], (results.get("baseline") or {}).get("page")))
    parts += [lighthouse_table(results), audit_table(results)]
    failures = results.get("failures") or []
    parts.append("Failures:\n" + ("\n".join(f"  - {f}" for f in failures) if failures else "  none"))
    return "\n\n".join(part for part in parts if part)
