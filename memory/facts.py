"""The offline memory step: which things in a user's message are worth remembering in later conversations.

Rules over the text, no model (with Gemini the memory step uses structured output instead). A message is split
into sentences, a sentence into clauses ("I live in Denver and I prefer remote work" is two), and a clause is a
memory when the user states something durable about themselves:

- constraint   "I can't relocate before June", "I need visa sponsorship", "remote is a must for me"
- preference   "I prefer remote", "I'd rather work for a startup", "hybrid works best for me"
- background   "I have 5 years of experience as a nurse", "I studied economics", "I'm a data analyst at Acme"
- goal         "I want to become a product manager", "my goal is to move into UX by next year"
- fact         "I live in Denver", "my current salary is $85k", "I got an offer from Stripe", "I have two kids"

Questions, requests, greetings, small talk, hypotheticals ("if I were to move...") and statements about other
people ("my friend prefers remote") are not memories. Conservative like agent/offline/slots.py: a missed memory
costs less than a wrong one, since memories come back in later conversations and a topic's newer memory
replaces the older one (memory/memories.py).

Each memory gets a kind (KIND_RULES, first match wins) and, for things that have one current value, a topic
(TOPIC_RULES, first match for that kind wins). Both tables are ordered lists: to teach the extractor a new
phrasing or topic, add a row. Rules read a lowercased copy of the clause with contractions spelled out
("I'm" -> "i am", "can't" -> "cannot"), so one pattern covers both spellings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Shared with the slot reader so "Sr. Data Analyst" is one sentence here and one role there.
from agent.offline.slots import TITLE_ABBREVIATIONS, extract_amounts, extract_slots

MAX_MESSAGE_CHARS = 8000  # only the start of a longer message is read
MAX_TEXT_CHARS = 300  # a memory's text; a longer clause is cut at a word


@dataclass(frozen=True)
class MemoryCandidate:
    kind: str  # "constraint" | "preference" | "background" | "goal" | "fact"
    topic: str | None  # a memory with a topic replaces the user's older memory of that topic (see TOPIC_RULES)
    text: str  # the memory in the user's words, cleaned: "can't relocate before June"
    evidence: str  # the sentence of the message it came from
    start: int  # message[start:end] == evidence
    end: int


# -- building blocks of the patterns (they read the lowercased, contraction-free clause) -------------------------

# Words that may stand between the subject and the verb: "I really want", "I currently live".
_ADV = (r"(?:(?:really|also|just|still|definitely|absolutely|strongly|honestly|actually|generally|usually|mostly|"
        r"only|currently|now|totally|seriously|simply|personally|already|truly|very much|much|kind of|sort of|"
        r"probably|would really|do|always|never|eventually|ultimately|ideally|basically|both|soon)\s+)*")
# A phrase of time or stance before the subject: "By next year, I want...", "In March I'm moving...".
_LEAD = (r"(?:(?:by|in|within|next|this|for|from|starting|until|after|before|over|since|at|right now|currently|"
         r"eventually|someday|one day|long[- ]term|these days|nowadays|for now|at the moment|at this point|"
         r"realistically|personally|frankly|generally|ultimately|overall)\b[^,.;?]{0,40}?,?\s+)?")
_I = r"^" + _LEAD + r"i\s+" + _ADV
_NUMBER = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a few|"
           r"a couple of|several|many)")
_DEGREE = (r"(?:degree|bachelor|bachelors|bachelor's|master|masters|master's|phd|ph\.d|doctorate|mba|diploma|"
           r"certificate|certification|license|licence|ged|associate|associates|associate's|bsc|msc|ba|ma|bs|ms|"
           r"cpa|pmp|rn license)")
# "my X" where X is about the user, not another person: "my goal is...", "my current salary is...".
_MY = r"^" + _LEAD + r"my\s+"


def _me(body: str) -> re.Pattern[str]:
    """A clause whose subject is the user: "I <body>"."""
    return re.compile(_I + r"(?:" + body + r")")


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# -- what is not a memory -------------------------------------------------------------------------------------

_QUESTION_START = _re(r"^(?:can|could|should|would|will|do|does|did|is|are|am|was|were|what|how|why|where|when|"
                      r"which|who|whom|whose|shall|may|have|has|any|is there|are there)\b")
# A conditional or imagined sentence says nothing about the user, in any of its clauses: "If I were to move,
# I'd want hybrid", "suppose I took the job".
_HYPOTHETICAL = _re(r"^(?:if|suppose|supposing|imagine|hypothetically|let us say|lets say|say|assuming|assume|"
                    r"in case|unless|were i|had i|in theory|in an ideal world|in a perfect world)\b"
                    r"|\b(?:if i (?:were|was|had|could|did|got|moved|relocated|went|decided|took|accepted|wanted|"
                    r"ever)|what if|were i to|would i|hypothetical(?:ly)?|theoretically)\b")
# A clause the user is unsure of: "I might move to Berlin", "not sure I want to relocate".
_UNSURE = _re(r"\b(?:i wonder|wondering|maybe|perhaps|possibly|might|not sure|unsure|undecided|"
              r"do not know (?:if|whether|what|how))\b")
# Requests to the coach, not facts about the user: "tell me about salaries", "I'd like some advice".
_REQUEST = _re(
    r"^(?:please|pls|tell|show|help|give|explain|list|find|compare|suggest|recommend|let us|lets|describe|write|"
    r"draft|review|check|calculate|estimate|search|look up|send|remind|walk me|teach me|summari[sz]e|rewrite|"
    r"edit|create|generate|can you|could you|would you|will you|thanks|thank you)\b"
    r"|" + _I + r"(?:would like|want|need|wanted|was hoping|am hoping|hope|would love|am looking|have|had)\s+"
    r"(?:you\b|to (?:know|ask|talk|discuss|chat|understand|find out|figure out|learn (?:more )?about|see|look at|"
    r"review|go over|practi[cs]e|prepare|rehearse|hear|check|compare|work on|fix|update|send|submit|get ready|"
    r"get (?:some |your |more )?(?:advice|help|tips|feedback|ideas|input)|start (?:a|the) (?:role-?play|mock|"
    r"practice|session)|do (?:a|some) (?:mock|role-?play|practice))\b|(?:for )?(?:some |your |more )?(?:help|"
    r"advice|tips|feedback|ideas|input|guidance|suggestions|information|info)\b|(?:a|another|one more|some|a "
    r"quick) questions?\b)"
    r"|" + _I + r"am (?:wondering|curious|asking)\b")
_PEOPLE = (r"(?:friend|friends|wife|husband|partner|spouse|boss|manager|colleague|colleagues|coworker|coworkers|"
           r"co-worker|co-workers|sister|brother|mom|mum|dad|mother|father|son|daughter|kids|children|child|team|"
           r"company|family|girlfriend|boyfriend|fianc[eé]e?|roommate|cousin|uncle|aunt|parents|neighbou?r|"
           r"classmate|mentor|recruiter|employer|client|clients|sibling|siblings|parent|grandmother|grandfather)")
# Statements whose subject is someone else ("my friend prefers remote", "she lives in Denver") or something
# only the conversation names ("that works for me").
_OTHER_PERSON = _re(r"^(?:my|our|his|her|their|your)\s+(?:\w+\s+)?" + _PEOPLE + r"(?:'s)?\b(?! and i\b)"
                    r"|^(?:he|she|they|you|someone|somebody|everyone|everybody|people|a friend|a colleague|it|that|"
                    r"this|there|these|those)\b")

# -- kinds ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindRule:
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None  # a further test on the clause as written (case kept)


@dataclass(frozen=True)
class TopicRule:
    topic: str
    kinds: frozenset[str]  # the kinds this topic applies to: "I live in Denver" (fact) is a location
    pattern: re.Pattern[str]
    needs_amount: bool = False  # the clause must name money ("$120k", "95,000")
    check: Callable[[str], bool] | None = None


_TRAITS = {"bit", "little", "tad", "lot", "mess", "wreck", "fan", "huge", "big"}  # "I'm a bit nervous"


def _not_a_mood(clause: str) -> bool:
    """"I'm a bit nervous" is not who the user is; "I'm a nurse" and "I work at Acme" are."""
    role = extract_slots(clause).current_role
    if role:
        return role.split()[0].lower() not in _TRAITS
    return re.search(r"\b(?:work|working|employed)\b", clause, re.I) is not None


_TRAIT_NOUNS = {"learner", "person", "owl", "believer", "thinker", "communicator", "perfectionist", "introvert",
                "extrovert", "extravert", "player", "lover", "worker", "starter", "self-starter", "leader", "type",
                "citizen", "resident", "veteran", "graduate", "grad"}


_CREDENTIALS = {"certified", "accredited", "qualified", "trained", "licensed"}  # "a certified scrum master"


def _names_current_job(clause: str) -> bool:
    """A job title ("data analyst") or an employer ("at Acme"), not a trait ("a fast learner")."""
    slots = extract_slots(clause)
    if slots.current_role:
        words = slots.current_role.lower().split()
        return words[-1] not in _TRAIT_NOUNS and words[0] not in _CREDENTIALS
    return bool(slots.company) and re.search(r"\b(?:work|working|employed)\s+(?:at|for|by)\b", clause, re.I) is not None


def _has_place(clause: str) -> bool:
    return extract_slots(clause).location not in (None, "remote")


# Ordered: the first rule that matches decides the kind. Negations come before the wishes they would otherwise
# look like ("I don't want to relocate" is a constraint, "I want to..." a goal or preference).
KIND_RULES: tuple[KindRule, ...] = (
    # Refusing to move is a constraint, whatever the verb: "I don't want to relocate", "I'm not moving".
    KindRule("constraint", _me(
        r"(?:cannot|can no longer|will not|would not|could not|do not want to|do not wish to|would rather not|"
        r"never want to|refuse to|do not plan to|do not intend to|have no (?:plans?|intention) to|"
        r"am (?:not\s+|un)(?:able|willing|ready|prepared|going|planning|looking|open|available) to)\s+" + _ADV +
        r"(?:relocat|move\b(?!\s+(?:into|up|on|forward|ahead|over|past|beyond))|leave (?:the )?(?:city|area|state|"
        r"country|town|region))"
        r"|am " + _ADV + r"not (?:relocating|moving\b(?!\s+(?:into|up|on|forward)))|am " + _ADV +
        r"(?:tied to|staying (?:in|near|put)|rooted in)")),
    # The user's household: "we live in Denver", "my wife and I can't move until May", "we have two kids".
    KindRule("constraint", _re(r"^" + _LEAD + r"(?:we|my \w+ and i)\s+" + _ADV + r"(?:cannot|can not|will not|are not "
                               r"(?:moving|relocating|able to)|have to stay|must stay|need to stay|are staying)\b")),
    KindRule("fact", _re(r"^" + _LEAD + r"(?:we|my \w+ and i)\s+" + _ADV + r"(?:live|are living|are based|moved|"
                         r"are moving|are relocating|will be moving|will move|are going to move|have (?:a|an|one|two|"
                         r"three|four|\d+) (?:\w+ )?(?:kids?|children|child|sons?|daughters?|baby|babies|toddlers?|"
                         r"twins)|are expecting)\b")),
    # What happened to the user's job search: offers, layoffs, interviews.
    KindRule("fact", _re(r"^" + _LEAD + r"i\s+" + _ADV + r"(?:got|have|received|accepted|declined|turned down|"
                         r"rejected|am considering|am weighing|was given|have been given|am holding|negotiated)\b"
                         r"[^.?!]{0,40}?\boffers?\b|\boffered me\b|^" + _LEAD + r"i\s+" + _ADV +
                         r"(?:was|have been|got) offered\b")),
    KindRule("fact", _me(
        r"(?:was|got|have been|just got) " + _ADV + r"(?:laid off|let go|fired|made redundant|promoted|hired|"
        r"furloughed|accepted (?:to|into|at))|lost my job|quit\b|resigned|"
        r"am " + _ADV + r"(?:unemployed|between jobs|out of work|on (?:maternity|paternity|parental|medical|sick) "
        r"leave|on leave|job hunting|job searching|looking for (?:a )?(?:new )?(?:job|work)\b|interviewing|"
        r"on (?:an? )?(?:visa|h-?1b|l-?1|o-?1|work permit|student visa|tn visa|opt)|a (?:us |u\.s\. |uk |eu |"
        r"canadian |german |french )?citizen|a permanent resident|self-employed|freelancing|a freelancer|"
        r"on probation|on a (?:pip|performance improvement plan))|"
        r"have " + _ADV + r"(?:an? |two |three |\d+ )?(?:(?:final|second|third|first) )?(?:interviews?|rounds?|"
        r"onsites?)\b|have been " + _ADV + r"(?:looking|searching|applying|job hunting|unemployed|out of work|"
        r"interviewing)\b|started (?:a |my )?new (?:job|role|position)|"
        r"am starting (?:a |my )?new (?:job|role|position)|"
        r"accepted (?:a|the) (?:job|role|position)|signed (?:a|the) (?:contract|offer)|"
        r"(?:have|hold) (?:a|an) (?:h-?1b|green card|work permit|visa|work visa|eu passport|blue card)")),
    KindRule("fact", _me(r"do not (?:need|require) (?:a |any )?(?:visa|sponsorship|work permit)")),
    # Learning goals phrased as needs: "I need to learn SQL" (before "I need..." constraints).
    KindRule("goal", _me(r"(?:need|have) to " + _ADV + r"(?:learn|improve|get better at|build up|develop|finish|"
                         r"complete|get certified|get (?:a|my) (?:certification|certificate|degree)|upskill|"
                         r"brush up)")),
    # Necessity and inability: "I can't", "I must", "I need", "I won't accept less than...".
    KindRule("constraint", _me(
        r"(?:cannot|can no longer|can only|will not|will never|would never|could not|am not (?:able|allowed|"
        r"permitted|willing) to|am unable to|refuse to|must|have to|need|require|will need|would need|"
        r"am limited to|am only (?:able|available)|do not have the option|have (?:a|an) (?:hard|strict) "
        r"(?:limit|cap|requirement|deadline|cutoff))\b")),
    KindRule("constraint", _re(_MY + r"(?:notice period|minimum|floor|walk-?away(?: number| point)?|bottom line|"
                               r"lowest acceptable|hard limit|deal-?breaker|non-negotiables?|must-haves?|red line|"
                               r"constraint)\b")),
    # A thing the user can't do without: "remote is a must for me", "relocation is out of the question".
    KindRule("constraint", _re(
        r"^" + _LEAD + r"[a-z0-9][a-z0-9 /'&+-]{1,40}?\s+(?:is|are|would be)\s+" + _ADV +
        r"(?:a must|a must-have|mandatory|required|essential|non-negotiable|a (?:deal-?breaker|deal breaker)|"
        r"a hard no|a no-go|not an option|not possible|out of the question|off the table|off-limits|off limits|"
        r"impossible|not happening)\b")),
    KindRule("goal", _me(
        r"(?:want|hope|plan|aim|intend|would like|would love|am planning|am hoping|am aiming|am trying|"
        r"am working|am determined|dream|wish|am going|will|am about|have decided|decided|am ready|expect)\s+"
        + _ADV + r"(?:to|towards|toward)\s+" + _ADV +
        r"(?:become|be (?:an?|the|promoted|a senior|in (?:management|leadership))|move (?:into|up)|transition|"
        r"switch|pivot|change (?:careers?|fields|industries|jobs|roles)|get (?:into|promoted|a promotion|"
        r"certified|(?:a|an|my) (?:" + _DEGREE + r")|a (?:job|role|position) (?:as|in))|break into|land|start "
        r"(?:my own|a business|a company|freelancing|consulting)|launch|go back to|return to|grow into|lead|"
        r"work as|find (?:a|an) (?:new )?(?:job|role|position)|learn|finish|complete|earn|make \$?\d|retire|"
        r"go freelance|run (?:my|a) own|study|pursue|reach|make (?:partner|director|senior|vp)|double|"
        r"increase my|get (?:paid|a raise)|enter|apply (?:to|for) (?:an? |the )?(?:mba|masters|master's|phd|"
        r"program|grad school))")),
    KindRule("goal", _re(_MY + r"(?:(?:long-term|long term|ultimate|main|big|biggest|career|primary|real|current|"
                         r"next|5-year|five-year|short-term|immediate|end|personal)\s+)*(?:goal|goals|dream|plan|"
                         r"aim|ambition|objective|mission|north star|next step|dream (?:job|role|career|company)|"
                         r"target (?:job|role|position))\s+(?:is|are|would be|has always been)\b")),
    KindRule("goal", _me(r"am " + _ADV + r"(?:working towards?|studying for|saving for|training for|aiming for|"
                         r"gunning for|(?:thinking (?:about|of)|considering|looking into) " + _ADV + r"(?:becoming|"
                         r"moving into|transitioning|switching (?:careers|to|into)|pivoting|going back|getting into|"
                         r"breaking into|changing careers|a career change|a move into|a switch|retraining|"
                         r"getting (?:a|an|my) (?:" + _DEGREE + r")))")),
    # Family and household.
    KindRule("fact", _me(
        r"am (?:raising|expecting|pregnant)|am (?:a )?(?:single |stay-at-home |working )?(?:parent|mom|mum|dad|"
        r"mother|father)\b|am (?:the )?(?:primary |main |sole )?(?:caregiver|carer)\b|care for my|take care of my|"
        r"look after my|am (?:married|divorced|single|engaged|widowed)\b|got married|am getting married|"
        r"have (?:a family|(?:(?:a|an|one|two|three|four|five|\d+|young|small|little|grown|adult)\s+)?"
        r"(?:[\w-]+ ){0,2}?(?:kids?|children|child|sons?|daughters?|baby|babies|"
        r"toddlers?|newborn|twins|teen(?:ager)?s?|step-?kids|stepchildren|dependents?|grandkids|grandchildren))\b")),
    # Where the user lives or is moving to.
    KindRule("fact", _me(
        r"(?:live|am living|am based|am located|reside|have lived|have been living) (?:in|near|outside|just "
        r"outside|around|close to|by)\b|(?:am|will be) " + _ADV + r"(?:moving|relocating|going to move|going to "
        r"relocate|planning to move|planning to relocate|about to move) (?:back )?(?:to|in)\b|will " + _ADV +
        r"(?:move|relocate) (?:back )?to\b|am " + _ADV + r"(?:from|originally from)\b|grew up in|moved (?:to|here|"
        r"back)\b|relocated (?:to|here)\b")),
    KindRule("fact", _me(r"am " + _ADV + r"(?:in|near) "), check=_has_place),  # "I'm in Denver" (a place)
    # Money the user makes now (needs an amount).
    KindRule("fact", _me(r"(?:make|earn|am making|am earning|am paid|get paid|take home|gross|am on|have a salary of|"
                         r"am currently (?:paid|making|earning|on))\b"), check=lambda c: bool(extract_amounts(c))),
    KindRule("fact", _re(_MY + r"(?:(?:current|annual|base|yearly|monthly|hourly|gross|net|total|present)\s+)*"
                         r"(?:salary|pay|base|compensation|comp|income|wage|rate|hourly rate|day rate|tc)\s+(?:is|was|"
                         r"are)\b"), check=lambda c: bool(extract_amounts(c))),
    # How the user works now: "I work remotely", "I work nights" (what they want is a preference).
    KindRule("fact", _me(r"(?:work|am working) " + _ADV + r"(?:remotely|remote|from home|hybrid|on-?site|in (?:an|the) "
                         r"office|nights|night shifts|weekends|part[- ]time|full[- ]time|shifts|\d+ hours)\b")),
    # When the user can start, what their visa says.
    KindRule("fact", _me(r"(?:can|could) " + _ADV + r"(?:start|begin|join)\b|(?:am|will be) " + _ADV +
                         r"(?:available|free to start)\b")),
    KindRule("fact", _re(_MY + r"(?:last day|start date|contract (?:ends|runs out|expires)|(?:\w+ )?(?:visa|work "
                         r"permit|green card|residence permit) (?:expires|runs out|ends|is|was|will))\b")),
    # Preferences: likes, dislikes, wants, what suits the user.
    KindRule("preference", _me(
        r"(?:prefer|would prefer|would rather|would much rather|would sooner|like|love|enjoy|adore|hate|dislike|"
        r"detest|cannot stand|do not like|do not love|do not enjoy|do not want|do not wish|never want|"
        r"would love|would like|would enjoy|would hate|would want|would not (?:like|want|enjoy|mind)|"
        r"would (?:accept|take|settle for|be happy with)|"
        r"am " + _ADV + r"(?:passionate|enthusiastic|excited) about|am " + _ADV + r"(?:not )?interested in|"
        r"am " + _ADV + r"(?:drawn|attracted) to|am " + _ADV + r"(?:a (?:big |huge )?fan|not a fan) of|"
        r"am " + _ADV + r"(?:open|willing|happy|ready) to|am " + _ADV + r"(?:not )?open to|"
        r"am " + _ADV + r"(?:okay|ok|fine|comfortable|not comfortable|uncomfortable|flexible) (?:with|working|on)|"
        r"do not mind|would consider|would be (?:open|willing|happy) to|am looking for|want|am after|am seeking|"
        r"am hoping for|value|care (?:a lot |deeply )?about|thrive|work best|do my best work|am happiest|"
        r"am most productive|gravitate|lean towards|am leaning|"
        r"(?:can|could|would) " + _ADV + r"(?:relocate|move|travel|"
        r"work (?:remote|from home|weekends|nights|hybrid|on-?site)))\b"
        r"(?!\s+(?:it|that|this|these|those|them|you|your|the (?:idea|plan|suggestion|answer|advice))\b)")),
    KindRule("preference", _re(
        r"^" + _LEAD + r"[a-z0-9][a-z0-9 /'&+-]{1,40}?\s+(?:(?:works?|suits?|fits?) " + _ADV + r"(?:best |better |"
        r"well |great |perfectly )?(?:for |with )?me\b|(?:is|are|would be)\s+" + _ADV + r"(?:my (?:preference|"
        r"priority|top priority|first choice|ideal|favou?rite|thing)|ideal(?: for me)?|important to me|"
        r"(?:very |really |super )?important for me|what i (?:want|prefer|need)|best for me|better for me|"
        r"preferable|preferred|a (?:big |huge )?plus|nice to have|a nice-to-have)\b)")),
    KindRule("preference", _re(_MY + r"(?:(?:top|main|biggest|first|salary|pay|comp)\s+)*(?:preference|priority|"
                               r"priorities|first choice|ideal (?:job|role|company|workplace|team|setup|schedule)|"
                               r"passion|favou?rite (?:part|thing)|expectations?|target salary|expected salary|"
                               r"desired salary|ask|asking|range)\s+(?:is|are|would be)\b")),
    KindRule("preference", _re(r"^ideally\b[ ,]+(?!.*\?)")),
    # Background: experience, education, skills, current and past jobs.
    KindRule("background", _me(
        r"have " + _ADV + r"(?:(?:over|more than|almost|nearly|about|around|roughly|close to|under)\s+)?" + _NUMBER +
        r"\s*\+?\s*(?:years?|yrs?|months?)\b|have " + _ADV + r"(?:been|worked|spent|done|led|managed|built|run|"
        r"taught|studied|trained|published|shipped|launched|developed|designed|written|held|volunteered|"
        r"completed|earned|obtained|received|passed)\b|(?:studied|majored|minored|graduated|trained|qualified|"
        r"specialized|specialised|retired)\b|did (?:a|an|my) (?:degree|bachelor|master|phd|mba|bootcamp|"
        r"apprenticeship|internship)|went to (?:school|college|university|uni|grad school|law school|med school|"
        r"nursing school)|have (?:a|an|my|two|no) (?:\w+ ){0,3}?(?:" + _DEGREE + r"|background)\b|"
        r"do not have (?:a|an|any) (?:\w+ )?(?:" + _DEGREE + r"|experience|background)\b|"
        r"have (?:no|little|limited|some|a lot of|lots of|extensive|strong|solid|deep|hands-on|plenty of) "
        r"(?:\w+ )?(?:experience|background|knowledge|training)\b|hold (?:a|an)\b|"
        r"am " + _ADV + r"(?:certified|licensed|registered|qualified|trained|fluent|bilingual|trilingual|proficient|"
        r"self-taught|skilled|experienced|an expert|good at|great at|strong in|native|a native)\b|"
        r"(?:speak|can speak|can code|can program)\b|used to (?:be|work|teach|run|manage|own|do|lead)\b|"
        r"was (?:a|an|the) |worked (?:as|at|in|for|with|on)\b|spent (?:\w+ )?(?:years|months)\b|"
        r"started (?:my career|out|as)\b|began my career|come from (?:a|an) (?:\w+ )?background|"
        r"(?:manage|lead|supervise) (?:a team|teams|\d+|people|a group)\b|(?:run|own) (?:a|my own)\b")),
    KindRule("background", _me(r"(?:am " + _ADV + r"(?:working as|employed as|an? |the )|work " + _ADV +
                               r"(?:as|at|for|in)\b|am " + _ADV + r"(?:working|employed) (?:at|for|by)\b)"),
             check=_not_a_mood),
    KindRule("background", _re(_MY + r"(?:background|degree|major|experience|expertise|specialty|speciality|field|"
                               r"skills?|strengths?|(?:previous|last|old|first|former) (?:job|role|position|career)|"
                               r"(?:current )?(?:role|job|job title|title|position|occupation))\s+(?:is|was|are|were|"
                               r"include|includes)\b")),
)

# -- topics -----------------------------------------------------------------------------------------------------

_FOR_KINDS = {name: frozenset(kinds.split()) for name, kinds in {
    "wishes": "constraint preference goal", "limits": "constraint preference", "job": "background",
}.items()}

# Ordered: the first row for the memory's kind whose pattern matches gives the topic; no row, no topic (the
# memory is then kept beside others and deduplicated by meaning). A topic is a slot with one current value, so
# only things a newer statement should overwrite get one. Offers have none on purpose: several can be open at
# once, and the offers table keeps them (the memory is still kept, as a fact).
TOPIC_RULES: tuple[TopicRule, ...] = (
    TopicRule("target_role", frozenset({"goal"}), _re(
        r"\b(?:become|be (?:an?|the)\b|move (?:into|up)|transition|switch(?:ing)? (?:careers?|to|into)|pivot|"
        r"break into|get into|change (?:careers?|fields|industries)|career change|work as|promoted|land (?:an? |my "
        r"first )|(?:dream|target|next) (?:job|role|position|career))")),
    TopicRule("salary_expectation", _FOR_KINDS["wishes"], _re(
        r"\b(?:salary|pay|paid|paying|compensation|comp|earn|earning|make|making|base|package|rate|tc|offer|"
        r"accept|take|expectations?|less than|at least|minimum|floor|number|range|ask|asking)\b|\$|\d\s?k\b"),
              needs_amount=True),
    TopicRule("salary_expectation", _FOR_KINDS["wishes"], _re(r"\b(?:pay cut|lower salary|less money|salary cut)\b")),
    TopicRule("current_salary", frozenset({"fact"}), _re(
        r"^(?!.*\boffer).*\b(?:salary|pay|paid|make|earn|earning|making|compensation|comp|base|income|wage|rate|tc|"
        r"take home|gross)\b"), needs_amount=True),
    TopicRule("relocation", _FOR_KINDS["limits"], _re(
        r"\b(?:relocat\w*|(?:move|moving)\b(?!\s+(?:into|in to|up|on|forward|ahead|over|past|beyond))|"
        r"stay (?:in|near|close to|around|put|local)|staying (?:in|near|put)|"
        r"leave (?:the )?(?:city|area|state|country|town|region)|tied to|rooted in)\b")),
    TopicRule("visa", frozenset({"constraint", "fact", "background"}), _re(
        r"\b(?:visa|sponsor(?:ship)?|work permit|h-?1b|l-?1|o-?1|green card|citizen(?:ship)?|work authori[sz]ation|"
        r"right to work|permanent resident(?:cy)?|residence permit|blue card|opt)\b")),
    TopicRule("work_mode", _FOR_KINDS["limits"], _re(
        r"\b(?:remote(?:ly)?|hybrid|on[- ]?site|in[- ]office|in the office|at the office|from home|wfh|in[- ]person|"
        r"office)\b")),
    TopicRule("schedule", _FOR_KINDS["limits"], _re(
        r"\b(?:weekends?|saturdays?|sundays?|nights?|night shifts?|evenings?|mornings?|overtime|part[- ]time|"
        r"full[- ]time|shifts?|flexible (?:hours|schedule)|flexibility|hours (?:a|per) (?:week|day)|days (?:a|per) "
        r"week|on[- ]call|9[- ]to[- ]5|nine[- ]to[- ]five|school hours|school run|pick up my|drop off my|"
        r"four[- ]day (?:work ?)?week|\d+[- ]hour (?:week|days?)|schedule|\d\s?(?:am|pm)\b)")),
    TopicRule("availability", frozenset({"constraint", "fact"}), _re(
        r"\b(?:start|starting|begin|available|availability|notice|last day|start date|join|free to|"
        r"contract (?:ends|runs out|expires))\b")),
    TopicRule("travel", _FOR_KINDS["limits"], _re(r"\btravel\w*\b")),
    TopicRule("current_role", _FOR_KINDS["job"], _re(
        r"^i (?:currently |now )?(?:am (?:currently |now )?(?:working as |employed as )?(?:an? |the )|work (?:as|at|"
        r"for)\b|am (?:currently |now )?(?:working|employed) (?:at|for|by)\b)|^my (?:current )?(?:role|job|job title|"
        r"title|position|occupation) is\b"), check=_names_current_job),
    TopicRule("location", frozenset({"fact"}), _re(
        r"\b(?:live|living|lived|based|located|reside|residing|moving|relocating|moved|relocated|move|relocate)"
        r" (?:back |just |right )?(?:in|to|near|outside|around|close to|here)\b"
        r"|\bam (?:currently |now )?(?:in|near) ")),
    TopicRule("family", frozenset({"fact"}), _re(
        r"\b(?:kids?|children|child|sons?|daughters?|bab(?:y|ies)|toddlers?|newborn|twins|teen(?:ager)?s?|"
        r"step-?kids|stepchildren|"
        r"dependents?|grandkids|grandchildren|pregnant|expecting|parent|mom|mum|dad|mother|father|caregiver|carer|"
        r"care (?:for|of)|look after|a family)\b")),
)

# -- reading the message ----------------------------------------------------------------------------------------

_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2300-\u23FF\uFE0F\u200D"
# Where a sentence ends: . ! ? … (with closing quotes), also without the space ("in denver.i prefer"), a
# semicolon, a line break, a spaced dash, or emoji followed by a new sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|(?<=[a-z]{2})[.!?]+(?=[A-Z][a-z]|i\s)|;|\n|\s[—–-]+\s"
                           r"|[" + _EMOJI + r"]+(?=\s+(?:[A-Z]|i\b))")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:e\.g|i\.e|vs|approx|no)\.$", re.I)
# Where a sentence has more than one clause with its own subject: "..., and I prefer remote".
_CLAUSE_BREAK = re.compile(r"\s*(?:,\s*(?:and|but|so|plus|though|although|yet|also)?|\s(?:and|&|but|so|plus|though|"
                           r"although|while|whereas|yet|also))\s+(?=(?:i|i'm|i've|i'd|i'll|my|we|we're)\b)", re.I)
_VERBS = {"prefer", "want", "need", "love", "like", "enjoy", "hate", "dislike", "live", "work", "have", "study",
          "teach", "speak", "hold", "earn", "make", "plan", "hope", "aim", "intend", "expect", "require", "value",
          "care", "own", "run", "manage", "lead", "commute", "rent", "support", "look", "miss", "wish", "dream",
          "reside", "thrive", "struggle", "know", "understand", "get", "take", "use", "travel", "volunteer",
          "freelance", "consult", "tutor", "write", "code", "design", "build", "seek", "gravitate", "lean", "adore",
          "detest", "mind", "refuse", "favour", "favor", "do", "go", "supervise", "specialize", "specialise",
          "coach", "mentor", "juggle", "split", "report", "handle"}
# "... and work as a nurse": a second verb whose subject is still the user.
_IMPLIED_CLAUSE = re.compile(r"\s+and\s+(?=(?:(?:also|still|currently|really)\s+)?(?:" + "|".join(sorted(_VERBS)) +
                             r"|can't|cannot|am|studied|used to)\b)", re.I)
_QUESTION_TAIL = re.compile(r",\s+(?=(?:what|how|why|where|when|which|who|can|could|should|would|will|is|are|do|"
                            r"does|did|any|shall)\b)", re.I)
_FILLER = re.compile(
    r"^(?:just so you know|also|btw|by the way|fyi|fwiw|oh and|and|but|so|well|honestly|actually|to be honest|tbh|"
    r"ok so|okay so|oh|ps|p\.s\.|anyway|anyways|for context|for the record|quick note|note|i think(?: that)?|"
    r"i guess|i mean|i feel like|i should (?:mention|say|add)(?: that)?|i forgot to (?:mention|say)(?: that)?|"
    r"i want you to know(?: that)?|you should know(?: that)?|remember(?: that)?|keep in mind(?: that)?|"
    r"as i said|like i said|as mentioned|um+|uh+|hey|hi|hello|yeah|yes|yep|no|nope|ok|okay|sure|great|cool|"
    r"thanks|thank you|plus|oh yeah|oh also|one more thing|another thing|importantly|fun fact)\b[\s,:!.-]*"
    r"|^[a-z][a-z ]{0,24}:\s+",  # "Quick context: I have 3 kids", "Update: ..."
    re.I)
_BULLET = re.compile(r"^(?:[-*•·>]+|\d{1,2}[.)])\s+")
_TRAILING = re.compile(r"(?:[\s.!,;:…~*\"'”’)\]" + _EMOJI + r"-]|(?<=\s)(?::-?[)(dp]|;-?\)|<3|xd|lol|lmao|haha+|"
                       r"hehe)(?=\s*$))+$", re.I)
# Contractions spelled out for matching, one pass: "i'm" -> "i am", "can't" -> "cannot", "didn't" -> "did not".
_SPELLED_OUT = {"i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "i have got": "i have",
                "i've got": "i have", "ive got": "i have", "i'd": "i would", "i'll": "i will", "we're": "we are",
                "we've": "we have", "can't": "cannot", "cant": "cannot", "can not": "cannot", "won't": "will not",
                "wont": "will not", "wanna": "want to", "gonna": "going to", "gotta": "have to"}
_CONTRACTION = re.compile(r"\b(?:(?:i've|ive|i have) got|" + "|".join(sorted(map(re.escape, _SPELLED_OUT), key=len,
                                                                             reverse=True))
                          + r"|(?P<verb>do|does|did|is|are|was|were|would|could|should|have|has|had|must|need)n'?t)\b")
# Apostrophes users leave out, put back for the memory's text: "Im" -> "I'm", "dont" -> "don't".
_MISSING_APOSTROPHE = re.compile(r"\b(?:(?P<i>i)(?P<rest>m|ve)|(?P<verb>do|does|did|is|are|was|were|would|could|"
                                 r"should|have|has|had|can|won|must|need)nt)\b", re.I)


def _spell_out(match: re.Match[str]) -> str:
    if match.group("verb"):
        return match.group("verb") + " not"
    return _SPELLED_OUT.get(match.group(), "i have")


def _put_back_apostrophe(match: re.Match[str]) -> str:
    if match.group("verb"):
        return match.group("verb") + "n't"
    return match.group("i") + "'" + match.group("rest")


def _for_matching(clause: str) -> str:
    """Lowercase, contractions spelled out, spaces collapsed: the form every rule reads."""
    return _CONTRACTION.sub(_spell_out, " ".join(clause.lower().split()))


def _sentences(message: str) -> list[tuple[int, int]]:
    """Spans of the sentences, trimmed of spaces and list bullets."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(message):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(message[start:match.start() + 1]):
            continue  # "Sr. Analyst", "U.S. citizen", "e.g. remote"
        spans.append((start, end))
        start = end
    spans.append((start, len(message)))
    trimmed = []
    for begin, end in spans:
        piece = message[begin:end]
        stripped = piece.lstrip()
        begin += len(piece) - len(stripped)
        bullet = _BULLET.match(stripped)
        if bullet:
            begin += bullet.end()
        piece = message[begin:end].rstrip(" \t\r\n;—–-")
        if piece.strip():
            trimmed.append((begin, begin + len(piece)))
    return trimmed


