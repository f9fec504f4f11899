"""Is every dated or numbered statement of the sources accounted for?

The validator proves that what the data holds is in the sources; this module proves the converse:
every sentence of every source that carries a date expression (a month name or a four-digit year)
or a number written in digits is either quoted by a data row or set aside in ``data/omitted.csv``
with a reason. A sentence is *accounted for* when it shares a stretch of at least ``STRETCH``
characters (or the whole sentence, if shorter) with a quote of the same source: a row's ``quote``
(each part of a quote joined by ``...``), a forecast's ``later_quote`` for its ``later_source``, or
an omitted entry's ``quote``.

What is not a sentence of the source, and so never counted: the YAML front matter of the interview
summaries, their video timestamps, footnote markers (the briefing's superscripts, the 2020 paper's
digits after a word or stop, a footnote's leading number), and web addresses (the 2020 paper's
link blocks between pages, the briefing's ``<https://…>``). Everything else, headings, footnotes,
boxes, table titles and image credits included, is split into sentences and counted.

``python -m belarusbook.data.coverage [DATA_DIR]`` (``make coverage``) prints coverage per source and
every sentence unaccounted for, and exits 1 if there is any. Nothing is written.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .paths import DATA
from .provenance import ELLIPSIS, normalise
from .validate import package, read_rows, tables

#: Characters a sentence must share with a quote to count as quoted (the whole sentence if shorter).
STRETCH = 30

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DATED = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b|(?<![0-9])(?:1[89]|20)[0-9]{2}(?![0-9])")
_DIGIT = re.compile(r"[0-9]")

# What is taken out before sentences are cut (see the module docstring).
_FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.DOTALL)
_TIMESTAMP = re.compile(r'<a class="yt-timestamp"[^>]*>\[[0-9:]+\]</a>|\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]')
_URL = re.compile(r"<https?://[^>\s]+>|https?://\S+")
_SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
_FOOTNOTE_LEAD = re.compile(r"^[ \t]*[0-9]{1,2}[ \t]{2,}(?=\S)", re.MULTILINE)          # "1  Linz, Juan J."
_FOOTNOTE_MARK = re.compile(r"(?<=[a-z.,;:)\"\u201d])[0-9]{1,2}(?=[\s,.;]|$)", re.MULTILINE)  # "rule.3 "

# Where a full stop does not end a sentence.
_ABBREVIATIONS = {"U.S", "e.g", "i.e", "Dr", "Mr", "Ms", "Mrs", "No", "Vol", "pp", "vs", "al", "St", "cf"}
_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(\[]*[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    source: str
    number: int  # 1-based position among the source's sentences
    text: str  # normalised (provenance.normalise)
    line: int = 0  # 1-based line of the received text where it starts

    @property
    def counted(self) -> bool:
        """Carries a date expression or a number written in digits."""
        return bool(_DATED.search(self.text) or _DIGIT.search(self.text))


def _strip(key: str, raw: str) -> str:
    text = _FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), raw)  # keep line numbers
    text = _TIMESTAMP.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _SUPERSCRIPT.sub("", text)
    if key == "yeliseyeu2020":
        text = _FOOTNOTE_LEAD.sub("", text)
        text = _FOOTNOTE_MARK.sub("", text)
    return text


def _blocks(key: str, text: str) -> list[tuple[int, str]]:
    """Paragraphs, headings, list items and footnotes: the units no sentence runs across.

    Every line is one in the web texts. The 2020 paper is a PDF's text: its lines are wrapped, its
    paragraphs are separated by blank lines, and a page break (where its links stood) may cut a
    paragraph, which then continues in lower case; its headings are in capitals."""
    lines = text.split("\n")
    if key != "yeliseyeu2020":
        return [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines + [""], start=1):
        stripped = line.strip()
        heading = stripped and stripped.upper() == stripped and re.search(r"[A-Z]{4}", stripped)
        if not stripped or heading:
            if current:
                blocks.append((start, " ".join(current)))
                current = []
            if heading:
                blocks.append((number, stripped))
            continue
        if not current and blocks and stripped[0].islower() and not _heading(blocks[-1][1]):
            start, previous = blocks.pop()
            current = [previous]
        if not current:
            start = number
        current.append(stripped)
    return blocks


def _heading(block: str) -> bool:
    return block.upper() == block


def _split(block: str) -> list[str]:
    pieces = _END.split(normalise(block))
    merged: list[str] = []
    for piece in pieces:
        if merged:
            last_word = merged[-1].rsplit(" ", 1)[-1].rstrip(".")
            if last_word in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", last_word):
                merged[-1] += " " + piece
                continue
        merged.append(piece)
    return [p for p in merged if p.strip()]


def sentences(key: str, raw: str) -> list[Sentence]:
    """Every sentence of source ``key`` whose text is ``raw`` (as received)."""
    stripped = _strip(key, raw)
    lines = [normalise(line) for line in stripped.split("\n")]
    found = []
    for start, block in _blocks(key, stripped):
        line = start
        for piece in _split(block):
            head = piece[:12]
            line = next((n for n in range(line, min(line + 40, len(lines) + 1)) if head in lines[n - 1]), line)
            found.append(Sentence(key, len(found) + 1, piece, line))
    return found


@dataclass(frozen=True)
class Quote:
    file: str
    row: int
    label: str  # row id, or "omitted row N"
    source: str
    text: str  # one part, normalised


def quotes(data_dir: Path = DATA) -> list[Quote]:
    """Every quoted passage of the package: rows' quotes (and later quotes) and omitted entries'."""
    found = []
    pkg = package(data_dir / "datapackage.json")
    for res in tables(pkg):
        if res["name"] == "sources":
            continue
        _, rows = read_rows(res, data_dir)
        for number, row in enumerate(rows, start=1):
            label = row.get("id") or f"{res['name']} row {number}"
            for prefix in ("", *[k[: -len("_quote")] + "_" for k in row if k.endswith("_quote") and k != "quote"]):
                source, quote = row.get(f"{prefix}source") or "", row.get(f"{prefix}quote") or ""
                for part in normalise(quote).split(ELLIPSIS.strip()):
                    if part.strip() and source:
                        found.append(Quote(f"data/{res['path']}", number, label, source, part.strip()))
    return found


@dataclass
class SourceCoverage:
    source: str
    counted: list[Sentence] = field(default_factory=list)
    by_rows: dict[int, str] = field(default_factory=dict)  # sentence number -> first row covering it
    by_omitted: dict[int, str] = field(default_factory=dict)  # only those no row covers

    @property
    def unaccounted(self) -> list[Sentence]:
        return [s for s in self.counted if s.number not in self.by_rows and s.number not in self.by_omitted]

    @property
    def share(self) -> float:
        return 1.0 if not self.counted else 1 - len(self.unaccounted) / len(self.counted)


def _covering(sentence: Sentence, grams: dict[str, str], short: list[Quote]) -> str | None:
    text = sentence.text
    if len(text) < STRETCH:
        return next((q.label for q in short if text in q.text), None)
    for start in range(len(text) - STRETCH + 1):
        label = grams.get(text[start:start + STRETCH])
        if label:
            return label
    return None


def _listing(sentence: Sentence, entries: dict[tuple[str, int], list[Quote]]) -> str | None:
    """The omitted entry that lists ``sentence`` although it shares no stretch with it: one whose
    quote lies wholly in the sentence (each part joined by '...') and either makes up the stretch
    or holds every word and number of the sentence (a short line such as a footnote's
    "[HM Treasury](#), 12 August 2021", whose quote must step around the link's brackets)."""
    text = sentence.text
    words = set(re.findall(r"\w+", text))
    for parts in entries.values():
        if not all(p.text in text for p in parts):
            continue
        if sum(len(p.text) for p in parts) >= STRETCH or words <= set(re.findall(r"\w+", " ".join(p.text for p in parts))):
            return parts[0].label
    return None


def _index(found: list[Quote]) -> dict[str, str]:
    grams: dict[str, str] = {}
    for q in found:
        for start in range(len(q.text) - STRETCH + 1):
            grams.setdefault(q.text[start:start + STRETCH], q.label)
    return grams


def measure(data_dir: Path = DATA) -> dict[str, SourceCoverage]:
    """Coverage of each source of the package in ``data_dir``, in the order of sources.csv."""
    with open(data_dir / "sources.csv", newline="", encoding="utf-8") as fh:
        keys = [(r["key"], r["path"]) for r in csv.DictReader(fh)]
    everything = quotes(data_dir)
    report = {}
    for key, path in keys:
        raw = (data_dir / path).read_text(encoding="utf-8")
        cov = SourceCoverage(key, [s for s in sentences(key, raw) if s.counted])
        rows = [q for q in everything if q.source == key and not q.file.endswith("/omitted.csv")]
        omitted = [q for q in everything if q.source == key and q.file.endswith("/omitted.csv")]
        row_grams, omitted_grams = _index(rows), _index(omitted)
        entries: dict[tuple[str, int], list[Quote]] = {}
        for q in omitted:
            entries.setdefault((q.file, q.row), []).append(q)
        for sentence in cov.counted:
            label = _covering(sentence, row_grams, rows)
            if label:
                cov.by_rows[sentence.number] = label
                continue
            label = _covering(sentence, omitted_grams, omitted) or _listing(sentence, entries)
            if label:
                cov.by_omitted[sentence.number] = label
        report[key] = cov
    return report


def unused_omissions(data_dir: Path = DATA) -> list[Quote]:
    """Omitted entries that set aside no counted sentence (their sentence is already in a row, or
    carries no date or number): harmless, but worth a look."""
    report = measure(data_dir)
    used = {label for cov in report.values() for label in cov.by_omitted.values()}
    return [q for q in quotes(data_dir) if q.file.endswith("/omitted.csv") and q.label not in used]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    data_dir = Path(args[0]) if args else DATA
    report = measure(data_dir)
    print(f"{'source':<16} {'sentences':>9} {'in rows':>8} {'omitted':>8} {'neither':>8} {'coverage':>9}")
    for key, cov in report.items():
        print(f"{key:<16} {len(cov.counted):>9} {len(cov.by_rows):>8} {len(cov.by_omitted):>8} "
              f"{len(cov.unaccounted):>8} {cov.share:>9.1%}")
    total = sum(len(c.counted) for c in report.values())
    missing = [s for c in report.values() for s in c.unaccounted]
    print(f"{'all':<16} {total:>9} {sum(len(c.by_rows) for c in report.values()):>8} "
          f"{sum(len(c.by_omitted) for c in report.values()):>8} {len(missing):>8} "
          f"{(1 - len(missing) / total) if total else 1:>9.1%}")
    print("(sentences with a month name, a four-digit year or a number in digits; "
          f"'in rows' share {STRETCH} characters with a row's quote)")
    if verbose:
        for cov in report.values():
            for s in cov.counted:
                where = cov.by_rows.get(s.number) or cov.by_omitted.get(s.number) or "NEITHER"
                print(f"  {s.source} line {s.line:>3} [{where}] {s.text}")
    if missing:
        print(f"\n{len(missing)} sentence(s) neither quoted by a row nor listed in data/omitted.csv:", file=sys.stderr)
        for s in missing:
            print(f"data/sources/{s.source}.txt, line {s.line}: {s.text}", file=sys.stderr)
        return 1
    print("every dated or numbered sentence of every source is in a row or in data/omitted.csv.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
