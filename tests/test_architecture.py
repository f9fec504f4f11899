"""The package's shape (docs/maintaining.md, "The package in three wings"): every import runs down
the flow book → figures → data, never up, and no module grows past what a reader takes in at once.

Each module under ``belarusbook/`` is parsed with ``ast`` (nothing is imported): its relative and
absolute imports, and any ``importlib.import_module("belarusbook…")``, are resolved to the module
they name and checked against the wings' order. ``version.py`` is a leaf below all three; the face
(``__init__.py``) and ``__main__.py`` stand above them.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = "belarusbook"
#: The wings from the bottom up: a module may import from its own wing or one below it.
WINGS = ["data", "figures", "book"]
#: Module lines allowed outside tests/ (the aim is about 300).
MAX_LINES = 320
#: Folders whose modules are not the project's own, besides tests/ and hidden ones.
SKIP = {"_build", "node_modules", "__pycache__"}


def module_name(path: Path, root: Path) -> str:
    """``belarusbook/figures/render.py`` → ``belarusbook.figures.render`` (a package: its name)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def level(name: str, package: str = PACKAGE) -> int | None:
    """Where a module of the package stands: the version leaf lowest, then data, figures, book, and
    the face (the package itself, ``__main__``) on top. Outside the package: None."""
    parts = name.split(".")
    if parts[0] != package:
        return None
    if len(parts) == 1 or parts[1] == "__main__":
        return len(WINGS)
    if parts[1] in WINGS:
        return WINGS.index(parts[1])
    if parts[1] == "version":
        return -1
    return len(WINGS)  # a module of the package in no wing stands with the face


def imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module of the package that ``path`` imports, with its line: ``from .. import figures``
    names ``belarusbook.figures``, ``from ..figures.render import x`` names
    ``belarusbook.figures.render``, ``from belarusbook import charts`` names the submodule where one
    exists and the face otherwise."""
    name = module_name(path, root)
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                exists = (root.parent / submodule.replace(".", "/")).with_suffix(".py").exists() or \
                    (root.parent / submodule.replace(".", "/") / "__init__.py").exists()
                out.append((node.lineno, submodule if exists else target))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.append((node.lineno, node.args[0].value))
    return [(line, target) for line, target in out if target.split(".")[0] == root.name]


def upward_imports(root: Path) -> list[str]:
    """Each import in the package at ``root`` that runs upward: a data module importing figures or
    book (or the face), a figures module importing book (or the face), the version leaf importing
    anything of the package."""
    found = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        own = level(name, root.name)
        for line, target in imported(path, root):
            theirs = level(target, root.name)
            if own == -1 or theirs > own:
                found.append(f"{path.relative_to(root.parent)}:{line}: {name} imports {target}")
    return found


def long_modules(root: Path, limit: int = MAX_LINES) -> list[str]:
    """Python modules of the repository over ``limit`` lines: tests/, the build, hidden folders
    (.venv, .git) and node_modules aside."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIP
                               and not (Path(folder) == root and d == "tests"))
        for name in sorted(f for f in files if f.endswith(".py")):
            path = Path(folder, name)
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_imports_run_down_the_wings():
    assert not upward_imports(ROOT / PACKAGE), "imports that run upward:\n" + "\n".join(upward_imports(ROOT / PACKAGE))


def test_the_wings_the_face_and_the_version_exist():
    root = ROOT / PACKAGE
    for wing in WINGS:
        assert (root / wing / "__init__.py").exists(), wing
        assert [p for p in (root / wing).glob("*.py") if p.name != "__init__.py"], f"{wing} holds no module"
    assert (root / "__init__.py").exists()
    assert (root / "__main__.py").exists()
    version = ast.parse((root / "version.py").read_text(encoding="utf-8"))
    assigned = {t.id for node in version.body if isinstance(node, ast.Assign) for t in node.targets}
    assert "__version__" in assigned
    # Nothing but the wings, the face, __main__ and the version at the top of the package.
    assert sorted(p.name for p in root.glob("*.py")) == ["__init__.py", "__main__.py", "version.py"]


def test_the_face_gives_every_name_when_first_asked_for():
    """Every name a chapter uses resolves through the face, and the data's command (``python -m
    belarusbook validate``) imports neither pandas nor Altair: the face imports a wing's module
    when a name in it is first asked for."""
    code = ("import sys, belarusbook as bb; from belarusbook.data import validate; "
            "print('pandas' in sys.modules, 'altair' in sys.modules); "
            "print(all(getattr(bb, n) is not None for n in [*bb.__all__, 'catalogue', 'citation', 'coverage'])); "
            "from belarusbook import charts, catalogue; print(charts.__name__, catalogue.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False", "True", "belarusbook.figures.charts", "belarusbook.data.catalogue"]


def test_no_module_is_too_long():
    assert not long_modules(ROOT), f"modules over {MAX_LINES} lines:\n" + "\n".join(long_modules(ROOT))


def plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("module, text, expected", [
    ("data/load.py", "from ..figures import theme\n", "belarusbook.data.load imports belarusbook.figures.theme"),
    ("data/load.py", "from .. import book\n", "belarusbook.data.load imports belarusbook.book"),
    ("data/load.py", "import belarusbook.book.pages\n", "belarusbook.data.load imports belarusbook.book.pages"),
    ("data/load.py", "from belarusbook.figures.theme import PRIMARY\n", "imports belarusbook.figures.theme"),
    ("data/load.py", "from belarusbook import charts\n", "belarusbook.data.load imports belarusbook"),
    ("figures/theme.py", "def f():\n    from ..book.pages import LOADER\n", "figures.theme imports belarusbook.book.pages"),
    ("figures/theme.py", "import importlib\nimportlib.import_module('belarusbook.book.pages')\n", "imports belarusbook.book.pages"),
    ("version.py", "from .data import paths\n", "belarusbook.version imports belarusbook.data.paths"),
])
def test_the_checker_finds_a_planted_upward_import(tmp_path, module, text, expected):
    """A small package with one upward import: the checker reports it, and only it."""
    files = {"__init__.py": "from .figures import theme\nfrom .version import __version__\n",
             "version.py": "__version__ = '0'\n",
             "data/__init__.py": "", "data/paths.py": "", "data/load.py": "from . import paths\n",
             "figures/__init__.py": "", "figures/theme.py": "from ..data.load import x\n",
             "book/__init__.py": "", "book/pages.py": "from ..figures import theme\nfrom ..version import __version__\n"}
    root = plant(tmp_path / PACKAGE, files)
    assert upward_imports(root) == []
    (root / module).write_text((root / module).read_text() + text, encoding="utf-8")
    found = upward_imports(root)
    assert len(found) == 1 and expected in found[0], found


def test_the_checker_finds_a_long_module(tmp_path):
    plant(tmp_path, {"pkg/long.py": "x = 1\n" * (MAX_LINES + 1), "pkg/short.py": "x = 1\n" * MAX_LINES,
                     "tests/test_long.py": "x = 1\n" * 999})
    assert long_modules(tmp_path) == [f"pkg/long.py: {MAX_LINES + 1} lines"]
