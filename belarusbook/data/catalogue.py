"""Tables about the data package itself, for the Data and methods page."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .load import dataset_names, load
from .validate import package, read_rows, resource, tables


def datasets() -> pd.DataFrame:
    """One row per dataset: name, rows, what it holds, and how many rows each source supports."""
    records = []
    for name in dataset_names():
        frame = load(name)
        counts = frame["source"].value_counts()
        records.append({
            "Dataset": f"`{name}.csv`",
            "Rows": len(frame),
            "What it holds": resource(name)["description"],
            "Rows by source": ", ".join(f"{k} {v}" for k, v in counts.items()),
        })
    return pd.DataFrame(records)


def qualifiers() -> pd.DataFrame:
    """How many rows carry each qualifier, across the datasets of observations (the registers of
    names, terms and forms have none)."""
    frames = [frame[["qualifier"]] for frame in map(load, dataset_names()) if "qualifier" in frame]
    counts = pd.concat(frames)["qualifier"].value_counts()
    return counts.rename_axis("Qualifier").reset_index(name="Rows")


def omitted_count() -> int:
    return len(read_rows(resource("omitted"))[1])


def markdown(frame: pd.DataFrame) -> Markdown:
    """A table as Markdown, so that it reads the same on the web and in the PDF."""
    return Markdown(frame.to_markdown(index=False))


def total_rows() -> int:
    return sum(len(load(n)) for n in dataset_names())


def field_count() -> int:
    return sum(len(r["schema"]["fields"]) for r in tables(package()))


def omitted_by(column: str) -> dict[str, int]:
    """How many entries of ``data/omitted.csv`` have each value of ``column`` (``reason`` or
    ``kind``), in the order of the column's vocabulary in ``data/datapackage.json``."""
    res = resource("omitted")
    field = next(f for f in res["schema"]["fields"] if f["name"] == column)
    rows = read_rows(res)[1]
    return {value: sum(r[column] == value for r in rows) for value in field["constraints"]["enum"]}


def glue_name(prefix: str, value: str) -> str:
    """A glue key for a vocabulary value: ``omitted_`` + ``duplicate of a row`` -> ``omitted_duplicate_of_a_row``."""
    return prefix + "_".join(value.split())
