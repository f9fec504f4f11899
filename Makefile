# Belarus 2020–2025 — every task in one place. Each target makes the virtual environment it needs,
# so all of them work from a fresh clone. See README.md.

PYTHON       ?= python3
VENV         := .venv
BIN          := $(VENV)/bin
STAMP        := $(VENV)/.installed
TEST_STAMP   := $(VENV)/.installed-test
JB           := $(BIN)/jupyter-book
STRICT       := -W -n --keep-going
# Debian packages the tests need: a real browser, a real LaTeX, pdftotext, epubcheck, and Node for
# Lighthouse; the font the charts' stills are laid out in (belarusbook/book/stills.py).
DEB_PACKAGES := chromium texlive-xetex texlive-latex-extra texlive-fonts-recommended \
                texlive-fonts-extra latexmk fonts-freefont-otf poppler-utils epubcheck fonts-dejavu-core
# Node (for Lighthouse) comes from Debian only where no node/npm is on the PATH already.
NODE_PACKAGES := nodejs npm

.PHONY: help book pdf epub data coverage prose test serve clean bench lock system-deps venv

help:
	@echo "make book   build the HTML book from nothing (venv, install, strict build) -> _build/html"
	@echo "make pdf    build the whole book as a PDF through LaTeX -> _build/latex/belarus-2020-2025.pdf,"
	@echo "            and copy it into _build/html for the web book's download link"
	@echo "make epub   build the whole book as an EPUB 3 (charts as images), check it with epubcheck"
	@echo "            -> _build/epub/belarus-2020-2025.epub, and copy it into _build/html"
	@echo "make data   validate every dataset: schema, types, and each quote against its source; then coverage"
	@echo "make coverage  every dated or numbered sentence of the sources: in a row or in omitted.csv?"
	@echo "make prose  measure the chapters' prose: sentence length, sources cited together, repetition, numbers"
	@echo "make test   install what the tests need (requirements-test.txt) and run every test; lists the slowest ten"
	@echo "make lock   freeze .venv into requirements.txt (the reader's: Binder) and requirements-test.txt"
	@echo "make serve  serve the built book on http://localhost:8000"
	@echo "make bench  measure builds, pages and Lighthouse (desktop, mobile) against the goals; exit 1 on a miss"
	@echo "make clean  remove the build, the execution cache and generated files"

# The reader's environment (requirements.txt, what Binder installs) makes and builds the book; the
# tests and maintenance tools (requirements-test.txt, which starts with -r requirements.txt) are
# added on top for the targets that need them. One set of pins: `make lock` writes both files.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(TEST_STAMP)

venv: $(STAMP)

book: $(STAMP)
	$(JB) build . $(STRICT)
	@test -f _build/html/belarus-2020-2025.pdf || echo "The PDF is not part of this build: 'make pdf' makes it and links it from How to cite."
	@test -f _build/html/belarus-2020-2025.epub || echo "The EPUB is not part of this build: 'make epub' makes it and links it from How to cite."

# The PDF is also copied into the HTML book, and the HTML rebuilt (nothing re-executes) so that
# its How to cite page links to it.
pdf: $(STAMP)
	@command -v xelatex >/dev/null || { echo "make pdf needs xelatex: apt-get install $(DEB_PACKAGES)"; exit 1; }
	$(JB) build . --builder pdflatex $(STRICT)
	mkdir -p _build/html && cp _build/latex/belarus-2020-2025.pdf _build/html/
	$(JB) build . $(STRICT)

# The EPUB: the website's pages without scripts, every chart as the renderer's PNG. epubcheck (a
# Java program that Debian installs as a jar) must find nothing wrong with it.
EPUB_FILE := _build/epub/belarus-2020-2025.epub
epub: $(STAMP)
	$(JB) build . --builder custom --custom-builder epub $(STRICT)
	@if [ -f /usr/bin/epubcheck ]; then java -jar /usr/bin/epubcheck $(EPUB_FILE); \
	 else echo "epubcheck is not installed (apt-get install epubcheck): the EPUB was not checked"; fi
	mkdir -p _build/html && cp $(EPUB_FILE) _build/html/
	$(JB) build . $(STRICT)

data: $(TEST_STAMP)
	$(BIN)/python -m belarusbook validate
	$(BIN)/python -m belarusbook.data.coverage
	$(BIN)/frictionless validate data/datapackage.json

# Every sentence of the sources with a date or a number in digits is quoted by a row or listed in
# data/omitted.csv with a reason; prints coverage per source, lists the rest, exits 1 if any.
coverage: $(STAMP)
	$(BIN)/python -m belarusbook.data.coverage

prose: $(STAMP)
	$(BIN)/python -m belarusbook.book.prose

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing $(NODE_PACKAGES)"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The tests need these Debian packages:$$missing"; \
	  echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	fi

test: $(TEST_STAMP) system-deps
	$(BIN)/python -m pytest -ra --durations=10

serve:
	$(PYTHON) -m http.server --directory _build/html 8000

bench: $(TEST_STAMP) system-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf _build

# Freeze the environment as it stands (after a deliberate `pip install`), without reinstalling:
# requirements.txt gets what a reader needs to run and rebuild the chapters, requirements-test.txt
# everything else (.ci/lock.py).
lock: $(TEST_STAMP)
	$(BIN)/python .ci/lock.py
