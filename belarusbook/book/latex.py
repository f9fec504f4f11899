"""The PDF book: its title page's version and date, and repairs to the doctree that Sphinx and
sphinx-jupyterbook-latex hand to LaTeX (front matter, bibliography, long tables, and the
Reference part unnumbered as it is on the web)."""

from __future__ import annotations

from datetime import date

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..data import citation
from ..version import __version__

#: From here on, chapters are unnumbered and figures are numbered within the book's back matter,
#: as the HTML numbers them (Fig. 1 on the timeline page).
UNNUMBERED = (r"\setcounter{secnumdepth}{-1}\setcounter{figure}{0}\setcounter{table}{0}"
              r"\renewcommand{\thefigure}{\arabic{figure}}\renewcommand{\thetable}{\arabic{table}}")


#: Numbering as sphinxmanual.cls sets it, restored where the numbered part begins.
NUMBERED = r"\setcounter{secnumdepth}{2}"


def release(app, config) -> None:
    """The version and its release date, on the PDF's title page: from the package and from
    CITATION.cff, as on the How to cite page, not the day of the build."""
    config.version = config.release = __version__
    released = date.fromisoformat(citation.RELEASED)
    config.today = f"{released.day} {released:%B %Y}"


class LatexBook(SphinxPostTransform):
    """Repairs to the PDF's doctree, once sphinx-jupyterbook-latex (700) and Sphinx (750) have
    arranged it into one book."""

    builders = ("latex",)
    default_priority = 760
    LONGTABLE_ROWS = 30  # Sphinx's LaTeX writer sets a table of more rows as a longtable

    def apply(self, **kwargs) -> None:
        root = self.config.root_doc
        if self.app.project.path2doc(self.document["source"]) != root:
            return
        self.front_matter(root)
        self.unnumbered_summary(root)
        self.unnumbered_back_matter(root)
        self.bibliography()
        self.long_tables()

    def front_matter(self, root: str) -> None:
        """The root page becomes front matter whose title LaTeX drops: give it back, as an
        unnumbered chapter in the contents that keeps its labels (references to it resolve)."""
        section = next(s for s in self.document.findall(nodes.section) if s.get("docname") == root)
        title = escape(section[0].astext())
        labels = "".join(rf"\phantomsection\label{{\detokenize{{{root}:{id_}}}}}" for id_ in section["ids"])
        section.insert(1, nodes.raw("", rf"\chapter*{{{title}}}\addcontentsline{{toc}}{{chapter}}{{{title}}}"
                                        rf"\markboth{{{title}}}{{{title}}}{labels}", format="latex"))

    def unnumbered_summary(self, root: str) -> None:
        """Pages between the root and the numbered part (Key findings) are unnumbered, as on the
        web, so that the first chapter of the evidence is chapter 1 in the PDF too."""
        numbered = self.env.toc_secnumbers
        before = True
        for page in self.document.findall(addnodes.start_of_file):
            if numbered.get(page["docname"]):
                if not before:  # there were unnumbered pages: number again from here
                    page.insert(0, nodes.raw("", NUMBERED, format="latex"))
                return
            if page["docname"] != root and before:
                page.insert(0, nodes.raw("", r"\setcounter{secnumdepth}{-1}", format="latex"))
                before = False

    def unnumbered_back_matter(self, root: str) -> None:
        """The web book numbers only the chapters of its numbered part (_toc.yml); LaTeX would
        number every chapter. Stop numbering at the first unnumbered page after a numbered one
        (the pages before the numbered part are front matter already)."""
        numbered = self.env.toc_secnumbers
        after_numbered = False
        for page in self.document.findall(addnodes.start_of_file):
            if numbered.get(page["docname"]):
                after_numbered = True
            elif after_numbered:
                page.insert(0, nodes.raw("", UNNUMBERED, format="latex"))
                return

    def bibliography(self) -> None:
        """Sphinx gathers the bibliography at the end of the book: put it back on the page whose
        {bibliography} directive made it (the preamble in _config.yml drops its own heading)."""
        pages = {page["docname"]: page for page in self.document.findall(addnodes.start_of_file)}
        for bibliography in list(self.document.findall(thebibliography)):
            page = pages.get(bibliography[0].get("docname"))
            if page is not None:
                bibliography.parent.remove(bibliography)
                next(page.findall(nodes.section)).append(bibliography)

    def long_tables(self) -> None:
        """A longtable cannot size its columns from their contents as tabulary does, so a long
        table with MyST's automatic widths keeps each column at its natural width, off the page
        (the names page). Give each of its columns an equal share of the line instead."""
        for table in list(self.document.findall(nodes.table)):
            if "colwidths-auto" in table["classes"] and len(list(table.findall(nodes.row))) > self.LONGTABLE_ROWS:
                n = len(list(table.findall(nodes.colspec)))
                spec = rf"*{{{n}}}{{>{{\raggedright\arraybackslash}}\X{{1}}{{{n}}}}}"
                table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=spec))
