"""Shared fixtures of the end-to-end tests: the sqlheal binary, a scratch copy of the demo project."""

from __future__ import annotations

import os
import pathlib
import shutil
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
