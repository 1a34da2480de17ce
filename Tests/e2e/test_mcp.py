"""`sqlheal mcp` driven over stdio by the reference MCP client (PyPI `mcp`: ClientSession +
stdio_client) on a copy of the demo project: every tool answers what demo/EXPECTED.md says the
project holds, bad input is a tool error (isError) after which the server keeps serving, nothing
is written, and stdout carries protocol only."""

from __future__ import annotations

import asyncio
import hashlib
import json
import pathlib
import subprocess

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from test_demo_expected import check_json, expected_findings

SESSION_TIMEOUT_SECONDS = 120
TOOLS = {"describe_schema", "check_sql", "check_file", "check_project", "find_queries", "plan_repair"}


def run_session(binary: pathlib.Path, project: pathlib.Path, body):
    """Starts `sqlheal mcp --root PROJECT`, initializes a client session and runs `body(session)`."""

    async def main():
        parameters = StdioServerParameters(command=str(binary), args=["mcp", "--root", str(project)])
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as session:
                initialized = await session.initialize()
                assert initialized.server_info.name == "sqlheal"
                assert initialized.capabilities.tools is not None
                assert initialized.capabilities.resources is not None
                # The client validates structured content against each tool's output schema
                # only for tools it has listed.
                await session.list_tools()
                return await body(session)

    return asyncio.run(asyncio.wait_for(main(), SESSION_TIMEOUT_SECONDS))


async def call(session: ClientSession, tool: str, arguments: dict) -> tuple[bool, dict | None, str]:
    result = await session.call_tool(tool, arguments)
    text = "\n".join(block.text for block in result.content if block.type == "text")
    return bool(result.is_error), result.structured_content, text


def digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# MARK: - Tools and their answers


def test_lists_the_tools_with_input_and_output_schemas(sqlheal_binary, demo_project):
    async def body(session):
        return (await session.list_tools()).tools

    tools = run_session(sqlheal_binary, demo_project, body)
    assert {tool.name for tool in tools} == TOOLS
    for tool in tools:
        assert tool.input_schema["type"] == "object", tool.name
        assert tool.output_schema and tool.output_schema["type"] == "object", tool.name
        assert tool.annotations.read_only_hint is True, tool.name
    by_name = {tool.name: tool for tool in tools}
    assert by_name["check_sql"].input_schema["required"] == ["sql"]
    assert by_name["find_queries"].input_schema["required"] == ["table"]


def test_describe_schema_shows_tables_keys_indexes_drift_and_sources(sqlheal_binary, demo_project):
    async def body(session):
        return await call(session, "describe_schema", {}), await call(session, "describe_schema", {"table": "SESSIONS"})

    (is_error, schema, _), (one_error, one, _) = run_session(sqlheal_binary, demo_project, body)
    assert not is_error and not one_error
    # The same sources and tables as `sqlheal schema --format json`, plus what only the migrations declare.
    printed = json.loads(subprocess.run([str(sqlheal_binary), "schema", "--root", str(demo_project), "--format", "json"],
                                        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, check=True).stdout)
    assert schema["sources"] == printed["sources"]
    assert schema["sources"][:2] == [{"kind": "database", "path": "data/app.db"}, {"kind": "migrations", "path": "migrations"}]
    assert schema["checkedAgainst"] == "database"
    tables = {table["name"]: table for table in schema["tables"]}
    assert set(tables) == {table["name"] for table in printed["tables"]} | {"orders"}
    assert {"users", "posts", "sessions", "posts_fts", "audit_log", "orders"} <= set(tables)
    assert tables["posts_fts"]["kind"] == "virtual"
    assert tables["audit_log"]["strict"] is True
    # orders is declared by 10_orders.sql and missing from data/app.db (EXPECTED.md).
    assert tables["orders"]["inDatabase"] is False
    assert tables["orders"]["declaredAt"] == "migrations/10_orders.sql:4"
    assert {"columns": ["user_id"], "references": "users", "referencedColumns": ["id"], "onDelete": "NO ACTION", "onUpdate": "NO ACTION"} in tables["orders"]["foreignKeys"]
    assert "orders_user_id" in [index["name"] for index in tables["orders"]["indexes"]]
    users = {column["name"]: column for column in tables["users"]["columns"]}
    assert users["id"]["primaryKey"] == 1 and users["id"]["type"] == "INTEGER"
    assert users["email"]["notNull"] is True and users["email"]["declaredAt"] == "migrations/1_init.sql:4"
    assert users["last_order_at"]["inDatabase"] is False
    assert any(index["unique"] and index["columns"] == ["email"] for index in tables["users"]["indexes"])

    [sessions] = one["tables"]
    columns = {column["name"]: column for column in sessions["columns"]}
    # The database has TEXT, the migration INTEGER (EXPECTED.md's drift).
    assert columns["user_id"]["type"] == "TEXT" and columns["user_id"]["declaredType"] == "INTEGER"
    assert columns["user_id"]["declaredAt"] == "migrations/2_sessions.sql:5"
    assert sessions["foreignKeys"][0]["references"] == "users" and sessions["foreignKeys"][0]["onDelete"] == "CASCADE"
    assert [index["name"] for index in sessions["indexes"] if index["origin"] == "c"] == ["sessions_user_id"]


