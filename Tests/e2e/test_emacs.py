"""A real Emacs (Debian's emacs-nox, with elpa-eglot where the Emacs has no eglot), batch mode,
with editors/emacs/sqlheal.el set up as its README says: the modes of each kind of file, the
diagnostics through eglot and Flymake, a repairing code action that asks first, the parseInt quick
fix applied with `eglot-code-actions`, and the repair preview holding the CLI's whole dry-run script.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sqlite3
import subprocess

import pytest

from conftest import EDITORS, copy_demo_project, run_editor_scenario

SCENARIO = pathlib.Path(__file__).resolve().parent / "emacs" / "scenario.el"
SEED_FILE = "src/sessions.js"
SEED_LINE = 14
SEED_COLUMN = 59  # parseInt(userId)
FIX_TITLE = "Remove parseInt() and bind userId as a parameter"
REPAIR_TITLE = "Create table orders in data/app.db"
SEED_LINE_AFTER = "  return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);"
SCENARIO_TIMEOUT_SECONDS = 240


def emacs_binary() -> str:
    found = shutil.which("emacs")
    if found is None:
        pytest.fail("no emacs on PATH: .ci/run installs emacs-nox and elpa-eglot")
    return found


def emacs_version_line(emacs: str) -> str:
    first_line = subprocess.run([emacs, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    print(f"{emacs}: {first_line}")
    return first_line


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, sqlheal_binary: pathlib.Path):
    emacs = emacs_binary()
    emacs_version_line(emacs)
    base = tmp_path_factory.mktemp("emacs")
    project = copy_demo_project(base)
    (base / "tmp").mkdir()  # the Emacs's temporary-file-directory (schema documents go there)
    schema_project = base / "database-only"
    shutil.copytree(pathlib.Path(__file__).resolve().parents[2] / "protocol-fixtures" / "projects" / "database-only", schema_project)
    results_file = base / "results.json"
    home = base / "home"
    home.mkdir()
    environment = dict(os.environ)
    environment.update(
        {
            "SQLHEAL_BINARY": str(sqlheal_binary),
            "SQLHEAL_EDITORS_EMACS": str(EDITORS / "emacs"),
            "SQLHEAL_E2E_PROJECT": str(project),
            "SQLHEAL_E2E_FILE": SEED_FILE,
            "SQLHEAL_E2E_LINE": str(SEED_LINE),
            "SQLHEAL_E2E_COLUMN": str(SEED_COLUMN),
            "SQLHEAL_E2E_FIX_TITLE": FIX_TITLE,
            "SQLHEAL_E2E_REPAIR_TITLE": REPAIR_TITLE,
            "SQLHEAL_E2E_RESULTS": str(results_file),
            "SQLHEAL_E2E_SCHEMA_PROJECT": str(schema_project),
            "TMPDIR": str(base / "tmp"),
            # A fresh user: no init file, no packages of the machine's user.
            "HOME": str(home),
        }
    )
    # --no-init-file, not -Q: Debian's site-start puts elpa-eglot on the load-path, as for a user.
    completed, results = run_editor_scenario(
        "Emacs",
        [emacs, "--batch", "--no-init-file", "--load", str(SCENARIO)],
        cwd=project,
        env=environment,
        results_file=results_file,
        timeout=SCENARIO_TIMEOUT_SECONDS,
    )
    print(f"Emacs {results['emacs_version']}, eglot {results.get('eglot_version')}")
    assert results.get("ok") is True, f"scenario failed at {results['steps'][-1]!r}: {results.get('error')}\n{json.dumps(results, indent=1)}\nstderr:\n{completed.stderr[-4000:]}"
    assert completed.returncode == 0, completed.stderr
    results["project"] = project
    return results


def test_definition_of_a_table_only_the_database_declares_opens_its_schema(scenario):
    # eglot knows only files: sqlheal.el fetches the sqlheal-schema: document and shows a
    # read-only copy, where xref lands on the table's name, with no server started for it.
    document = scenario["schema_document"]
    assert scenario["schema_definitions"] == 1
    assert document["file"].endswith("/audit_log.sql"), document["file"]
    assert "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL, at INTEGER);" in document["text"].splitlines()
    assert document["text"].splitlines()[document["line"] - 1].startswith("CREATE TABLE audit_log")
    assert document["symbol"] == "audit_log"
    assert document["read_only"] is True and document["managed"] is False


def test_modes_of_each_kind_of_file(scenario):
    modes = {entry["file"]: entry for entry in scenario["modes"]}
    # Without tree-sitter grammars (Debian packages none): .js and .jsx open in js-mode, .sql in
    # sql-mode, and .ts/.tsx, which have no mode of their own, in the setup's fallback modes.
    assert modes["sessions.js"]["language_id"] == "javascript"
    assert modes["PostList.jsx"]["language_id"] == "javascriptreact"
    assert modes["users.ts"]["language_id"] == "typescript"
    assert modes["AuditPanel.tsx"]["language_id"] == "typescriptreact"
    assert modes["10_orders.sql"] == {"file": "10_orders.sql", "mode": "sql-mode", "language_id": "sql", "sqlheal": True}
    assert all(entry["sqlheal"] for entry in modes.values()), modes
    if scenario["emacs_version"].startswith("28."):
        assert modes["sessions.js"]["mode"] == "js-mode"
        assert modes["users.ts"]["mode"] == "sqlheal-typescript-fallback-mode"
        assert modes["AuditPanel.tsx"]["mode"] == "sqlheal-tsx-fallback-mode"


def test_eglot_starts_sqlheal_at_the_project_root(scenario):
    assert scenario["mode"] == "js-mode"
    assert scenario["server_class"] == "sqlheal-eglot-server"
    # The copy is not under version control: only sqlheal.json marks its root.
    assert pathlib.Path(scenario["project_root"]).resolve() == scenario["project"].resolve()


def test_diagnostics_and_the_quick_fix(scenario):
    seed = [d for d in scenario["diagnostics_initial"] if d["line"] == SEED_LINE]
    texts = " ".join(d["text"] for d in seed)
    assert "[type-mismatch]" in texts or "type-mismatch" in texts, seed
    assert "raw-interpolation" in texts, seed
    type_mismatch = next(d for d in seed if "parseInt(userId)`: sessions.user_id" in d["text"])
    assert (type_mismatch["column"], type_mismatch["end_column"]) == (SEED_COLUMN, SEED_COLUMN + len("parseInt(userId)"))

    assert any(title.startswith(FIX_TITLE) for title in scenario["code_action_titles"]), scenario["code_action_titles"]
    original = (pathlib.Path(__file__).resolve().parents[2] / "demo" / SEED_FILE).read_text().splitlines()
    expected = list(original)
    expected[SEED_LINE - 1] = SEED_LINE_AFTER
    assert scenario["buffer_after_fix"][: len(expected)] == expected
    assert (scenario["project"] / SEED_FILE).read_text().splitlines() == expected  # saved
    assert [d for d in scenario["diagnostics_after_fix"] if d["line"] == SEED_LINE] == []


def test_fix_all_applies_the_remaining_safe_fix(scenario):
    original = (pathlib.Path(__file__).resolve().parents[2] / "demo" / SEED_FILE).read_text().splitlines()
    expected = list(original)
    expected[SEED_LINE - 1] = SEED_LINE_AFTER
    line = expected.index("  return db.get('SELECT id, user_id, token FROM sessions WHERE id = ' + sessionId);")
    expected[line] = "  return db.get('SELECT id, user_id, token FROM sessions WHERE id = ?', [sessionId]);"
    assert scenario["buffer_after_fix_all"][: len(expected)] == expected


def test_a_repairing_code_action_asks_and_cancel_writes_nothing(scenario):
    # The migration (sql-mode) is managed by the same sqlheal and shows its drift warnings.
    assert scenario["migration_mode"] == "sql-mode"
    assert scenario["migration_same_server"] is True
    assert [d["line"] for d in scenario["migration_diagnostics"]] == [4, 14], scenario["migration_diagnostics"]
    questions = scenario["questions"]
    # The action menu, then the server's question (window/showMessageRequest), answered Cancel.
    assert any(choice.startswith(REPAIR_TITLE) for choice in questions[-2]["choices"]), questions
    assert scenario["answers_left"] == 0, questions
    question = questions[-1]
    assert "Cancel" in question["choices"] and "orders" in question["prompt"], question
    with sqlite3.connect(scenario["project"] / "data" / "app.db") as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert "orders" not in tables
    assert not (scenario["project"] / ".sqlheal" / "backups").is_dir()


def test_repair_preview_is_the_cli_dry_run_script(scenario, sqlheal_binary: pathlib.Path):
    completed = subprocess.run(
        [sqlheal_binary, "repair", "--dry-run", "--root", str(scenario["project"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert scenario["preview_mode"] == "sql-mode"
    preview = scenario["preview"]
    # Every statement the CLI prints, in order (comments name the backup folder relative to
    # the root on the command line, absolute in the editor).
    def statements(script: str) -> list[str]:
        return [line for line in script.splitlines() if line.strip() and not line.startswith("--")]

    assert statements(preview) == statements(completed.stdout)
    assert len(preview.splitlines()) == len(completed.stdout.splitlines())
    for statement in ("PRAGMA foreign_keys = OFF;", "BEGIN IMMEDIATE;", "COMMIT;"):
        assert statement in preview, statement
