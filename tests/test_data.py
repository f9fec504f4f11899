"""The evidence: the validator passes on the real data and refuses each kind of tampering with
a message naming file, row, column and reason; the loader returns typed frames."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from belarusbook import load
from belarusbook.data import provenance
from belarusbook.data.validate import package, tables, validate_all
from conftest import BIN, ROOT

DATA = ROOT / "data"


def test_real_data_validates():
    assert [str(p) for p in validate_all()] == []


def test_frictionless_validates_the_package():
    done = subprocess.run([str(BIN / "frictionless"), "validate", "--json", str(DATA / "datapackage.json")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert '"valid": true' in done.stdout


def test_a_tampered_source_text_is_caught(tmp_path):
    """Quotes are checked against the copy's own source texts, not a cached original."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    text = copy / "sources" / "mills2021.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("722 people", "seven hundred people"), encoding="utf-8")
    said = refuse(copy)
    assert "column quote: quote is not verbatim in data/sources/mills2021.txt" in said


def test_size_of_the_evidence():
    pkg = package()
    datasets = [r["name"] for r in tables(pkg) if r["name"] not in ("sources", "omitted")]
    rows = {n: len(load(n)) for n in datasets}
    assert len(datasets) >= 8
    assert sum(rows.values()) >= 120, rows
    assert len(load("events")) >= 60


def test_every_dataset_is_described_with_types_units_and_keys():
    for res in tables(package()):
        schema = res["schema"]
        assert res.get("description"), res["name"]
        for field in schema["fields"]:
            assert field.get("type") and field.get("description"), (res["name"], field["name"])
        if res["name"] not in ("omitted",):
            assert schema.get("primaryKey"), res["name"]
        if res["name"] != "sources":
            assert {"fields": ["source"], "reference": {"resource": "sources", "fields": ["key"]}} in schema["foreignKeys"]


