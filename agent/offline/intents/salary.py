"""Salary intents: "what does a senior data engineer make in Austin?" → the salary_lookup tool → a reply that
quotes the BLS figures with their source. Without a title or place in the question, the saved profile fills in."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from agent.offline.slots import role_after_as
from prompts import render
from tools.occupations.areas import resolve_area, split_places
from tools.occupations.levels import parse_level
from tools.occupations.titles import FUZZY, resolve_title
from tools.occupations.world import currency_country

_END = r"(?:\s+(?:in|around|near|for|at|between)\s+(?P<loc>[^?!.]+?))?\s*(?:right now|these days|nowadays|today|now)?\s*[?!.]*\s*$"
_ARTICLE = r"(?:an?\s+|the\s+|as\s+an?\s+)?"
_USUALLY = r"(?:(?:typically|usually|normally|generally|actually|really|on average)\s+)?"
_QUESTIONS = [
    # "is Austin or Denver better pay for a data scientist"
    re.compile(r"\b(?:is|are)\s+(?P<loc>[A-Z][\w .'-]*?\s+(?:or|vs\.?|versus)\s+[A-Z][\w .'-]*?)\s+(?:better|pays? "
               r"(?:more|better)|higher)(?:\s+pay(?:ing)?)?\s+for\s+" + _ARTICLE + r"(?P<title>[^?!.]+?)\s*[?!.]*\s*$"),
    re.compile(r"\b(?:what|wat|wht|whut|how much|hw much|how mch)\s+(?:does|do|dose|would|will|can|could|should|might)\s+"
               + _ARTICLE
               + r"(?P<title>.+?)\s+" + _USUALLY + r"(?:make|earn|get paid|be paid|take home|bring in)" + _END, re.I),
    # "Teachers in Ontario Canada make how much?"
    re.compile(r"^" + _ARTICLE + r"(?P<title>[a-z][\w .&/+-]*?)\s+(?:in|around|near)\s+(?P<loc>[^?!.]+?)\s+" + _USUALLY
               + r"(?:make|earn|get paid|are paid)\s+how much\b", re.I),
    re.compile(r"\bhow much (?:can|could|would|will|do|does|should) (?:i|you|one|someone|people) (?:make|earn|get paid)\s+as\s+"
               + _ARTICLE + r"(?P<title>.+?)" + _END, re.I),
    re.compile(r"\b(?:salary|salaries|pay|wages?|compensation|market rate|going rate|earnings)\s+(?:range\s+)?(?:for|of)\s+"
               + _ARTICLE + r"(?P<title>.+?)" + _END, re.I),
    re.compile(r"^(?:what(?:'s| is| are)\s+(?:the\s+)?)?(?:average\s+|typical\s+|median\s+)?(?P<title>[a-z][\w .&/+-]*?)\s+"
               r"(?:salary|salaries|pay|wages?|compensation)" + _END, re.I),
    # "is £45k good for a nurse in Manchester?", "is $19/hr low for a press operator in Ohio"
    re.compile(r"\bis\s+\S*\d[\w,.$£€/ ]*?\s+(?:a\s+)?(?:good|fair|enough|low|high|decent|ok|okay|normal|competitive|"
               r"reasonable|bad|a good (?:salary|wage|rate))\s+(?:salary\s+|pay\s+|wage\s+)?for\s+" + _ARTICLE
               + r"(?P<title>.+?)" + _END, re.I),
    # "entry level software engineer salary NYC": a place straight after the pay word, no preposition
    re.compile(r"^(?:what(?:'s| is| are)\s+(?:the\s+)?)?(?:average\s+|typical\s+|median\s+)?(?P<title>[a-z][\w .&/+-]*?)\s+"
               r"(?:salary|salaries|pay|wages?|compensation)\s+(?P<loc>[A-Z][\w .,'-]*?)\s*[?!.]*\s*$"),
]
# Several places compared: "electricians in Phoenix vs Tucson, which pays more", "software engineer pay Bay Area
# vs Seattle". Places are capitalised; the market-data tool answers each one (its `comparison`).
_PLACES_QUESTION = re.compile(
    r"^(?i:(?:what(?:'s| is| are)\s+(?:the\s+)?)?(?:average\s+|typical\s+|median\s+)?(?P<title>[a-z][\w .&/+-]*?)\s+"
    r"(?:(?:salary|salaries|pay|wages?|compensation)\s+(?:in\s+)?|in\s+))"
    r"(?P<loc>(?:(?i:between)\s+)?[A-Z][^?!,;]*?\s(?i:vs\.?|versus|compared (?:to|with)|or|and)\s+[A-Z][^?!,;]*?)"
    r"\s*(?:[,;?!.].*)?$")
_PAY_WORD = re.compile(r"\b(?:pays?|paid|salar(?:y|ies)|wages?|earn(?:s|ings)?|makes?|compensation|more|better)\b",
                       re.I)
_NOT_A_TITLE_START = {"i", "i'm", "im", "we", "my", "our", "you", "they", "he", "she", "it", "is", "are", "do"}
_ABOUT_ME = re.compile(r"\b(what (?:should|could|can|would|will|might) i (?:make|earn|ask for|be paid|get paid)|my (?:market (?:rate|value)|worth)"
                       r"|am i (?:underpaid|overpaid|paid fairly)|what(?:'s| is) my market)\b", re.I)
_PLACEHOLDER_TITLES = {"i", "you", "people", "someone", "one", "they", "my job", "my role"}


def _question(text: str) -> tuple[str | None, str | None]:
    for pattern in _QUESTIONS:
        match = pattern.search(text.strip())
        if match:
            title = re.sub(r"^(?:average|typical|median|compare|comparing)\s+", "", match.group("title").strip(" ,"),
                           flags=re.I)
            if title.lower() not in _PLACEHOLDER_TITLES:
                return title, (match.group("loc") or "").strip(" ,") or None
    compared = _PLACES_QUESTION.search(text.strip())
    if compared and _PAY_WORD.search(text) and len(split_places(compared.group("loc").strip())) > 1:
        title = re.sub(r"^(?:compare|comparing)\s+", "", compared.group("title").strip(" ,"), flags=re.I)
        if title.lower().split()[0] not in _NOT_A_TITLE_START:  # "I have friends in Denver and Boulder"
            return title, compared.group("loc").strip(" ,")
    return None, None


def _where(location: str | None, text: str) -> str | None:
    """The place, with the country of the message's currency when a place there has the name: "£45k ... in
    Manchester" is Manchester, United Kingdom, not Manchester, NH."""
    country = currency_country(text)
    if not location or country is None:
        return location
    abroad = resolve_area(location).foreign_alternative
    return f"{location}, {abroad.country}" if abroad is not None and abroad.country_code == country else location


