"""The coach's LangGraph: the model node and the tool node, in a loop until the model answers.

    START → recall → call_model ─(tool calls?)→ tools → call_model … → remember → END

`recall` puts the user's memories relevant to the message into the state (and so into the system prompt);
`remember` stores the durable things the message said (memory/). Both are skipped without a memory.

The graph is built from its parts (a chat model, the tools, a checkpointer), so the server, the CLI and the
tests compose it the same way with the offline engine or Gemini.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode

import prompts
from agent.configuration import Configuration
from agent.state import InputState, State

ProfileLookup = Callable[[str], str]  # user id → a one-line summary of their saved profile ("" if none)


class TurnMemory(Protocol):
    """What the graph needs of career memory (memory/memories.py, CareerMemory)."""

    def recall_for_turn(self, user_id: str, thread_id: str, message: str) -> list[dict]: ...

    def remember_turn(self, user_id: str, thread_id: str, message: str) -> None: ...


def _last_human_text(state: State) -> str:
    human = next((m for m in reversed(state.messages) if isinstance(m, HumanMessage)), None)
    return human.text if human is not None else ""


def build_graph(model: BaseChatModel, tools: Sequence[BaseTool], *, checkpointer: BaseCheckpointSaver | None = None,
                profile_lookup: ProfileLookup | None = None, memory: TurnMemory | None = None) -> CompiledStateGraph:
    model_with_tools = model.bind_tools(list(tools))

    async def recall(state: State, config: RunnableConfig) -> dict:
        configuration = Configuration.from_runnable_config(config)
        if memory is None or not configuration.user_id:
            return {"recalled": []}
        return {"recalled": await asyncio.to_thread(memory.recall_for_turn, configuration.user_id,
                                                    configuration.thread_id, _last_human_text(state))}

    async def call_model(state: State, config: RunnableConfig) -> dict:
        configuration = Configuration.from_runnable_config(config)
        profile = ""
        if profile_lookup and configuration.user_id:
            profile = await asyncio.to_thread(profile_lookup, configuration.user_id)  # SQL off the event loop
        system = prompts.render("system", version=configuration.prompt_version, today=date.today().isoformat(),
                                profile=profile, memories=state.recalled)
        # The recalled memories also ride on the system message as data, for the offline engine.
        prompt = SystemMessage(system, additional_kwargs={"memories": state.recalled})
        response = await model_with_tools.ainvoke([prompt, *state.messages], config)
        # Tools, the model again and remember need three more steps.
        if state.remaining_steps < 3 and isinstance(response, AIMessage) and response.tool_calls:
            # Out of steps: answer with what we have rather than loop on tools.
            response = AIMessage(id=response.id, content=prompts.render("offline/step_limit"))
        return {"messages": [response]}

    async def remember(state: State, config: RunnableConfig) -> dict:
        configuration = Configuration.from_runnable_config(config)
        if memory is not None and configuration.user_id:
            await asyncio.to_thread(memory.remember_turn, configuration.user_id, configuration.thread_id,
                                    _last_human_text(state))
        return {}

    def route_model_output(state: State) -> Literal["tools", "remember"]:
        last = state.messages[-1] if state.messages else None
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else "remember"

    builder = StateGraph(State, input_schema=InputState)
    builder.add_node("recall", recall)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", ToolNode(list(tools)))
    builder.add_node("remember", remember)
    builder.add_edge(START, "recall")
    builder.add_edge("recall", "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_edge("tools", "call_model")
    builder.add_edge("remember", END)
    return builder.compile(checkpointer=checkpointer, name="SmartJobFit Coach")
