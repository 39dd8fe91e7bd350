"""Per-run configuration, read from the RunnableConfig's `configurable` section."""

from __future__ import annotations

from dataclasses import dataclass, fields

from langchain_core.runnables import RunnableConfig, ensure_config


@dataclass(kw_only=True)
class Configuration:
    user_id: str = ""
    thread_id: str = ""
    prompt_version: str = "v1"

    @classmethod
    def from_runnable_config(cls, config: RunnableConfig | None = None) -> "Configuration":
        configurable = ensure_config(config).get("configurable") or {}
        return cls(**{f.name: configurable[f.name] for f in fields(cls) if f.name in configurable})


def recursion_limit_for(max_tool_steps: int) -> int:
    """Each tool step is two graph steps (model, tools); recall, the final answer, remember and LangGraph's own
    first step add four."""
    return 2 * max_tool_steps + 4