_THERE_AT_END = re.compile(r"\s+(there|here)(\s*[?!.]*)\s*$", re.I)
_HERE = {"there", "here", "over there", "out there", "around here"}
_TRAILING_PLACE = re.compile(r"\b(?:in|around|near)\s+(?P<loc>[A-Za-z][\w .,'-]*?)\s*[?!.]*$", re.I)


def _ask(turn: Turn) -> tuple[str | None, str | None]:
    """The job and place of a pay question, with what the same message says elsewhere: "I'm an LPN in Cleveland
    ... what do LPNs get paid there" (there = Cleveland); "I'm a sr. mechanical engr ... what would I make in
    Raleigh" (the job the user states)."""
    title, location = _question(_THERE_AT_END.sub(r" in \1\2", turn.text))  # "… get paid there?"
    if location and location.lower() in _HERE:
        location = turn.slots.location
    if title is None and _ABOUT_ME.search(turn.text):
        title = turn.slots.current_role
        trailing = _TRAILING_PLACE.search(turn.text)
        location = location or (trailing.group("loc").strip(" ,") if trailing else None)
    return title, location


@register
class MarketPay(Intent):
    name = "salary_market"
    requires = ("salary_lookup",)
    help_line = "look up real pay for a role in a place (BLS wage data), e.g. \"what does a nurse make in Denver?\""

    def score(self, turn: Turn) -> float:
        title, _ = _ask(turn)
        if title and not _ABOUT_ME.search(turn.text):
            return 0.85
        return 0.8 if _ABOUT_ME.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        title, location = _ask(turn)
        if title and location:
            return [ToolRequest("salary_lookup", {"title": title, "location": _where(location, turn.text)})]
        if "career_profile" in turn.tools:  # fill what the question leaves out from the saved profile
            return [ToolRequest("career_profile", {"action": "get"})]
        if title:
            return [ToolRequest("salary_lookup", {"title": title, "location": None})]
        return render("offline/salary_need_role")

    def respond(self, turn: Turn) -> Plan:
        if "salary_lookup" in turn.results:
            result = turn.results["salary_lookup"]
            if result.get("comparison"):  # several places: each one's median, and which pays more
                return render("offline/salary_compare_places", result=result)
            return render("offline/salary_market", result=result)
        profile = (turn.results.get("career_profile") or {}).get("profile") or {}
        title, location = _ask(turn)
        title = title or profile.get("current_role")
        if not title:
            return render("offline/salary_need_role")
        return [ToolRequest("salary_lookup", {"title": title,
                                              "location": _where(location, turn.text) or profile.get("location")})]


