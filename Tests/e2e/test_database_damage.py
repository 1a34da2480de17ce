"""A damaged database, as the language server reports it (issue 16).

The schema lives on the first page, so a database whose schema reads fine can still have damaged
tables. `sqlheal check` says so (`database-damaged`); the server must too: an error diagnostic on
the database file, one `window/showMessage`, and `sqlheal.repairSchema` refused with the reason,
nothing written. The damaged file is made here: page 2 (the table's root) scribbled over.
"""

from __future__ import annotations

import pathlib
import sqlite3

from lsp_wire import WirePeer


def make_damaged_project(root: pathlib.Path) -> pathlib.Path:
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "1_init.sql").write_text("CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, extra TEXT);\n")
    (root / "sqlheal.json").write_text('{"database": "app.db", "migrations": "migrations"}\n')
    (root / "src").mkdir()
    (root / "src" / "app.js").write_text("export const rows = (db) => db.all('SELECT id, n FROM t');\n")
    database_path = root / "app.db"
    database = sqlite3.connect(database_path)
    database.executescript(
        """
        PRAGMA page_size = 4096;
        CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT INTO t SELECT i, 'value ' || i FROM s;
        """
    )
    database.close()
    data = bytearray(database_path.read_bytes())
    data[4096 : 4096 + 600] = b"\xa5" * 600
    database_path.write_bytes(bytes(data))
    return database_path


def test_the_server_reports_a_damaged_database_and_refuses_to_repair_it(sqlheal_binary: pathlib.Path, tmp_path: pathlib.Path):
    root = tmp_path / "project"
    database = make_damaged_project(root)
    damaged_bytes = database.read_bytes()
    peer = WirePeer([str(sqlheal_binary), "serve"], cwd=str(root))
    try:
        initialized = peer.wait_for_response(
            peer.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {"window": {"showMessage": {}}}}),
            timeout=60,
        )
        assert "result" in initialized, initialized
        peer.notify("initialized", {})

        published = peer.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == database.as_uri()
            and any(d.get("code") == "database-damaged" for d in m["params"]["diagnostics"]),
            "database-damaged on app.db",
            timeout=60,
        )
        diagnostic = next(d for d in published["params"]["diagnostics"] if d.get("code") == "database-damaged")
        assert diagnostic["severity"] == 1
        assert diagnostic["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
        assert diagnostic["message"].startswith(
            "the database app.db is damaged (quick_check: Page 2: btreeInitPage() returns error code 11; Page 3 is never used"
        ), diagnostic
        shown = peer.wait_for(
            lambda m: m.get("method") == "window/showMessage" and "app.db is damaged" in m["params"]["message"],
            "window/showMessage about the damage",
            timeout=30,
        )
        assert shown["params"]["type"] == 1

        response = peer.wait_for_response(
            peer.request("workspace/executeCommand", {"command": "sqlheal.repairSchema", "arguments": [{"confirmed": True}]}),
            timeout=60,
        )
        assert "error" in response, response
        assert "is damaged" in response["error"]["message"] and "nothing was changed" in response["error"]["message"], response
        assert database.read_bytes() == damaged_bytes, "not a byte written"
        assert not (root / ".sqlheal" / "history").exists(), "nothing journaled"

        assert "result" in peer.wait_for_response(peer.request("shutdown"), timeout=60)
        peer.notify("exit")
        assert peer.wait_for_exit(timeout=60) == 0
    finally:
        peer.kill()
    assert peer.violations == [], peer.violations
