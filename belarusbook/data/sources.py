"""What the book knows about its five sources, and how a chart names them under itself."""

from __future__ import annotations

import csv
from functools import lru_cache

from .paths import DATA

#: How a chart's source line names each document (author-year, as the citations do).
SHORT = {
    "interview2020a": "Video interview summary A (2020)",
    "interview2020b": "Video interview summary B (2020)",
    "yeliseyeu2020": "Yeliseyeu (2020)",
    "mills2021": "Mills (2021), House of Commons Library",
    "preiherman2025": "Preiherman (2025), Eurasia Daily Monitor",
}
ORDER = list(SHORT)


@lru_cache(maxsize=None)
def metadata() -> dict[str, dict[str, str]]:
    """Rows of data/sources.csv by key."""
    with open(DATA / "sources.csv", newline="", encoding="utf-8") as fh:
        return {row["key"]: row for row in csv.DictReader(fh)}


def source_line(rows: list[dict]) -> str:
    """'Source: Mills (2021), House of Commons Library, §2.1, §3.2; Yeliseyeu (2020), …'."""
    found: dict[str, list[str]] = {}
    for row in rows:
        keys = [row.get("source")] + [k for k in (row.get("also_in") or "").split(";") if k]
        for key in keys:
            if not key:
                continue
            locators = found.setdefault(key, [])
            locator = row.get("locator") if key == row.get("source") else None
            if locator and locator not in locators:
                locators.append(locator)
    if not found:
        raise ValueError("a book chart's data must carry a 'source' column")
    unknown = set(found) - set(SHORT)
    if unknown:
        raise ValueError(f"unknown source keys in chart data: {sorted(unknown)}")
    parts = []
    for key in sorted(found, key=ORDER.index):
        locs = found[key]
        shown = ", ".join(locs[:6]) + (", …" if len(locs) > 6 else "")
        parts.append(SHORT[key] + (f", {shown}" if shown else ""))
    return "Source: " + "; ".join(parts) + "."
