"""The graph with the real tools and checkpointer: routing, the step limit, and what the model is shown."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from agent.service import CoachService
from agent.settings import Settings
from memory.users import create_user
from prompts import render


class AlwaysCallsTools(BaseChatModel):
    """A model that never stops asking for the profile: the graph must stop it."""

    seen_systems: list[str] = []

    @property
    def _llm_type(self) -> str:
        return "always-calls-tools"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        self.seen_systems.append(next(m.content for m in messages if isinstance(m, SystemMessage)))
        call = {"name": "career_profile", "args": {"action": "get"}, "id": f"call_{len(messages)}", "type": "tool_call"}
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="", tool_calls=[call]))])


async def test_step_limit_stops_a_model_that_keeps_calling_tools(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"max_tool_steps": 3})
    model = AlwaysCallsTools()
    async with CoachService.open(settings, model=model) as service:
        user = create_user(service.db, email=None, password_hash=None, is_guest=True)
        result = await service.run_turn(user.id, "loop forever please")
    assert result.error is None
    assert len(result.tool_calls) == 3
    assert result.reply == render("offline/step_limit")


async def test_system_prompt_comes_from_prompts_and_carries_the_saved_profile(sqlite_settings: Settings) -> None:
    async with CoachService.open(sqlite_settings) as service:
        user = create_user(service.db, email=None, password_hash=None, is_guest=True)
        await service.run_turn(user.id, "I'm a nurse in Denver with 6 years' experience")
    model = AlwaysCallsTools(seen_systems=[])
    async with CoachService.open(sqlite_settings.model_copy(update={"max_tool_steps": 1}), model=model) as service:
        await service.run_turn(user.id, "anything")
    system = model.seen_systems[0]
    assert system.startswith("You are SmartJobFit Coach")
    assert "nurse in Denver; 6 years of experience; senior level" in system