# Follow-ups on the last pay lookup of the conversation: "and in Atlanta?", "what about Portland?", "what about
# nurses?" change one slot; "I meant Statisticians", "no, the second one" pick one of its alternatives, which
# then sticks: the next follow-up starts from the call that used it.
_FOLLOW = re.compile(r"^(?:(?:and|ok(?:ay)?|so|hmm+|also)[,.]?\s+)*(?:(?:what|how)\s+about|and|same\s+(?:for|in)|"
                     r"what\s+if\s+it(?:'s|\s+is|\s+were)|now)\s+(?:for\s+|in\s+|an?\s+)?(?P<what>[^?!]{2,60}?)\s*[?!.]*$", re.I)
_PICK = re.compile(r"^(?:no[,.!]?\s*|sorry[,.!]?\s*)?(?:i\s+meant|i\s+mean|i\s+was\s+asking\s+about|use|make\s+it|"
                   r"switch\s+to|go\s+with|pick|choose|try)\s+(?:the\s+|an?\s+)?(?P<what>[^?!]{2,80}?)"
                   r"(?:\s+instead)?\s*[?!.]*$", re.I)
_BARE_PICK = re.compile(r"^(?:no[,.!]?\s*|sorry[,.!]?\s*)?(?:the\s+)?(?P<what>(?:first|1st|second|2nd|third|3rd|fourth|4th|"
                        r"last)(?:\s+(?:one|option|alternative|match))?)\s*[?!.]*$", re.I)
_LEVEL_FILLER = {"a", "an", "the", "role", "roles", "position", "level", "job", "one", "someone", "person", "people"}
_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "last": -1}
_NTH_ONE = re.compile(r"^(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|last)(?:\s+(?:one|option|alternative|match))?$",
                      re.I)


def _follow_up(turn: Turn) -> dict | None:
    """The last salary lookup's arguments with what this message changes, or None when it is no follow-up."""
    last = turn.previous_calls.get("salary_lookup")
    if not last:
        return None
    text = turn.text.strip()
    picked = _PICK.match(text) or _BARE_PICK.match(text)
    match = picked or _FOLLOW.match(text)
    if match is None:
        return None
    what = match.group("what").strip(" ,")
    nth = _NTH_ONE.match(what)
    previous = turn.previous_results.get("salary_lookup") or {}
    alternatives = previous.get("alternatives") or []
    if nth:
        index = _NTH[nth.group("nth").lower()]
        return {**last, "title": alternatives[index]["title"]} if -len(alternatives) <= index < len(alternatives) else None
    level = parse_level(what)
    if level is not None and not set(re.findall(r"[a-z]+", what.lower())) - set(" ".join(level.words).lower().split()) - \
            _LEVEL_FILLER:  # "what about a senior role?": the same job at that level
        stated = parse_level(last["title"])
        base = last["title"]
        for word in (stated.words if stated else []):
            base = re.sub(rf"\b{re.escape(word)}\b", " ", base, flags=re.I)
        return {**last, "title": f"{' '.join(level.words)} {' '.join(base.split())}"}
    named = next((a["title"] for a in alternatives if a["title"].lower().startswith(what.lower())), None)
    if named:
        return {**last, "title": named}
    if not picked:  # "and in Atlanta?": a place, else a job
        place = resolve_area(what)
        if place.outside_us is not None or (place.best is not None and place.best.match != "national default"
                                             and place.best.confidence >= 0.8):
            return {**last, "location": what}
    job = resolve_title(what).best
    if job is not None and job.match != FUZZY:
        return {**last, "title": what}
    return None


