"""LLM-as-judge: score a reply against a rubric kept as markdown in evals/rubrics/<name>.md.

A rubric's criteria are its `## name` headings (e.g. helpfulness, clarity, empathy, actionability). The judge
(Gemini, through `agent.models.build_chat_model(settings, "gemini")`) gets `prompts/<version>/judge.md` with the
rubric and the conversation, and answers JSON scores from 1 to 5. The assertion passes when the mean score
reaches the case's `min_score`. A malformed answer, or a judge that cannot be reached, is an assertion error
with a readable message, never a crash of the run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

import prompts

RUBRICS_DIR = Path(__file__).resolve().parent / "rubrics"
_CRITERION = re.compile(r"^##\s+(?P<name>[A-Za-z][\w -]*?)\s*$", re.M)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


class JudgeError(ValueError):
    """The judge's answer cannot be read as the scores the rubric asks for."""


@dataclass(frozen=True)
class Rubric:
    name: str
    text: str
    criteria: tuple[str, ...]


def available_rubrics() -> list[str]:
    return sorted(p.stem for p in RUBRICS_DIR.glob("*.md"))


@lru_cache(maxsize=None)
def load_rubric(name: str) -> Rubric:
    path = RUBRICS_DIR / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"no rubric {name!r} (no file {path}; known: {', '.join(available_rubrics())})")
    text = path.read_text(encoding="utf-8").strip()
    criteria = tuple(m.group("name").strip().lower() for m in _CRITERION.finditer(text))
    if not criteria:
        raise ValueError(f"rubric {path} has no criteria (`## name` headings)")
    return Rubric(name, text, criteria)


def parse_scores(answer: str, criteria: tuple[str, ...]) -> dict[str, float]:
    """The judge's JSON scores: {"scores": {criterion: 1-5, ...}} (a bare {criterion: score} object, a code
    fence or prose around the object are tolerated). Every criterion must have a number from 1 to 5."""
    text = _FENCE.sub("", answer.strip()).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise JudgeError(f"the judge's answer has no JSON object: {_short(answer)}")
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError as exc:
        raise JudgeError(f"the judge's answer is not valid JSON ({exc.msg}): {_short(answer)}") from exc
    scores = data.get("scores", data) if isinstance(data, dict) else None
    if not isinstance(scores, dict):
        raise JudgeError(f"the judge's answer has no scores object: {_short(answer)}")
    lowered = {str(k).strip().lower(): v for k, v in scores.items()}
    result: dict[str, float] = {}
    for name in criteria:
        value = lowered.get(name)
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise JudgeError(f"the judge gave no numeric score for {name!r}: {_short(answer)}")
        if not 1 <= value <= 5:
            raise JudgeError(f"the judge's score for {name!r} is {value}, outside 1-5")
        result[name] = float(value)
    return result


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= 160 else text[:157] + "...")


class Judge:
    def __init__(self, model: BaseChatModel, prompt_version: str | None = None):
        self.model, self.prompt_version = model, prompt_version

    def prompt(self, rubric: Rubric, transcript: list[tuple[str, str]]) -> str:
        variables: dict[str, Any] = {"rubric": rubric.text, "criteria": list(rubric.criteria),
                                     "transcript": transcript}
        try:
            return prompts.render("judge", version=self.prompt_version, **variables)
        except prompts.PromptNotFound:  # a prompt version without its own judge prompt uses the default one
            return prompts.render("judge", **variables)

    async def score(self, rubric_name: str, transcript: list[tuple[str, str]]) -> dict[str, float]:
        """Scores by criterion; JudgeError when the answer cannot be read (or the judge cannot be reached)."""
        rubric = load_rubric(rubric_name)
        try:
            answer = await self.model.ainvoke([HumanMessage(self.prompt(rubric, transcript))])
        except Exception as exc:
            raise JudgeError(f"the judge could not answer ({type(exc).__name__}: {exc})") from exc
        text = answer.text if isinstance(answer.text, str) else str(answer.content)
        return parse_scores(text, rubric.criteria)


async def check_rubric(judge: Judge | None, rubric: Any, transcript: list[tuple[str, str]]
                       ) -> tuple[list[str], list[str], dict[str, Any] | None]:
    """(failures, skipped, judgement) for a `rubric: {name, min_score}` assertion on the last reply."""
    label = f"rubric {rubric.name}"
    if judge is None:
        return [], [f"{label}: skipped (no judge)"], None
    try:
        scores = await judge.score(rubric.name, transcript)
    except JudgeError as exc:
        return [f"{label}: judge error: {exc}"], [], {"rubric": rubric.name, "error": str(exc)}
    mean = round(sum(scores.values()) / len(scores), 3)
    judgement = {"rubric": rubric.name, "scores": scores, "mean": mean, "min_score": rubric.min_score,
                 "passed": mean >= rubric.min_score}
    detail = ", ".join(f"{k} {v:g}" for k, v in scores.items())
    failures = [] if judgement["passed"] else [f"{label}: mean score {mean:g} < {rubric.min_score:g} ({detail})"]
    return failures, [], judgement
