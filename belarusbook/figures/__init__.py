"""The figures wing: the chart theme (``theme``), rows shaped for charting (``shape``), the parts
every chart is built from (``parts``), the kinds of chart (``charts``, ``multiples``, ``statements``,
``timeline``, ``maps``, ``panel``), the renderer that turns a chart into one mime bundle for every
target (``render``) and the Vega-Lite types myst-nb is told about (``mime``).

It imports from ``data`` and nothing from ``book`` (tests/test_architecture.py holds this).
"""
