"""Scores from checked answers, as each questionnaire's own scoring rule says (see data/questionnaires.json)."""

from __future__ import annotations

from tools.assessment.questionnaires import questionnaire


def _by_scale(kind: str, answers: dict[str, int], value) -> dict[str, list[float]]:
    form = questionnaire(kind)
    grouped: dict[str, list[float]] = {scale["id"]: [] for scale in form["scales"]}
    for item in form["items"]:
        grouped[item["scale"]].append(value(item, answers[item["id"]]))
    return grouped


def interest_scores(answers: dict[str, int]) -> dict[str, int]:
    """O*NET Interest Profiler: each answer 0-4 (1-5 minus one), summed per RIASEC area: 0-40."""
    return {scale: int(sum(values)) for scale, values in
            _by_scale("interests", answers, lambda _item, answer: answer - 1).items()}


def trait_scores(answers: dict[str, int]) -> dict[str, float]:
    """Mini-IPIP: reverse-keyed items count 6 minus the answer; the mean of each trait's 4 items, 1-5."""
    def keyed(item: dict, answer: int) -> float:
        return 6 - answer if item.get("keyed") == "-" else answer

    return {scale: round(sum(values) / len(values), 2) for scale, values in
            _by_scale("work_style", answers, keyed).items()}


def value_scores(answers: dict[str, int]) -> dict[str, float]:
    """Work values: the mean importance of each value's statements, 1-5."""
    return {scale: round(sum(values) / len(values), 2) for scale, values in
            _by_scale("values", answers, lambda _item, answer: answer).items()}


def interest_code(scores: dict[str, int]) -> str:
    """The Holland code: the three highest areas, ties kept in R-I-A-S-E-C order."""
    order = "RIASEC"
    return "".join(sorted(scores, key=lambda scale: (-scores[scale], order.index(scale)))[:3])