def test_check_sql_reports_findings_with_suggestions_and_result_columns(sqlheal_binary, demo_project):
    async def body(session):
        return [
            await call(session, "check_sql", {"sql": "SELECT emial FROM users WHERE id = ?", "params": ["userId"]}),
            await call(session, "check_sql", {"sql": "SELECT u.id, u.email, count(p.id) AS posts\nFROM users u JOIN posts p ON p.user_id = u.id\nWHERE u.id = ?", "params": ["parseInt(id, 10)"]}),
            await call(session, "check_sql", {"sql": "SELECT * FROM sessions WHERE user_id = ?", "params": ["parseInt(userId)"]}),
            await call(session, "check_sql", {"sql": "UPDATE users SET name = ?, email = ? WHERE id = ?", "params": ["name", "id"]}),
            await call(session, "check_sql", {"sql": "DELETE FROM sessions WHERE WHERE token = :token", "params": {"token": "token"}}),
            await call(session, "check_sql", {"sql": "SELECT total_cents FROM orders"}),
        ]

    typo, valid, mismatch, count, syntax, drift = run_session(sqlheal_binary, demo_project, body)

    is_error, answer, text = typo
    assert is_error and not answer["valid"]
    [finding] = answer["findings"]
    assert finding["code"] == "missing-column" and finding["text"] == "emial" and finding["suggestions"] == ["email"]
    assert (finding["line"], finding["column"], finding["endColumn"]) == (1, 8, 13)
    assert "Did you mean `email`" in text
    assert answer["parameters"][0]["column"] == "users.id" and answer["parameters"][0]["type"] == "INTEGER"

    is_error, answer, _ = valid
    assert not is_error and answer["valid"] and answer["findings"] == []
    assert answer["columns"] == [
        {"name": "id", "type": "INTEGER", "table": "users", "column": "id"},
        {"name": "email", "type": "TEXT", "table": "users", "column": "email"},
        {"name": "posts", "type": None, "table": None, "column": None},
    ]
    assert answer["parameterCount"] == 1 and answer["readOnly"] is True

    # sessions.user_id is TEXT in the database: parseInt's number is a type mismatch (a warning).
    is_error, answer, _ = mismatch
    assert not is_error and answer["valid"]
    [finding] = answer["findings"]
    assert finding["code"] == "type-mismatch" and finding["in"] == "params" and finding["param"] == "1"
    assert finding["text"] == "parseInt(userId)"

    is_error, answer, _ = count
    assert is_error and [f["code"] for f in answer["findings"]] == ["param-count"]

    is_error, answer, _ = syntax
    assert is_error and answer["findings"][0]["code"] == "sql-syntax" and answer["findings"][0]["text"] == "WHERE"

    # orders exists only in the migrations: reported against the database, naming the migration.
    is_error, answer, _ = drift
    assert is_error and answer["findings"][0]["code"] == "missing-table"
    assert "migrations/10_orders.sql" in answer["findings"][0]["message"]


