"""Where things live. Every other module asks here, so the repository can move."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # belarusbook/data/paths.py -> the repository
DATA = ROOT / "data"
SOURCES = DATA / "sources"
DATAPACKAGE = DATA / "datapackage.json"
