"""Shared code of the book *Belarus 2020–2025*: load validated data, shape it, chart it.

A chapter's first cell is ``import belarusbook as bb; bb.enable()``; after that a chart cell reads
``bb.charts.bars(bb.shape.evidence(bb.load("sentences")), "person", ...)``. Kinds of chart:
``charts`` (figures), ``multiples`` (figures in different units), ``statements`` (reactions,
forecasts, events counted), ``timeline`` and ``maps``.

This module is the package's face: what the chapters use, gathered from three wings whose imports
run one way only, ``book`` → ``figures`` → ``data`` (see docs/maintaining.md):

* ``belarusbook.data``: where the data lives, its validation, loading and provenance, the catalogue,
  the coverage check, the citation and the registers;
* ``belarusbook.figures``: the chart theme, the shaping of rows and every kind of chart, and the
  renderer that turns a chart into one mime bundle for every target;
* ``belarusbook.book``: the Sphinx extension and what it drives (assets, pages, stills, PDF, EPUB,
  previews, reference pages, search) and the prose measure.
"""

import sys

# Altair imports jsonschema, which loads every format checker it finds as it is imported; one of
# them, rfc3987-syntax (which Jupyter's packages pull in), compiles some 35 Earley grammars as it
# loads: 1.5 s of every chapter kernel's start on an idle machine here, 4-6 s on a busy one, for
# the formats "iri" and "iri-reference", which no schema the book uses has (jsonschema issue
# #1428). Marked absent before Altair loads, it is skipped, and those two formats go unchecked.
sys.modules.setdefault("rfc3987_syntax", None)

from .data.load import dataset_names, load, sources  # noqa: E402
from .data.validate import DataError  # noqa: E402
from .figures import charts, maps, multiples, panel, shape, statements, timeline  # noqa: E402
from .figures.render import enable  # noqa: E402
from .version import __version__  # noqa: E402

#: Modules a chapter imports by name (``from belarusbook import catalogue``), loaded when asked for
#: so that ``python -m belarusbook.data.coverage`` does not find its module already imported.
_ON_DEMAND = {"catalogue": "data", "citation": "data", "coverage": "data"}


def __getattr__(name: str):
    if name in _ON_DEMAND:
        from importlib import import_module

        return import_module(f"{__name__}.{_ON_DEMAND[name]}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def glue(name: str, value) -> None:
    """Keep a number computed from the data for the prose (``{glue:text}`name```), so that a count
    in a sentence follows the data rather than being typed. Shows nothing in the notebook."""
    from myst_nb import glue as _glue

    _glue(name, value, display=False)


__all__ = ["charts", "maps", "multiples", "panel", "shape", "statements", "timeline", "load", "sources", "dataset_names", "enable", "DataError", "glue"]
