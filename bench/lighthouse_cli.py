"""One run of the pinned Lighthouse (bench/node_modules, pinned by bench/package-lock.json), for the
benchmark (bench/lighthouse.py) and the tests (tests/test_reader.py): ``run_lighthouse(url,
out_json, preset="desktop", categories=...)`` runs the desktop preset or Lighthouse's default
(mobile) configuration and returns the scores and the audits that failed. Its Chromium is
Debian's, pointed at a dead proxy, which the loopback addresses bypass, so a page's attempt to
reach another host fails at once and is counted (the network-requests audit).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from browser import BENCH, CHROMIUM, CHROMIUM_ARGS, BenchError, free_port, is_local

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility")
PRESETS = {"desktop": ["--preset=desktop"], "mobile": []}  # mobile: Lighthouse's default config
LIGHTHOUSE_TIMEOUT = 300  # seconds for one Lighthouse run
PASS = 0.9  # Lighthouse's own pass threshold for an audit's score
# Audits whose result depends on the server (python -m http.server: no compression, no cache
# headers, HTTP/1.1), not on the pages; the real host decides these.
SERVER_AUDITS = {"uses-long-cache-ttl", "cache-insight", "uses-text-compression", "document-latency-insight",
                 "server-response-time", "uses-http2", "modern-http-insight"}


def ensure_lighthouse(timeout: int = 900) -> Path:
    """Install the pinned Lighthouse into bench/node_modules if it is missing (npm ci: exactly the
    versions in bench/package-lock.json)."""
    if LIGHTHOUSE.exists():
        return LIGHTHOUSE
    npm = shutil.which("npm")
    if npm is None:
        raise BenchError("Lighthouse needs Node and npm: apt-get install nodejs npm")
    command = [npm, "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not LIGHTHOUSE.exists():
        raise BenchError(f"could not install Lighthouse ({' '.join(command)}):\n{done.stderr[-2000:]}")
    return LIGHTHOUSE


def lighthouse_version() -> str:
    package = BENCH / "node_modules" / "lighthouse" / "package.json"
    if package.exists():
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    return json.loads((BENCH / "package.json").read_text(encoding="utf-8"))["dependencies"]["lighthouse"]


def lighthouse_command(url: str, out_json, preset: str = "desktop",
                       categories: tuple[str, ...] = LIGHTHOUSE_CATEGORIES) -> list[str]:
    """``preset``: "desktop" (``--preset=desktop``) or "mobile" (Lighthouse's default configuration:
    a phone's screen, simulated slow 4G and a 4x slower CPU). ``categories``: the bench's two, or
    accessibility alone (the tests: no trace, no screenshots), which keeps the network-requests
    audit all the same, for the hosts a page reaches (``--only-audits`` adds to the categories)."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)}, not {preset!r}")
    if not set(categories) <= set(LIGHTHOUSE_CATEGORIES) or not categories:
        raise ValueError(f"categories must be some of {LIGHTHOUSE_CATEGORIES}, not {categories!r}")
    only = [f"--only-categories={','.join(categories)}"]
    if "performance" not in categories:
        only += ["--only-audits=network-requests", "--disable-full-page-screenshot"]
    # A proxy nobody listens on: Chromium bypasses proxies for loopback, so the served book loads
    # and any other host fails at once (and shows in the network-requests audit).
    dead_proxy = f"--proxy-server=http://127.0.0.1:{free_port()}"
    flags = ["--headless=new", *CHROMIUM_ARGS, dead_proxy]
    return [str(LIGHTHOUSE), url, *PRESETS[preset], *only,
            f"--chrome-path={CHROMIUM}", f"--chrome-flags={' '.join(flags)}", "--output=json",
            f"--output-path={out_json}", "--quiet", "--max-wait-for-load=60000"]


