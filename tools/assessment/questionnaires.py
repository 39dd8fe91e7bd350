"""The three questionnaires (interests, work style, work values) and the checking of a set of answers.

The items live in `data/questionnaires.json` (sources and licences in data/ATTRIBUTION.md), so the API can serve
them as they are and the scoring reads the same file."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DATA_FILE = Path(__file__).parent / "data" / "questionnaires.json"
Kind = Literal["interests", "work_style", "values"]
KINDS: tuple[str, ...] = ("interests", "work_style", "values")


class AssessmentInputError(ValueError):
    """Answers the scoring cannot use; `field` names the answer (e.g. `answers.ip7`)."""

    def __init__(self, message: str, field: str, code: str = "invalid_answers"):
        super().__init__(message)
        self.message, self.field, self.code = message, field, code


@lru_cache(maxsize=1)
def questionnaires() -> dict[str, dict[str, Any]]:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {q["kind"]: q for q in document["questionnaires"]}


def questionnaire(kind: str) -> dict[str, Any]:
    found = questionnaires().get(kind)
    if found is None:
        raise AssessmentInputError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}", "kind", "unknown_kind")
    return found


def checked_answers(kind: str, answers: dict[str, Any]) -> dict[str, int]:
    """Every item answered once, with a whole number on the questionnaire's scale; nothing else."""
    form = questionnaire(kind)
    allowed = {option["value"] for option in form["response_scale"]}
    low, high = min(allowed), max(allowed)
    item_ids = [item["id"] for item in form["items"]]
    unknown = sorted(set(answers) - set(item_ids))
    if unknown:
        raise AssessmentInputError(f"{unknown[0]!r} is not an item of the {kind} questionnaire", f"answers.{unknown[0]}")
    missing = [item_id for item_id in item_ids if item_id not in answers]
    if missing:
        raise AssessmentInputError(f"{len(missing)} item(s) unanswered, first {missing[0]}; answer all "
                                   f"{len(item_ids)}", f"answers.{missing[0]}", "missing_answers")
    checked: dict[str, int] = {}
    for item_id in item_ids:
        value = answers[item_id]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in allowed:
            raise AssessmentInputError(f"answers.{item_id} must be a whole number from {low} to {high}, "
                                       f"got {value!r}", f"answers.{item_id}", "answer_out_of_scale")
        checked[item_id] = int(value)
    return checked