def _is_abbreviation(text_to_period: str) -> bool:
    words = text_to_period.split()
    last = words[-1] if words else ""
    return bool(TITLE_ABBREVIATIONS.fullmatch(last) or _INITIALISM.search(last))


def _clauses(sentence: str) -> list[tuple[str, bool]]:
    """The sentence's clauses, cleaned, as (text, implied): an implied clause ("and work as a nurse") has lost
    its "I"."""
    if sentence.rstrip().endswith("?"):
        # "I live in Denver, is that a good market?": the statement before the question still counts.
        parts = _QUESTION_TAIL.split(sentence, maxsplit=1)
        if len(parts) == 1:
            return []
        sentence = parts[0]
    clauses: list[tuple[str, bool]] = []
    for part in _split_at(sentence, _CLAUSE_BREAK, _starts_a_clause):
        pieces = _split_at(_clean(part), _IMPLIED_CLAUSE, _has_own_verb)
        if len(pieces) == 1:
            clauses.append((pieces[0], False))
        else:
            clauses.extend((_clean(piece), index > 0) for index, piece in enumerate(pieces))
    return clauses


def _split_at(text: str, breaks: re.Pattern[str], keep: Callable[[str], bool]) -> list[str]:
    """`text` cut at each break after which `keep(text before it)` holds."""
    pieces, start = [], 0
    for match in breaks.finditer(text):
        if keep(text[start:match.start()]):
            pieces.append(text[start:match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _starts_a_clause(before: str) -> bool:
    """"My wife and I are moving" has one subject: "my wife" is not a clause of its own."""
    return re.fullmatch(r"\s*(?:my|our)\s+\S+\s*", before, re.I) is None


def _has_own_verb(before: str) -> bool:
    """"I live in Denver | and work as a nurse" splits; "I want to live and work in Berlin" does not."""
    words = before.split()
    return len(words) >= 2 and words[-2].lower() != "to" and re.match(r"(?i)i\b|i'm\b|i've\b", before) is not None


def _clean(clause: str) -> str:
    """The clause without fillers, bullets, emoji or trailing punctuation; straight apostrophes."""
    text = _MISSING_APOSTROPHE.sub(_put_back_apostrophe, " ".join(clause.replace("’", "'").replace("‘", "'").split()))
    while True:
        shorter = _BULLET.sub("", _FILLER.sub("", text, count=1), count=1)
        if shorter == text:
            break
        text = shorter
    return _TRAILING.sub("", text).strip(" ,")


def _kind(clause: str, matching: str) -> str | None:
    if (_QUESTION_START.match(matching) or _UNSURE.search(matching) or _REQUEST.search(matching)
            or _OTHER_PERSON.match(matching)):
        return None
    for rule in KIND_RULES:
        if rule.pattern.search(matching) and (rule.check is None or rule.check(clause)):
            return rule.kind
    return None


def _topic(kind: str, clause: str, matching: str) -> str | None:
    for rule in TOPIC_RULES:
        if kind not in rule.kinds or not rule.pattern.search(matching):
            continue
        if rule.needs_amount and not extract_amounts(clause):
            continue
        if rule.check is not None and not rule.check(clause):
            continue
        return rule.topic
    return None


# -- the memory's text ------------------------------------------------------------------------------------------

# Words after "I" that stay as they are once "I" goes: "I can't relocate" -> "can't relocate".
_KEPT_AFTER_I = {"can", "can't", "cannot", "could", "couldn't", "will", "won't", "would", "wouldn't", "should",
                 "shouldn't", "must", "mustn't", "might", "may", "shall", "didn't"}
_ADVERBS_BEFORE_VERB = {"really", "also", "just", "still", "definitely", "absolutely", "strongly", "honestly",
                        "actually", "generally", "usually", "mostly", "only", "currently", "now", "totally",
                        "seriously", "simply", "personally", "already", "truly", "never", "always", "eventually",
                        "ideally", "much", "very"}
_IRREGULAR_PAST = {"was", "were", "had", "got", "went", "left", "took", "made", "did", "grew", "spent", "became",
                   "began", "came", "ran", "led", "held", "taught", "built", "wrote", "knew", "thought", "felt",
                   "found", "gave", "saw", "sold", "bought", "brought", "lost", "quit", "won", "met", "used"}
_PRONOUN_FORMS = {"i'm": "is", "i've": "has", "i'll": "will", "i'd": "would", "i am": "is", "i have": "has",
                  "i was": "was", "i do": "does", "i don't": "doesn't", "i do not": "does not",
                  "i haven't": "hasn't", "i have not": "has not", "i will": "will", "i would": "would"}
_PRONOUN_START = re.compile(r"^(i'm|i've|i'll|i'd|i am|i have not|i haven't|i have|i was|i don't|i do not|i do|"
                            r"i will|i would)\b", re.I)


def _third_person(verb: str) -> str:
    lower = verb.lower()
    if lower in {"have", "do", "go"}:
        said = {"have": "has", "do": "does", "go": "goes"}[lower]
        return said.upper() if verb.isupper() else said
    if re.search(r"(?:s|sh|ch|x|z)$", lower):
        ending = "es"
    elif re.search(r"[^aeiou]y$", lower):
        ending, verb = "ies", verb[:-1]
    else:
        ending = "s"
    return verb + (ending.upper() if verb.isupper() else ending)  # "I LIVE IN DENVER" -> "LIVES IN DENVER"


def _without_pronoun(text: str) -> str:
    """"I prefer remote work" -> "prefers remote work"; anything not safely rewritten stays as said."""
    start = _PRONOUN_START.match(text)
    if start:
        said = start.group(1).lower()
        rest = text[start.end():]
        next_word = rest.split(maxsplit=1)[0].lower() if rest.strip() else ""
        if said == "i'd" and (next_word == "been" or next_word.endswith("ed") and next_word not in _VERBS):
            return "had" + rest  # "I'd worked" is "I had worked"; "I'd need" is "I would need"
        return _PRONOUN_FORMS[said] + rest
    words = text.split(" ")
    if len(words) < 2 or words[0] not in {"I", "i"}:
        return text
    index = 1
    while index < len(words) - 1 and words[index].lower() in _ADVERBS_BEFORE_VERB:
        index += 1
    verb = words[index]
    lower = verb.lower()
    if lower in _VERBS:
        words[index] = _third_person(verb)
    elif lower in _KEPT_AFTER_I or lower in _IRREGULAR_PAST or lower.endswith("ed"):
        pass  # "I can't relocate" -> "can't relocate", "I studied economics" -> "studied economics"
    else:
        return text  # a verb we don't know how to conjugate: keep the sentence as said
    return " ".join(words[1:])


_SECOND_PERSON_FORMS = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
                        "hasn't": "haven't", "goes": "go", "isn't": "aren't", "wasn't": "weren't"}
_TO_YOU = [(re.compile(pattern, re.I), said) for pattern, said in (
    (r"\bI'm\b", "you're"), (r"\bI've\b", "you've"), (r"\bI'll\b", "you'll"), (r"\bI'd\b", "you'd"),
    (r"\bI am\b", "you are"), (r"\bI was\b", "you were"), (r"\bmyself\b", "yourself"), (r"\bmine\b", "yours"),
    (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bI\b", "you"))]


def said_to_you(text: str) -> str | None:
    """A memory as the coach says it back: "prefers remote work" -> "you prefer remote work", "can't relocate
    because of my kids" -> "you can't relocate because of your kids", a note "I live in Denver" -> "you live in
    Denver". None when the text does not start with a verb we know (then quote it as it is)."""
    swapped = text
    for pattern, said in _TO_YOU:
        swapped = pattern.sub(said, swapped)
    if swapped.lower().startswith("you"):
        return swapped  # the user's own words, with their "I"
    first, _, rest = swapped.partition(" ")
    first, punctuation = first.rstrip(":,"), first[len(first.rstrip(":,")):]  # "asked: ..." (a summary)
    rest = punctuation + " " + rest if punctuation else rest
    lower = first.lower()
    if lower in _SECOND_PERSON_FORMS:
        first = _SECOND_PERSON_FORMS[lower]
    elif lower in _KEPT_AFTER_I or lower in _IRREGULAR_PAST or lower.endswith("ed"):
        pass
    else:
        base = (first[:-3] + "y" if lower.endswith("ies") else
                first[:-2] if re.search(r"(?:s|sh|ch|x|z)es$", lower) else
                first[:-1] if lower.endswith("s") and not lower.endswith("ss") else None)
        if base is None or base.lower() not in _VERBS:
            return None
        first = base
    return f"you {first}{'' if rest.startswith(tuple(':,')) else ' '}{rest}".rstrip()


def memory_text(clause: str) -> str:
    """A memory as stored: the clause without its leading "I", cut to MAX_TEXT_CHARS (both extractors use it)."""
    text = _without_pronoun(clause)
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text


# -- the step ---------------------------------------------------------------------------------------------------


@dataclass
class OneMemoryPerTopic:
    """The memories found in one message (both extractors use it)."""

    candidates: list[MemoryCandidate] = field(default_factory=list)

    def add(self, candidate: MemoryCandidate) -> None:
        # Within one message the later statement of a topic wins, as it would across messages; a repeat is one.
        self.candidates = [c for c in self.candidates
                           if not (candidate.topic and c.topic == candidate.topic) and c.text != candidate.text]
        self.candidates.append(candidate)


def extract_memories(message: str) -> list[MemoryCandidate]:
    """The durable things the user says about themselves in `message`, in the order said."""
    if not isinstance(message, str):
        return []
    spans = _sentences(message[:MAX_MESSAGE_CHARS])
    if len(message) > MAX_MESSAGE_CHARS:
        spans = [(start, end) for start, end in spans if end < MAX_MESSAGE_CHARS]  # the cut one may go on
    found = OneMemoryPerTopic()
    for start, end in spans:
        evidence = message[start:end]
        if _HYPOTHETICAL.search(_for_matching(_clean(evidence))):
            continue
        for clause, implied in _clauses(evidence):
            cleaned = "I " + clause if implied else clause
            matching = _for_matching(cleaned)
            if len(matching.split()) < 3:
                continue  # "I can't", "I'm 45": too little to remember
            kind = _kind(cleaned, matching)
            if kind is None:
                continue
            found.add(MemoryCandidate(kind, _topic(kind, cleaned, matching), memory_text(cleaned), evidence, start,
                                      end))
    return found.candidates
