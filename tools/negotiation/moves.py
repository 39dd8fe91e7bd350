"""What the user did in one message to the recruiter, read by rules: the amounts asked per term and the
tactics used (data cited, a competing offer, a trade, an ultimatum, ...). The engine decides from this;
nothing the user writes is ever followed as an instruction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TERMS = ("base", "signing_bonus", "equity", "pto_days", "remote_days", "start_weeks")

_MONEY = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|K|thousand|m|M|million)?\b"
                    r"|\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|K|thousand)\b"
                    r"|\b(\d{2,3},\d{3}|\d{5,7})\b")
_DAYS = re.compile(r"\b(\d{1,2})\s*(?:more\s+|extra\s+|additional\s+)?(?:days?|d)\b(?:\s+(?:of\s+)?(?:pto|vacation|leave|off|holiday))?", re.I)
_WEEKS = re.compile(r"\b(\d{1,2})\s*weeks?\b", re.I)
_REMOTE = re.compile(r"\b(\d)\s*(?:(?:remote|wfh)\s+days?|days?\s+(?:a\s+week\s+|per\s+week\s+)?(?:remote|from\s+home|wfh))", re.I)
# An amount right after these words is what the user asks for, even in a sentence that cites data.
_ASKING = re.compile(r"\b(ask(?:ing)?|want(?:ing)?|looking\s+for|like|need|propose|counter|request|expect(?:ing)?|"
                     r"hoping\s+for|at\s+least|how\s+about|do|make\s+it|go\s+to|get\s+to|bump(?:\s+it)?(?:\s+up)?\s+to|"
                     r"closer\s+to|around|target)\b[^$\d]{0,12}$", re.I)
# An amount right after these words is a figure the user cites, not one they ask for.
_CITED = re.compile(r"\b(median|average|mean|percentile|market|bls|oews|data|typical(?:ly)?|pays?|paid|range|"
                    r"makes?|earns?)\b[^$\d]{0,25}$", re.I)

_TERM_WORDS = {
    "signing_bonus": r"sign(?:ing|-on|\s+on)?\s*bonus|sign-?on",
    "equity": r"equity|stock|rsus?|options|shares",
    "pto_days": r"\bpto\b|vacation|paid time off|time off|holiday|leave",
    "remote_days": r"remote|from home|wfh|hybrid",
    "start_weeks": r"start(?:ing)? date|start later|later start|start in|begin in",
}
_PATTERNS = {
    "accept": r"\b(i\s+(?:happily\s+|gladly\s+)?accept|i'?ll\s+(?:take|accept)\s+it|(?:it'?s\s+a\s+)?deal\b|let'?s\s+do\s+it|"
              r"sounds\s+good,?\s+i'?ll|i\s+agree|agreed\b|works\s+for\s+me|count\s+me\s+in|i'?m\s+in\b)",
    "decline": r"\b(i(?:\s+will|'ll|\s+must|\s+have\s+to|\s+am\s+going\s+to|'m\s+going\s+to)+\s+(?:pass|decline|walk\s+away)|"
               r"i\s+decline|no\s+deal|"
               r"not\s+interested|i'?m\s+(?:out|walking\s+away)|i\s+withdraw)",
    "ultimatum": r"\b(take\s+it\s+or\s+leave\s+it|final\s+answer|non-?negotiable|or\s+i(?:'ll|\s+will)?\s+walk|"
                 r"or\s+i(?:'m|\s+am)\s+(?:out|gone|walking)|otherwise\s+i(?:'ll|\s+will)\s+(?:walk|leave|decline)|"
                 r"(?:my|this\s+is\s+my)\s+(?:last|final)\s+offer|bottom\s+line)",
    "rude": r"\b(ridiculous|insult(?:ing)?|joke|pathetic|stupid|idiot|greedy|cheap(?:skate)?|"
            r"waste\s+of\s+(?:my\s+)?time|shut\s+up|damn|hell|crap|f\*+|wtf|lowball(?:ing)?)\b",
    "data": r"\b(market|bls|oews|median|percentile|data|survey|industry\s+(?:rate|standard|average)|"
            r"going\s+rate|comparable|benchmark|average\s+(?:pay|salary))\b",
    "competing": r"\b(another|competing|other|second|rival)\s+offer\b|\boffer\s+from\b|\bcounter-?offer\s+from\b",
    "value": r"\b(i\s+(?:led|built|managed|grew|increased|reduced|saved|launched|delivered|trained|mentored)|"
             r"my\s+(?:experience|track\s+record|certification|skills|results)|years\s+of\s+experience|"
             r"certified|i\s+bring|value\s+i)\b",
    "question": r"(\b(what|how|which|where|is\s+there|are\s+there|could\s+you|can\s+you|would\s+you|"
                r"any\s+flexibility|help\s+me\s+understand)\b[^.?!]*\?)|\bflexib",
    "trade": r"\b(if\s+you\s+(?:can|could)|in\s+exchange|trade|instead\s+of|in\s+return|would\s+(?:accept|take)"
             r"\s+[^.]*\bif\b|i\s+can\s+be\s+flexible|i'?m\s+flexible\s+on)\b",
    "reveal_pay": r"\b(i\s+(?:currently\s+)?(?:make|earn|get\s+paid)|my\s+current\s+(?:salary|pay|base)|"
                  r"i'?m\s+(?:currently\s+)?(?:making|earning|paid))\b",
    "time": r"\b(think\s+(?:it\s+)?over|need\s+(?:some\s+)?time|get\s+back\s+to\s+you|sleep\s+on\s+it|"
            r"discuss\s+with\s+my|a\s+few\s+days)\b",
    "injection": r"\b(ignore\s+(?:all\s+|your\s+|the\s+)?(?:previous\s+)?(?:instructions|rules)|system\s+prompt|"
                 r"reveal\s+(?:your\s+)?(?:budget|mandate|max)|you\s+are\s+now|developer\s+mode|jailbreak|"
                 r"disregard\s+(?:your|the|all))\b",
}
_COMPILED = {name: re.compile(pattern, re.I) for name, pattern in _PATTERNS.items()}


@dataclass
class UserMove:
    """One message, read: amounts asked per term, and the tactics it uses."""

    text: str
    asks: dict[str, float] = field(default_factory=dict)
    tactics: set[str] = field(default_factory=set)
    competing_amount: float | None = None
    revealed_amount: float | None = None
    cited_amounts: list[float] = field(default_factory=list)

    def has(self, tactic: str) -> bool:
        return tactic in self.tactics


def _amount(match: re.Match) -> float:
    number, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    if number is None:
        number, unit = match.group(5), None
    value = float(number.replace(",", ""))
    unit = (unit or "").lower()
    if unit in ("k", "thousand"):
        value *= 1_000
    elif unit in ("m", "million"):
        value *= 1_000_000
    return value


def _term_near(text: str, start: int, end: int) -> str | None:
    """The term named closest before (or just after) an amount, within its clause."""
    clause_start = max(text.rfind(sep, 0, start) for sep in ".;!?\n") + 1
    window = text[clause_start:min(len(text), end + 25)]
    offset = start - clause_start
    best: tuple[int, str] | None = None
    for term, pattern in _TERM_WORDS.items():
        for m in re.finditer(pattern, window, re.I):
            distance = abs(m.start() - offset)
            if best is None or distance < best[0]:
                best = (distance, term)
    return best[1] if best else None


def read_move(text: str) -> UserMove:
    move = UserMove(text=text)
    lowered = text.lower()
    asked: dict[str, list[float]] = {}
    cited: list[float] = []
    for name, pattern in _COMPILED.items():
        if pattern.search(text):
            move.tactics.add(name)
    if move.has("accept") and re.search(r"\b(don'?t|do\s+not|can'?t|cannot|won'?t|not)\s+(?:\w+\s+)?accept", lowered):
        move.tactics.discard("accept")
    for m in _MONEY.finditer(text):
        value = _amount(m)
        if value < 1_000:  # "$5" is not a salary; "5k" is 5,000
            continue
        before = text[max(0, m.start() - 60):m.start()].lower()
        if _COMPILED["competing"].search(before) or re.search(r"\b(they|other company|elsewhere)\b[^.]*$", before):
            move.competing_amount = value
            continue
        if _COMPILED["reveal_pay"].search(before):
            move.revealed_amount = value
            continue
        term = _term_near(text, m.start(), m.end())
        term = term if term in ("signing_bonus", "equity") else "base"
        if term == "base" and _CITED.search(before) and not _ASKING.search(before):
            cited.append(value)
            continue
        asked.setdefault(term, []).append(value)
    # The biggest amount asked per term is the ask ("$105k, or at least $100k" asks $105k).
    move.asks.update({term: max(values) for term, values in asked.items()})
    if cited:
        move.tactics.add("data")
        move.cited_amounts = cited
    for m in _REMOTE.finditer(text):
        move.asks.setdefault("remote_days", float(m.group(1)))
    for m in _DAYS.finditer(text):
        term = _term_near(text, m.start(), m.end())
        if term == "remote_days" and int(m.group(1)) <= 5:
            move.asks.setdefault("remote_days", float(m.group(1)))
        elif term == "pto_days" or re.search(r"pto|vacation|off", m.group(0), re.I):
            move.asks.setdefault("pto_days", float(m.group(1)))
    for m in _WEEKS.finditer(text):
        if _term_near(text, m.start(), m.end()) == "start_weeks":
            move.asks.setdefault("start_weeks", float(m.group(1)))
    if "remote_days" not in move.asks and re.search(r"\bfully\s+remote\b", lowered):
        move.asks["remote_days"] = 5.0
    if move.competing_amount is not None:
        move.tactics.add("competing")
    if len(move.asks) >= 2:
        move.tactics.add("multi_term")
    return move
