"""The first Run All in JupyterLab from the reader's environment: what a Binder reader waits for.

Makes a virtual environment from ``requirements.txt`` alone, as Binder does (the test tools are
not in it), starts that environment's JupyterLab on a fresh copy of the repository with postBuild
applied (tests/lab_helpers.py), and in Debian's Chromium opens each chapter with charts in turn,
chooses Run → Run All Cells and waits until the kernel is idle and every chart is drawn. Prints,
for each chapter, the seconds from opening it to its kernel being ready and from Run All to the
last chart drawn. The first chapter is the cold start: Python compiles the new environment's
modules as the kernel first imports them.

    .venv/bin/python bench/reader_lab.py [--env DIR]    (run on an otherwise idle machine)

A measurement for the README, not a goal of ``make bench``: making the environment alone takes
about half a minute.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import browser as bench  # noqa: E402
import builds  # noqa: E402
import lab_helpers  # noqa: E402


def reader_environment(env: Path) -> Path:
    """A virtual environment made from requirements.txt alone; its bin directory."""
    if not (env / "bin" / "jupyter").exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        subprocess.run([str(env / "bin" / "pip"), "install", "-q", "-r", "requirements.txt"], cwd=ROOT, check=True)
    return env / "bin"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", type=Path, default=None, help="the reader's environment (made if missing)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    import test_lab  # its steps: open a chapter, Run All, wait for every chart

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        lab_helpers.BIN = reader_environment(args.env or work / "reader-env")
        root = builds.copy_repo(ROOT, work / "repo")
        with lab_helpers.jupyterlab(root, work / "home") as lab, sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
            print("chapter\topen_s\trun_all_s\tcharts")
            for chapter in test_lab.WITH_CHARTS:
                figures = lab_helpers.chart_cells(root / "chapters" / f"{chapter}.md")
                started = time.perf_counter()
                context, page, _ = test_lab._open(chromium, lab, chapter)
                opened = time.perf_counter()
                test_lab._run_all(page, len(figures))
                done = time.perf_counter()
                print(f"{chapter}\t{opened - started:.1f}\t{done - opened:.1f}\t{len(figures)}", flush=True)
                context.close()
                lab.stop_kernels()
            chromium.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
