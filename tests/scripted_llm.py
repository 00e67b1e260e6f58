"""A scripted OpenAI-compatible HTTP server for tests: exact replies, recorded requests, chosen failures.

    with ScriptedLLM(replies=["第一段", ErrorReply(500), "第二段"]) as llm:
        client = LLMClient(llm.base_url, llm.model)
        ...
        llm.requests[0]["messages"]      # the JSON bodies the server received, in order

Each POST /v1/chat/completions consumes the next reply, in order. A reply is
- a `str`: the assistant's text, sent as one message or, when the request asks `"stream": true`,
  as Server-Sent Events (`data: {chunk}` lines, then `data: [DONE]`);
- a `Reply`: text with its own streaming pieces, delays, finish reason, or a broken-off stream;
- an `ErrorReply`: an HTTP error with an OpenAI-style JSON error body;
- a callable taking the request body and returning one of the above (replies that depend on the prompt).
`replies` may also be a single callable, used for every call. A request naming a model the server does
not list is answered 404 (model_not_found) without consuming a reply; a call with no reply left is
answered 500 with a message saying so, so a test that calls more often than scripted fails loudly.
GET /v1/models lists `models`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union

__all__ = ["ErrorReply", "Reply", "ScriptedLLM"]


@dataclass(frozen=True)
class Reply:
    """One assistant reply. `pieces` fixes how a stream is cut (default: `piece_chars` characters each);
    `delay_s` waits before the response starts (for read timeouts), `piece_delay_s` between stream pieces;
    `break_after` closes the connection after that many pieces without finishing the stream."""

    text: str
    pieces: Sequence[str] | None = None
    piece_chars: int = 3
    delay_s: float = 0.0
    piece_delay_s: float = 0.0
    finish_reason: str = "stop"
    break_after: int | None = None

    def stream_pieces(self) -> list[str]:
        if self.pieces is not None:
            if "".join(self.pieces) != self.text:
                raise ValueError("Reply.pieces must join to Reply.text")
            return list(self.pieces)
        return [self.text[i : i + self.piece_chars] for i in range(0, len(self.text), self.piece_chars)]


@dataclass(frozen=True)
class ErrorReply:
    """An HTTP error answer, e.g. ErrorReply(500), ErrorReply(429), ErrorReply(400, "bad request")."""

    status: int
    message: str = "scripted failure"
    error_type: str = "server_error"
    code: str | None = None
    delay_s: float = 0.0


ReplySpec = Union[str, Reply, ErrorReply, Callable[[dict[str, Any]], Union[str, Reply, ErrorReply]]]


class ScriptedLLM:
    """Context manager running the scripted server on 127.0.0.1 (a free port) in a background thread."""

    def __init__(
        self,
        replies: Sequence[ReplySpec] | Callable[[dict[str, Any]], str | Reply | ErrorReply] = (),
        *,
        models: Sequence[str] = ("scripted-model",),
    ) -> None:
        self._replies: list[ReplySpec] | None = None if callable(replies) else list(replies)
        self._reply_for_all = replies if callable(replies) else None
        self.models = list(models)
        self.requests: list[dict[str, Any]] = []  # JSON bodies of chat-completion calls, in arrival order
        self.request_headers: list[dict[str, str]] = []  # their HTTP headers (names lower-cased), same order
        self.calls: list[tuple[str, str]] = []  # (method, path) of every request, models listings included
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def model(self) -> str:
        return self.models[0]

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("ScriptedLLM is not running: use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def replies_left(self) -> int:
        return 0 if self._replies is None else len(self._replies)

    def __enter__(self) -> ScriptedLLM:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A handler sleeping in a slow reply must not hold up the test's teardown.
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, name="scripted-llm", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, body: dict[str, Any], call_number: int) -> str | Reply | ErrorReply:
        with self._lock:
            if self._reply_for_all is not None:
                spec: ReplySpec = self._reply_for_all
            elif self._replies:
                spec = self._replies.pop(0)
            else:
                return ErrorReply(500, f"ScriptedLLM: no scripted reply left for call {call_number}")
        return spec(body) if callable(spec) else spec

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server is closing; True when it is closing."""
        return self._closing.wait(seconds) if seconds > 0 else self._closing.is_set()


def _handler_for(scripted: ScriptedLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
            return

        def do_GET(self) -> None:
            scripted.calls.append(("GET", self.path))
            if self.path.rstrip("/") == "/v1/models":
                data = [{"id": name, "object": "model", "created": 0, "owned_by": "scripted"} for name in scripted.models]
                self._send_json(200, {"object": "list", "data": data})
            else:
                self._send_error(ErrorReply(404, f"no route {self.path}", "invalid_request_error"))

        def do_POST(self) -> None:
            scripted.calls.append(("POST", self.path))
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError as exc:
                self._send_error(ErrorReply(400, f"request body is not JSON: {exc}", "invalid_request_error"))
                return
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_error(ErrorReply(404, f"no route {self.path}", "invalid_request_error"))
                return
            with scripted._lock:
                scripted.requests.append(body)
                scripted.request_headers.append({k.lower(): v for k, v in self.headers.items()})
                call_number = len(scripted.requests)
            model = body.get("model")
            if model not in scripted.models:
                self._send_error(
                    ErrorReply(404, f"The model `{model}` does not exist", "invalid_request_error", "model_not_found")
                )
                return
            reply = scripted._next_reply(body, call_number)
            if isinstance(reply, str):
                reply = Reply(reply)
            if scripted._sleep(reply.delay_s):
                return
            if isinstance(reply, ErrorReply):
                self._send_error(reply)
            elif body.get("stream"):
                self._send_stream(reply, model)
            else:
                self._send_completion(reply, model, body)

        def _send_json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_error(self, error: ErrorReply) -> None:
            self._send_json(
                error.status, {"error": {"message": error.message, "type": error.error_type, "code": error.code}}
            )

        def _send_completion(self, reply: Reply, model: str, body: dict[str, Any]) -> None:
            prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
            self._send_json(
                200,
                {
                    "id": f"chatcmpl-scripted-{len(scripted.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.text},
                            "finish_reason": reply.finish_reason,
                        }
                    ],
                    "usage": {
                        "prompt_tokens": prompt_chars,
                        "completion_tokens": len(reply.text),
                        "total_tokens": prompt_chars + len(reply.text),
                    },
                },
            )

        def _send_stream(self, reply: Reply, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk_id = f"chatcmpl-scripted-{len(scripted.requests)}"

            def event(delta: dict[str, str], finish_reason: str | None) -> None:
                chunk = {
                    "id": chunk_id,
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
                }
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode("utf-8"))
                self.wfile.flush()

            event({"role": "assistant", "content": ""}, None)
            for sent, piece in enumerate(reply.stream_pieces()):
                if reply.break_after is not None and sent >= reply.break_after:
                    self.close_connection = True
                    return
                if scripted._sleep(reply.piece_delay_s):
                    return
                event({"content": piece}, None)
            if reply.break_after is not None:
                return
            event({}, reply.finish_reason)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler
