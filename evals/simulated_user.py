"""A simulated user for multi-turn cases: the case gives a goal, a persona, facts and questions instead of turns.

- Offline, `ScriptedUser` plays the user: it states the facts in natural sentences (one message), then asks each
  question of `asks` in order, and stops at `max_turns`.
- With a model (`--model gemini`), `LLMUser` plays the user through the same provider layer as the coach
  (`agent.models.build_chat_model`), instructed by `prompts/<version>/simulated_user.md`. It stops when it
  answers the done token, or at `max_turns`.

Both are asked `next_message(transcript)`, where the transcript is the list of (user, coach reply) pairs so far,
and answer the next user message, or None when the conversation is over.
"""

from __future__ import annotations

from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

import prompts
from evals.suite import SimulatedUser

DONE_TOKEN = "[DONE]"
Transcript = list[tuple[str, str]]


class UserPolicy(Protocol):
    async def next_message(self, transcript: Transcript) -> str | None: ...


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _years(value: float) -> str:
    number = int(value) if float(value).is_integer() else value
    return f"{number} year{'' if number == 1 else 's'}"


def facts_sentences(facts: dict[str, Any]) -> str:
    """The facts as a user would say them: "I'm a nurse in Denver with 6 years of experience. ..."."""
    sentences: list[str] = []
    role, location, years = facts.get("current_role"), facts.get("location"), facts.get("experience_years")
    if role:
        sentence = f"I'm {_article(role)} {role}"
        if location:
            sentence += f" in {location}"
        if years is not None:
            sentence += f" with {_years(years)} of experience"
        sentences.append(sentence + ".")
    else:
        if location:
            sentences.append(f"I live in {location}.")
        if years is not None:
            sentences.append(f"I have {_years(years)} of experience.")
    if facts.get("industry"):
        sentences.append(f"I work in the {facts['industry']} industry.")
    if facts.get("target_role"):
        target = facts["target_role"]
        sentences.append(f"I want to become {_article(target)} {target}.")
    if facts.get("career_stage"):
        sentences.append(f"I'm at the {facts['career_stage']} stage of my career.")
    return " ".join(sentences)


class ScriptedUser:
    """Offline: the facts first, then each question, at most max_turns messages."""

    def __init__(self, spec: SimulatedUser):
        self.spec = spec
        facts = facts_sentences(spec.facts.model_dump(exclude_none=True)) if spec.facts else ""
        self.script = [message for message in [facts, *spec.asks] if message][: spec.max_turns]

    async def next_message(self, transcript: Transcript) -> str | None:
        return self.script[len(transcript)] if len(transcript) < len(self.script) else None


class LLMUser:
    """A chat model plays the user. Roles are mirrored: the coach's replies are the model's input (human
    messages) and the user's earlier messages are its own (AI messages)."""

    def __init__(self, spec: SimulatedUser, model: BaseChatModel, prompt_version: str | None = None):
        self.spec, self.model = spec, model
        variables = {"goal": spec.goal, "persona": spec.persona or "", "asks": spec.asks,
                     "facts": spec.facts.model_dump(exclude_none=True) if spec.facts else {},
                     "max_turns": spec.max_turns, "done_token": DONE_TOKEN}
        try:
            self.system = prompts.render("simulated_user", version=prompt_version, **variables)
        except prompts.PromptNotFound:  # a prompt version without its own simulated-user prompt uses the default
            self.system = prompts.render("simulated_user", **variables)

    def messages(self, transcript: Transcript) -> list[BaseMessage]:
        messages: list[BaseMessage] = [SystemMessage(self.system),
                                       HumanMessage("(The coach is waiting. Write your first message.)")]
        for user, reply in transcript:
            messages.append(AIMessage(user))
            messages.append(HumanMessage(reply or "(no answer)"))
        return messages

    async def next_message(self, transcript: Transcript) -> str | None:
        if len(transcript) >= self.spec.max_turns:
            return None
        answer = await self.model.ainvoke(self.messages(transcript))
        text = (answer.text if hasattr(answer, "text") else str(answer.content)).strip()
        if not text or DONE_TOKEN in text:
            return None
        return text


def build_policy(spec: SimulatedUser, model: str, settings: Any) -> UserPolicy:
    if model == "offline":
        return ScriptedUser(spec)
    from agent.models import build_chat_model

    return LLMUser(spec, build_chat_model(settings, model), settings.prompt_version)
