"""Slot extraction for the offline engine: what the user said about roles, places, years, money, companies.

Rules over the text, deliberately conservative: a slot we are unsure of is better left empty than wrong,
since whatever is extracted may be saved to the user's profile.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a couple of": 2, "a few": 3,
}
# Words that end a role or place phrase ("a nurse | in Denver | with 6 years").
_BOUNDARY = (r"(?=\s+(?:in|at|with|while|i|for|from|based|living|who|that|and|but|since|because|so|or|near|on|currently|looking|seeking|trying|hoping|wanting|planning|thinking|interested|working|within|"
             r"by\s+(?:next|the\s+end|end|early|mid|late|january|february|march|april|may|june|july|august|september|"
             r"october|november|december|spring|summer|fall|autumn|winter|\d))\b|\s*[,.;!?()]|\s+\d|$)")
_ROLE_PHRASE = r"(?P<role>[a-z][a-z0-9 /&+.'-]{1,80}?)"
# "I'm looking for...", "I'm based in..." are not roles.
_NOT_ROLES = {
    "looking", "interested", "trying", "thinking", "not", "based", "from", "in", "at", "new", "happy", "sure",
    "unsure", "here", "just", "going", "planning", "hoping", "considering", "wondering", "moving",
    "relocating", "about", "curious", "ready", "able", "stuck", "tired", "worried", "nervous", "excited",
    "getting", "having", "also", "still", "so", "very", "really", "the", "a", "an", "currently", "now",
    "struggling", "negotiating", "applying", "preparing", "job", "unemployed", "between", "out", "on", "off",
    "done", "fine", "good", "great", "ok", "okay", "glad", "sorry", "afraid", "scared", "confused", "lost",
    "open", "available", "willing", "doing", "feeling", "asking", "living", "working", "retired",
}
_ROLE_PATTERNS = [
    re.compile(r"\b(?:i am|i'm|im|i’m)\s+(?:currently\s+|now\s+)?(?:working\s+as\s+)?(?:an?|the)\s+" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:i work|i've worked|i have worked|i'm working|i am working|working)\s+as\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\bmy (?:current )?(?:role|job|job title|title|position|occupation) is\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:i've been|i have been)\s+(?:an?|the)\s+" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:experience|years|yrs)\s+as\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
]
# "... as a software developer", "what should I ask for as a nurse with 6 years' experience": a role after "as".
_AS_ROLE = re.compile(r"\bas\s+(?:an?\s+|the\s+)" + _ROLE_PHRASE + _BOUNDARY, re.I)
# Abbreviations whose period is not the end of a sentence ("Sr. Software Engineer").
TITLE_ABBREVIATIONS = re.compile(r"\b(Sr|Jr|Snr|Mgr|Asst|Assoc|Engr|Eng|Dir|Dept|Mr|Ms|Mrs|Dr|St|Ft|Mt)\.", re.I)
_TARGET_PATTERNS = [
    re.compile(r"\b(?:become|becoming|be)\s+(?:an?|the)\s+" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:want|would like|'d like|hope|plan|aim)\s+to\s+(?:work as|move into|get into|transition into|switch to)\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:move|moving|transition|transitioning|switch|switching|pivot|pivoting|break|breaking|get|getting)\s+(?:in)?to\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + r"\s+(?:role|position|job)s?\b", re.I),
    re.compile(r"\b(?:move|moving|transition|transitioning|switch|switching|pivot|pivoting|break|breaking)\s+(?:in)?to\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\b(?:my )?(?:target|dream|next) (?:role|job) is\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + _BOUNDARY, re.I),
    re.compile(r"\baiming (?:for|at)\s+(?:an?\s+|the\s+)?" + _ROLE_PHRASE + r"(?:\s+(?:role|position|job))?" + _BOUNDARY, re.I),
]
# A place is written capitalised ("Denver", "Austin, TX", "New York City"); "in healthcare" is not a place.
_PLACE = r"(?P<place>(?:[A-Z][\w.'’-]*)(?:[ -](?:[A-Z][\w.'’-]*|of|de|la)){0,4}(?:,\s*[A-Z]{2}\b|,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?)"
_SENTENCE_END = re.compile(r"[.!?]\s")
_PLACE_PATTERN = re.compile(r"\b(?:in|based in|live in|living in|located in|from|near|around|moving to|relocating to|relocate to)\s+(?:the\s+)?" + _PLACE)
_NOT_PLACES = {"I", "The", "A", "An", "My", "It", "This", "That", "January", "February", "March", "April", "May",
               "June", "July", "August", "September", "October", "November", "December", "English", "Spanish"}
_REMOTE = re.compile(r"\b(?:fully |100% )?remote(?:ly)?\b", re.I)
_YEARS = re.compile(
    r"(?P<n>\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")\s*\+?\s*(?:years?|yrs?)(?:['’]s?)?"
    r"(?=\s*(?:of\s+)?(?:experience|exp\b|in\b|as\b|working|on the job|under my belt|now|\)|,|\.|$)|\s+(?:of\s+)?(?:professional|work|industry|relevant|nursing|clinical)\b)",
    re.I,
)
_YEARS_FOR = re.compile(r"\bfor\s+(?:the\s+(?:last|past)\s+)?(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:years?|yrs?)\b", re.I)
_INDUSTRIES = {
    "healthcare": "healthcare", "health care": "healthcare", "hospital": "healthcare", "finance": "finance",
    "financial services": "finance", "banking": "banking", "fintech": "fintech", "tech": "technology",
    "technology": "technology", "software": "software", "education": "education", "retail": "retail",
    "manufacturing": "manufacturing", "government": "government", "public sector": "public sector",
    "non-profit": "non-profit", "nonprofit": "non-profit", "hospitality": "hospitality",
    "construction": "construction", "consulting": "consulting", "insurance": "insurance", "energy": "energy",
    "media": "media", "marketing": "marketing", "logistics": "logistics", "pharma": "pharmaceuticals",
    "pharmaceuticals": "pharmaceuticals", "biotech": "biotech", "e-commerce": "e-commerce", "gaming": "gaming",
    "legal": "legal", "real estate": "real estate", "automotive": "automotive", "aerospace": "aerospace",
    "telecom": "telecommunications", "telecommunications": "telecommunications", "agriculture": "agriculture",
}
_INDUSTRY_PATTERN = re.compile(
    r"\b(?:in|work in|working in|within)\s+(?:the\s+)?(?P<ind>" + "|".join(sorted(map(re.escape, _INDUSTRIES), key=len, reverse=True))
    + r")(?:\s+(?:industry|sector|field|space))?\b", re.I)
_AMOUNT = re.compile(r"(?<![\w.])\$?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<suffix>k|K|m|M)?(?![\w%])")
_COMPANY = re.compile(r"\b(?:at|for|with|from|joined|join)\s+(?P<company>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})")


@dataclass
class Slots:
    current_role: str | None = None
    target_role: str | None = None
    location: str | None = None
    experience_years: float | None = None
    industry: str | None = None
    company: str | None = None
    amounts: list[float] = field(default_factory=list)

    def profile_fields(self) -> dict[str, object]:
        """The slots that describe the user, ready for the profile tool."""
        keys = ("current_role", "target_role", "location", "experience_years", "industry")
        return {key: value for key, value in asdict(self).items() if key in keys and value is not None}


def _clean_role(raw: str) -> str | None:
    role = re.sub(r"\s+", " ", raw).strip(" .,'-")
    role = re.sub(r"(?:\s+(?:now|currently|too|also|here|today|myself))+$", "", role, flags=re.I)
    words = role.lower().split()
    if not words or words[0] in _NOT_ROLES or words[-1] in {"a", "an", "the", "of", "and"}:
        return None
    if len(words) > 6 or words[0].endswith("ing") and words[0] not in {"engineering", "marketing", "accounting", "nursing"}:
        return None
    return role


def _first_role(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            role = _clean_role(match.group("role"))
            if role:
                return role
    return None


def _number(token: str) -> float:
    token = token.lower()
    return float(_NUMBER_WORDS.get(token, token))


def role_after_as(text: str) -> str | None:
    """The role in "as a X", bounded like every other role phrase (so "as a nurse with 6 years in Denver" is
    "nurse")."""
    return _first_role([_AS_ROLE], TITLE_ABBREVIATIONS.sub(r"\1", text))


def extract_amounts(text: str) -> list[float]:
    """Money-like amounts: "$120k", "120,000", "95K", "$1.2M". Bare small numbers are not money."""
    amounts: list[float] = []
    for match in _AMOUNT.finditer(text):
        number = float(match.group("num").replace(",", ""))
        suffix = (match.group("suffix") or "").lower()
        has_dollar = "$" in match.group(0)
        if suffix == "k":
            number *= 1_000
        elif suffix == "m":
            number *= 1_000_000
        elif not has_dollar and number < 1_000:
            continue
        amounts.append(number)
    return amounts


def extract_slots(text: str) -> Slots:
    text = TITLE_ABBREVIATIONS.sub(r"\1", text)
    slots = Slots()
    slots.current_role = _first_role(_ROLE_PATTERNS, text)
    slots.target_role = _first_role(_TARGET_PATTERNS, text)
    if slots.target_role and slots.current_role and slots.target_role.lower() == slots.current_role.lower():
        slots.current_role = None  # "I want to become a nurse" is a goal, not a current role
    for match in _PLACE_PATTERN.finditer(text):
        # A place ends with its sentence ("Denver. I can't ..."); abbreviations lost their dots above.
        place = _SENTENCE_END.split(match.group("place"))[0].strip(" .,")
        if place.split()[0] not in _NOT_PLACES and not (slots.company and place == slots.company):
            slots.location = place
            break
    if slots.target_role and slots.location and slots.target_role.lower() == slots.location.lower():
        slots.target_role = None  # "I'm moving to Seattle": a move, not a career goal
    if slots.location is None and _REMOTE.search(text):
        slots.location = "remote"
    years = _YEARS.search(text) or _YEARS_FOR.search(text)
    if years:
        slots.experience_years = _number(years.group("n"))
    industry = _INDUSTRY_PATTERN.search(text)
    if industry:
        slots.industry = _INDUSTRIES[industry.group("ind").lower()]
    company = _COMPANY.search(text)
    if company and company.group("company") != slots.location:
        slots.company = company.group("company")
    slots.amounts = [a for a in extract_amounts(text) if a >= 1_000]
    return slots
