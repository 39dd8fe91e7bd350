"""What a tool reads from the injected RunnableConfig: the user it acts for (set by the service, never by the
model), so a tool cannot be talked into acting for someone else."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig


def config_user_id(config: RunnableConfig, tool_name: str) -> str:
    user_id = (config.get("configurable") or {}).get("user_id")
    if not user_id:
        raise ValueError(f"{tool_name} needs the user id in the run configuration")
    return user_id