def test_source_texts_are_the_received_documents():
    shared = ROOT.parent / "shared" / "sources"
    with open(DATA / "sources.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ours = (DATA / row["path"]).read_bytes()
            if shared.exists():
                assert ours == (shared / row["original_id"]).read_bytes(), row["key"]
            assert len(ours) > 1000


def test_an_independent_check_finds_every_quote_verbatim():
    """Not the validator's own code: a plain whitespace/quote-normalising search, part by part."""
    def norm(text):
        for a, b in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"), ("\u2014", "-")):
            text = text.replace(a, b)
        return " ".join(text.split())

    texts = {p.stem: norm(p.read_text(encoding="utf-8")) for p in (DATA / "sources").glob("*.txt")}
    checked = 0
    for path in sorted(DATA.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with open(path, newline="", encoding="utf-8") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=1):
                # every passage a row rests on: "quote" in "source", "<p>_quote" in "<p>_source"
                # (variants.csv has no passage: its forms are checked in tests/test_registers.py)
                for column in [c for c in row if c == "quote" or c.endswith("_quote")]:
                    if not row[column]:
                        continue
                    key = row["source" if column == "quote" else column[:-len("quote")] + "source"]
                    for part in norm(row[column]).split("..."):
                        assert part.strip() in texts[key], (path.name, number, column, part)
                    checked += 1
    assert checked >= 650, checked


# --- tampering: each copy of the data has one defect, and must be refused naming it --------

def tampered_copy(tmp_path: Path, dataset: str, change) -> Path:
    """A copy of data/ in which ``change(rows, header)`` has altered ``dataset``."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / f"{dataset}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames), list(reader)
    header = change(rows, header) or header
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return copy


def refuse(copy: Path) -> str:
    """Run the validator as `make data` does, on the copy; it must fail; return what it said."""
    done = subprocess.run([sys.executable, "-m", "belarusbook", "validate", str(copy)], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


def set_cell(row_index, column, value):
    def change(rows, header):
        rows[row_index][column] = value
    return change


CASES = {
    "quote not in source": ("repression", set_cell(10, "quote", "more than 53,000 people have been detained by the police"),
                            "data/repression.csv, row 11 (line 12), column quote: quote is not verbatim"),
    "value not in quote": ("repression", set_cell(10, "value", "36000"),
                           "data/repression.csv, row 11 (line 12), column value: value 36000 is not written in the quote"),
    "unknown source key": ("sentences", set_cell(0, "source", "wikipedia2024"),
                           "data/sentences.csv, row 1 (line 2), column source: unknown source key 'wikipedia2024'"),
    "bad date": ("elections", set_cell(1, "election_date", "2020-08-32"),
                 "data/elections.csv, row 2 (line 3), column election_date: wrong type (date)"),
    "wrong type": ("trade", set_cell(0, "value", "about a billion"),
                   "data/trade.csv, row 1 (line 2), column value: wrong type (number)"),
    "missing column": ("funding", lambda rows, header: [h for h in header if h != "qualifier"],
                       "data/funding.csv, row 0 (line 1), column qualifier: column is missing from the header"),
    "duplicate primary key": ("sanctions", set_cell(1, "id", "san-001"),
                              "data/sanctions.csv, row 2 (line 3), column id: duplicate primary key san-001 (first at row 1)"),
    "empty quote": ("russia", set_cell(2, "quote", ""),
                    "data/russia.csv, row 3 (line 4), column quote: is empty but required"),
    "qualifier outside the vocabulary": ("repression", set_cell(0, "qualifier", "roughly"),
                                         "data/repression.csv, row 1 (line 2), column qualifier: 'roughly' is not one of"),
    "a verdict's later passage not in its source": (
        "forecasts", set_cell(4, "later_quote", "was released and stood as the leading candidate"),
        "data/forecasts.csv, row 5 (line 6), column later_quote: quote is not verbatim in data/sources/mills2021.txt"),
    "a later passage without its source": (
        "forecasts", set_cell(0, "later_source", ""),
        "data/forecasts.csv, row 1 (line 2), column later_quote: later_source and later_quote must be given together"),
    "a verdict outside the vocabulary": ("forecasts", set_cell(0, "verdict", "Probably"),
                                         "data/forecasts.csv, row 1 (line 2), column verdict: 'Probably' is not one of"),
    "an omission's reason outside the vocabulary": ("omitted", set_cell(0, "reason", "not needed"),
                                                   "data/omitted.csv, row 1 (line 2), column reason: 'not needed' is not one of"),
    "an omission without its kind": ("omitted", set_cell(3, "kind", ""),
                                     "data/omitted.csv, row 4 (line 5), column kind: is empty but required"),
}


@pytest.mark.parametrize("case", CASES)
def test_tampered_copy_is_refused_naming_file_row_column_and_reason(tmp_path, case):
    dataset, change, message = CASES[case]
    said = refuse(tampered_copy(tmp_path, dataset, change))
    assert message in said
    assert said.strip().endswith("the data does not validate.")


def test_every_problem_is_reported_at_once(tmp_path):
    def two_defects(rows, header):
        rows[0]["quote"] = "words that are in no source at all"
        rows[3]["date"] = "yesterday"
    said = refuse(tampered_copy(tmp_path, "events", two_defects))
    assert "data/events.csv, row 1 (line 2), column quote" in said
    assert "data/events.csv, row 4 (line 5), column date" in said
    assert "2 problem(s) found" in said


def test_make_data_refuses_a_tampered_quote(tmp_path):
    """The command the README gives, on a tampered copy of the repository's data."""
    copy = tampered_copy(tmp_path, "repression", set_cell(11, "quote", "722 people were being held as prisoners of conscience"))
    said = refuse(copy)
    assert "data/repression.csv, row 12 (line 13), column quote" in said


def test_written_forms_of_numbers():
    assert provenance.value_in_quote(35000, "more than 35,000 people")
    assert provenance.value_in_quote(1500000, "an extra £1.5 million over the next two years")
    assert provenance.value_in_quote(1500000000, "a US$1.5 billion loan")
    assert provenance.value_in_quote(80.6, "80.6 per cent of the vote")
    assert provenance.value_in_quote(8, "eight members of the Belarus regime")
    assert provenance.value_in_quote(6, "the sixth between the leaders")
    assert provenance.value_in_quote(28.5, "28 and a half out of 30 roadmaps")
    assert not provenance.value_in_quote(3500, "more than 35,000 people")
    assert not provenance.value_in_quote(1.5, "15 most-affected countries")


def test_quote_matching_takes_no_liberties():
    text = provenance.normalise("The UK was the country\u2019s third largest export market in 2019.")
    assert provenance.quote_problem("the country's third largest export market", text) is None
    assert provenance.quote_problem("the country's third-largest export market", text) is not None
    assert provenance.quote_problem("The UK was ... export market in 2019", text) is None
    assert provenance.quote_problem("export market in 2019 ... The UK was", text) is not None


def test_loader_types():
    repression = load("repression")
    assert str(repression["value"].dtype) == "Float64"
    assert pd.api.types.is_datetime64_any_dtype(repression["date"])
    assert str(repression["quote"].dtype) == "string"
    sanctions = load("sanctions")
    assert str(sanctions["individuals_added"].dtype) == "Int64"
    assert str(load("funding")["conditional"].dtype) == "boolean"
    assert str(load("trade")["year"].dtype) == "Int64"
    with pytest.raises(KeyError):
        load("no_such_dataset")


def test_loader_refuses_invalid_data(tmp_path):
    from belarusbook.data.validate import DataError
    copy = tampered_copy(tmp_path, "sentences", set_cell(0, "sentence_years", "41"))
    with pytest.raises(DataError, match=r"row 1 \(line 2\), column sentence_years: value 41 is not written"):
        load("sentences", data_dir=copy)


def test_every_file_resource_carries_its_version_licence_and_checksum():
    """A vendored file (the map's boundaries) says where it comes from, under what terms, and
    which bytes it is: the loader refuses any other."""
    import hashlib

    files = [r for r in package()["resources"] if "schema" not in r]
    assert [r["name"] for r in files] == ["world-atlas"]
    for res in files:
        assert res.get("version") and res.get("licenses") and res.get("sources"), res["name"]
        algorithm, digest = res["hash"].split(":")
        assert hashlib.new(algorithm, (ROOT / "data" / res["path"]).read_bytes()).hexdigest() == digest
