"""The one way every feature reads a job title and a place: checked as input (a 4xx naming the field), resolved
through `titles` and `areas` (cached: people ask about the same roles and places), and refused when nothing
matches (404 with suggestions) or the place is outside the US (the wage data covers the US only). Salary, skills,
the roadmap, the role-play's scenario, offers, mentors and the chat all come through `resolve`, so one title gives
one occupation everywhere."""

from __future__ import annotations

import re
from functools import lru_cache

from tools.occupations.areas import AreaResolution, resolve_area
from tools.occupations.oews import load_oews
from tools.occupations.titles import TitleResolution, resolve_title
from tools.occupations.world import ForeignPlace

MAX_TEXT = 200
_MARKUP = re.compile(r"<\s*/?\s*[a-z!][^>]*>|javascript:", re.IGNORECASE)  # tags, comments, script URLs


class InputError(ValueError):
    """A client mistake; `field` names the input, `code` is stable for clients."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


class NoMatch(LookupError):
    """Nothing plausible matched; `suggestions` are the closest things we know."""

    def __init__(self, field: str, message: str, suggestions: list[dict]):
        super().__init__(message)
        self.field, self.message, self.suggestions = field, message, suggestions


def check_text(field: str, value: str | None, *, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise InputError(field, "required", f"{field} must not be empty")
        return None
    if len(text) > MAX_TEXT:
        raise InputError(field, "too_long", f"{field} is {len(text)} characters; the limit is {MAX_TEXT}")
    if _MARKUP.search(text):
        raise InputError(field, "markup", f"{field} must be plain text, not markup or code")
    if not any(c.isalnum() for c in text):
        raise InputError(field, "no_words", f"{field} has no letters or digits: write a job title or a place")
    return text


@lru_cache(maxsize=4096)
def _resolve_title(text: str) -> TitleResolution:
    return resolve_title(text)


@lru_cache(maxsize=4096)
def _resolve_area(text: str | None) -> AreaResolution:
    return resolve_area(text)


def resolve(title: str, location: str | None, location_field: str = "location") -> tuple[TitleResolution, AreaResolution]:
    """Resolve both inputs, or raise InputError / NoMatch naming the field. Resolutions are cached
    (people ask about the same roles and places) and shared: callers must not modify them.

    Every feature that takes a place comes through here, so this is where a place outside the US (or any of
    several places compared) is refused: InputError `location_outside_us`, never a US area's figures."""
    title_text = check_text("title", title, required=True)
    location_text = check_text(location_field, location, required=False)
    titles = _resolve_title(title_text)
    if titles.best is None:
        raise NoMatch("title", f"no occupation matches {title_text!r}",
                      [a.model_dump(include={"soc_code", "title", "confidence"}) for a in titles.alternatives])
    areas = _resolve_area(location_text)
    for resolution in [areas] + [_resolve_area(place) for place in areas.places[1:]]:
        if resolution.outside_us is not None:
            raise InputError(location_field, "location_outside_us", outside_us_message(resolution.outside_us))
    if areas.best is None:
        raise NoMatch(location_field, f"no place matches {location_text!r}",
                      [a.model_dump(include={"code", "name", "type", "confidence"}) for a in areas.alternatives])
    return titles, areas


def outside_us_message(place: ForeignPlace) -> str:
    """Why there are no figures for a place abroad, naming the survey and its release."""
    region = f"{place.region}, " if place.kind == "city" and place.region and place.region != place.country else ""
    where = (f"{place.name} is outside the United States" if place.kind == "country"
             else f"{place.name} is in {region}{place.country}")
    return (f"BLS OEWS wage data ({load_oews().release}) covers the United States only; {where}, so there are "
            "no figures for it here.")
