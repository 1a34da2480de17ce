"""The demo project reports exactly what demo/EXPECTED.md says, through the CLI a newcomer runs
(`sqlheal check --root demo`), and the repair and rollback do what its last section says."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import sqlite3
import subprocess

import pytest

from conftest import DEMO_PROJECT

CHECK_TIMEOUT_SECONDS = 120


@dataclasses.dataclass(frozen=True)
class ExpectedFinding:
    file: str
    line: int
    column: int | None
    severity: str
    code: str
    range_text: str  # exact text, "~text" for contains, "-" for not pinned

    def __str__(self) -> str:
        position = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return f"{self.file}:{position} {self.severity} {self.code} {self.range_text}"


def expected_findings() -> list[ExpectedFinding]:
    text = (DEMO_PROJECT / "EXPECTED.md").read_text()
    block = re.search(r"```expected\n(.*?)```", text, re.S)
    assert block, "EXPECTED.md has no ```expected block"
    findings = []
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        location, severity, code, range_text = line.split(None, 3)
        parts = location.split(":")
        column = int(parts[2]) if len(parts) > 2 else None
        findings.append(ExpectedFinding(parts[0], int(parts[1]), column, severity, code, range_text.strip()))
    return findings


def run_sqlheal(binary: pathlib.Path, *arguments: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(binary), *arguments],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT_SECONDS,
    )


def check_json(binary: pathlib.Path, project: pathlib.Path) -> tuple[int, list[dict]]:
    completed = run_sqlheal(binary, "check", "--root", str(project), "--format", "json")
    assert completed.returncode in (0, 1), f"exit {completed.returncode}\nstdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    return completed.returncode, json.loads(completed.stdout)


def utf16_column_to_index(line: str, column: int) -> int:
    units = 0
    for index, character in enumerate(line):
        if units >= column - 1:
            return index
        units += 2 if ord(character) > 0xFFFF else 1
    return len(line)


def covered_text(project: pathlib.Path, finding: dict) -> str:
    lines = (project / finding["file"]).read_text().split("\n")
    start_line, end_line = finding["line"] - 1, finding["endLine"] - 1
    start = utf16_column_to_index(lines[start_line], finding["column"])
    end = utf16_column_to_index(lines[end_line], finding["endColumn"])
    if start_line == end_line:
        return lines[start_line][start:end]
    return "\n".join([lines[start_line][start:], *lines[start_line + 1 : end_line], lines[end_line][:end]])


def matches(expected: ExpectedFinding, finding: dict, project: pathlib.Path) -> bool:
    if (finding["file"], finding["line"], finding["code"], finding["severity"]) != (expected.file, expected.line, expected.code, expected.severity):
        return False
    if expected.column is not None and finding["column"] != expected.column:
        return False
    if expected.range_text == "-":
        return True
    text = covered_text(project, finding)
    if expected.range_text.startswith("~"):
        return expected.range_text[1:] in text
    return text == expected.range_text


def describe(finding: dict) -> str:
    return f"{finding['file']}:{finding['line']}:{finding['column']} {finding['severity']} {finding['code']}: {finding['message']}"


def test_expected_block_is_well_formed():
    findings = expected_findings()
    codes = {finding.code for finding in findings}
    # The demo shows every diagnostic code of the contract.
    assert codes == {"missing-table", "missing-column", "type-mismatch", "param-count", "sql-syntax", "sql-error", "raw-interpolation", "schema-drift"}
    for finding in findings:
        assert (DEMO_PROJECT / finding.file).is_file(), finding
        if finding.column is not None and not finding.range_text.startswith(("~", "-")):
            line = (DEMO_PROJECT / finding.file).read_text().split("\n")[finding.line - 1]
            assert line[finding.column - 1 :].startswith(finding.range_text), f"EXPECTED.md is out of date: {finding}"


def test_check_reports_exactly_what_expected_md_lists(sqlheal_binary: pathlib.Path, demo_project: pathlib.Path):
    status, reported = check_json(sqlheal_binary, demo_project)
    assert status == 1, "errors are expected, so the exit status is 1"
    missing = [str(e) for e in expected_findings() if not any(matches(e, f, demo_project) for f in reported)]
    unexpected = [
        describe(f)
        for f in reported
        if f["severity"] in ("error", "warning") and not any(matches(e, f, demo_project) for e in expected_findings())
    ]
    assert not missing and not unexpected, "missing:\n  " + "\n  ".join(missing) + "\nunexpected:\n  " + "\n  ".join(unexpected)


def test_text_format_is_one_finding_a_line(sqlheal_binary: pathlib.Path, demo_project: pathlib.Path):
    completed = run_sqlheal(sqlheal_binary, "check", "--root", str(demo_project))
    assert completed.returncode == 1
    pattern = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info|hint): .+ \[(?P<code>[a-z-]+)\]$")
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    # One closing summary line is allowed ("9 errors, 9 warnings, 0 notes in 6 files").
    if lines and re.match(r"^\d+ errors?, \d+ warnings?", lines[-1]):
        lines.pop()
    findings = [pattern.match(line) for line in lines]
    assert all(findings), [line for line, found in zip(lines, findings) if not found]
    reported = {(m["file"], int(m["line"]), m["code"]) for m in findings}
    for expected in expected_findings():
        assert (expected.file, expected.line, expected.code) in reported, str(expected)


def test_the_newcomer_command_runs_from_the_repository_root(sqlheal_binary: pathlib.Path, tmp_path: pathlib.Path):
    # README: `swift run sqlheal check --root demo`, from the repository root. The checked-in demo
    # must not be written by a check (the database is opened read-only).
    database = DEMO_PROJECT / "data" / "app.db"
    before = database.read_bytes()
    completed = run_sqlheal(sqlheal_binary, "check", "--root", "demo", cwd=DEMO_PROJECT.parent)
    assert completed.returncode == 1, completed.stderr
    assert "src/sessions.js:14:59" in completed.stdout
    assert database.read_bytes() == before
    assert not (DEMO_PROJECT / "data" / "app.db-wal").exists()


def database_dump(path: pathlib.Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


def test_make_db_rebuilds_the_committed_database(tmp_path: pathlib.Path):
    rebuilt = tmp_path / "app.db"
    environment = dict(os.environ)
    subprocess.run(["bash", str(DEMO_PROJECT / "data" / "make-db.sh"), str(rebuilt)], check=True, capture_output=True, env=environment, timeout=60)
    assert database_dump(rebuilt) == database_dump(DEMO_PROJECT / "data" / "app.db")


def test_migrations_need_natural_order(tmp_path: pathlib.Path):
    migrations = sorted((DEMO_PROJECT / "migrations").glob("*.sql"))

    def natural_key(path: pathlib.Path):
        return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]

    natural = sqlite3.connect(":memory:")
    for migration in sorted(migrations, key=natural_key):
        natural.executescript(migration.read_text())
    plain = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="no such table: users"):
        for migration in sorted(migrations, key=lambda path: path.name):
            plain.executescript(migration.read_text())


def test_repair_then_rollback_on_the_demo(sqlheal_binary: pathlib.Path, demo_project: pathlib.Path):
    database = demo_project / "data" / "app.db"
    original_dump = database_dump(database)

    dry_run = run_sqlheal(sqlheal_binary, "repair", "--root", str(demo_project), "--dry-run")
    assert dry_run.returncode == 0, dry_run.stderr
    for step_id in (
        "change-column-type:sessions.user_id:INTEGER",
        "create-table:orders",
        "add-column:users.last_order_at",
        "create-table:order_items",
        "add-column:users.signup_date",
    ):
        assert step_id in dry_run.stdout
    assert "PRAGMA foreign_keys = OFF" in dry_run.stdout
    assert database_dump(database) == original_dump, "--dry-run changed the database"

    repair = run_sqlheal(sqlheal_binary, "repair", "--root", str(demo_project), "--yes")
    assert repair.returncode == 0, f"{repair.stdout}\n{repair.stderr}"
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT typeof(user_id), count(*) FROM sessions GROUP BY 1").fetchall() == [("integer", 3)]
        assert connection.execute("SELECT count(*) FROM orders").fetchone() == (0,)

    _, reported = check_json(sqlheal_binary, demo_project)
    codes = {(f["file"], f["line"], f["code"]) for f in reported}
    assert not any(code == "schema-drift" for _, _, code in codes), codes
    assert ("src/sessions.js", 14, "type-mismatch") not in codes
    assert ("src/sessions.js", 14, "raw-interpolation") in codes
    assert not any(file == "src/orders.ts" for file, _, _ in codes), codes
    columns = {(f["line"], f["column"]) for f in reported if f["file"] == "src/users.ts" and f["code"] == "missing-column"}
    assert columns == {(15, 55), (19, 33)}, "emial and nmae stay, signup_date was added"

    history = run_sqlheal(sqlheal_binary, "history", "--root", str(demo_project))
    assert history.returncode == 0 and history.stdout.strip(), history.stderr

    rollback = run_sqlheal(sqlheal_binary, "rollback", "--root", str(demo_project))
    assert rollback.returncode == 0, f"{rollback.stdout}\n{rollback.stderr}"
    assert database_dump(database) == original_dump
