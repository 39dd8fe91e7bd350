"""Summaries of past conversations: which messages ask something, and a summary that keeps the last few."""

from __future__ import annotations

import pytest

from memory.summaries import QUESTIONS_KEPT, question_in, questions_of, summary_with


@pytest.mark.parametrize(("message", "question"), [
    ("What do nurses make in Denver?", "what do nurses make in Denver?"),
    ("find me a free course on SQL", "find me a free course on SQL"),
    ("Should I relocate; or not?", "should I relocate, or not?"),  # the separator cannot appear inside
    ("I live in Denver.", None),
    ("thanks!", None),
    ("What do you remember about me?", None),  # about the coach, not the user's career
    ("   ", None),
])
def test_which_messages_ask_something(message: str, question: str | None) -> None:
    assert question_in(message) == question


def test_a_long_question_is_cut_at_a_word() -> None:
    question = question_in("How " + "very " * 60 + "long?")
    assert question is not None and len(question) <= 120 and question.endswith("…") and "  " not in question


def test_the_summary_keeps_the_last_questions_and_moves_a_repeat_to_the_end() -> None:
    summary = None
    for i in range(QUESTIONS_KEPT + 2):
        summary = summary_with(summary, f"question {i}?")
    assert questions_of(summary) == [f"question {i}?" for i in range(2, QUESTIONS_KEPT + 2)]
    again = summary_with(summary, "question 3?")
    assert questions_of(again)[-1] == "question 3?" and questions_of(again).count("question 3?") == 1
    assert questions_of("a note the user wrote over it") == []
