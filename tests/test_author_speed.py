"""Speed for authors, on this machine: a cold build within 120 s, a rebuild with nothing changed
within 15% of it, and an edit to one chapter's code re-executing that chapter only. Uses the
benchmark's own steps (bench/run.py) on a copy of the repository."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import run as bench_run  # noqa: E402


def test_cold_warm_and_one_chapter_builds(tmp_path):
    book = bench_run.copy_repo(ROOT, tmp_path / "book")
    cold = bench_run.jupyter_book_build(book, "test-cold", ["-W", "-n", "--keep-going"])
    assert cold["ok"] and cold["warnings"] == 0, cold["first_warnings"]
    assert cold["seconds"] <= 120, cold["seconds"]
    chapters = sorted(p.relative_to(book).as_posix() for p in (book / "chapters").glob("*.md"))
    with_code = {c for c in chapters if "{code-cell}" in (book / c).read_text()}
    assert with_code <= set(cold["executed_by_cache_records"]), "a cold build executes every chapter with code"

    warm = bench_run.jupyter_book_build(book, "test-warm", ["-W", "-n", "--keep-going"])
    assert warm["ok"] and warm["executed_by_cache_records"] == []
    assert warm["seconds"] <= 0.15 * cold["seconds"], (warm["seconds"], cold["seconds"])

    bench_run.touch_first_code_cell(book / "chapters" / "repression.md")
    edited = bench_run.jupyter_book_build(book, "test-one", ["-W", "-n", "--keep-going"])
    assert edited["ok"]
    assert edited["executed_by_cache_records"] == ["chapters/repression.md"]