def test_check_file_and_check_project_answer_as_check_format_json(sqlheal_binary, demo_project):
    async def body(session):
        return (
            await call(session, "check_project", {}),
            await call(session, "check_file", {"path": "src/users.ts"}),
            await call(session, "check_project", {"paths": ["src/components"]}),
        )

    (project_error, project, _), (file_error, one_file, _), (folder_error, folder, _) = run_session(sqlheal_binary, demo_project, body)
    assert not project_error and not file_error and not folder_error
    _, cli_findings = check_json(sqlheal_binary, demo_project)
    assert project["findings"] == cli_findings
    reported = {(f["file"], f["line"], f["severity"], f["code"]) for f in project["findings"]}
    for expected in expected_findings():
        assert (expected.file, expected.line, expected.severity, expected.code) in reported, str(expected)
    assert project["errorCount"] == sum(1 for f in cli_findings if f["severity"] == "error")

    assert {f["file"] for f in one_file["findings"]} == {"src/users.ts"}
    assert sorted((f["line"], f["code"]) for f in one_file["findings"]) == [
        (15, "missing-column"), (19, "missing-column"), (19, "missing-column"), (23, "param-count")]
    assert one_file["checkedFileCount"] == 1
    assert {f["file"] for f in folder["findings"]} == {"src/components/PostList.jsx", "src/components/AuditPanel.tsx"}


def test_find_queries_lists_every_query_using_a_table_or_column(sqlheal_binary, demo_project):
    async def body(session):
        return (
            await call(session, "find_queries", {"table": "sessions"}),
            await call(session, "find_queries", {"table": "users", "column": "email"}),
            await call(session, "find_queries", {"table": "order_items"}),
        )

    (_, sessions, _), (_, emails, _), (_, order_items, _) = run_session(sqlheal_binary, demo_project, body)
    lines = (demo_project / "src/sessions.js").read_text().split("\n")
    found = [(q["file"], q["line"]) for q in sessions["queries"]]
    assert all(file == "src/sessions.js" for file, _ in found)
    # Every query of sessions.js on sessions (the const of line 5 where it runs, line 18; values
    # spliced in on lines 14 and 26 included), and none of its comments (38-39) or prose (8).
    assert sorted(line for _, line in found) == [14, 18, 22, 26, 31, 35]
    for query in sessions["queries"]:
        assert "sessions" in lines[query["line"] - 1] or "SESSION" in lines[query["line"] - 1].upper()
    assert ("src/users.ts", 15) not in [(q["file"], q["line"]) for q in emails["queries"]]  # `emial` is not email
    assert ("src/users.ts", 32) in [(q["file"], q["line"]) for q in emails["queries"]]
    assert all("email" in q["columns"] for q in emails["queries"])
    # A table the code uses but nothing declares is still found.
    assert order_items["inSchema"] is False and [(q["file"], q["line"]) for q in order_items["queries"]] == [("src/orders.ts", 17)]


