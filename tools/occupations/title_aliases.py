"""Job titles O*NET's alternate titles place badly, mapped by hand to the OEWS occupation that does the work.

O*NET lists "Owner" only under Urologists and "Site Reliability Engineer" nowhere, so the ranking alone sends
"product owner" to physicians and "SRE" to industrial engineers. Each entry: the title's words (as
`titles.analyze` normalises them, seniority words removed, in any order) → (OEWS SOC code, why).
Keep this short: add a title only when the data-driven answer is wrong for most people who write it, and
never override a title O*NET itself lists (e.g. "Data Engineer" under Database Architects).
"""

from __future__ import annotations

CURATED_TITLES: dict[frozenset[str], tuple[str, str]] = {
    frozenset({"product", "owner"}): ("11-2021", "O*NET lists Product Manager under Marketing Managers"),
    frozenset({"site", "reliability", "engineer"}): ("15-1252", "SREs build and run software systems"),
    frozenset({"fullstack", "engineer"}): ("15-1252", "full-stack engineers are software developers"),
    frozenset({"fullstack", "developer"}): ("15-1252", "full-stack developers are software developers"),
    frozenset({"backend", "engineer"}): ("15-1252", "back-end engineers are software developers"),
    frozenset({"backend", "developer"}): ("15-1252", "back-end developers are software developers"),
    frozenset({"cloud", "engineer"}): ("15-1244", "cloud engineers run infrastructure, like network and "
                                                  "computer systems administrators"),
    frozenset({"engineering", "manager"}): ("11-3021", "in most postings an engineering manager leads a "
                                                       "software team"),
}
