"""The book wing: the Sphinx extension (``sphinx_ext``, the one extension _config.yml lists) and the
modules it wires (``assets``, ``pages``, ``stills``, ``previews``, ``social``, ``latex``, ``epub``,
``reference_pages``, ``termlinks``, ``search``), with the website's ``static/`` files and
``templates/``; and the prose measure (``prose``, ``prose_report``).

It imports from ``figures`` and ``data``; neither imports from it (tests/test_architecture.py).
"""
