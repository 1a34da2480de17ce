"""scripts/test counts what it skips and says why, and the SARIF schema check cannot be skipped by it.

On a fresh CI machine the Swift SARIF test used to be skipped every time (it needs Python's
jsonschema, and the virtualenv was made only after `swift test`), and no skip was counted anywhere.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import REPOSITORY_ROOT

SCRIPTS = REPOSITORY_ROOT / "scripts"

XCTEST_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="TestResults" tests="3" failures="1" skipped="1">
  <testcase classname="SQLHealCLITests.RepairTests" name="testApplies" time="0.1"/>
  <testcase classname="SQLHealCLITests.RepairTests" name="testBreaks" time="0.1"><failure message="XCTAssertEqual failed"/></testcase>
  <testcase classname="SQLHealCLITests.RepairTests" name="testNeedsNode" time="0.0"><skipped message="node is not installed"/></testcase>
</testsuite></testsuites>
"""

SWIFT_TESTING_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="TestResults" tests="2" skipped="1">
  <testcase classname="SQLHealWorkspaceTests.CheckReportTests" name="exitCodes()" time="0.01"/>
  <testcase classname="SQLHealWorkspaceTests.CheckReportTests" name="sarifIsValidAgainstTheOfficialSchema()">
    <skipped>needs python3 with jsonschema (scripts/test installs it in .venv-e2e)</skipped>
  </testcase>
</testsuite></testsuites>
"""

PYTEST_REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="0" skipped="1" tests="3">
  <testcase classname="Tests.e2e.test_neovim" name="test_release" time="1.0"/>
  <testcase classname="Tests.e2e.test_neovim" name="test_setup" time="0.0"><error message="fixture failed">trace</error></testcase>
  <testcase classname="Tests.e2e.test_editors" name="test_emacs" time="0.0">
    <skipped type="pytest.skip" message="Tests/e2e/test_editors.py:160: no emacs">Tests/e2e/test_editors.py:160: no emacs</skipped>
  </testcase>
</testsuite></testsuites>
"""


def load_results_module():
    path = SCRIPTS / "test_results.py"
    assert path.is_file(), "scripts/test_results.py reads the reports for scripts/test"
    spec = importlib.util.spec_from_file_location("test_results_script", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def write_reports(folder: pathlib.Path) -> list[str]:
    paths = []
    for name, text in (("swift.xml", XCTEST_REPORT), ("swift-swift-testing.xml", SWIFT_TESTING_REPORT), ("pytest.xml", PYTEST_REPORT)):
        ElementTree.fromstring(text)  # the samples themselves are well-formed
        (folder / name).write_text(text)
        paths.append(str(folder / name))
    return paths


def test_skipped_cases_are_counted_with_their_reason_in_every_report_format(tmp_path: pathlib.Path):
    paths = write_reports(tmp_path)
    script = SCRIPTS / "test_results.py"
    counts = subprocess.run([sys.executable, str(script), "counts", *paths], capture_output=True, text=True, check=True)
    assert counts.stdout.split() == ["3", "2", "3"]  # passed, failed (a failure and an error), skipped
    skipped = subprocess.run([sys.executable, str(script), "skipped", *paths], capture_output=True, text=True, check=True)
    assert skipped.stdout.splitlines() == [
        "SQLHealCLITests.RepairTests.testNeedsNode: node is not installed",
        "SQLHealWorkspaceTests.CheckReportTests.sarifIsValidAgainstTheOfficialSchema(): needs python3 with jsonschema (scripts/test installs it in .venv-e2e)",
        "Tests.e2e.test_editors.test_emacs: Tests/e2e/test_editors.py:160: no emacs",
    ]
    # A report that cannot be read (a crashed run) counts nothing rather than stopping the count.
    (tmp_path / "broken.xml").write_text("<testsuites><testcase")
    module = load_results_module()
    assert len(module.read([str(tmp_path / "broken.xml"), *paths]).skipped) == 3


def test_scripts_test_prepares_python_before_swift_test_and_prints_the_skips():
    source = (SCRIPTS / "test").read_text()
    environment = source.index('step "Python end-to-end environment (.venv-e2e)"')
    swift_test = source.index('step "swift test"')
    assert environment < swift_test, "the virtualenv must exist before swift test: the SARIF check uses it"
    swift_test_line = next(line for line in source.splitlines() if "swift test --skip-build" in line)
    assert 'SQLHEAL_TEST_PYTHON="$venv/bin/python"' in swift_test_line
    assert "scripts/test_results.py skipped" in source
    assert 'echo "scripts/test: ${passed} passed, ${failed} failed, ${skipped} skipped"' in source


def swift_sarif_test(tmp_path: pathlib.Path, python: str) -> tuple[int, str]:
    """Runs only the Swift SARIF test with SQLHEAL_TEST_PYTHON=python; returns its exit status and report."""
    swift = shutil.which("swift")
    if swift is None:
        pytest.fail("swift is not on PATH")
    report = tmp_path / "sarif.xml"
    completed = subprocess.run(
        [swift, "test", "--skip-build", "--filter", "CheckReportTests/sarifIsValidAgainstTheOfficialSchema", "--xunit-output", str(report)],
        cwd=REPOSITORY_ROOT,
        env={**os.environ, "SQLHEAL_TEST_PYTHON": python},
        capture_output=True,
        text=True,
        timeout=600,
    )
    testing_report = tmp_path / "sarif-swift-testing.xml"
    return completed.returncode, testing_report.read_text() if testing_report.is_file() else completed.stdout + completed.stderr


def test_the_sarif_check_runs_and_cannot_be_skipped_under_scripts_test(tmp_path: pathlib.Path):
    # With jsonschema (this virtualenv has it, from Tests/e2e/requirements.txt): it runs and passes.
    import jsonschema  # noqa: F401  (the requirement the Swift test relies on)

    status, report = swift_sarif_test(tmp_path, sys.executable)
    assert status == 0, report
    assert 'name="sarifIsValidAgainstTheOfficialSchema()"' in report and "<skipped" not in report, report

    # With an interpreter that lacks it (a fresh machine), it fails instead of skipping silently.
    no_jsonschema = tmp_path / "python-without-jsonschema"
    no_jsonschema.write_text("#!/bin/sh\nexit 1\n")
    no_jsonschema.chmod(no_jsonschema.stat().st_mode | stat.S_IXUSR)
    status, report = swift_sarif_test(tmp_path, str(no_jsonschema))
    assert status != 0, report
    assert "<failure" in report and "<skipped" not in report, report
