"""JupyterLab as a Binder reader gets it, for tests/test_lab.py: this environment's ``jupyter lab``
with the repository's postBuild applied, serving a fresh copy of the repository (so that a save
cannot touch the work tree), on a free localhost port with a token.

Everything the server or postBuild writes (Jupyter config, Lab settings and workspaces, runtime
files) goes to a temporary home, so the tests neither read nor change the user's own Jupyter set-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THEMES = "@jupyterlab/apputils-extension:themes"
START_TIMEOUT = 180  # seconds for the server to answer at all; a limit, not a measurement


def chart_cells(chapter: Path) -> list[str]:
    """The figure labels of a chapter's chart cells (the cells with ``mystnb.figure`` metadata)."""
    notebook = jupytext.read(chapter)
    return [c.metadata["mystnb"]["figure"]["name"] for c in notebook.cells
            if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure")]


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path

    def api(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            f"{self.url}/{path.lstrip('/')}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def page_url(self, path: str) -> str:
        """The chapter alone: ``reset`` clears the workspace JupyterLab saved from the last page,
        which would otherwise reopen the earlier chapters (with their stopped kernels) beside it."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def set_theme(self, name: str) -> None:
        """Choose a JupyterLab theme ("JupyterLab Light", "JupyterLab Dark") for pages opened after."""
        self.api("PUT", f"lab/api/settings/{THEMES}", {"raw": json.dumps({"theme": name})})

    def stop_kernels(self) -> None:
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(root: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "BELARUSBOOK_BOOK_BUILD" and not k.startswith("JUPYTER")}
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython"}
    for name, sub in dirs.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["HOME"] = str(home)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    # The kernel imports the copy's package, as Binder's `-e .` makes it import the repository's.
    env["PYTHONPATH"] = str(root)
    return env


@contextlib.contextmanager
def jupyterlab(root: Path, home: Path):
    """Apply postBuild and run ``jupyter lab`` on ``root`` (a copy of the repository); yield a Lab."""
    env = _environment(root, home)
    subprocess.run(["bash", str(root / "postBuild")], cwd=root, env=env, check=True, capture_output=True)
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "jupyterlab.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {log.read_text()[-3000:]}")
            try:
                lab.api("GET", "api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter lab did not answer: {log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield lab
    finally:
        with contextlib.suppress(Exception):
            lab.stop_kernels()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
