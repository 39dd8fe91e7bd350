"""The `recall_memories` tool: the model searches what the user said in earlier conversations, on purpose
(each turn already brings the most relevant few into the system prompt). A thin wrapper over memory/memories.py."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool

from memory.memories import memory_view
from memory.vector_store import VectorStoreDown
from tools.registry import ToolContext
from tools.run_config import config_user_id


RECENT = 10  # memories listed for "what do you remember about me?"


def make_tools(context: ToolContext) -> list[BaseTool]:
    memory = context.memory
    if memory is None:
        return []

    def recall_memories(query: str, config: RunnableConfig) -> dict:
        """Search what this user told you in earlier conversations (constraints such as "can't relocate before
        June", preferences, background, goals, offers), by meaning. Use it when their history could change your
        advice and it is not already in your instructions. Returns the matching memories, best first, with dates.
        An empty query returns the most recent memories instead: use that when the user asks what you remember."""
        user_id = config_user_id(config, "recall_memories")
        if not memory.enabled(user_id):
            return {"memories": [], "note": "the user turned memory off"}
        if not query.strip():
            stored = memory.list(user_id)  # SQL alone, newest first: works while the vector store is down
            return {"memories": [memory_view(m) for m in stored[:RECENT]], "total": len(stored)}
        try:
            found = memory.recall(user_id, query)
        except VectorStoreDown:
            return {"error": "memory is unavailable just now; answer without it"}
        return {"memories": [r.as_dict() for r in found]}

    return [StructuredTool.from_function(recall_memories, name="recall_memories")]
