"""Wire-level tests: the real langchain-google-genai / google-genai SDK against GeminiStub.

These pin down what our agent relies on from the SDK: the request shape it puts on
the wire, how replies (text, SSE streams, function calls) come back as LangChain
messages, and which exceptions surface on server errors and timeouts.
"""

from __future__ import annotations

import gc
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from google.genai import errors as genai_errors
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import tool
from langchain_google_genai import ChatGoogleGenerativeAI
from langchain_google_genai.chat_models import (
    ChatGoogleGenerativeAIError,
    GoogleAPIError,
    GoogleInvalidRequestError,
    GoogleRateLimitError,
)

from tests.stubs.gemini_stub import DEFAULT_TEXT, GeminiStub

MODEL = "gemini-2.5-flash"
API_KEY = "test-key"


@tool
def lookup_salary(role: str, city: str) -> str:
    """Look up the median salary for a role in a city."""
    return f"{role} in {city}: 52000 EUR"


@pytest.fixture
def stub() -> Iterator[GeminiStub]:
    with GeminiStub() as s:
        yield s


def make_llm(stub: GeminiStub, **overrides: Any) -> ChatGoogleGenerativeAI:
    # max_retries=1 -> exactly one HTTP attempt (the SDK's HttpRetryOptions.attempts
    # counts the initial call). timeout is in seconds here; the wrapper converts it
    # to the SDK's milliseconds.
    kwargs: dict[str, Any] = {
        "model": MODEL,
        "google_api_key": API_KEY,
        "base_url": stub.base_url,
        "max_retries": 1,
        "timeout": 5,
    }
    kwargs.update(overrides)
    return ChatGoogleGenerativeAI(**kwargs)


def _parts(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [part for content in body["contents"] for part in content["parts"]]


# -- (a) plain invoke ---------------------------------------------------------


def test_invoke_returns_text_usage_and_sends_key(stub: GeminiStub) -> None:
    stub.reply_text("A data analyst in Lyon earns about 42k EUR.")
    llm = make_llm(stub)

    msg = llm.invoke(
        [SystemMessage("You are a career coach."), HumanMessage("Salary for data analyst in Lyon?")]
    )

    assert isinstance(msg, AIMessage)
    assert msg.content == "A data analyst in Lyon earns about 42k EUR."
    assert msg.response_metadata["finish_reason"] == "STOP"
    usage = msg.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]

    (req,) = stub.requests
    assert req["method"] == "POST"
    assert req["path"] == f"/v1beta/models/{MODEL}:generateContent"
    assert req["headers"]["x-goog-api-key"] == API_KEY
    body = req["body"]
    assert body["contents"] == [
        {"role": "user", "parts": [{"text": "Salary for data analyst in Lyon?"}]}
    ]
    # The system prompt travels separately, not as a conversation turn.
    assert body["systemInstruction"]["parts"][0]["text"] == "You are a career coach."
    assert "tools" not in body


def test_empty_queue_answers_default_text(stub: GeminiStub) -> None:
    assert make_llm(stub).invoke("hello").content == DEFAULT_TEXT


# -- (b) streaming ---------------------------------------------------------------


def test_stream_yields_several_chunks(stub: GeminiStub) -> None:
    text = "Negotiate with data: cite the market median and your impact."
    stub.reply_text(text)
    llm = make_llm(stub)

    chunks = list(llm.stream("How do I negotiate?"))

    non_empty = [c for c in chunks if c.content]
    assert len(non_empty) == stub.stream_chunks  # really incremental, not one blob
    assert "".join(str(c.content) for c in chunks) == text
    merged = chunks[0]
    for c in chunks[1:]:
        merged = merged + c
    assert isinstance(merged, AIMessageChunk)
    assert merged.usage_metadata is not None and merged.usage_metadata["total_tokens"] > 0

    (req,) = stub.requests
    assert req["path"] == f"/v1beta/models/{MODEL}:streamGenerateContent"
    assert req["query"] == {"alt": "sse"}
    assert req["headers"]["x-goog-api-key"] == API_KEY


# -- (c) tool calling round trip ------------------------------------------------------


def test_tool_call_round_trip(stub: GeminiStub) -> None:
    stub.reply_function_call(
        "lookup_salary", {"role": "data analyst", "city": "Lyon"}, call_id="call-1"
    )
    stub.reply_text("Median is 52000 EUR.")
    llm = make_llm(stub).bind_tools([lookup_salary])

    history: list[BaseMessage] = [HumanMessage("Salary for data analyst in Lyon?")]
    first = llm.invoke(history)

    assert isinstance(first, AIMessage)
    assert first.tool_calls == [
        {
            "name": "lookup_salary",
            "args": {"role": "data analyst", "city": "Lyon"},
            "id": "call-1",  # the functionCall.id becomes the LangChain tool_call id
            "type": "tool_call",
        }
    ]
    decl = stub.requests[0]["body"]["tools"][0]["functionDeclarations"][0]
    assert decl["name"] == "lookup_salary"
    assert set(decl["parameters"]["properties"]) == {"role", "city"}

    tool_result = lookup_salary.invoke(first.tool_calls[0]["args"])
    history += [first, ToolMessage(tool_result, tool_call_id="call-1")]
    second = llm.invoke(history)

    assert second.content == "Median is 52000 EUR."
    assert len(stub.requests) == 2
    body = stub.requests[1]["body"]
    assert [c["role"] for c in body["contents"]] == ["user", "model", "user"]
    parts = _parts(body)
    calls = [p["functionCall"] for p in parts if "functionCall" in p]
    assert calls and calls[0]["name"] == "lookup_salary"
    assert calls[0]["args"] == {"role": "data analyst", "city": "Lyon"}
    responses = [p["functionResponse"] for p in parts if "functionResponse" in p]
    assert len(responses) == 1
    assert responses[0]["name"] == "lookup_salary"
    assert tool_result in json.dumps(responses[0]["response"])