def run_lighthouse(url: str, out_json, preset: str = "desktop",
                   categories: tuple[str, ...] = LIGHTHOUSE_CATEGORIES) -> dict:
    """One Lighthouse run. Returns the score of each of ``categories`` and "audits_failed",
    "metrics", "external_requests", "warnings"; the full report stays in ``out_json``."""
    ensure_lighthouse()
    out_json = Path(out_json)
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.unlink(missing_ok=True)
    try:
        done = subprocess.run(lighthouse_command(url, out_json, preset, categories), capture_output=True, text=True,
                              timeout=LIGHTHOUSE_TIMEOUT, env={**os.environ, "CHROME_PATH": CHROMIUM})
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"Lighthouse did not finish {url} within {LIGHTHOUSE_TIMEOUT} s") from exc
    if done.returncode != 0 or not out_json.exists():
        raise BenchError(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return summarise_lighthouse(json.loads(out_json.read_text(encoding="utf-8")))


def summarise_lighthouse(report: dict) -> dict:
    if report.get("runtimeError"):
        raise BenchError(f"Lighthouse runtime error: {report['runtimeError']}")
    scores = {name: report["categories"][name]["score"] for name in LIGHTHOUSE_CATEGORIES if name in report["categories"]}
    return {
        **scores,
        "audits_failed": failed_audits(report),
        "metrics": metrics(report),
        "external_requests": external_requests(report),
        "warnings": list(report.get("runWarnings") or []),
    }


def failed_audits(report: dict) -> list[dict]:
    """Every scored audit in the two categories below Lighthouse's pass mark (0.9), metrics aside
    (they are in ``metrics``), with what Lighthouse says is wrong and where."""
    failed = []
    for category in (c for c in LIGHTHOUSE_CATEGORIES if c in report["categories"]):
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("group") == "metrics" or audit.get("score") is None:
                continue
            if category == "performance" and ref.get("group") == "hidden":
                continue  # Lighthouse 12's experimental "insights", duplicates of the diagnostics
            if audit.get("scoreDisplayMode") in ("manual", "notApplicable", "informative", "error"):
                continue
            if audit["score"] >= PASS:
                continue
            failed.append({
                "category": category,
                "id": audit["id"],
                "title": audit.get("title", ""),
                "score": audit["score"],
                "display_value": audit.get("displayValue", ""),
                "weight": ref.get("weight", 0),
                "depends_on_server": audit["id"] in SERVER_AUDITS,
                "items": audit_items(audit),
            })
    return sorted(failed, key=lambda a: (a["category"], a["id"]))


def audit_items(audit: dict, limit: int = 12) -> list[dict]:
    """The offending elements or resources of an audit, in a short, stable form."""
    items = []
    for item in _flat_items(audit.get("details") or {}):
        entry = {}
        node = item.get("node") if isinstance(item.get("node"), dict) else None
        if node:
            entry["selector"] = node.get("selector", "")
            entry["snippet"] = node.get("snippet", "")[:300]
            entry["label"] = node.get("nodeLabel", "")[:200]
            if node.get("explanation"):
                entry["explanation"] = node["explanation"][:600]
        for key in ("url", "wastedBytes", "wastedMs", "totalBytes", "transferSize", "duration", "cacheLifetimeMs"):
            if isinstance(item.get(key), (str, int, float)):
                entry[key] = item[key]
        source = item.get("source") if isinstance(item.get("source"), dict) else None
        if source and source.get("url"):  # a script location (e.g. uses-passive-event-listeners)
            entry.setdefault("url", source["url"])
            entry["line"], entry["column"] = source.get("line"), source.get("column")
        if entry:
            items.append(entry)
        if len(items) >= limit:
            break
    return items


def _flat_items(details: dict) -> list[dict]:
    """A details block's rows; nested tables (list sections) are flattened; checklists skipped."""
    rows = details.get("items")
    if not isinstance(rows, list):
        return []
    out = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        if row.get("type") in ("table", "opportunity", "list") and isinstance(row.get("items"), list):
            out.extend(_flat_items(row))
        else:
            out.append(row)
    return out


def metrics(report: dict) -> dict:
    ids = {"first-contentful-paint": "fcp_ms", "largest-contentful-paint": "lcp_ms", "total-blocking-time": "tbt_ms",
           "cumulative-layout-shift": "cls", "speed-index": "speed_index_ms", "interactive": "tti_ms"}
    out = {}
    for audit_id, name in ids.items():
        audit = report["audits"].get(audit_id) or {}
        value = audit.get("numericValue")
        out[name] = None if value is None else (round(value, 3) if name == "cls" else int(round(value)))
        out[name.removesuffix("_ms") + "_score"] = audit.get("score")
    return out


def external_requests(report: dict) -> list[str]:
    if "network-requests" not in report["audits"]:
        raise BenchError("the report has no network-requests audit: the hosts a page reaches are unknown")
    items = (report["audits"]["network-requests"].get("details") or {}).get("items") or []
    return sorted({item["url"] for item in items if item.get("url") and not is_local(item["url"])})
