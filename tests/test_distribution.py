"""Distribution: the PDF through real LaTeX, every chapter run as a notebook the way Binder runs
it, and citation metadata that validates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import jsonschema
import pytest
import yaml
from nbclient import NotebookClient

from conftest import ROOT
from lab_helpers import chart_cells



@pytest.mark.latex
def test_pdf_has_at_least_40_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 40, pages


@pytest.mark.latex
def test_pdf_has_every_figure_caption_and_no_unresolved_reference(pdf_text, pages):
    captions = re.findall(r"Fig\. (\d+(?:\.\d+)?): ", pdf_text)
    assert len(captions) >= 18, len(captions)
    html_captions = []
    for text in pages.values():
        for figure in re.findall(r'<figure[^>]*id="fig-[^"]+"[^>]*>.*?<span class="caption-text">(.*?)</span>', text, re.S):
            html_captions.append(re.sub(r"<[^>]+>", "", figure).strip())
    flat = " ".join(pdf_text.split())
    for caption in html_captions:
        assert " ".join(caption.split())[:60] in flat, caption
    assert "??" not in pdf_text
    assert "alt.Chart(" not in pdf_text and "LayerChart(" not in pdf_text


@pytest.mark.latex
def test_pdf_charts_are_vector_figures(pdf):
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    raster = [l for l in images.splitlines()[2:] if l.strip()]
    assert raster == [], raster[:5]


@pytest.mark.latex
def test_pdf_has_title_page_contents_and_bibliography(pdf_text):
    from belarusbook import __version__
    first = pdf_text.split("\f")[0]
    assert "Belarus 2020–2025" in first and f"Version {__version__}" in first and "book editors" in first
    assert "CONTENTS" in pdf_text.upper()
    entries = re.findall(r"^\[(\d+)\] (.+)$", pdf_text, re.M)  # the bibliography: "[1] Claire Mills. Belarus: …"
    assert [int(n) for n, _ in entries] == [1, 2, 3, 4, 5], entries
    for author in ("Claire Mills", "Andrei Yeliseyeu", "Yauheni Preiherman", "Unnamed interviewee"):
        assert any(entry.startswith(author) for _, entry in entries), author
    assert "bZv6B6mVrm0" in " ".join(pdf_text.split())


@pytest.mark.parametrize("chapter", sorted(p.stem for p in (ROOT / "chapters").glob("*.md") if not chart_cells(p)))
def test_chapter_runs_as_a_notebook_from_its_own_folder(chapter, tmp_path, monkeypatch):
    """What a reader in Binder does: open the .md as a notebook (jupytext) and run all cells,
    in the chapter's folder, with this environment's kernel (made from requirements.txt). The
    chapters with charts are run once, in JupyterLab itself, which checks the same of them
    (tests/test_lab.py: no error, every chart drawn by JupyterLab's Vega 5 renderer and no HTML in
    its place; tests/test_charts.py: the bundle a chart cell gives outside a book build)."""
    import jupytext

    monkeypatch.delenv("BELARUSBOOK_BOOK_BUILD", raising=False)
    notebook = jupytext.read(ROOT / "chapters" / f"{chapter}.md")
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "chapters")}})
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if "application/vnd.vegalite.v5+json" in o.get("data", {})]
    for chart in charts:
        # JupyterLab ranks text/html above Vega-Lite; outside a book build there is none, so
        # JupyterLab draws the chart natively.
        assert "text/html" not in chart["data"]
        assert chart["data"]["application/vnd.vegalite.v5+json"]["$schema"].endswith("/v5.json")


def test_a_chapter_kernel_starts_without_compiling_the_iri_grammars():
    """rfc3987-syntax is in the environment (Jupyter's packages pull it in) and compiles its
    grammars when jsonschema loads it; a chapter's first cell, ``import belarusbook``, leaves it
    out (belarusbook/__init__.py says why), and Altair and jsonschema still load and validate."""
    def python(code: str) -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              cwd=ROOT / "chapters").stdout.strip()

    assert python("import importlib.util; print(importlib.util.find_spec('rfc3987_syntax') is not None)") == "True"
    assert python("import sys, belarusbook, altair, jsonschema; "
                  "jsonschema.validate(1, {'type': 'integer'}, format_checker=jsonschema.FormatChecker()); "
                  "print(sys.modules['rfc3987_syntax'] is None, 'jsonschema._format' in sys.modules)") == "True True"


def test_citation_cff_validates_against_the_cff_1_2_0_schema():
    """The schema cffconvert 2.0 itself uses (vendored: cffconvert pins jsonschema<4, which
    JupyterLab's server cannot share an environment with)."""
    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.json").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff["date-released"] = str(cff["date-released"])
    jsonschema.validate(cff, schema, cls=jsonschema.Draft7Validator)
    assert cff["cff-version"] == "1.2.0"


def test_version_and_metadata_agree_everywhere():
    from belarusbook import __version__, citation
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert cff["version"] == zenodo["version"] == __version__ == citation.VERSION
    assert f'version = "{__version__}"' in pyproject
    assert str(cff["date-released"]) == zenodo["publication_date"]
    assert cff["title"] == zenodo["title"]


def test_binder_is_configured(html):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"] and buttons["notebook_interface"] == "jupyterlab"
    assert config["repository"]["url"].startswith("https://") and config["repository"]["branch"] == "main"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert "jupytext-config set-default-viewer" in (ROOT / "postBuild").read_text()
    requirements = (ROOT / "requirements.txt").read_text()
    # brotli: the build cuts the theme's icon fonts to woff2 with fontTools, which needs it
    for package in ("jupyter-book==1.0.4.post1", "jupytext==", "jupyterlab==", "altair==", "vl-convert-python==",
                    "brotli=="):
        assert package in requirements
    assert requirements.rstrip().endswith("-e .")
    # Binder installs the reader's environment only: no test tool in it, and the test file adds
    # them on top of the same pins, never a second pin of a package
    tests = (ROOT / "requirements-test.txt").read_text()
    assert tests.splitlines()[2] == "-r requirements.txt"
    for package in ("pytest==", "playwright==", "axe-playwright-python=="):
        assert package not in requirements and package in tests
    pinned = [line.split("==")[0].lower() for text in (requirements, tests) for line in text.splitlines() if "==" in line]
    assert len(pinned) == len(set(pinned))
    page = (html / "chapters" / "repression.html").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in page and "urlpath=lab" in page


def test_html_book_offers_downloads(html):
    # Without `make pdf` (`make epub`) the page says how to make the PDF (EPUB) instead of linking to nothing; the
    # link itself is tested once the PDF exists (test_rebuilds.py).
    page = (html / "chapters" / "how-to-cite.html").read_text(encoding="utf-8")
    assert 'href="../belarus-2020-2025.pdf"' not in page and "<code>make pdf</code>" in page
    assert 'href="../belarus-2020-2025.epub"' not in page and "<code>make epub</code>" in page
    repression = (html / "chapters" / "repression.html").read_text(encoding="utf-8")
    assert "_sources/chapters/repression.md" in repression  # the page's source download


@pytest.fixture(scope="session")
def epub_files(epub) -> dict[str, str]:
    with zipfile.ZipFile(epub) as book:
        return {name: book.read(name).decode("utf-8", errors="replace") for name in book.namelist()
                if name.endswith((".xhtml", ".opf", ".css"))} | {
                    name: "" for name in book.namelist() if name.endswith(".png")}


def test_epub_passes_epubcheck(epub):
    """epubcheck, the EPUB's reference validator (Debian's package, a Java program)."""
    done = subprocess.run(["java", "-jar", "/usr/bin/epubcheck", str(epub)], capture_output=True, text=True)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-4000:]
    assert re.search(r"Messages: 0 fatals / 0 errors", report), report[-4000:]


def test_epub_has_every_chart_as_an_image_with_its_caption_and_the_bibliography(epub_files, pages, page_specs):
    chapters = {name: text for name, text in epub_files.items() if name.startswith("chapters/") and name.endswith(".xhtml")}
    images = [src for text in chapters.values() for src in re.findall(r'<img[^>]+src="(\.\./_images/[^"]+\.png)"', text)]
    charts = sum(len(specs) for specs in page_specs.values())
    assert len(images) == charts >= 18, (len(images), charts)
    for src in images:
        assert src.replace("../", "") in epub_files, src
    assert not any("<script" in text for text in chapters.values())
    flat = " ".join(" ".join(chapters.values()).split())
    for text in pages.values():
        for caption in re.findall(r'<figcaption>.*?<span class="caption-text">(.*?)</span>', text, re.S):
            assert " ".join(re.sub(r"<[^>]+>", "", caption).split())[:50] in re.sub(r"<[^>]+>", "", flat), caption
    references = re.sub(r"<[^>]+>", " ", chapters["chapters/references.xhtml"])
    for needle in ("Claire Mills", "Andrei Yeliseyeu", "Yauheni Preiherman"):
        assert needle in " ".join(references.split()), needle


def test_key_findings_come_first_and_the_chapters_are_numbered_as_on_the_web(pdf_text, epub_files, html):
    """The key findings follow the About page, unnumbered, in the PDF and the EPUB as on the web;
    the first chapter of the evidence is chapter 1 everywhere and the conclusion follows the outlook."""
    contents = pdf_text[pdf_text.index("CONTENTS"):]
    order = [contents.index(t) for t in ("About this book", "Key findings", "1 The 2020 election",
                                          "5 Outlook", "6 Conclusion")]
    assert order == sorted(order), order
    # the contents line of the findings carries no chapter number ("Key findings ... 9", not "1 Key findings ... 9")
    assert re.search(r"^Key findings[ \t.]+\d+[ \t]*$", contents, re.M)
    assert not re.search(r"^[ \t]*\d+[ \t]+Key findings[ \t.]+\d+[ \t]*$", contents, re.M)
    spine = re.findall(r'<itemref idref="([^"]+)"', epub_files[next(n for n in epub_files if n.endswith(".opf"))])
    manifest = dict(re.findall(r'<item[^>]+id="([^"]+)"[^>]+href="([^"]+)"', epub_files[next(n for n in epub_files if n.endswith(".opf"))]))
    hrefs = [manifest.get(i, "") for i in spine]
    pages = [h for h in hrefs if h.startswith("chapters/")]
    assert pages[:3] == ["chapters/about.xhtml", "chapters/findings.xhtml", "chapters/election.xhtml"], pages[:4]
    election = (html / "chapters" / "election.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="section-number">1\. </span>The 2020 election', election)
