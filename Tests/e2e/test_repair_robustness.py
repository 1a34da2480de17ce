"""`sqlheal repair` where the operating system says no: a write that fails half-way through a
rebuild (the file size limit, as a full disk would), and a database the user may not write.
Each ends with a clear error, exit status 1, and the database exactly as it was.
"""

from __future__ import annotations

import os
import pathlib
import resource
import shutil
import signal
import sqlite3
import subprocess
import tempfile

import pytest

MIGRATION = "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, note TEXT);\n"


def make_project(folder: pathlib.Path, rows: int) -> pathlib.Path:
    """A project whose migration says t.n is INTEGER while the database has TEXT: a rebuild."""
    (folder / "migrations").mkdir(parents=True)
    (folder / "migrations" / "1_init.sql").write_text(MIGRATION)
    (folder / "sqlheal.json").write_text('{"database": "app.db", "migrations": "migrations"}\n')
    database = sqlite3.connect(folder / "app.db")
    database.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, note TEXT)")
    database.executemany("INSERT INTO t VALUES (?, ?, ?)", ((i, str(i), "x" * 200) for i in range(rows)))
    database.commit()
    database.close()
    return folder / "app.db"


def content(path: pathlib.Path) -> tuple:
    """The schema and every row, read the way an application would (a hot journal is rolled back)."""
    database = sqlite3.connect(path)
    try:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        schema = database.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
        rows = database.execute("SELECT id, n, typeof(n), note FROM t ORDER BY id").fetchall()
        return schema, rows
    finally:
        database.close()


def test_a_write_refused_half_way_through_the_rebuild_changes_nothing(sqlheal_binary: pathlib.Path, tmp_path: pathlib.Path) -> None:
    database = make_project(tmp_path / "project", rows=20_000)
    before = content(database)
    size = database.stat().st_size
    # Room for the backup (a copy of the database) but not for the rebuilt table beside the old one.
    limit = size + 200_000

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write(2) fails with EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [str(sqlheal_binary), "repair", "--root", str(database.parent), "--yes"],
        capture_output=True, text=True, timeout=120, preexec_fn=limit_file_size,
    )
    assert result.returncode == 1, result
    assert "file size limit" in result.stderr and "nothing was changed" in result.stderr, result.stderr
    # No hot journal is left for the application to find: sqlheal confirmed the state itself.
    assert not (database.parent / "app.db-journal").exists()
    assert database.stat().st_size == size
    assert content(database) == before
    # The failure is in the history; its backup, identical to the database, is gone.
    history = subprocess.run([str(sqlheal_binary), "history", "--root", str(database.parent)],
                             capture_output=True, text=True, timeout=60)
    assert "failed" in history.stdout and "backup:" not in history.stdout, history.stdout
    assert list((database.parent / ".sqlheal" / "backups").iterdir()) == []
    # With room to write, the same repair goes through.
    repaired = subprocess.run([str(sqlheal_binary), "repair", "--root", str(database.parent), "--yes"],
                              capture_output=True, text=True, timeout=120)
    assert repaired.returncode == 0, repaired
    schema, rows = content(database)
    assert len(rows) == 20_000 and {kind for _, _, kind, _ in rows} == {"integer"}


def test_a_database_the_user_may_not_write_is_refused(sqlheal_binary: pathlib.Path) -> None:
    # Root writes whatever the permissions say: run the repair as an unprivileged user then.
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        pytest.fail("running as root needs setpriv (util-linux) to drop privileges for this test")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="sqlheal-readonly-"))
    try:
        os.chmod(folder, 0o755)
        database = make_project(folder / "project", rows=200)
        binary = folder / "sqlheal"
        shutil.copy2(sqlheal_binary, binary)  # reachable by the unprivileged user wherever the checkout is
        for path in (folder / "project", folder / "project" / "migrations"):
            os.chmod(path, 0o755)
        os.chmod(database, 0o444)
        if not as_root:
            os.chmod(folder / "project", 0o555)  # no -journal beside it either
        before = content(database)
        command = [str(binary), "repair", "--root", str(database.parent), "--yes"]
        if as_root:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result
        assert "is read-only" in result.stderr and "nothing was changed" in result.stderr, result.stderr
        assert content(database) == before
    finally:
        for root, directories, _ in os.walk(folder):
            for name in directories:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(folder, ignore_errors=True)
