"""The data wing: where the data lives (``paths``), the sources and their short names
(``sources``), quotes checked against them (``provenance``), the datasets' validation (``validate``)
and loading (``load``), the data catalogue (``catalogue``), the book's citation (``citation``), the
coverage of the sources (``coverage``) and the registers of names, terms and dates (``registers``).

It imports nothing from ``figures`` or ``book`` (tests/test_architecture.py holds this).
"""
