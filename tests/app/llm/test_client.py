"""LLMClient against the scripted OpenAI-compatible server: replies, streaming, retries, clear errors."""

from __future__ import annotations

import logging
import socket

import pytest

from app.llm.client import (
    LLMAuthError,
    LLMClient,
    LLMModelMissing,
    LLMRequestRejected,
    LLMServerError,
    LLMTimeout,
    LLMUnavailable,
)
from tests.scripted_llm import ErrorReply, Reply, ScriptedLLM

SECRET = "sk-test-7f3a9c-secret"
ASK = [{"role": "system", "content": "你是公文写作助手。"}, {"role": "user", "content": "起草一段工作总结。"}]


def client_for(llm: ScriptedLLM, **options) -> LLMClient:
    options.setdefault("backoff_s", 0.01)
    return LLMClient(llm.base_url, llm.model, SECRET, **options)


def reply(client: LLMClient, messages: list[dict], **options) -> str:
    """The whole streamed reply."""
    return "".join(client.stream_chat(messages, **options))


def test_the_reply_comes_back_and_the_options_are_sent() -> None:
    with ScriptedLLM(["全面推进教师队伍建设。"]) as llm:
        text = reply(
            client_for(llm),
            ASK, max_tokens=200, temperature=0.2, frequency_penalty=0.5, extra_body={"repeat_penalty": 1.15}
        )
    assert text == "全面推进教师队伍建设。"
    (body,) = llm.requests
    assert body["model"] == llm.model
    assert body["messages"] == ASK
    assert (body["max_tokens"], body["temperature"], body["frequency_penalty"]) == (200, 0.2, 0.5)
    assert body["repeat_penalty"] == 1.15  # extra_body fields reach the server at the top level
    assert body["stream"] is True
    assert llm.request_headers[0]["authorization"] == f"Bearer {SECRET}"


def test_stream_chat_yields_the_pieces_in_order() -> None:
    reply = Reply("一是加强培训，二是完善考核。", pieces=["一是加强培训，", "二是", "完善考核。"])
    with ScriptedLLM([reply]) as llm:
        pieces = list(client_for(llm).stream_chat(ASK, max_tokens=100))
    assert pieces == ["一是加强培训，", "二是", "完善考核。"]
    assert llm.requests[0]["stream"] is True


def test_a_server_error_is_retried_then_succeeds() -> None:
    with ScriptedLLM([ErrorReply(500), ErrorReply(429, "busy", "rate_limit"), "第二次成功"]) as llm:
        assert reply(client_for(llm, max_retries=2), ASK, max_tokens=50) == "第二次成功"
    assert len(llm.requests) == 3


def test_a_stream_that_fails_before_any_text_is_retried() -> None:
    with ScriptedLLM([ErrorReply(503, "loading model"), "重试后的流"]) as llm:
        assert "".join(client_for(llm).stream_chat(ASK, max_tokens=50)) == "重试后的流"
    assert len(llm.requests) == 2


def test_persistent_server_errors_end_in_a_clear_error() -> None:
    with ScriptedLLM([ErrorReply(500, "CUDA out of memory")] * 3) as llm:
        with pytest.raises(LLMServerError) as caught:
            reply(client_for(llm, max_retries=2), ASK, max_tokens=50)
    message = str(caught.value)
    assert llm.base_url in message and "HTTP 500" in message and "CUDA out of memory" in message
    assert "3 attempts" in message
    assert len(llm.requests) == 3


def test_a_bad_request_is_not_retried() -> None:
    with ScriptedLLM([ErrorReply(400, "max_tokens is too large", "invalid_request_error"), "不应到达"]) as llm:
        with pytest.raises(LLMRequestRejected, match="HTTP 400.*max_tokens is too large"):
            reply(client_for(llm), ASK, max_tokens=50)
    assert len(llm.requests) == 1
    assert llm.replies_left == 1


def test_a_refused_key_is_reported_without_the_key() -> None:
    with ScriptedLLM([ErrorReply(401, "invalid api key", "authentication_error")]) as llm:
        client = client_for(llm)
        with pytest.raises(LLMAuthError) as caught:
            reply(client, ASK, max_tokens=50)
    assert "HTTP 401" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(client)
    assert len(llm.requests) == 1


def test_a_model_the_endpoint_does_not_serve_is_named_with_what_it_serves() -> None:
    with ScriptedLLM(["x"], models=["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"]) as llm:
        client = LLMClient(llm.base_url, "qwen-72b", SECRET, backoff_s=0.01)
        with pytest.raises(LLMModelMissing) as caught:
            reply(client, ASK, max_tokens=50)
    assert str(caught.value) == (
        f"model 'qwen-72b' is not served by {llm.base_url}; it serves: qwen2.5-coder-1.5b, qwen2.5-coder-0.5b"
    )
    assert ("GET", "/v1/models") in llm.calls


def test_served_models_lists_what_the_endpoint_serves() -> None:
    with ScriptedLLM([], models=["a", "b"]) as llm:
        assert LLMClient(llm.base_url, "b").served_models() == ["a", "b"]


def test_an_endpoint_nobody_listens_on_is_unavailable(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port once the socket is closed.
    client = LLMClient(f"http://127.0.0.1:{port}/v1", "m", SECRET, max_retries=1, backoff_s=0.01)
    with caplog.at_level(logging.WARNING, logger="app.llm.client"):
        with pytest.raises(LLMUnavailable) as caught:
            reply(client, ASK, max_tokens=10)
    assert str(caught.value).startswith(f"cannot reach the LLM endpoint at http://127.0.0.1:{port}/v1: connection refused")
    assert "retrying" in caplog.text
    assert SECRET not in caplog.text and SECRET not in str(caught.value)


def test_a_slow_reply_times_out_without_a_retry() -> None:
    with ScriptedLLM([Reply("太慢了", delay_s=3.0), "不应到达"]) as llm:
        with pytest.raises(LLMTimeout, match="did not answer within 0.5 s"):
            reply(client_for(llm, read_timeout_s=0.5), ASK, max_tokens=10)
    assert len(llm.requests) == 1


def test_a_stream_that_breaks_off_keeps_the_text_and_raises() -> None:
    broken = Reply("第一句。第二句。第三句。", pieces=["第一句。", "第二句。", "第三句。"], break_after=2)
    with ScriptedLLM([broken, "x"]) as llm:
        received: list[str] = []
        with pytest.raises(LLMUnavailable, match="8 characters"):
            for piece in client_for(llm).stream_chat(ASK, max_tokens=50):
                received.append(piece)
    assert received == ["第一句。", "第二句。"]
    assert len(llm.requests) == 1  # not retried: the caller already holds part of the answer


def test_the_scripted_server_can_answer_by_prompt_and_says_when_its_script_ran_out() -> None:
    def by_prompt(body: dict) -> str:
        return "提纲" if "提纲" in body["messages"][-1]["content"] else "正文"

    with ScriptedLLM(by_prompt) as llm:
        client = client_for(llm)
        assert reply(client, [{"role": "user", "content": "先列提纲"}], max_tokens=10) == "提纲"
        assert "".join(client.stream_chat([{"role": "user", "content": "再写正文"}], max_tokens=10)) == "正文"
    with ScriptedLLM(["唯一的回答"]) as llm:
        client = client_for(llm, max_retries=0)
        reply(client, ASK, max_tokens=10)
        with pytest.raises(LLMServerError, match="no scripted reply left for call 2"):
            reply(client, ASK, max_tokens=10)