def test_parallel_function_calls(stub: GeminiStub) -> None:
    stub.reply_function_calls(
        [
            ("lookup_salary", {"role": "nurse", "city": "Paris"}),
            ("lookup_salary", {"role": "nurse", "city": "Nantes"}),
        ]
    )
    msg = make_llm(stub).bind_tools([lookup_salary]).invoke("Compare Paris and Nantes")

    assert [tc["args"]["city"] for tc in msg.tool_calls] == ["Paris", "Nantes"]
    # Without a functionCall.id the wrapper invents distinct ids.
    ids = [tc["id"] for tc in msg.tool_calls]
    assert all(ids) and len(set(ids)) == 2


# -- (d) errors and timeouts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "exc_type"),
    [
        (500, GoogleAPIError),
        (503, GoogleAPIError),
        (429, GoogleRateLimitError),
        (400, GoogleInvalidRequestError),
    ],
)
def test_http_error_raises_classified_exception(
    stub: GeminiStub, status: int, exc_type: type[Exception]
) -> None:
    stub.reply_error(status, "model overloaded")
    llm = make_llm(stub)

    with pytest.raises(exc_type) as info:
        llm.invoke("hi")

    assert len(stub.generate_requests) == 1  # no hidden retry with max_retries=1
    assert "model overloaded" in str(info.value)
    if status >= 500:
        # 5xx keep the SDK's ServerError type (GoogleAPIError subclasses it).
        assert isinstance(info.value, genai_errors.ServerError)
        assert info.value.code == status
    else:
        assert isinstance(info.value, ChatGoogleGenerativeAIError)
    assert len(stub.requests) == 1


def test_stream_error_raises(stub: GeminiStub) -> None:
    stub.reply_error(503)
    with pytest.raises(GoogleAPIError):
        list(make_llm(stub).stream("hi"))


def test_sdk_retries_5xx_when_allowed(stub: GeminiStub) -> None:
    stub.reply_error(503)
    stub.reply_text("recovered")
    # attempts=2 -> one retry after ~1-2 s of exponential backoff with jitter.
    msg = make_llm(stub, max_retries=2).invoke("hi")

    assert msg.content == "recovered"
    assert len(stub.requests) == 2


def test_slow_server_times_out(stub: GeminiStub) -> None:
    stub.reply_delay(5, then="too late")
    llm = make_llm(stub, timeout=0.5)

    # Timeouts are NOT wrapped by langchain-google-genai: raw httpx on the sync path.
    with pytest.raises(httpx.TimeoutException):
        llm.invoke("hi")

    # The SDK also tells the server its deadline (whole seconds, rounded up).
    assert stub.requests[0]["headers"]["x-server-timeout"] == "1"


# -- (e) streaming a function call ----------------------------------------------------


def test_stream_function_call(stub: GeminiStub) -> None:
    stub.reply_function_call("lookup_salary", {"role": "welder", "city": "Lille"})
    llm = make_llm(stub).bind_tools([lookup_salary])

    chunks = list(llm.stream("Salary for welder in Lille?"))

    merged = chunks[0]
    for c in chunks[1:]:
        merged = merged + c
    assert isinstance(merged, AIMessageChunk)
    assert len(merged.tool_calls) == 1
    assert merged.tool_calls[0]["name"] == "lookup_salary"
    assert merged.tool_calls[0]["args"] == {"role": "welder", "city": "Lille"}
    assert stub.requests[0]["body"]["tools"][0]["functionDeclarations"][0]["name"] == (
        "lookup_salary"
    )


# -- async path (google-genai uses aiohttp if installed, else httpx) ----------------


@pytest.mark.asyncio
async def test_async_invoke_and_stream(stub: GeminiStub) -> None:
    stub.reply_text("async answer")
    stub.reply_text("streamed async answer")
    llm = make_llm(stub)

    msg = await llm.ainvoke("hi")
    chunks = [c async for c in llm.astream("hi")]

    assert msg.content == "async answer"
    assert len([c for c in chunks if c.content]) == stub.stream_chunks
    assert "".join(str(c.content) for c in chunks) == "streamed async answer"
    assert [r["action"] for r in stub.requests] == ["generateContent", "streamGenerateContent"]
    assert all(r["headers"]["x-goog-api-key"] == API_KEY for r in stub.requests)


# langchain-core's error-metadata helper calls aiohttp's async `response.json()`
# without awaiting it; harmless, but it warns when the coroutine is collected.
@pytest.mark.filterwarnings("ignore:coroutine 'ClientResponse.json' was never awaited")
@pytest.mark.asyncio
async def test_async_error_and_timeout(stub: GeminiStub) -> None:
    stub.reply_error(503)
    stub.reply_delay(5)
    llm = make_llm(stub, timeout=0.5)

    with pytest.raises(GoogleAPIError):
        await llm.ainvoke("hi")
    # google-genai's async client uses aiohttp when it is importable (builtin
    # TimeoutError == asyncio.TimeoutError), otherwise httpx (httpx.ReadTimeout).
    with pytest.raises((TimeoutError, httpx.TimeoutException)):
        await llm.ainvoke("hi")
    gc.collect()  # emit that warning here, under the filter, not at session end


# -- the stub itself --------------------------------------------------------------------


def test_unknown_path_is_gemini_404(stub: GeminiStub) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{stub.base_url}/v1beta/models/{MODEL}:countTokens", data=b"{}")
    assert info.value.code == 404
    assert json.loads(info.value.read())["error"]["status"] == "NOT_FOUND"
    assert stub.requests[0]["action"] is None
