"""The terms of an offer a person can negotiate, and the words people use for them ("vacation" is PTO)."""

from __future__ import annotations

import re
from typing import Literal

Term = Literal["base", "signing_bonus", "bonus", "equity", "start_date", "remote", "pto", "title", "review_date"]
TERMS: tuple[str, ...] = Term.__args__  # type: ignore[attr-defined]

_SYNONYMS = {
    "salary": "base", "base_salary": "base", "base_pay": "base", "pay": "base", "money": "base",
    "signing": "signing_bonus", "sign_on_bonus": "signing_bonus", "sign_on": "signing_bonus",
    "signon_bonus": "signing_bonus", "annual_bonus": "bonus", "bonus_target": "bonus", "stock": "equity",
    "rsus": "equity", "rsu": "equity", "options": "equity", "stock_options": "equity", "start": "start_date",
    "remote_days": "remote", "remote_work": "remote", "wfh": "remote", "work_from_home": "remote",
    "hybrid": "remote", "flexibility": "remote", "vacation": "pto", "time_off": "pto", "paid_time_off": "pto",
    "holidays": "pto", "leave": "pto", "job_title": "title", "level": "title", "seniority": "title",
    "review": "review_date", "raise": "review_date", "salary_review": "review_date",
    "performance_review": "review_date",
}


def normalize_terms(values: list[object]) -> list[str]:
    """Each value as a known term (synonyms mapped, duplicates dropped); ValueError naming the first unknown one."""
    terms: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValueError(f"each priority must be text, one of: {', '.join(TERMS)}")
        key = re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")
        key = _SYNONYMS.get(key, key)
        if key not in TERMS:
            raise ValueError(f"unknown priority {value!r}; use one of: {', '.join(TERMS)}")
        if key not in terms:
            terms.append(key)
    return terms
