"""Chat with any OpenAI-compatible endpoint (local llama.cpp server, vLLM, Ollama, a hosted API).

Always through the `openai` client. Its own retries are switched off so that the policy is ours:
exponential backoff on connection errors, 5xx and 429, none on other 4xx, and every failure turned
into an `LLMError` whose message names the endpoint and what went wrong. The API key is never part
of a message, a log line or the repr.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import openai

from app.errors import UserError

log = logging.getLogger(__name__)

# The openai client refuses to start without a key; servers that need none (llama.cpp, vLLM) ignore it.
# An explicit placeholder also keeps the client from sending a key it found in OPENAI_API_KEY.
_NO_KEY = "no-key"


class LLMError(UserError):
    """Talking to the LLM endpoint failed; the message says where and why."""


class LLMUnavailable(LLMError):
    """The endpoint cannot be reached, or a stream broke off."""


class LLMTimeout(LLMUnavailable):
    """The endpoint took longer than the read timeout to answer."""


class LLMModelMissing(LLMError):
    """The endpoint answers but does not serve the configured model."""


class LLMAuthError(LLMError):
    """The endpoint refused the API key (HTTP 401/403)."""


class LLMServerError(LLMError):
    """The endpoint kept failing with 5xx or 429 after all retries."""


class LLMRequestRejected(LLMError):
    """The endpoint refused the request itself (another 4xx)."""


Message = Mapping[str, Any]


class LLMClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 120.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.read_timeout_s = read_timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._client = openai.OpenAI(
            base_url=self.base_url,
            api_key=api_key or _NO_KEY,
            timeout=openai.Timeout(read_timeout_s, connect=connect_timeout_s),
            max_retries=0,
        )

    def __repr__(self) -> str:
        return f"LLMClient(base_url={self.base_url!r}, model={self.model!r})"

    def served_models(self) -> list[str]:
        """The model ids the endpoint lists at GET /models."""
        try:
            return [model.id for model in self._client.models.list()]
        except openai.OpenAIError as exc:
            raise self._translate(exc, attempts=1, check_model=False) from exc

    def stream_chat(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int,
        temperature: float = 0.3,
        frequency_penalty: float = 0.0,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Iterator[str]:
        """Yield the reply's text as it is generated. A failure before the first piece is retried;
        after it, retrying would repeat text the caller already has, so it raises LLMUnavailable."""
        params = self._params(messages, max_tokens, temperature, frequency_penalty, extra_body)
        emitted = 0
        for attempt in range(self.max_retries + 1):
            try:
                finished = False
                with self._client.chat.completions.create(**params, stream=True) as stream:
                    for chunk in stream:
                        if not chunk.choices:
                            continue
                        choice = chunk.choices[0]
                        finished = finished or choice.finish_reason is not None
                        if choice.delta.content:
                            emitted += len(choice.delta.content)
                            yield choice.delta.content
                if not finished:
                    raise LLMUnavailable(
                        f"the stream from the LLM endpoint at {self.base_url} ended without finishing "
                        f"after {emitted} characters"
                    )
                return
            except openai.OpenAIError as exc:
                if emitted:
                    raise LLMUnavailable(
                        f"the stream from the LLM endpoint at {self.base_url} broke off after {emitted} "
                        f"characters: {_reason(exc)}"
                    ) from exc
                self._retry_or_raise(exc, attempt)

    def _params(
        self,
        messages: Sequence[Message],
        max_tokens: int,
        temperature: float,
        frequency_penalty: float,
        extra_body: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(message) for message in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "frequency_penalty": frequency_penalty,
        }
        if extra_body:
            params["extra_body"] = dict(extra_body)
        return params

    def _retry_or_raise(self, exc: openai.OpenAIError, attempt: int) -> None:
        if attempt >= self.max_retries or not _retryable(exc):
            raise self._translate(exc, attempts=attempt + 1) from exc
        delay = min(self.backoff_s * 2**attempt, self.max_backoff_s)
        log.warning(
            "LLM endpoint %s: %s; retrying in %.1f s (attempt %d of %d)",
            self.base_url, _status_and_reason(exc), delay, attempt + 1, self.max_retries + 1,
        )  # fmt: skip
        time.sleep(delay)

    def _translate(self, exc: openai.OpenAIError, *, attempts: int, check_model: bool = True) -> LLMError:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        if isinstance(exc, openai.APITimeoutError):
            return LLMTimeout(
                f"the LLM endpoint at {self.base_url} did not answer within {self.read_timeout_s:g} s{tries}"
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMUnavailable(
                f"cannot reach the LLM endpoint at {self.base_url}: {_reason(exc)}"
                + (f" ({attempts} attempts)" if attempts > 1 else "")
            )
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            if status in (401, 403):
                return LLMAuthError(
                    f"the LLM endpoint at {self.base_url} refused the API key (HTTP {status}): {_reason(exc)}"
                )
            if status == 429 or status >= 500:
                return LLMServerError(
                    f"the LLM endpoint at {self.base_url} failed with HTTP {status}{tries}: {_reason(exc)}"
                )
            # A 4xx may mean the model is not served; the model list tells that from a bad request.
            if check_model:
                try:
                    served = self.served_models()
                except LLMError:
                    served = None
                if served is not None and self.model not in served:
                    return LLMModelMissing(self._missing_message(served))
            return LLMRequestRejected(
                f"the LLM endpoint at {self.base_url} rejected the request (HTTP {status}): {_reason(exc)}"
            )
        return LLMError(f"the LLM endpoint at {self.base_url} sent an answer that could not be used: {_reason(exc)}")

    def _missing_message(self, served: Sequence[str]) -> str:
        listing = ", ".join(served) if served else "no models"
        return f"model {self.model!r} is not served by {self.base_url}; it serves: {listing}"


def _retryable(exc: openai.OpenAIError) -> bool:
    # A timed-out generation is not repeated: the server may still be working on it, and a local
    # llama.cpp server on two cores would only fall further behind.
    if isinstance(exc, openai.APITimeoutError):
        return False
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return False


def _status_and_reason(exc: openai.OpenAIError) -> str:
    status = f"HTTP {exc.status_code}: " if isinstance(exc, openai.APIStatusError) else ""
    return status + _reason(exc)


def _reason(exc: BaseException) -> str:
    """The most specific words available: the server's error message, or the socket error's."""
    if isinstance(exc, openai.APIStatusError):
        body = exc.body
        if isinstance(body, dict):
            error = body.get("error", body)
            if isinstance(error, dict) and error.get("message"):
                return str(error["message"])
            if isinstance(error, str):
                return error
        return exc.message
    cause = exc.__cause__ or exc.__context__
    while cause is not None and (cause.__cause__ or cause.__context__) is not None:
        cause = cause.__cause__ or cause.__context__
    text = str(cause or exc) or type(cause or exc).__name__
    if "Connection refused" in text:
        return "connection refused"
    return text
