"""The book's version, in a module of its own: the face (``belarusbook.__version__``), the PDF's
title page (``book/latex.py``) and the pages' footer (``book/pages.py``) all read it here."""

__version__ = "0.1.0"
