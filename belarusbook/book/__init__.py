"""The book wing: the Sphinx extension (``sphinx_ext``) and the modules it wires (``assets``,
``pages``, ``stills``, ``latex``, ``epub``, ``reference_pages``, ``termlinks``, ``search``), the link
and social previews (``previews``, ``social``), with the website's ``static/`` files and
``templates/``; and the prose measure (``prose``, its report ``prose_report``).

It imports from ``figures`` and ``data``; neither imports from it.
"""
