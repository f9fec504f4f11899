"""Chapters are in jupytext's canonical MyST form: reading a chapter as a notebook and writing it
back, as JupyterLab's save does through jupytext, reproduces the file byte for byte, so opening
and saving a chapter in Binder changes nothing. (tests/test_lab.py saves them through a real
JupyterLab server as well.)"""

from __future__ import annotations

import jupytext
import pytest

from conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


def test_there_are_chapters():
    assert len(CHAPTERS) >= 5


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_round_trip_through_jupytext_reproduces_the_chapter(chapter):
    text = chapter.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    assert notebook.metadata["jupytext"]["text_representation"]["format_name"] == "myst"
    assert jupytext.writes(jupytext.read(chapter), fmt="md:myst") == text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_kernelspec_is_the_one_jupyterlab_writes_on_save(chapter):
    """Starting a kernel, JupyterLab sets the notebook's kernelspec to that kernel's name,
    display name and language, in this order; a chapter that says anything else changes on save."""
    from jupyter_client.kernelspec import KernelSpecManager

    kernelspec = jupytext.read(chapter).metadata["kernelspec"]
    installed = KernelSpecManager().get_kernel_spec(kernelspec["name"])
    assert list(kernelspec.items()) == [("name", kernelspec["name"]), ("display_name", installed.display_name),
                                        ("language", installed.language)]
