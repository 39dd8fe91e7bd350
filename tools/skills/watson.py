"""IBM Watson Natural Language Understanding as a second skill extractor (the `watson` extra), used when its key
and service URL are configured. Its keywords, entities and concepts are mapped onto the same taxonomy by the
offline extractor (a Watson phrase that names no taxonomy skill is dropped), each scored by Watson's relevance x
the taxonomy match; the evidence is the phrase as it stands in the text. A failing service is an error the caller
can fall back from (`WatsonError`), never a crash of the analysis."""

from __future__ import annotations

from collections.abc import Callable

from agent.settings import Settings
from tools.skills.extract import SkillInputError, SkillMatch, extract

VERSION = "2022-04-07"
LIMIT = 50


class WatsonError(RuntimeError):
    pass


def watson_phrases(apikey: str, url: str, iam_url: str | None, text: str, timeout_s: float = 10.0) -> list[dict]:
    """[{text, relevance}] of Watson's keywords, entities and concepts for `text`."""
    from ibm_cloud_sdk_core import ApiException
    from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
    from ibm_watson import NaturalLanguageUnderstandingV1
    from ibm_watson.natural_language_understanding_v1 import (ConceptsOptions, EntitiesOptions, Features,
                                                              KeywordsOptions)
    authenticator = IAMAuthenticator(apikey, url=iam_url) if iam_url else IAMAuthenticator(apikey)
    service = NaturalLanguageUnderstandingV1(version=VERSION, authenticator=authenticator)
    service.set_service_url(url)
    service.set_http_config({"timeout": timeout_s})
    try:
        result = service.analyze(text=text, language="en", features=Features(
            keywords=KeywordsOptions(limit=LIMIT), entities=EntitiesOptions(limit=LIMIT),
            concepts=ConceptsOptions(limit=LIMIT))).get_result()
    except ApiException as exc:
        raise WatsonError(f"Watson NLU answered {exc.status_code}: {exc.message}") from exc
    except Exception as exc:  # the SDK surfaces connection and token failures as plain exceptions
        raise WatsonError(f"Watson NLU failed: {exc}") from exc
    return [{"text": item.get("text", ""), "relevance": float(item.get("relevance", 0.0))}
            for key in ("keywords", "entities", "concepts") for item in result.get(key, [])]


def map_phrases(phrases: list[dict], text: str) -> list[SkillMatch]:
    """Watson's phrases → taxonomy skills, evidence located in the text when it is there."""
    found: dict[str, SkillMatch] = {}
    lower = text.lower()
    for phrase in phrases:
        try:
            matches = extract(phrase["text"], limit=1)
        except SkillInputError:
            continue
        if not matches:
            continue
        match = matches[0]
        start = lower.find(phrase["text"].lower())
        span = (start, start + len(phrase["text"])) if start >= 0 else (0, 0)
        score = round(min(1.0, match.score * max(0.0, min(1.0, phrase["relevance"]))), 3)
        if match.name not in found or score > found[match.name].score:
            found[match.name] = match.model_copy(update={
                "score": score, "evidence": text[span[0]:span[1]] if start >= 0 else phrase["text"],
                "start": span[0], "end": span[1]})
    return sorted(found.values(), key=lambda m: -m.score)


def watson_extractor(settings: Settings | None) -> Callable[[str], list[SkillMatch]] | None:
    """The Watson extractor when settings configure it, else None (offline only)."""
    if not settings or not settings.watson_nlu_apikey or not settings.watson_nlu_url:
        return None
    apikey, url, iam_url = settings.watson_nlu_apikey, settings.watson_nlu_url, settings.watson_iam_url

    def run(text: str) -> list[SkillMatch]:
        return map_phrases(watson_phrases(apikey, url, iam_url, text), text)
    return run
