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
    # Common posting titles that O*NET lists first under an occupation few of their holders work in.
    frozenset({"account", "executive"}): ("41-3091", "account executives sell a company's services (O*NET lists "
                                                     "the title only under Advertising and Promotions Managers)"),
    frozenset({"account", "manager"}): ("41-3091", "account managers keep and grow clients' accounts: sales work"),
    frozenset({"cybersecurity", "analyst"}): ("15-1212", "cybersecurity analysts are information security analysts"),
    frozenset({"cyber", "security", "analyst"}): ("15-1212", "cybersecurity analysts are information security "
                                                             "analysts"),
    frozenset({"information", "technology", "manager"}): ("11-3021", "IT managers run computer and information "
                                                                     "systems"),
    frozenset({"production", "manager"}): ("11-3051", "in most postings a production manager runs a plant or a "
                                                      "production line, not a media production"),
    frozenset({"program", "manager"}): ("11-1021", "program managers direct operations across projects; O*NET's "
                                                   "first listing is for broadcast programming"),
    frozenset({"business", "manager"}): ("11-1021", "business managers run an organisation's operations (O*NET's "
                                                    "first listing is for performers' business managers)"),
    frozenset({"marketing", "coordinator"}): ("13-1161", "marketing coordinators do the work of marketing "
                                                         "specialists"),
    frozenset({"operations", "coordinator"}): ("43-5061", "operations coordinators schedule and expedite work "
                                                          "(O*NET's first listing is for airfields)"),
    frozenset({"software", "tester"}): ("15-1253", "software testers are software quality assurance testers"),
    frozenset({"user", "experience", "designer"}): ("15-1255", "UX designers are web and digital interface "
                                                               "designers"),
    frozenset({"network", "engineer"}): ("15-1241", "BLS counts network engineers with computer network "
                                                    "architects"),
}
