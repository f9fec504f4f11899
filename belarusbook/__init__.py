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

from importlib import import_module  # noqa: E402

from .version import __version__  # noqa: E402

#: What a chapter uses, by name: a module of the wings, or a name in one (``bb.load``,
#: ``bb.charts``, ``from belarusbook import catalogue``). Each is imported when first asked for,
#: so that the data's commands (``python -m belarusbook validate``, the coverage) import neither
#: pandas nor Altair, and ``python -m belarusbook.data.coverage`` does not find its module
#: already imported.
_FACE = {
    "load": ("data.load", "load"), "dataset_names": ("data.load", "dataset_names"), "sources": ("data.load", "sources"),
    "DataError": ("data.validate", "DataError"),
    "catalogue": ("data.catalogue", None), "citation": ("data.citation", None), "coverage": ("data.coverage", None),
    **{kind: (f"figures.{kind}", None) for kind in ("charts", "maps", "multiples", "panel", "shape", "statements", "timeline")},
    "enable": ("figures.render", "enable"),
}


def __getattr__(name: str):
    if name not in _FACE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _FACE[name]
    value = import_module(f"{__name__}.{module}")
    value = getattr(value, attribute) if attribute else value
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FACE})


def glue(name: str, value) -> None:
    """Keep a number computed from the data for the prose (``{glue:text}`name```), so that a count
    in a sentence follows the data rather than being typed. Shows nothing in the notebook."""
    from myst_nb import glue as _glue

    _glue(name, value, display=False)


__all__ = ["charts", "maps", "multiples", "panel", "shape", "statements", "timeline", "load", "sources", "dataset_names",
           "enable", "DataError", "glue", "__version__"]
