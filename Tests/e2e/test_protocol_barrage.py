"""Broken frames, bad JSON, bad params, absurd lengths, unknown methods, against `sqlheal serve`
over raw pipes: after each one the server still answers, stdout carries only well-framed
JSON-RPC, and the process exits cleanly (0 after shutdown, 1 without)."""

from __future__ import annotations

import pathlib

import pytest

from lsp_wire import WirePeer, frame, message

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


def minimal_initialize_params(root: pathlib.Path) -> dict:
    return {
        "processId": None,
        "rootUri": root.as_uri(),
        "capabilities": {},
        "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
    }


@pytest.fixture
def peer(sqlheal_binary: pathlib.Path, demo_project: pathlib.Path):
    wire = WirePeer([str(sqlheal_binary), "serve"], cwd=str(demo_project))
    yield wire
    wire.kill()
    assert wire.violations == [], wire.violations


def initialize(peer: WirePeer, root: pathlib.Path) -> dict:
    response = peer.wait_for_response(peer.request("initialize", minimal_initialize_params(root)))
    assert "result" in response, response
    peer.notify("initialized", {})
    return response["result"]


def assert_alive(peer: WirePeer, after: str) -> None:
    """An unknown request is the cheapest echo: it must get -32601, whatever came before."""
    response = peer.wait_for_response(peer.request("sqlheal/noSuchMethod", {}), timeout=10)
    assert response.get("error", {}).get("code") == METHOD_NOT_FOUND, f"after {after}: {response}"


def error_code(response: dict) -> int | None:
    return response.get("error", {}).get("code")


def test_requests_before_initialize_get_server_not_initialized(peer: WirePeer, demo_project: pathlib.Path):
    response = peer.wait_for_response(peer.request("textDocument/codeAction", {}))
    assert error_code(response) == SERVER_NOT_INITIALIZED, response
    initialize(peer, demo_project)
    assert_alive(peer, "initialize")


def test_barrage_leaves_the_server_answering(peer: WirePeer, demo_project: pathlib.Path):
    initialize(peer, demo_project)
    assert_alive(peer, "initialize")

    # Header names in any case and order, Content-Type accepted and ignored.
    body = '{"jsonrpc":"2.0","id":"mixed-case","method":"sqlheal/noSuchMethod"}'
    peer.send_bytes(frame(body, headers=f"content-type: application/vscode-jsonrpc; charset=utf-8\r\ncOnTeNt-LeNgTh: {len(body)}\r\n\r\n"))
    assert error_code(peer.wait_for_response("mixed-case")) == METHOD_NOT_FOUND

    # Broken JSON in a well-framed message: -32700 (with the id when one could be read, else
    # null) or dropped; the next frame is read normally.
    peer.send_bytes(frame('{"jsonrpc":"2.0","id":77,"method":'))
    assert_alive(peer, "a truncated JSON body")
    parse_errors = [m for m in peer.received if error_code(m) == PARSE_ERROR]
    assert all(m.get("id") in (None, 77) for m in parse_errors), parse_errors

    peer.send_bytes(frame(b"\xff\xfe not utf-8 \x00"))
    assert_alive(peer, "a body that is not UTF-8")

    # Valid JSON that is not a request object.
    for payload in ("[]", "42", '"text"', "null", '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":5,"method":42}'):
        peer.send_bytes(frame(payload))
        assert_alive(peer, f"the payload {payload}")

    # A header block without Content-Length, a non-numeric and a negative one: dropped.
    peer.send_bytes(b"X-Junk: 1\r\n\r\n")
    assert_alive(peer, "a header block without Content-Length")
    peer.send_bytes(b"Content-Length: twelve\r\n\r\n")
    assert_alive(peer, "a non-numeric Content-Length")
    peer.send_bytes(b"Content-Length: -5\r\n\r\n")
    assert_alive(peer, "a negative Content-Length")

    # An absurd Content-Length must not make the server wait for 100 GB.
    peer.send_bytes(b"Content-Length: 99999999999\r\n\r\n")
    assert_alive(peer, "an absurd Content-Length")

    # Bad params on methods the server implements.
    response = peer.wait_for_response(peer.request("textDocument/codeAction", {"textDocument": 42}))
    assert error_code(response) == INVALID_PARAMS, response
    response = peer.wait_for_response(peer.request("workspace/executeCommand", {"command": "sqlheal.repairSchema", "arguments": "nope"}))
    assert "error" in response, response
    response = peer.wait_for_response(peer.request("workspace/executeCommand", {"command": "sqlheal.noSuchCommand", "arguments": []}))
    assert "error" in response, response
    assert_alive(peer, "bad params")

    # Notifications with bad params or for unknown documents never get a response, nor crash it.
    peer.notify("textDocument/didOpen", {"textDocument": "not an object"})
    peer.notify("textDocument/didChange", {"textDocument": {"uri": "file:///nowhere.js", "version": 2}, "contentChanges": [{"text": "x"}]})
    uri = (demo_project / "src" / "scratch.js").as_uri()
    peer.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": "db.all('SELECT 1')\n"}})
    peer.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 9999, "character": 5}, "end": {"line": 3, "character": 0}}, "text": "🙂"}],
        },
    )
    peer.notify("textDocument/didClose", {"textDocument": {"uri": "file:///never-opened.ts"}})
    assert_alive(peer, "notifications with bad params and impossible ranges")

    # Unknown notifications, $/ notifications and a cancel for a request that does not exist.
    peer.notify("sqlheal/noSuchNotification", {"x": 1})
    peer.notify("$/setTrace", {"value": "off"})
    peer.notify("$/somethingNew", {})
    peer.notify("$/cancelRequest", {"id": 123456})
    # A response from the "client" to a request the server never made.
    peer.send_bytes(message(id=987654, result=None))
    assert_alive(peer, "unknown notifications and a stray response")

    # A second initialize is answered one way or the other, and the server keeps working.
    peer.wait_for_response(peer.request("initialize", minimal_initialize_params(demo_project)))
    assert_alive(peer, "a second initialize")

    # Then a clean shutdown: requests after it get -32600, exit ends with 0.
    shutdown = peer.wait_for_response(peer.request("shutdown"))
    assert shutdown.get("result", "missing") is None, shutdown
    late = peer.wait_for_response(peer.request("textDocument/codeAction", {}))
    assert error_code(late) == INVALID_REQUEST, late
    peer.notify("exit")
    assert peer.wait_for_exit() == 0


def test_exit_without_shutdown_ends_with_1(peer: WirePeer, demo_project: pathlib.Path):
    initialize(peer, demo_project)
    peer.notify("exit")
    assert peer.wait_for_exit() == 1


def test_end_of_input_ends_the_server(peer: WirePeer, demo_project: pathlib.Path):
    initialize(peer, demo_project)
    peer.send_bytes(b"Content-Length: 40\r\n\r\n{\"jsonrpc\"")  # cut inside a frame
    peer.close_stdin()
    assert peer.wait_for_exit() in (0, 1)


def test_cancel_request_and_unknown_request_ids_of_any_type(peer: WirePeer, demo_project: pathlib.Path):
    initialize(peer, demo_project)
    for request_id in ("string-id", 0, 2**31 - 1):
        response = peer.wait_for_response(peer.request("sqlheal/noSuchMethod", {}, request_id=request_id))
        assert error_code(response) == METHOD_NOT_FOUND and response["id"] == request_id, response