@register
class PayFollowUp(Intent):
    name = "salary_follow_up"
    requires = ("salary_lookup",)

    def score(self, turn: Turn) -> float:
        return 0.9 if _follow_up(turn) else 0.0

    def plan(self, turn: Turn) -> Plan:
        args = _follow_up(turn)
        return [ToolRequest("salary_lookup", args)] if args else render("offline/salary_need_role")

    def respond(self, turn: Turn) -> Plan:
        return MarketPay().respond(turn)


_PLACE = r"(?P<{name}>[A-Za-z][\w .,'-]*?)"
_COMPARE = [
    re.compile(r"\b(?:i\s+)?(?:live|am based|'m based|am|'m)\s+in\s+" + _PLACE.format(name="home")
               + r"\s*(?:,|and|but)\s+(?:the\s+|a\s+|my\s+)?(?:job|offer|role|position|company|employer)\s+(?:is\s+)?(?:in|based in|from)\s+"
               + _PLACE.format(name="job") + r"\s*[?.!]*$", re.I),
    re.compile(r"\b(?:remote|remotely)\b.*?\b(?:for|with)\s+(?:a|an|the)?\s*(?:company|employer|team|job)?\s*(?:in|based in)\s+"
               + _PLACE.format(name="job") + r"\s+(?:while|and)\s+(?:i\s+)?(?:living|live|stay|staying|based)\s+in\s+"
               + _PLACE.format(name="home") + r"\s*[?.!]*$", re.I),
]


def _place_only(text: str) -> str:
    """'San Francisco, as a software developer' → 'San Francisco': a role said after the place is not part of it."""
    return re.split(r",?\s+(?:as|working as|for)\s+(?:an?\s+)?", text, maxsplit=1, flags=re.I)[0].strip(" ,")


def _compare_question(text: str) -> tuple[str | None, str | None, str | None]:
    for pattern in _COMPARE:
        match = pattern.search(text)
        if match:
            return _place_only(match.group("home")), _place_only(match.group("job")), role_after_as(text)
    return None, None, None


@register
class CompareLocations(Intent):
    name = "salary_compare_locations"
    requires = ("compare_locations",)
    help_line = "compare pay where you live with where the job is (remote work, relocation)"

    def score(self, turn: Turn) -> float:
        home, job, _ = _compare_question(turn.text)
        return 0.9 if home and job else 0.0

    def plan(self, turn: Turn) -> Plan:
        home, job, title = _compare_question(turn.text)
        if title:
            return [ToolRequest("compare_locations", {"title": title, "home": home, "job_location": job})]
        if "career_profile" in turn.tools:
            return [ToolRequest("career_profile", {"action": "get"})]
        return render("offline/salary_need_role")

    def respond(self, turn: Turn) -> Plan:
        if "compare_locations" in turn.results:
            return render("offline/salary_compare", result=turn.results["compare_locations"])
        home, job, title = _compare_question(turn.text)
        title = title or ((turn.results.get("career_profile") or {}).get("profile") or {}).get("current_role")
        if not title:
            return render("offline/salary_need_role")
        return [ToolRequest("compare_locations", {"title": title, "home": home, "job_location": job})]


_RANGE = re.compile(r"\b(salary range|pay range|what (?:salary|pay|number) should i (?:ask|aim|push) for|what should i ask for"
                    r"|target salary|how much should i ask|fair (?:salary|offer|pay) for me|personali[sz]ed range)\b", re.I)


