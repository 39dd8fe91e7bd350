"""Model providers: build the langchain-core chat model the graph runs on, from settings.

- `gemini`: Gemini 2.5 Flash through langchain-google-genai (built on the google-genai SDK). Its base URL
  is configurable, which is how the tests run the real SDK against a local stub of the Gemini REST API.
- `offline`: the deterministic engine in `agent/offline`, used when no key is set.
Any other langchain chat model (a local Ollama, say) can be passed to `build_graph` the same way.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agent.offline.model import OfflineChatModel
from agent.settings import Settings


class ProviderConfigError(ValueError):
    pass


def build_chat_model(settings: Settings, provider: str | None = None) -> BaseChatModel:
    provider = provider or settings.resolved_provider
    if provider == "offline":
        return OfflineChatModel()
    if provider == "gemini":
        return build_gemini_model(settings)
    raise ProviderConfigError(f"unknown model provider {provider!r}: use 'offline' or 'gemini'")


def build_gemini_model(settings: Settings) -> BaseChatModel:
    if not settings.gemini_key:
        raise ProviderConfigError("the gemini provider needs GOOGLE_API_KEY or GEMINI_API_KEY")
    from langchain_google_genai import ChatGoogleGenerativeAI

    return ChatGoogleGenerativeAI(
        model=settings.gemini_model,
        google_api_key=settings.gemini_key,
        base_url=settings.gemini_base_url,
        timeout=settings.gemini_timeout_s,
        max_retries=settings.gemini_max_retries,
        temperature=0.3,
    )
