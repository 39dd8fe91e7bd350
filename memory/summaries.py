"""Summaries of past conversations, kept as memories (kind "summary", one per conversation): what the user asked
in it, so a later conversation can bring it back ("Last time we talked, you asked: ..."). Rules, no model: the
user's questions, in their words, the last few of the conversation."""

from __future__ import annotations

import re

PREFIX = "asked: "
SEPARATOR = "; "
QUESTIONS_KEPT = 5
QUESTION_CHARS = 120

_ASKING = re.compile(r"^(?:what|how|which|where|when|why|who|should|shall|can|could|would|will|is|are|do|does|did|"
                     r"find|show|compare|tell|help|give|list|plan|make|recommend|suggest)\b", re.I)


# Questions about the coach's memory itself say nothing about the user's career.
_ABOUT_MEMORY = re.compile(r"\b(?:what do you (?:know|remember)|remember about me|my profile|who am i)\b", re.I)


def question_in(message: str) -> str | None:
    """The message as one asked thing ("What do nurses make in Denver?"), or None when it asks nothing."""
    text = " ".join(message.split()).replace(";", ",")
    if not text or not (text.endswith("?") or _ASKING.match(text)) or _ABOUT_MEMORY.search(text):
        return None
    if len(text) > QUESTION_CHARS:
        text = text[:QUESTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text[0].lower() + text[1:] if not text.startswith("I ") else text


def questions_of(summary: str | None) -> list[str]:
    if not summary or not summary.startswith(PREFIX):
        return []
    return [q for q in summary[len(PREFIX):].split(SEPARATOR) if q]


def summary_with(summary: str | None, question: str) -> str:
    """The conversation's summary with one more question (the oldest dropped past QUESTIONS_KEPT; a repeat moves
    to the end)."""
    questions = [q for q in questions_of(summary) if q != question] + [question]
    return PREFIX + SEPARATOR.join(questions[-QUESTIONS_KEPT:])
