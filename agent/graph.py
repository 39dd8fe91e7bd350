"""The coach's LangGraph: the model node and the tool node, in a loop until the model answers.

    START → call_model ─(tool calls?)→ tools → call_model … → END

The graph is built from its parts (a chat model, the tools, a checkpointer), so the server, the CLI and the
tests compose it the same way with the offline engine or Gemini.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, SystemMessage
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


def build_graph(model: BaseChatModel, tools: Sequence[BaseTool], *, checkpointer: BaseCheckpointSaver | None = None,
                profile_lookup: ProfileLookup | None = None) -> CompiledStateGraph:
    model_with_tools = model.bind_tools(list(tools))

    async def call_model(state: State, config: RunnableConfig) -> dict:
        configuration = Configuration.from_runnable_config(config)
        profile = ""
        if profile_lookup and configuration.user_id:
            profile = await asyncio.to_thread(profile_lookup, configuration.user_id)  # SQL off the event loop
        system = prompts.render("system", version=configuration.prompt_version, today=date.today().isoformat(),
                                profile=profile)
        response = await model_with_tools.ainvoke([SystemMessage(system), *state.messages], config)
        if state.remaining_steps < 2 and isinstance(response, AIMessage) and response.tool_calls:
            # Out of steps: answer with what we have rather than loop on tools.
            response = AIMessage(id=response.id, content=prompts.render("offline/step_limit"))
        return {"messages": [response]}

    def route_model_output(state: State) -> Literal["tools", "__end__"]:
        last = state.messages[-1] if state.messages else None
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else END

    builder = StateGraph(State, input_schema=InputState)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", ToolNode(list(tools)))
    builder.add_edge(START, "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_edge("tools", "call_model")
    return builder.compile(checkpointer=checkpointer, name="SmartJobFit Coach")
