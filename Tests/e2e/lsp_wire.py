"""A minimal LSP peer over a subprocess's pipes, strict about what the server writes.

Used by the barrage tests, which must send what no well-behaved client library would send
(broken frames, bad JSON, absurd lengths) and read every byte the server writes to stdout.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from typing import Any

DEFAULT_TIMEOUT_SECONDS = 15.0


class ProtocolViolation(AssertionError):
    """The server wrote something to stdout that is not a well-framed JSON-RPC message."""


def frame(payload: bytes | str, *, headers: str | None = None) -> bytes:
    """A frame with a correct Content-Length (or the given raw header block)."""
    body = payload.encode() if isinstance(payload, str) else payload
    header_block = headers if headers is not None else f"Content-Length: {len(body)}\r\n\r\n"
    return header_block.encode() + body


def message(**fields: Any) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", **fields}))


class WirePeer:
    """Starts `command`, reads framed messages from its stdout on a thread, checks each strictly."""

    def __init__(self, command: list[str], *, cwd: str | None = None):
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: "queue.Queue[dict[str, Any]]" = queue.Queue()
        self.received: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.stderr_chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        self._next_id = 1000

    # Reading ---------------------------------------------------------------------------------

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for chunk in iter(lambda: self.process.stderr.read1(65536), b""):
            self.stderr_chunks.append(chunk)

    def _read_stdout(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if line == b"":
                    return
                if not line.endswith(b"\r\n"):
                    self.violations.append(f"header line not ending in CRLF: {line!r}")
                    return
                if line == b"\r\n":
                    break
                name, separator, value = line.decode("ascii", "replace").partition(":")
                if not separator:
                    self.violations.append(f"malformed header line: {line!r}")
                    return
                headers[name.strip().lower()] = value.strip()
            if "content-length" not in headers:
                self.violations.append(f"frame without Content-Length: {headers}")
                return
            length = int(headers["content-length"])
            body = stream.read(length)
            if len(body) != length:
                self.violations.append(f"stdout ended inside a frame ({len(body)} of {length} bytes)")
                return
            try:
                decoded = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                self.violations.append(f"frame body is not JSON ({error}): {body[:200]!r}")
                return
            problem = self._envelope_problem(decoded)
            if problem:
                self.violations.append(f"{problem}: {decoded}")
            self.received.append(decoded)
            self.messages.put(decoded)

    @staticmethod
    def _envelope_problem(decoded: Any) -> str | None:
        if not isinstance(decoded, dict):
            return "a message that is not a JSON object"
        if decoded.get("jsonrpc") != "2.0":
            return 'a message without "jsonrpc": "2.0"'
        if "method" in decoded:
            return None
        if "id" not in decoded:
            return "a message with neither method nor id"
        if ("result" in decoded) == ("error" in decoded):
            return "a response with both or neither of result and error"
        if "error" in decoded:
            error = decoded["error"]
            if not isinstance(error, dict) or not isinstance(error.get("code"), int) or not isinstance(error.get("message"), str):
                return "an error without an integer code and a string message"
        return None

    # Writing ---------------------------------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        fields: dict[str, Any] = {"method": method}
        if params is not None:
            fields["params"] = params
        self.send_bytes(message(**fields))

    def request(self, method: str, params: Any = None, *, request_id: Any = None) -> Any:
        if request_id is None:
            self._next_id += 1
            request_id = self._next_id
        fields: dict[str, Any] = {"id": request_id, "method": method}
        if params is not None:
            fields["params"] = params
        self.send_bytes(message(**fields))
        return request_id

    def wait_for_response(self, request_id: Any, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> dict[str, Any]:
        """The response to `request_id`; answers server-to-client requests with null meanwhile."""

        def matches(candidate: dict[str, Any]) -> bool:
            return "method" not in candidate and candidate.get("id") == request_id

        return self.wait_for(matches, f"the response to request {request_id!r}", timeout)

    def wait_for(self, predicate, description: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> dict[str, Any]:
        # Messages already received count too.
        for candidate in self.received:
            if predicate(candidate):
                return candidate
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {description}; stderr:\n{self.stderr_text()[-3000:]}")
            try:
                candidate = self.messages.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self.process.poll() is not None and self.messages.empty():
                    raise AssertionError(
                        f"the server exited ({self.process.returncode}) while waiting for {description}; stderr:\n{self.stderr_text()[-3000:]}"
                    )
                continue
            if "method" in candidate and "id" in candidate:
                # A request from the server (registerCapability, configuration...): answer null.
                self.send_bytes(message(id=candidate["id"], result=None))
            if predicate(candidate):
                return candidate

    def stderr_text(self) -> str:
        return b"".join(self.stderr_chunks).decode("utf-8", "replace")

    def close_stdin(self) -> None:
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()

    def wait_for_exit(self, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._reader.join(timeout=5)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
