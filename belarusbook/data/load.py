"""The one way chapters get data: ``load("repression")`` returns a typed, validated DataFrame.

Loading validates first (schema and provenance), so a chart can never draw a figure whose quote
is not in its source. Column dtypes follow ``data/datapackage.json``.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import DATA
from .validate import DataError, Problem, check_resource, known_source_keys, package, resource

_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def dataset_names() -> list[str]:
    """Names of the datasets a chapter may load (tables; the boundaries file is not one)."""
    return [r["name"] for r in package()["resources"]
            if r["name"] not in ("sources", "omitted") and "schema" in r]


@lru_cache(maxsize=None)
def _load(name: str, data_dir: Path, mtime: float) -> pd.DataFrame:
    pkg = package(data_dir / "datapackage.json")
    res = resource(name, pkg)
    problems, rows = check_resource(res, known_source_keys(pkg, data_dir), data_dir)
    if problems:
        raise DataError(problems)
    fields = res["schema"]["fields"]
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for field in fields:
        column = field["name"]
        if field["type"] == "date":
            frame[column] = pd.to_datetime(frame[column])
        else:
            frame[column] = frame[column].astype(_DTYPES[field["type"]])
    frame.attrs["resource"] = res
    return frame


def load(name: str, data_dir: Path = DATA) -> pd.DataFrame:
    """Dataset ``name`` as a typed DataFrame; raises DataError listing every problem.

    ``data_dir`` is for checking a copy of the data package; chapters use the default."""
    if name not in dataset_names() and name != "sources":
        raise KeyError(f"no dataset {name!r}; choose from {', '.join(dataset_names())}")
    mtime = (data_dir / resource(name)["path"]).stat().st_mtime
    return _load(name, data_dir, mtime).copy()


def sources() -> pd.DataFrame:
    """Metadata of the source documents, indexed by key."""
    return load("sources").set_index("key")


BOUNDARIES = "world-atlas"


@lru_cache(maxsize=None)
def _boundaries(path: Path, expected: str, mtime: float) -> str:
    raw = path.read_bytes()
    found = "sha256:" + hashlib.sha256(raw).hexdigest()
    if found != expected:
        raise DataError([Problem(f"data/{path.relative_to(path.parents[1])}", None, None,
                                 f"checksum {found} differs from {expected} in datapackage.json: "
                                 "the vendored boundaries were changed; restore world-atlas 2.0.2")])
    return raw.decode("utf-8")


def load_boundaries(data_dir: Path = DATA) -> dict:
    """The vendored Natural Earth country boundaries (world-atlas 2.0.2, countries-110m.json) as a
    TopoJSON dict, after checking the file's sha256 against ``data/datapackage.json``, so that a
    changed file fails loudly instead of drawing a different map."""
    res = resource(BOUNDARIES, package(data_dir / "datapackage.json"))
    path = data_dir / res["path"]
    return json.loads(_boundaries(path, res["hash"], path.stat().st_mtime))
