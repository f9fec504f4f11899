"""Where things live. Every other module asks here, so the repository can move."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
DATAPACKAGE = DATA / "datapackage.json"
