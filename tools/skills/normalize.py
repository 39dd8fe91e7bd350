"""Word normalisation shared by the taxonomy (at derive and load time) and the extractor (on the user's text),
so a label and the text that names it reduce to the same keys: lower case, C++ / C# / Node.js kept whole,
plurals made singular, a light suffix stem (managed, managing, manage → manag), articles dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tools.occupations.titles import singular, stem

# A token: letters/digits with inner dots (node.js) and trailing + or # (c++, c#); sentence dots stay out.
TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[+#](?![A-Za-z0-9])|\.(?=[A-Za-z0-9]))*[+#]*")
ARTICLES = frozenset({"a", "an", "the"})
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*")


@dataclass(frozen=True, slots=True)
class Token:
    key: str  # normalised form
    start: int  # character span in the original text
    end: int


_AMERICAN = re.compile(r"([iy])z(e|ed|es|ing|ation|ations)$")  # organize → organise, analyze → analyse


@lru_cache(maxsize=65536)  # the taxonomy's ~90k labels share most of their words
def word_key(word: str) -> str:
    word = word.lower()
    if not word.isalpha():
        return word  # c++, node.js, python3, 1-2-3 parts: exact
    if len(word) <= 4:
        return singular(word)
    word = singular(_AMERICAN.sub(r"\1s\2", word))
    if word.endswith("ed") and len(word) > 5:
        word = word[:-1]  # managed → manage, then stemmed like manage and managing
    return stem(word)


def tokens(text: str) -> list[Token]:
    """The text's words with their spans; articles are skipped (they never decide a match)."""
    out = []
    for match in TOKEN.finditer(text):
        word = match.group(0)
        if word.lower() in ARTICLES:
            continue
        out.append(Token(word_key(word), match.start(), match.end()))
    return out


def label_key(label: str) -> tuple[str, ...]:
    """The keys of `tokens(label)`, without building spans (the taxonomy keys ~100k labels at start)."""
    return tuple(word_key(w) for w in TOKEN.findall(label) if w.lower() not in ARTICLES)


def label_variants(label: str) -> list[str]:
    """'Python (computer programming)' → ['Python (computer programming)', 'Python']."""
    stripped = _PARENTHESIS.sub(" ", label).strip()
    return [label] if stripped == label.strip() or not stripped else [label, stripped]
