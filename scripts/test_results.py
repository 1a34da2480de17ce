#!/usr/bin/env python3
"""Reads the JUnit/xUnit XML reports of a scripts/test run (XCTest, Swift Testing, pytest).

    test_results.py counts REPORT...    prints "passed failed skipped"
    test_results.py skipped REPORT...   prints one line per skipped case: "name: reason"

A failed or errored case counts once as failed; a skipped case counts only as skipped. The reason
of a skip is the `message` attribute of its <skipped> element (XCTest, pytest) or its text
(Swift Testing); pytest's "file:line: " prefix is kept, it says where the skip was decided.
Unreadable reports are ignored: a crashed run has already been counted as a failure.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field


@dataclass
class Results:
    passed: int = 0
    failed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def case_name(case: ElementTree.Element) -> str:
    classname = case.get("classname", "")
    name = case.get("name", "?")
    return f"{classname}.{name}" if classname else name


def skip_reason(element: ElementTree.Element) -> str:
    reason = element.get("message") or (element.text or "").strip()
    return " ".join(reason.split()) or "no reason given"


def read(paths: list[str]) -> Results:
    results = Results()
    for path in paths:
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError):
            continue
        for case in root.iter("testcase"):
            outcomes = {child.tag: child for child in case}
            if "failure" in outcomes or "error" in outcomes:
                results.failed += 1
            elif "skipped" in outcomes:
                results.skipped.append((case_name(case), skip_reason(outcomes["skipped"])))
            else:
                results.passed += 1
    return results


def main(arguments: list[str]) -> int:
    if len(arguments) < 1 or arguments[0] not in ("counts", "skipped"):
        print(__doc__, file=sys.stderr)
        return 2
    results = read(arguments[1:])
    if arguments[0] == "counts":
        print(results.passed, results.failed, len(results.skipped))
    else:
        for name, reason in results.skipped:
            print(f"{name}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