def test_plan_repair_is_a_dry_run_that_writes_nothing(sqlheal_binary, demo_project):
    database = demo_project / "data/app.db"
    before = digest(database)
    files_before = sorted(p.relative_to(demo_project) for p in demo_project.rglob("*"))

    async def body(session):
        return await call(session, "plan_repair", {}), await call(session, "plan_repair", {"only": ["create-table:orders"]})

    (is_error, plan, _), (_, only, _) = run_session(sqlheal_binary, demo_project, body)
    assert not is_error and plan["applied"] is False
    assert [step["id"] for step in plan["steps"]] == [
        "create-table:orders", "create-table:order_items", "add-column:users.last_order_at",
        "add-column:users.signup_date", "change-column-type:sessions.user_id:INTEGER"]
    assert {step["id"] for step in plan["skipped"]} == {"add-column:users.emial", "add-column:users.nmae"}
    assert any(statement.startswith("CREATE TABLE orders") for statement in plan["steps"][0]["sql"])
    assert "BEGIN IMMEDIATE" in plan["script"]
    dry_run = subprocess.run([str(sqlheal_binary), "repair", "--root", str(demo_project), "--dry-run"],
                             capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert plan["script"] == dry_run.stdout
    assert [step["id"] for step in only["steps"]] == ["create-table:orders"]
    assert digest(database) == before
    assert sorted(p.relative_to(demo_project) for p in demo_project.rglob("*")) == files_before  # no backup, no history


def test_schema_resources(sqlheal_binary, demo_project):
    async def body(session):
        listed = (await session.list_resources()).resources
        document = await session.read_resource("sqlheal://schema")
        ddl = await session.read_resource("sqlheal://schema.sql")
        return listed, document, ddl

    listed, document, ddl = run_session(sqlheal_binary, demo_project, body)
    assert {str(resource.uri) for resource in listed} == {"sqlheal://schema", "sqlheal://schema.sql"}
    schema = json.loads(document.contents[0].text)
    assert "sessions" in [table["name"] for table in schema["tables"]]
    assert "CREATE TABLE sessions" in ddl.contents[0].text


# MARK: - Bad input


def test_bad_input_is_a_tool_error_and_the_server_keeps_serving(sqlheal_binary, demo_project):
    bad_calls = [
        ("describe_schema", {"table": "sesions"}, "did you mean sessions"),
        ("find_queries", {"table": "no_such_table"}, "no table named no_such_table"),
        ("find_queries", {"table": "users", "column": "emali"}, "did you mean email"),
        ("check_file", {"path": "../../etc/passwd"}, "outside the project"),
        ("check_file", {"path": "/etc/passwd"}, "outside the project"),
        ("check_file", {"path": "src/missing.ts"}, "does not exist"),
        ("check_file", {}, "give `path`"),
        ("check_project", {"paths": "src"}, "must be an array of strings"),
        ("check_sql", {"sql": 42}, "must be a string"),
        ("check_sql", {"sql": "   "}, "is empty"),
        ("check_sql", {"sql": "SELECT 1", "params": "x"}, "must be an array"),
        ("check_sql", {"sql": "SELECT 1", "colum": "x"}, "unknown argument `colum`"),
        ("plan_repair", {"lossy": "sometimes"}, "must be one of refuse, cast, null"),
        ("no_such_tool", {}, "unknown tool"),
    ]

    async def body(session):
        answers = [await call(session, tool, arguments) for tool, arguments, _ in bad_calls]
        still_serving = await call(session, "check_sql", {"sql": "SELECT id FROM users"})
        return answers, still_serving

    answers, still_serving = run_session(sqlheal_binary, demo_project, body)
    for (tool, arguments, expected), (is_error, _, text) in zip(bad_calls, answers):
        assert is_error, f"{tool} {arguments}: {text}"
        assert expected in text, f"{tool} {arguments}: {text}"
    is_error, answer, _ = still_serving
    assert not is_error and answer["valid"] is True


def test_stdout_carries_protocol_only_even_for_broken_messages(sqlheal_binary, demo_project):
    """Raw JSON-RPC lines, a broken one among them: every stdout line is a JSON-RPC message and
    the process answers the requests after the broken line, even when the input ends at once."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        "{not json",
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "check_sql", "arguments": {"sql": "SELEC 1"}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "describe_schema", "arguments": {"table": "users"}}},
    ]
    # All of it at once, then EOF (a script piping requests in): the answers to what was asked
    # before the end are still written, then the process exits.
    payload = "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages)
    completed = subprocess.run([str(sqlheal_binary), "mcp", "--root", str(demo_project)], input=payload,
                               capture_output=True, text=True, timeout=SESSION_TIMEOUT_SECONDS)
    assert completed.returncode == 0, completed.stderr
    replies = [json.loads(line) for line in completed.stdout.splitlines()]  # every line a JSON-RPC message
    assert all(reply.get("jsonrpc") == "2.0" for reply in replies)
    by_id = {reply.get("id"): reply for reply in replies}
    assert {1, 2, 3} <= by_id.keys(), completed.stdout
    [parse_error] = [reply for reply in replies if reply.get("id") not in (1, 2, 3)]
    assert parse_error["error"]["code"] == -32700
    assert by_id[1]["result"]["serverInfo"]["name"] == "sqlheal"
    assert by_id[2]["result"]["isError"] is True
    assert 'SQLite cannot read this as SQL: near "SELEC": syntax error (line 1, column 1)' in by_id[2]["result"]["content"][0]["text"]
    assert by_id[3]["result"]["structuredContent"]["tables"][0]["name"] == "users"
