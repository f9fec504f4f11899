"""Shared code of the book *Belarus 2020–2025*: load validated data, shape it, chart it.

A chapter's first cell is ``import belarusbook as bb; bb.enable()``; after that a chart cell reads
``bb.charts.bars(bb.shape.evidence(bb.load("sentences")), "person", ...)``. Kinds of chart:
``charts`` (figures), ``multiples`` (figures in different units), ``statements`` (reactions,
forecasts, events counted), ``timeline`` and ``maps``.
"""

from . import charts, maps, multiples, panel, shape, statements, timeline
from .load import dataset_names, load, sources
from .render import enable
from .validate import DataError


def glue(name: str, value) -> None:
    """Keep a number computed from the data for the prose (``{glue:text}`name```), so that a count
    in a sentence follows the data rather than being typed. Shows nothing in the notebook."""
    from myst_nb import glue as _glue

    _glue(name, value, display=False)


__all__ = ["charts", "maps", "multiples", "panel", "shape", "statements", "timeline", "load", "sources", "dataset_names", "enable", "DataError", "glue"]
__version__ = "0.1.0"
