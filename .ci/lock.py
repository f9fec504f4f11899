"""Freeze the environment into two pinned files (``make lock``):

* ``requirements.txt``: what a reader needs to run and rebuild the chapters (Binder installs only
  this): the roots below and everything they depend on, at the versions installed in ``.venv``;
* ``requirements-test.txt``: ``-r requirements.txt``, then every other installed package (the
  test and maintenance tools: pytest, Playwright, axe, frictionless and what they pull in).

One set of pins: a package appears in one file only. Run it with the venv's Python after a
deliberate ``pip install``; it reads what is installed, it installs nothing.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
#: What a reader's environment is for: JupyterLab with the chapters as notebooks (jupytext), the
#: book's package and what it imports, and Jupyter Book to rebuild the site.
#: brotli is fontTools' woff2 codec (its "woff" extra), which the build uses to cut the theme's
#: icon fonts (book/assets.py); without it `make book` fails in the reader's environment.
READER_ROOTS = ("jupyterlab", "jupytext", "jupyter-book", "pandas", "altair", "vl-convert-python",
                "tabulate", "beautifulsoup4", "fonttools", "brotli", "sphinx-tippy", "sphinxext-opengraph",
                "ipykernel")
HEADER = ("# {what}. Pinned; regenerate with 'make lock' (.ci/lock.py).\n"
          "# Python 3.11 (see runtime.txt).\n")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, metadata.Distribution]:
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and canonical(name) != "belarusbook":
            found.setdefault(canonical(name), dist)
    return found


def closure(roots, dists: dict[str, metadata.Distribution]) -> set[str]:
    """The roots and every installed distribution they require, with the extras they ask for
    (``jsonschema[format-nongpl]`` brings the format checkers JupyterLab's server uses)."""
    env = default_environment()
    seen: set[tuple[str, str]] = set()
    todo = [(canonical(r), "") for r in roots]
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen:
            continue
        if name not in dists:
            sys.exit(f"{name} is not installed in this environment: install it, then run make lock")
        seen.add((name, extra))
        for text in dists[name].requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({**env, "extra": extra}):
                continue
            if extra and not (requirement.marker and "extra" in str(requirement.marker)):
                continue  # an extra adds only its own requirements
            child = canonical(requirement.name)
            if child in dists:
                todo += [(child, "")] + [(child, canonical(e)) for e in requirement.extras]
    return {name for name, _ in seen}


def pins(names, dists) -> list[str]:
    return sorted((f"{dists[n].metadata['Name']}=={dists[n].version}" for n in names), key=str.lower)


def main() -> None:
    dists = installed()
    tools = {"pip", "setuptools", "wheel"}  # left to the installer, as pip freeze leaves them
    reader = closure(READER_ROOTS, dists) - tools
    rest = set(dists) - reader - tools
    (ROOT / "requirements.txt").write_text(
        HEADER.format(what="What a reader needs to run and rebuild the chapters (Binder installs this)")
        + "\n".join(pins(reader, dists)) + "\n-e .\n", encoding="utf-8")
    (ROOT / "requirements-test.txt").write_text(
        HEADER.format(what="The tests and maintenance tools, on top of the reader's environment")
        + "-r requirements.txt\n" + "\n".join(pins(rest, dists)) + "\n", encoding="utf-8")
    print(f"requirements.txt: {len(reader)} packages; requirements-test.txt: {len(rest)} more")


if __name__ == "__main__":
    main()
