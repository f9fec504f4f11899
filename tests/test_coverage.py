"""Coverage: every sentence of the sources that carries a date or a number written in digits is
quoted by a data row or set aside in data/omitted.csv with a reason; a planted sentence is caught."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

from belarusbook.data import coverage
from conftest import ROOT

DATA = ROOT / "data"
PLANTED = "On 12 March 2021 a planted sentence reported a meeting that no row holds."


def run(data_dir) -> subprocess.CompletedProcess:
    """`make coverage` as the Makefile runs it, on ``data_dir``."""
    return subprocess.run([sys.executable, "-m", "belarusbook.data.coverage", str(data_dir)], capture_output=True, text=True)


def test_every_dated_or_numbered_sentence_is_accounted_for():
    report = coverage.measure()
    assert set(report) == {"interview2020a", "interview2020b", "yeliseyeu2020", "mills2021", "preiherman2025"}
    missing = [f"{s.source} line {s.line}: {s.text}" for cov in report.values() for s in cov.unaccounted]
    assert missing == []
    assert all(cov.share == 1.0 and cov.counted for cov in report.values())


def test_make_coverage_passes_and_reports_each_source():
    done = run(DATA)
    assert done.returncode == 0, done.stdout + done.stderr
    for key in ("interview2020a", "interview2020b", "yeliseyeu2020", "mills2021", "preiherman2025"):
        assert any(line.startswith(key) and line.endswith("100.0%") for line in done.stdout.splitlines()), key


def test_a_planted_uncovered_sentence_is_caught(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    text = copy / "sources" / "mills2021.txt"
    lines = text.read_text(encoding="utf-8").split("\n")
    at = lines.index("Outlook", lines.index("4")) + 2  # a paragraph of its own, opening section 4
    lines[at:at] = [PLANTED, ""]
    text.write_text("\n".join(lines), encoding="utf-8")
    done = run(copy)
    assert done.returncode == 1
    said = done.stderr.strip().splitlines()
    assert said[0] == "1 sentence(s) neither quoted by a row nor listed in data/omitted.csv:"
    assert said[1] == f"data/sources/mills2021.txt, line {at + 1}: {PLANTED}"
    assert "mills2021" in done.stdout and "99." in done.stdout


def test_an_omission_taken_away_is_caught(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "omitted.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    kept = [r for r in rows if not r["quote"].startswith("Licensed under the Creative Commons")]
    assert len(kept) == len(rows) - 1
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(kept)
    done = run(copy)
    assert done.returncode == 1
    assert "data/sources/mills2021.txt, line 21: Licensed under the Creative Commons" in done.stderr


def test_a_row_quoting_thirty_characters_covers_a_sentence_and_fewer_do_not():
    sentence = coverage.Sentence("mills2021", 1, "In March 2021 the authorities opened a criminal investigation into the group.")
    near = coverage.Quote("data/x.csv", 1, "x-001", "mills2021", "the authorities opened a criminal")  # 33 characters
    assert coverage._covering(sentence, coverage._index([near]), [near]) == "x-001"
    few = coverage.Quote("data/x.csv", 2, "x-002", "mills2021", "authorities opened a criminal")  # 29 characters
    assert coverage._covering(sentence, coverage._index([few]), [few]) is None


def test_what_is_not_a_sentence_is_not_counted():
    """Timestamps, footnote markers, web addresses and front matter are set aside; the rest counts."""
    interview = ('---\ntitle: T\nvideoId: abc123\n---\n\nThe reserve is here <a class="yt-timestamp" data-t="00:04:53">'
                 '[00:04:53]</a>. About 200 people came [00:04:58].\n')
    found = coverage.sentences("interview2020b", interview)
    assert [s.text for s in found] == ["The reserve is here .", "About 200 people came ."]
    assert [s.counted for s in found] == [False, True]
    briefing = "He consolidated his power.\u00b9 The Dr Ryhor Astapenia piece.\n\n\u00b2 See <https://www.osce.org/odihr/elections/belarus>\n"
    found = coverage.sentences("mills2021", briefing)
    assert [s.text for s in found] == ["He consolidated his power.", "The Dr Ryhor Astapenia piece.", "See"]
    assert not any(s.counted for s in found)
    paper = ("rule.3 Then a page\n\nhttps://example.org/2019/article\n continues in June 2020.\n\n"
             "1  Linz, Juan J. Modern Regimes\n")
    found = coverage.sentences("yeliseyeu2020", paper)
    assert [s.text for s in found] == ["rule.", "Then a page continues in June 2020.", "Linz, Juan J. Modern Regimes"]
    assert [s.counted for s in found] == [False, True, False]
    assert [s.line for s in found] == [1, 1, 6]
