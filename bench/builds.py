"""Author speed: ``jupyter-book build`` in a copy of the repository, cold, warm, after a one-chapter
edit (markdown, then code), and the PDF; and which notebooks each build executed.

The copy holds what a fresh clone plus the author's unsaved work would (no _build), with the
copy's own ``belarusbook`` first on PYTHONPATH (the venv's editable install points at the repo).
What a build executed is read twice: from its log ("Executing notebook") and from jupyter-cache's
records (which changed); the tests rely on the second. Shared with tests/test_author_speed.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from browser import BenchError
from common import LAST, REPO, STRICT, VENV_BIN, log, shown_path

BUILD_TIMEOUT = 1800  # seconds for one jupyter-book build
TOUCHED = "chapters/repression.md"  # the chapter the one-chapter builds edit
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def copy_repo(src: Path, dst: Path) -> Path:
    """Tracked files plus untracked files that git does not ignore: what a fresh clone plus the
    author's unsaved work would hold, and no _build."""
    listed = subprocess.run(["git", "-C", str(src), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True, timeout=120).stdout.decode().split("\0")
    dst.mkdir(parents=True, exist_ok=True)
    for name in filter(None, listed):
        source = src / name
        if source.is_file():  # a file deleted in the work tree is still listed by --cached
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dst / name)
    return dst


def make_book_copy(target: Path) -> Path:
    return copy_repo(REPO, target)


def build_env(book: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(book), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    return env


def run_logged(command: list[str], cwd: Path, log_file: Path, timeout: int = BUILD_TIMEOUT) -> tuple[float, int]:
    """Run ``command``; output to ``log_file``; return (seconds, exit code). On timeout, or if
    this process is interrupted, the whole process group (kernels, latexmk) is killed."""
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

    return {relative(record.uri, book): record.created.isoformat()
            for record in get_cache(str(cache)).list_cache_records()}


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


def jupyter_book_build(book_dir: Path, name: str, extra_args: list[str], log_dir: Path = LAST) -> dict:
    """One ``jupyter-book build`` of ``book_dir``: seconds, exit code (``ok``), warnings, and what was
    executed (``executed_by_cache_records``: the notebooks whose cache record changed)."""
    jb = VENV_BIN / "jupyter-book"
    if not jb.exists():
        raise BenchError(f"no jupyter-book at {jb}: run make venv, and run this as .venv/bin/python bench/run.py")
    before = cache_records(book_dir)
    log_file = log_dir / f"build-{name}.log"
    log(f"build {name}: jupyter-book build {' '.join(extra_args)}")
    seconds, code = run_logged([str(jb), "build", str(book_dir), *extra_args], book_dir, log_file)
    after = cache_records(book_dir)
    parsed = parse_build_log(log_file.read_text(encoding="utf-8", errors="replace"), book_dir)
    executed_by_cache = sorted(path for path, when in after.items() if before.get(path) != when)
    log(f"build {name}: {seconds} s, exit {code}, executed {parsed['executed_notebooks'] or 'nothing'}")
    return {"seconds": seconds, "exit_code": code, "ok": code == 0, "log": shown_path(log_file),
            "command": f"jupyter-book build <copy> {' '.join(extra_args)}",
            "executed_by_cache_records": executed_by_cache, **parsed}


def append_blank_line(path: Path) -> None:
    """A markdown-only edit: Sphinx re-reads the page; jupyter-cache (code cells only) is unmoved."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n")


def touch_first_code_cell(path: Path) -> None:
    """Add a comment as the last line of the first code cell (a different one each time): the
    cell's code changes, so jupyter-cache must execute this notebook again, and only this one.

    Chapters are jupytext's MyST form: a cell opens with ```{code-cell} (its options, a ``---``
    block or ``:key:`` lines, come first) and closes with a fence of the same backticks."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(r"^`{3,}\{code-cell\}", line))
    fence = re.match(r"^`+", lines[start]).group(0)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == fence)
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
    log_text = (REPO / result["log"]).read_text(encoding="utf-8", errors="replace")
    pages = re.findall(r"Output written on \S+\.pdf \((\d+) pages?\)", log_text)
    return {**result, "pdf": pdf.name if pdf else None, "pdf_bytes": pdf.stat().st_size if pdf else None,
            "pdf_pages": int(pages[-1]) if pages else None, "ok": result["ok"] and pdf is not None,
            "note": "after the HTML builds: the execution cache is warm, so this is LaTeX + Sphinx time"}


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
    """Cold, warm, one chapter's markdown, one chapter's code, PDF: in this order, in ``book``."""
    return {
        "copy": "git ls-files --cached --others --exclude-standard, into a temporary folder",
        "repeats_of_incremental_builds": repeats,
        "cold": jupyter_book_build(book, "cold", STRICT),
        "warm": {"changed": "nothing", **repeated_build(book, "warm", repeats)},
        "one_chapter_markdown": {"changed": f"{TOUCHED}: a blank line appended",
                                 **repeated_build(book, "one-chapter-markdown", repeats, append_blank_line)},
        "one_chapter_code": {"changed": f"{TOUCHED}: a comment added to its first code cell",
                             **repeated_build(book, "one-chapter-code", repeats, touch_first_code_cell)},
        "pdf": pdf_build(book) if with_pdf else {"seconds": None, "reason": "skipped (--no-pdf)"},
    }
