"""Check every dataset against data/datapackage.json and against its sources.

Two layers, run together so that one run reports every problem at once:

1. schema: columns present, types parse, constraints hold, primary keys unique, sources known;
2. provenance: each quote is verbatim in ``data/sources/<source>.txt``; each value column
   (fields marked ``"evidence": "value"``) is written in the quote; each number in a text column
   marked ``"evidence": "digits"`` is written in one of the row's quotes (or is the year of a source
   it cites); a column marked ``"evidence": "text"`` (an expansion) is written in the row's source,
   and one marked ``"evidence": "form"`` (a spelling) in the source and in each ``also_in`` source;
3. references: a field marked ``"x-refers-to"`` names a key of one of the tables it lists.

Each problem names file, row, column and reason. ``python -m belarusbook validate`` exits 1 if
there is any. Nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import provenance
from .paths import DATA, DATAPACKAGE

#: A number written in digits ("1,140", "2.5", "2020"), not part of a name ("G7", "S-400").
DIGITS = re.compile(r"(?<![\w-])\d+(?:,\d{3})*(?:\.\d+)?(?![\w-])")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (the header is row 0); None for file-level problems
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class DataError(ValueError):
    """Raised by the loader when a dataset does not validate; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def package(path: Path = DATAPACKAGE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tables(pkg: dict) -> list[dict]:
    """The package's tabular resources (the vendored map boundaries are a plain file)."""
    return [r for r in pkg["resources"] if "schema" in r]


def resource(name: str, pkg: dict | None = None) -> dict:
    for res in (pkg or package())["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource {name!r} in {DATAPACKAGE.name}")


def parse_cell(text: str, field: dict):
    """Turn a CSV cell into a Python value of the field's type; raise ValueError if it won't go."""
    kind = field.get("type", "string")
    if kind == "string":
        return text
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    if kind == "date":
        try:
            return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad_date(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None
    if kind == "boolean":
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise ValueError(f"{text!r} is not true or false")
    raise ValueError(f"unknown field type {kind!r}")


def _bad_date(text: str):
    raise ValueError(text)


def _check_constraints(value, raw: str, field: dict) -> str | None:
    cons = field.get("constraints", {})
    if "enum" in cons and value not in cons["enum"]:
        return f"{raw!r} is not one of {', '.join(map(str, cons['enum']))}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        return f"{raw!r} does not match the pattern {cons['pattern']}"
    if "minLength" in cons and len(raw) < cons["minLength"]:
        return f"shorter than {cons['minLength']} characters"
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        return f"{len(raw)} characters, more than the {cons['maxLength']} allowed"
    if "minimum" in cons and isinstance(value, (int, float)) and value < cons["minimum"]:
        return f"{value} is below the minimum {cons['minimum']}"
    if "maximum" in cons and isinstance(value, (int, float)) and value > cons["maximum"]:
        return f"{value} is above the maximum {cons['maximum']}"
    return None


def read_rows(res: dict, data_dir: Path = DATA) -> tuple[list[str], list[dict[str, str]]]:
    with open(data_dir / res["path"], newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def check_resource(res: dict, known_sources: set[str], data_dir: Path = DATA) -> tuple[list[Problem], list[dict]]:
    """Problems of one dataset, and its rows as typed dicts (for the loader)."""
    file = f"data/{res['path']}"
    path = data_dir / res["path"]
    if not path.exists():
        return [Problem(file, None, None, "file is missing")], []
    fields = res["schema"]["fields"]
    header, rows = read_rows(res, data_dir)
    problems: list[Problem] = []
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for name in missing:
        problems.append(Problem(file, 0, name, "column is missing from the header"))
    for name in extra:
        problems.append(Problem(file, 0, name, "column is not described in datapackage.json"))
    if missing:
        return problems, []
    keys = res["schema"].get("primaryKey", [])
    seen: dict[tuple, int] = {}
    typed_rows = []
    value_fields = [f for f in fields if f.get("evidence") in ("value", "digits", "text", "form")]
    for number, row in enumerate(rows, start=1):
        typed = {}
        for field in fields:
            name = field["name"]
            raw = row.get(name) or ""
            if raw.strip() != raw:
                problems.append(Problem(file, number, name, "has leading or trailing spaces"))
            if raw == "":
                if field.get("constraints", {}).get("required"):
                    problems.append(Problem(file, number, name, "is empty but required"))
                typed[name] = None
                continue
            try:
                value = parse_cell(raw, field)
            except ValueError as err:
                problems.append(Problem(file, number, name, f"wrong type ({field['type']}): {err}"))
                typed[name] = None
                continue
            reason = _check_constraints(value, raw, field)
            if reason:
                problems.append(Problem(file, number, name, reason))
            typed[name] = value
        if keys:
            key = tuple(typed.get(k) for k in keys)
            if key in seen:
                problems.append(Problem(file, number, ",".join(keys), f"duplicate primary key {key[0] if len(key) == 1 else key} (first at row {seen[key]})"))
            else:
                seen[key] = number
        problems.extend(_check_provenance(file, number, typed, value_fields, known_sources, data_dir / "sources"))
        typed_rows.append(typed)
    return problems, typed_rows


def _check_provenance(file, number, row, value_fields, known_sources, sources_dir: Path) -> list[Problem]:
    source, quote = row.get("source"), row.get("quote")
    if source is None or (quote is None and "quote" in row):
        return []  # already reported as empty
    problems = []
    if source not in known_sources:
        return [Problem(file, number, "source", f"unknown source key {source!r} (known: {', '.join(sorted(known_sources))})")]
    for other in (row.get("also_in") or "").split(";"):
        if other and other not in known_sources:
            problems.append(Problem(file, number, "also_in", f"unknown source key {other!r}"))
    if problems:
        return problems
    if quote is None:  # a table of forms (variants): no passage, only what its fields name
        return [p for field in value_fields for p in _check_evidence(file, number, row, field, sources_dir)]
    reason = provenance.quote_problem(quote, provenance.source_text(source, sources_dir))
    if reason:
        problems.append(Problem(file, number, "quote", f"quote is not verbatim in data/sources/{source}.txt: {reason}"))
    # A second passage a row rests on (a forecast's later evidence): "<p>_quote" in "<p>_source".
    for name in [k for k in row if k.endswith("_quote") and k != "quote"]:
        prefix = name[: -len("_quote")]
        later, passage = row.get(f"{prefix}_source"), row.get(name)
        if (later is None) != (passage is None):
            problems.append(Problem(file, number, name, f"{prefix}_source and {name} must be given together"))
        elif later is not None and later not in known_sources:
            problems.append(Problem(file, number, f"{prefix}_source", f"unknown source key {later!r}"))
        elif later is not None:
            reason = provenance.quote_problem(passage, provenance.source_text(later, sources_dir))
            if reason:
                problems.append(Problem(file, number, name, f"quote is not verbatim in data/sources/{later}.txt: {reason}"))
    for field in value_fields:
        problems.extend(_check_evidence(file, number, row, field, sources_dir))
    return problems


def _check_evidence(file, number, row, field, sources_dir: Path) -> list[Problem]:
    """A value written in the quote, the numbers of a text in the row's quotes, or a form in the
    row's sources, as the field's ``evidence`` says."""
    name, value, kind = field["name"], row.get(field["name"]), field["evidence"]
    if value is None:
        return []
    if kind == "value":
        if provenance.value_in_quote(value, row["quote"]):
            return []
        return [Problem(file, number, name, f"value {value:g} is not written in the quote")]
    if kind == "digits":
        quotes = " ".join(row.get(k) or "" for k in row if k == "quote" or k.endswith("_quote"))
        years = {key[-4:] for k, key in row.items() if (k == "source" or k.endswith("_source")) and key}
        missing = [n for n in DIGITS.findall(value)
                   if n not in years and not provenance.value_in_quote(float(n.replace(",", "")), quotes)]
        return [Problem(file, number, name, f"{n} is not written in the row's quotes (nor the year of its source)")
                for n in missing[:1]]
    # "text": written in the row's source; "form": in the source and in each also_in source
    keys = [row["source"], *([k for k in (row.get("also_in") or "").split(";") if k] if kind == "form" else [])]
    form = provenance.normalise(value)
    return [Problem(file, number, name, f"{value!r} is not written in data/sources/{key}.txt")
            for key in keys if form not in provenance.source_text(key, sources_dir)]


def _check_references(pkg: dict, typed: dict[str, list[dict]]) -> list[Problem]:
    """Each field marked ``x-refers-to`` names the primary key of a row in one of the listed tables."""
    problems = []
    for res in tables(pkg):
        for field in res["schema"]["fields"]:
            targets = field.get("x-refers-to")
            if not targets:
                continue
            known = {row[res_t["schema"]["primaryKey"][0]] for t in targets
                     for res_t in [resource(t, pkg)] for row in typed.get(t, [])}
            for number, row in enumerate(typed.get(res["name"], []), start=1):
                if row.get(field["name"]) is not None and row[field["name"]] not in known:
                    problems.append(Problem(f"data/{res['path']}", number, field["name"],
                                            f"{row[field['name']]!r} is not an id in {' or '.join(targets)}"))
    return problems


def known_source_keys(pkg: dict, data_dir: Path = DATA) -> set[str]:
    _, rows = read_rows(resource("sources", pkg), data_dir)
    return {r["key"] for r in rows if (data_dir / r["path"]).exists()}


def validate_all(data_dir: Path = DATA) -> list[Problem]:
    """Every problem in every dataset of the package in ``data_dir``."""
    pkg = package(data_dir / "datapackage.json")
    problems: list[Problem] = []
    known = known_source_keys(pkg, data_dir)
    typed: dict[str, list[dict]] = {}
    for res in tables(pkg):
        if res["name"] == "sources":
            continue
        found, typed[res["name"]] = check_resource(res, known, data_dir)
        problems.extend(found)
    return problems + _check_references(pkg, typed)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    data_dir = Path(args[0]) if args else DATA
    problems = validate_all(data_dir)
    pkg = package(data_dir / "datapackage.json")
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem(s) found; the data does not validate.", file=sys.stderr)
        return 1
    counts = {r["name"]: len(read_rows(r, data_dir)[1]) for r in tables(pkg)}
    print(f"data valid: {sum(v for k, v in counts.items() if k not in ('sources', 'omitted'))} rows in "
          f"{len(counts) - 2} datasets; every quote found in its source, every value in its quote.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