@register
class PersonalRange(Intent):
    """A personalized range: the role, place and years from the question, the rest from the saved profile."""

    name = "salary_range"
    requires = ("salary_range",)
    help_line = "work out a personalized salary range for you, with what moves it (experience, industry...)"

    def score(self, turn: Turn) -> float:
        return 0.9 if _RANGE.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        if "career_profile" in turn.tools:
            return [ToolRequest("career_profile", {"action": "get"})]
        return self._request(turn, {})

    def respond(self, turn: Turn) -> Plan:
        if "salary_range" in turn.results:
            return render("offline/salary_range", result=turn.results["salary_range"])
        return self._request(turn, (turn.results.get("career_profile") or {}).get("profile") or {})

    def _request(self, turn: Turn, profile: dict) -> Plan:
        title = role_after_as(turn.text) or turn.slots.current_role or profile.get("current_role")
        years = turn.slots.experience_years if turn.slots.experience_years is not None else profile.get("experience_years")
        if not title or years is None:
            return render("offline/salary_range_needs", title=title, years=years)
        location = turn.slots.location or profile.get("location")
        return [ToolRequest("salary_range", {"title": title, "years_experience": years, "location": location,
                                             "industry": turn.slots.industry or profile.get("industry")})]


_DEMAND = re.compile(r"\b(?:is|are)\s+(?:the\s+)?demand\s+for\s+(?:an?\s+|the\s+)?(?P<title>[a-z][\w /&+-]{2,60}?)\s+"
                     r"(?:growing|rising|increasing|shrinking|falling|declining|going (?:up|down)|strong|high|low)\b", re.I)
_OUTLOOK = re.compile(r"\b(?:job outlook|outlook|growth|growing|in demand|demand for|future|projections?|shrinking|declining)\b"
                      r".*?\b(?:for|of|in)\s+(?:an?\s+|the\s+)?(?P<title>[a-z][\w /&+-]{2,60}?)s?\s*[?.!]*$", re.I)
_BEST_PAYING = [
    # "which industries pay software developers the most?"
    re.compile(r"\b(?:where|which (?:industr(?:y|ies)|cities|metros|states|places))\b.*?\b(?:pays?)\s+"
               r"(?:an?\s+|the\s+)?(?P<title>[a-z][\w /&+-]{2,60}?)\s+(?:the\s+)?(?:most|best|more|highest)\s*[?.!]*$", re.I),
    # "where do nurses earn the most?", "where are welders paid best"
    re.compile(r"\bwhere\s+(?:do|does|can|are|is)\s+(?:an?\s+|the\s+)?(?P<title>[a-z][\w /&+-]{2,60}?)\s+"
               r"(?:earn|make|get paid|paid)\s+(?:the\s+)?(?:most|best|more|highest)", re.I),
]


def _title_from(patterns: list[re.Pattern[str]], text: str) -> str | None:
    match = next((m for p in patterns if (m := p.search(text))), None)
    if not match:
        return None
    title = re.sub(r"^(?:an?|the)\s+", "", match.group("title").strip(), flags=re.I)
    return None if title.lower() in _PLACEHOLDER_TITLES | {"jobs", "job", "me", "work"} else title


class TitleQuestion(Intent):
    """A question about one role answered by one tool called with that title, e.g. "job outlook for nurses"."""

    patterns: list[re.Pattern[str]] = []
    tool: str = ""
    template: str = ""
    confidence: float = 0.85

    def score(self, turn: Turn) -> float:
        return self.confidence if _title_from(self.patterns, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest(self.tool, {"title": _title_from(self.patterns, turn.text)})]

    def respond(self, turn: Turn) -> Plan:
        return render(self.template, result=turn.results.get(self.tool) or {})


@register
class JobOutlook(TitleQuestion):
    name = "job_outlook"
    requires = ("job_outlook",)
    help_line = "tell you whether a role is growing (BLS projections to 2034)"
    patterns, tool, template = [_OUTLOOK, _DEMAND], "job_outlook", "offline/job_outlook"


@register
class BestPaying(TitleQuestion):
    name = "salary_benchmarks"
    requires = ("salary_benchmarks",)
    help_line = "show where a role pays best: industries, metros and states"
    patterns, tool, template, confidence = _BEST_PAYING, "salary_benchmarks", "offline/salary_benchmarks", 0.88
