"""Which machine, which tools and which commit a run measured: times mean little without them
(the project's machine has 2 shared cores, so its load at the start and end is recorded too)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
from pathlib import Path

import browser
import lighthouse_cli
from common import REPO, VENV_BIN, command_output


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


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
        "load_average_at_start": load_average(),
        "python": platform.python_version(),
        "chromium": browser.chromium_version(),
        "node": command_output(["node", "--version"]),
        "lighthouse": lighthouse_cli.lighthouse_version(),
        "jupyter_book": command_output([str(VENV_BIN / "jupyter-book"), "--version"]).split("\n")[0],
        "xelatex": command_output(["xelatex", "--version"]).split("\n")[0] if shutil.which("xelatex") else None,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def source() -> dict:
    """Which version of the book was measured."""
    commit = command_output(["git", "-C", str(REPO), "rev-parse", "HEAD"])
    dirty = command_output(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
    return {"commit": commit, "uncommitted_changes": bool(dirty)}
