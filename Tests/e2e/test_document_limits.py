"""A 50 MB document and a document with thousands of findings, against `sqlheal serve` over raw pipes.

A 50 MB bundle opened in the editor once took 40 s and 1.15 GB and came back as one message of
233,154 diagnostics. The server now applies the command line's 8 MiB limit (one information note
at the document's start instead of an analysis) and publishes at most 500 diagnostics per
document, the last saying how many were left out. The texts are generated here, not committed.
"""

from __future__ import annotations

import pathlib

import pytest

from lsp_wire import WirePeer

MAXIMUM_ANALYSED_BYTES = 8 * 1024 * 1024  # SourceFileReader.maximumFileSize, the CLI's limit
MAXIMUM_DIAGNOSTICS = 500  # DocumentLimits.maximumDiagnosticsPerDocument
# One missing-column error per line (`nme`) in the demo's schema.
FAULTY_LINE = "db.all('SELECT nme FROM users');\n"


@pytest.fixture
def peer(sqlheal_binary: pathlib.Path, demo_project: pathlib.Path):
    wire = WirePeer([str(sqlheal_binary), "serve"], cwd=str(demo_project))
    yield wire
    wire.kill()
    assert wire.violations == [], wire.violations


def start(peer: WirePeer, root: pathlib.Path) -> None:
    response = peer.wait_for_response(
        peer.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}), timeout=60
    )
    assert "result" in response, response
    peer.notify("initialized", {})


def open_document(peer: WirePeer, uri: str, text: str) -> None:
    peer.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": text}})


def diagnostics_of(peer: WirePeer, uri: str, version: int, timeout: float) -> list[dict]:
    published = peer.wait_for(
        lambda message: message.get("method") == "textDocument/publishDiagnostics"
        and message["params"]["uri"] == uri
        and message["params"].get("version") == version,
        f"diagnostics of {uri} at version {version}",
        timeout=timeout,
    )
    return published["params"]["diagnostics"]


def stop(peer: WirePeer) -> None:
    assert "result" in peer.wait_for_response(peer.request("shutdown"), timeout=60)
    peer.notify("exit")
    assert peer.wait_for_exit(timeout=60) == 0


def test_a_50_mb_document_is_not_analysed_and_says_why(peer: WirePeer, demo_project: pathlib.Path):
    start(peer, demo_project)
    uri = (demo_project / "src" / "bundle.js").as_uri()
    text = FAULTY_LINE * (50 * 1024 * 1024 // len(FAULTY_LINE))
    assert len(text.encode()) > 49 * 1024 * 1024
    open_document(peer, uri, text)
    # Generous: reading 50 MB of JSON is the only work left, and a loaded CI machine is slow.
    diagnostics = diagnostics_of(peer, uri, 1, timeout=120)
    assert diagnostics == [
        {
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "severity": 3,
            "code": "file-too-large",
            "source": "sqlheal",
            "message": "sqlheal did not analyse this document: file is 49 MiB, over the 8 MiB limit; skipped (sqlheal check skips it too)",
        }
    ]
    # Cut below the limit (the user deleted most of it), the document is analysed again.
    small = FAULTY_LINE * 3
    peer.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": small}]})
    again = diagnostics_of(peer, uri, 2, timeout=60)
    assert [(d["code"], d["range"]["start"]["line"]) for d in again] == [("missing-column", 0), ("missing-column", 1), ("missing-column", 2)]
    stop(peer)


def test_the_limit_is_the_command_lines(peer: WirePeer, demo_project: pathlib.Path):
    """A document of exactly 8 MiB is analysed (as `sqlheal check` reads such a file); one byte more is not."""
    start(peer, demo_project)
    head = FAULTY_LINE
    at_limit = head + " " * (MAXIMUM_ANALYSED_BYTES - len(head) - 1) + "\n"
    assert len(at_limit.encode()) == MAXIMUM_ANALYSED_BYTES
    uri = (demo_project / "src" / "at_limit.js").as_uri()
    open_document(peer, uri, at_limit)
    assert [d["code"] for d in diagnostics_of(peer, uri, 1, timeout=120)] == ["missing-column"]
    over = (demo_project / "src" / "over_limit.js").as_uri()
    open_document(peer, over, at_limit + "\n")
    assert [d["code"] for d in diagnostics_of(peer, over, 1, timeout=120)] == ["file-too-large"]
    stop(peer)


def test_diagnostics_per_document_are_capped_and_the_last_says_how_many_were_left_out(peer: WirePeer, demo_project: pathlib.Path):
    start(peer, demo_project)
    uri = (demo_project / "src" / "many.js").as_uri()
    # 1,200 errors, and one warning near the end that must not be the one cut.
    lines = [FAULTY_LINE] * 1200 + ["db.all(`SELECT id FROM users WHERE name = ${name}`);\n"]
    open_document(peer, uri, "".join(lines))
    diagnostics = diagnostics_of(peer, uri, 1, timeout=120)
    assert len(diagnostics) == MAXIMUM_DIAGNOSTICS
    shown, note = diagnostics[:-1], diagnostics[-1]
    # The errors come first in severity: 499 of the 1,200 are shown, in document order.
    assert [d["code"] for d in shown] == ["missing-column"] * (MAXIMUM_DIAGNOSTICS - 1)
    assert [d["range"]["start"]["line"] for d in shown] == list(range(MAXIMUM_DIAGNOSTICS - 1))
    left_out = 1200 + 1 - (MAXIMUM_DIAGNOSTICS - 1)
    assert note == {
        "range": {"start": {"line": 499, "character": 15}, "end": {"line": 499, "character": 15}},
        "severity": 3,
        "code": "too-many-findings",
        "source": "sqlheal",
        "message": f"sqlheal: {left_out} more findings in this document are not shown (at most {MAXIMUM_DIAGNOSTICS} diagnostics per document); sqlheal check lists them all",
    }
    # The server's log says it too.
    peer.wait_for(
        lambda message: message.get("method") == "window/logMessage" and f"{left_out} left out" in message["params"]["message"],
        "the log line about the diagnostics left out",
        timeout=30,
    )
    stop(peer)
