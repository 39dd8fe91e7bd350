"""Offline skill extraction: free text (a resume, a job ad) → the taxonomy's skills it names, each with the
exact words that evidence it and a score, best first.

Method: the text's words are normalised exactly as the taxonomy's labels were (`normalize.py`: case, plurals,
suffixes, British/American spelling, articles); then, left to right, the longest run of words that is a label
(preferred, alternative, O*NET name, vendor-less technology name or a common abbreviation) is taken, never across
punctuation that ends a phrase. The taxonomy leaves out phrases that would turn ordinary words into skills
(numbers, common single words, one-word loose synonyms), so "a salary range of $90,000-$110,000" names no skill.
Score: how the label relates to the concept (preferred 1.0 ... abbreviation 0.8) x how specific the phrase is
(one ordinary word 0.75, a name such as "Tableau" 0.95, two words 0.9, three or more 1.0), plus 0.05 per extra
mention (at most 0.15), capped at 1.

With a `SemanticMatcher` (`semantic.py`), skills named in other words join them, each with the sentence that
evidences it and a lower score (0.6 x cosine similarity), so phrase matches lead."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from tools.skills.normalize import tokens
from tools.skills.semantic import SCORE_SCALE, SemanticMatcher
from tools.skills.taxonomy import Entry, Taxonomy, load_taxonomy

MAX_TEXT = 200_000  # characters; a resume is a few thousand
HOW_SCORE = {"p": 1.0, "o": 0.95, "a": 0.85, "v": 0.85, "c": 0.85, "x": 0.8}
MENTION_BONUS, MAX_BONUS = 0.05, 0.15
_JOINER = re.compile(r"[\s\-/&']*")  # what may stand between the words of one phrase


class SkillInputError(ValueError):
    """A client mistake; `field` names the input, `code` is stable for clients."""

    def __init__(self, field: str, code: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.code, self.message, self.status = field, code, message, status


class SkillMatch(BaseModel):
    name: str = Field(description="the skill's name in the taxonomy")
    esco_uri: str | None = Field(default=None, description="ESCO concept URI when the skill is in ESCO")
    onet_id: str | None = Field(default=None, description="O*NET element id (2.A.1.a) or T + commodity code")
    score: float = Field(ge=0.0, le=1.0)
    evidence: str = Field(description="the words in the text that name the skill (first best mention)")
    start: int = Field(description="character offset of the evidence in the text")
    end: int
    mentions: int = 1
    kind: str = Field(description="esco-skill | esco-knowledge | onet-skill | onet-knowledge | technology")
    method: str = Field(default="phrase", description="phrase: the text names it; semantic: it says it in other "
                                                       "words (the evidence is the sentence)")
    matched_label: str
    hot: bool = Field(default=False, description="O*NET Hot Technology")
    in_demand: bool = Field(default=False, description="O*NET In Demand technology")


def check_text(text: str | None, field: str = "text") -> str:
    """The text to analyse, or SkillInputError naming the field (empty, too long, or not text at all)."""
    value = (text or "").strip()
    if not value:
        raise SkillInputError(field, "empty", f"{field} is empty: paste your resume or a list of skills")
    if len(value) > MAX_TEXT:
        raise SkillInputError(field, "too_long", f"{field} is {len(value):,} characters; the limit is {MAX_TEXT:,}")
    letters = sum(ch.isalpha() for ch in value)
    controls = sum(1 for ch in value if ord(ch) < 32 and ch not in "\n\r\t")
    if "\x00" in value or controls > 0.01 * len(value) or letters < 0.3 * len(value.replace(" ", "")):
        raise SkillInputError(field, "not_text", f"{field} does not look like text (binary data or no words)")
    return value


def _score(entry: Entry, label_words: int, taxonomy: Taxonomy) -> float:
    concept = taxonomy.concepts[entry.concept]
    if label_words >= 3:
        specific = 1.0
    elif label_words == 2:
        specific = 0.9
    elif any(ch.isupper() for ch in entry.label) or concept.kind == "technology":
        specific = 0.95  # a name: Python, Tableau, SQL
    else:
        specific = 0.75
    return HOW_SCORE[entry.how] * specific


def _as_written(entry: Entry, span: str) -> bool:
    """A vendor-less product name counts only as a name ("Airflow", not "data pipelines"); a trailing acronym
    only in capitals ("EPIC", not the Epic health-record system)."""
    if entry.how == "v":
        return not span.islower()
    if entry.how == "c":
        return span == entry.label
    return True


def extract(text: str, taxonomy: Taxonomy | None = None, limit: int | None = None,
            semantic: SemanticMatcher | None = None) -> list[SkillMatch]:
    """The skills `text` names, best first (see the module docstring). Raises SkillInputError for bad text."""
    text = check_text(text)
    taxonomy = taxonomy or load_taxonomy()
    words = tokens(text)
    keys = [w.key for w in words]
    joined = [i + 1 < len(words) and _JOINER.fullmatch(text, words[i].end, words[i + 1].start) is not None
              for i in range(len(words))]
    found: dict[int, SkillMatch] = {}
    i = 0
    while i < len(words):
        end = i + 1  # the run of words from i not broken by punctuation, up to the longest label
        while end < len(words) and end - i < taxonomy.max_words and joined[end - 1]:
            end += 1
        for stop in range(end, i, -1):
            entry = taxonomy.phrases.get(tuple(keys[i:stop]))
            if entry is None or not _as_written(entry, text[words[i].start:words[stop - 1].end]):
                continue
            _record(found, entry, stop - i, words[i].start, words[stop - 1].end, text, taxonomy)
            i = stop
            break
        else:
            i += 1
    if semantic is not None:
        _add_semantic(found, semantic, text, taxonomy)
    ranked = sorted(found.values(), key=lambda m: (-m.score, m.start))
    return ranked[:limit] if limit else ranked


def _record(found: dict[int, SkillMatch], entry: Entry, size: int, start: int, end: int, text: str,
            taxonomy: Taxonomy) -> None:
    score = _score(entry, size, taxonomy)
    known = found.get(entry.concept)
    if known is not None:
        base = known.score - min(MAX_BONUS, MENTION_BONUS * (known.mentions - 1))
        update = {"mentions": known.mentions + 1}
        if score > base:  # a better mention becomes the evidence
            base = score
            update.update(evidence=text[start:end], start=start, end=end, matched_label=entry.label)
        update["score"] = round(min(1.0, base + min(MAX_BONUS, MENTION_BONUS * known.mentions)), 3)
        found[entry.concept] = known.model_copy(update=update)
        return
    concept = taxonomy.concepts[entry.concept]
    found[entry.concept] = SkillMatch(name=concept.name, esco_uri=concept.esco_uri, onet_id=concept.onet_id,
                                      score=round(score, 3), evidence=text[start:end], start=start, end=end,
                                      kind=concept.kind, matched_label=entry.label, hot=concept.hot,
                                      in_demand=concept.in_demand)


def _add_semantic(found: dict[int, SkillMatch], semantic: SemanticMatcher, text: str, taxonomy: Taxonomy) -> None:
    for hit in semantic.match(text):
        if hit.concept in found:
            continue
        concept = taxonomy.concepts[hit.concept]
        found[hit.concept] = SkillMatch(name=concept.name, esco_uri=concept.esco_uri, onet_id=concept.onet_id,
                                        score=round(SCORE_SCALE * hit.similarity, 3), evidence=text[hit.start:hit.end],
                                        start=hit.start, end=hit.end, kind=concept.kind, method="semantic",
                                        matched_label=concept.name, hot=concept.hot, in_demand=concept.in_demand)
