"""The offline memory step (memory/facts.py): which sentences of a user's message become memories, with what
kind, topic and text; and its precision and recall over a labelled list of messages."""

from __future__ import annotations

from collections import Counter
from dataclasses import FrozenInstanceError

import pytest

from memory.facts import (KIND_RULES, MAX_MESSAGE_CHARS, MAX_TEXT_CHARS, TOPIC_RULES, MemoryCandidate, extract_memories,
                          said_to_you)
from memory.models import Memory

C, P, B, G, F = "constraint", "preference", "background", "goal", "fact"

# message -> the memories expected, as (kind, topic, text), in the order said.
EXAMPLES: list[tuple[str, list[tuple[str, str | None, str]]]] = [
    # constraints
    ("I can't relocate before June.", [(C, "relocation", "can't relocate before June")]),
    ("I cannot work weekends.", [(C, "schedule", "cannot work weekends")]),
    ("I need visa sponsorship.", [(C, "visa", "needs visa sponsorship")]),
    ("I must stay in Austin until my kids finish school.",
     [(C, "relocation", "must stay in Austin until my kids finish school")]),
    ("Remote is a must for me.", [(C, "work_mode", "Remote is a must for me")]),
    ("I won't accept less than $120k.", [(C, "salary_expectation", "won't accept less than $120k")]),
    ("My notice period is 3 months.", [(C, "availability", "My notice period is 3 months")]),
    # preferences
    ("Just so you know, I prefer remote work.", [(P, "work_mode", "prefers remote work")]),
    ("I'd rather work for a startup.", [(P, None, "would rather work for a startup")]),
    ("I don't want to manage people.", [(P, None, "doesn't want to manage people")]),
    ("I love data visualisation!", [(P, None, "loves data visualisation")]),
    ("hybrid works best for me", [(P, "work_mode", "hybrid works best for me")]),
    ("I'm open to relocating.", [(P, "relocation", "is open to relocating")]),
    ("I'd want a hybrid role.", [(P, "work_mode", "would want a hybrid role")]),
    ("I'd accept 90k.", [(P, "salary_expectation", "would accept 90k")]),
    # background
    ("I have 5 years of experience as a nurse.", [(B, None, "has 5 years of experience as a nurse")]),
    ("I studied economics.", [(B, None, "studied economics")]),
    ("I'm a data analyst at Acme.", [(B, "current_role", "is a data analyst at Acme")]),
    ("I used to be a teacher.", [(B, None, "used to be a teacher")]),
    ("I'm a Sr. Software Engineer at Google.", [(B, "current_role", "is a Sr. Software Engineer at Google")]),
    ("I'm a fast learner.", [(B, None, "is a fast learner")]),  # a trait, not a job: no current_role
    # goals
    ("I want to become a product manager.", [(G, "target_role", "wants to become a product manager")]),
    ("My goal is to move into UX by next year.", [(G, "target_role", "My goal is to move into UX by next year")]),
    ("I need to learn SQL.", [(G, None, "needs to learn SQL")]),
    ("In 5 years I'd like to lead a team.", [(G, None, "In 5 years I'd like to lead a team")]),
    # facts about the user's situation
    ("I live in Denver.", [(F, "location", "lives in Denver")]),
    ("I'm moving to Berlin in March.", [(F, "location", "is moving to Berlin in March")]),
    ("My current salary is $85k.", [(F, "current_salary", "My current salary is $85k")]),
    ("I got an offer from Stripe for $150k.", [(F, None, "got an offer from Stripe for $150k")]),
    ("I have two kids.", [(F, "family", "has two kids")]),
    ("I'm on an H-1B visa.", [(F, "visa", "is on an H-1B visa")]),
    ("I can start in two weeks.", [(F, "availability", "can start in two weeks")]),
    ("My wife and I are moving to Seattle in May.", [(F, "location", "My wife and I are moving to Seattle in May")]),
    # negation kept right
    ("I don't want to relocate.", [(C, "relocation", "doesn't want to relocate")]),
    ("I'm not open to relocating.", [(C, "relocation", "is not open to relocating")]),
    ("I don't want to move into management.", [(P, None, "doesn't want to move into management")]),
    ("I'd never work weekends.", [(C, "schedule", "would never work weekends")]),
    ("I wouldn't mind working weekends.", [(P, "schedule", "wouldn't mind working weekends")]),
    ("I don't need sponsorship.", [(F, "visa", "doesn't need sponsorship")]),
    ("I don't have a degree.", [(B, None, "doesn't have a degree")]),
    # questions, requests, greetings, small talk, hypotheticals, uncertainty, other people: nothing
    ("Can I relocate?", []),
    ("can i relocate", []),
    ("would remote work suit me", []),
    ("What does a nurse earn?", []),
    ("Tell me about salaries.", []),
    ("I'd like some advice on negotiating.", []),
    ("I want to practice salary negotiation.", []),
    ("Hi there!", []),
    ("thanks!", []),
    ("ok", []),
    ("I love that idea!", []),
    ("I'm a bit nervous about tomorrow.", []),
    ("If I were to move to Seattle, what would I earn?", []),
    ("Suppose I took the job, would I need a car?", []),
    ("Hypothetically, I'd accept 90k.", []),
    ("If I were to move, I'd want a hybrid role.", []),
    ("Btw if I had a degree I'd apply to Google.", []),
    ("I might move to Berlin.", []),
    ("I want to move to Denver, maybe.", []),
    ("I'm not sure I want to relocate.", []),
    ("My friend prefers remote.", []),
    ("My manager wants me to relocate.", []),
    ("She lives in Denver.", []),
    ("I think my manager prefers remote.", []),
    ("My boss says remote is a must.", []),
    ("Our team lead prefers on-site work.", []),
    # several in one message; a statement before a question in the same sentence still counts
    (("Hi! I'm a nurse in Denver with 6 years of experience. I can't relocate before June, and I prefer remote "
      "work. What should I ask for?"),
     [(B, "current_role", "is a nurse in Denver with 6 years of experience"),
      (C, "relocation", "can't relocate before June"), (P, "work_mode", "prefers remote work")]),
    ("I live in Denver, is that a good market?", [(F, "location", "lives in Denver")]),
    ("I live in Denver and work as a nurse.", [(F, "location", "lives in Denver"),
                                              (B, "current_role", "works as a nurse")]),
    ("I want to live and work in Berlin.", [(P, None, "wants to live and work in Berlin")]),
    ("Because I have kids, I can't relocate.", [(C, "relocation", "can't relocate")]),
    ("- I live in Leeds\n- I work nights\n- I want to become a midwife",
     [(F, "location", "lives in Leeds"), (F, None, "works nights"), (G, "target_role", "wants to become a midwife")]),
    # the newer statement of a topic in one message wins, as it would across messages
    ("I live in Denver. Actually, I'm moving to Berlin in March.", [(F, "location", "is moving to Berlin in March")]),
    # emoji, odd punctuation, chat spelling, shouting
    ("Btw, i'm a nurse, i've got 4 yrs experience & i can't do night shifts anymore 😩",
     [(B, "current_role", "is a nurse"), (B, None, "has got 4 yrs experience"),
      (C, "schedule", "can't do night shifts anymore")]),
    ("I’m moving to Berlin in March 🎉🎉 I prefer hybrid!!!",
     [(F, "location", "is moving to Berlin in March"), (P, "work_mode", "prefers hybrid")]),
    ("i live in denver.i prefer remote lol", [(F, "location", "lives in denver"), (P, "work_mode", "prefers remote")]),
    # A sentence without its "I" ("dont want to relocate") is left alone: too easy to misread.
    ("Im a teacher... dont want to relocate tho", [(B, "current_role", "is a teacher")]),
    ("I LIVE IN DENVER!!!", [(F, "location", "LIVES IN DENVER")]),
    ("", []),
    ("   \n\t ", []),
    ("?!... 🙂", []),
]


@pytest.mark.parametrize(("message", "expected"), EXAMPLES, ids=[m[:40] or "empty" for m, _ in EXAMPLES])
def test_examples(message: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert [(m.kind, m.topic, m.text) for m in extract_memories(message)] == expected


def test_evidence_is_the_sentence_it_came_from() -> None:
    message = "Hello!  Just so you know, I prefer remote work.\n\nAlso I'm a Sr. Data Analyst at Acme; thanks"
    prefers, analyst = extract_memories(message)
    assert (prefers.evidence, analyst.evidence) == ("Just so you know, I prefer remote work.",
                                                   "Also I'm a Sr. Data Analyst at Acme")
    for memory in (prefers, analyst):
        assert message[memory.start:memory.end] == memory.evidence
    # Two clauses of one sentence share it.
    lives, works = extract_memories("I live in Denver and work as a nurse.")
    assert lives.evidence == works.evidence == "I live in Denver and work as a nurse." and lives.start == 0


def test_every_example_points_at_its_evidence() -> None:
    for message, _ in EXAMPLES:
        for memory in extract_memories(message):
            assert message[memory.start:memory.end] == memory.evidence
            assert len(memory.text) <= MAX_TEXT_CHARS


def test_only_the_first_8000_characters_are_read() -> None:
    padding = "Tell me more about that. " * 400  # 10,000 characters, nothing to remember
    message = "I live in Denver. " + padding + "I prefer remote work."
    assert [m.text for m in extract_memories(message)] == ["lives in Denver"]
    # A sentence the limit cuts in two is left out rather than remembered half ("lives in Den").
    cut = "x. " * ((MAX_MESSAGE_CHARS - 10) // 3) + "I live in Denver and love it."
    assert len(cut) > MAX_MESSAGE_CHARS and extract_memories(cut) == []


def test_a_long_statement_is_cut_at_a_word_within_the_limit() -> None:
    message = "I prefer " + ", ".join(f"teams with {n} people or fewer" for n in range(5, 60)) + "."
    [memory] = extract_memories(message)
    assert memory.kind == P and len(memory.text) <= MAX_TEXT_CHARS and memory.text.endswith("…")
    assert memory.text.startswith("prefers teams with 5 people or fewer") and memory.evidence == message


def test_a_candidate_is_frozen() -> None:
    [memory] = extract_memories("I live in Denver.")
    with pytest.raises(FrozenInstanceError):
        memory.text = "somewhere else"  # type: ignore[misc]
    assert memory == MemoryCandidate(F, "location", "lives in Denver", "I live in Denver.", 0, 17)


def test_the_tables_fit_what_memories_accept() -> None:
    """Kinds are the five the memory store groups by; a topic fits the memories.topic column."""
    assert {rule.kind for rule in KIND_RULES} == {C, P, B, G, F}
    topic_length = Memory.__table__.c.topic.type.length
    for rule in TOPIC_RULES:
        assert rule.kinds <= {C, P, B, G, F} and len(rule.topic) <= topic_length


# -- precision and recall ---------------------------------------------------------------------------------------
# A labelled list, written apart from EXAMPLES: each message with the (kind, topic) of every memory it holds. A
# memory counts as found only with both right.
LABELLED: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("Relocating isn't possible for me until my daughter graduates.", [(C, "relocation")]),
    ("I'm not willing to move away from Chicago.", [(C, "relocation")]),
    ("I can only work mornings because of childcare.", [(C, "schedule")]),
    ("I require sponsorship for an H-1B visa.", [(C, "visa")]),
    ("I won't take anything under 95k.", [(C, "salary_expectation")]),
    ("Working nights is out of the question.", [(C, "schedule")]),
    ("I can't travel more than once a month.", [(C, "travel")]),
    ("Moving is off the table for the next two years.", [(C, "relocation")]),
    ("I have to be home by 4pm for school pickup.", [(C, "schedule")]),
    ("I'm unable to work on-site five days a week.", [(C, "work_mode")]),
    ("I'd need a salary of at least $110,000 to switch.", [(C, "salary_expectation")]),
    ("I will need sponsorship to work in the UK.", [(C, "visa")]),
    ("I can't start until my contract ends in September.", [(C, "availability")]),
    ("I refuse to work weekends again.", [(C, "schedule")]),
    ("Relocation is a dealbreaker for me.", [(C, "relocation")]),
    ("I must have health insurance through work.", [(C, None)]),
    ("I'm not open to relocating outside Texas.", [(C, "relocation")]),
    ("I don't want to move before my lease ends in May.", [(C, "relocation")]),
    ("I cannot accept less than 85k.", [(C, "salary_expectation")]),
    ("I'd much rather be fully remote.", [(P, "work_mode")]),
    ("I really enjoy mentoring junior engineers.", [(P, None)]),
    ("I'm not a fan of big corporations.", [(P, None)]),
    ("I'd love to work in climate tech.", [(P, None)]),
    ("Honestly, I hate long commutes.", [(P, None)]),
    ("I'm open to hybrid roles.", [(P, "work_mode")]),
    ("Small teams suit me best.", [(P, None)]),
    ("I'd prefer not to travel much.", [(P, "travel")]),
    ("I absolutely love working with spreadsheets.", [(P, None)]),
    ("I'd prefer a company with fewer than 50 people.", [(P, None)]),
    ("I really don't like cold calling.", [(P, None)]),
    ("Working from home suits me.", [(P, "work_mode")]),
    ("I'm happy to travel for work.", [(P, "travel")]),
    ("I'm interested in healthcare analytics.", [(P, None)]),
    ("I'm looking for a fully remote position.", [(P, "work_mode")]),
    ("I don't mind relocating for the right role.", [(P, "relocation")]),
    ("I would consider a hybrid schedule.", [(P, "work_mode")]),
    ("I prefer startups over big companies 🚀", [(P, None)]),
    ("I don't enjoy managing budgets.", [(P, None)]),
    ("I'm passionate about education equity!", [(P, None)]),
    ("Flexible hours are really important to me.", [(P, "schedule")]),
    ("I'm a huge fan of open-source work.", [(P, None)]),
    ("I've got 8 years of experience in accounting.", [(B, None)]),
    ("I have a master's in public health.", [(B, None)]),
    ("I graduated from UCLA in 2015.", [(B, None)]),
    ("I worked as a barista for three years.", [(B, None)]),
    ("I'm a registered nurse at Mercy Hospital.", [(B, "current_role")]),
    ("I work as a paralegal.", [(B, "current_role")]),
    ("I'm fluent in Spanish and Portuguese.", [(B, None)]),
    ("I manage a team of 12 engineers.", [(B, None)]),
    ("I've been a software engineer for 6 years.", [(B, None)]),
    ("I majored in psychology.", [(B, None)]),
    ("I'm a certified scrum master.", [(B, None)]),
    ("I'm an electrician.", [(B, "current_role")]),
    ("I used to run my own bakery.", [(B, None)]),
    ("I have no experience in sales.", [(B, None)]),
    ("I work at Deloitte.", [(B, "current_role")]),
    ("I speak three languages.", [(B, None)]),
    ("I have over 10 years in retail management.", [(B, None)]),
    ("I studied mechanical engineering at Purdue.", [(B, None)]),
    ("I was a high school teacher for 7 years.", [(B, None)]),
    ("I'm currently a project coordinator at a nonprofit.", [(B, "current_role")]),
    ("I don't have a college degree.", [(B, None)]),
    ("I'm self-taught in JavaScript.", [(B, None)]),
    ("I'm hoping to transition into data science.", [(G, "target_role")]),
    ("My long-term goal is to become a CTO.", [(G, "target_role")]),
    ("I plan to get my PMP certification this year.", [(G, None)]),
    ("I want to be a senior designer within two years.", [(G, "target_role")]),
    ("I'm working towards a promotion to team lead.", [(G, None)]),
    ("I want to switch careers into cybersecurity.", [(G, "target_role")]),
    ("My dream job is creative director.", [(G, "target_role")]),
    ("I'm aiming to finish my MBA by 2026.", [(G, None)]),
    ("I'd like to become a nurse practitioner someday.", [(G, "target_role")]),
    ("I plan to learn Python this summer.", [(G, None)]),
    ("My goal is to land a product role by next summer.", [(G, "target_role")]),
    ("I want to break into UX research.", [(G, "target_role")]),
    ("I hope to earn $100k within three years.", [(G, "salary_expectation")]),
    ("I'm studying for the CPA exam.", [(G, None)]),
    ("I'm based in Toronto.", [(F, "location")]),
    ("We're relocating to Lisbon next spring.", [(F, "location")]),
    ("I currently earn $72,000 a year.", [(F, "current_salary")]),
    ("I just got an offer from Shopify.", [(F, None)]),
    ("I was laid off in January.", [(F, None)]),
    ("I have a three-year-old son.", [(F, "family")]),
    ("I'm a single dad.", [(F, "family")]),
    ("I'm on a work permit that expires next year.", [(F, "visa")]),
    ("I can start on August 1st.", [(F, "availability")]),
    ("I live just outside Portland.", [(F, "location")]),
    ("I'm relocating to Austin in June.", [(F, "location")]),
    ("My base salary is 64k.", [(F, "current_salary")]),
    ("Amazon offered me a senior role at $180k.", [(F, None)]),
    ("I have a final interview with Microsoft on Thursday.", [(F, None)]),
    ("I'm expecting a baby in October.", [(F, "family")]),
    ("I take care of my elderly mother.", [(F, "family")]),
    ("I'm currently unemployed.", [(F, None)]),
    ("I have a green card.", [(F, "visa")]),
    ("I moved to Phoenix last year.", [(F, "location")]),
    ("I make about $30 an hour.", [(F, "current_salary")]),
    ("I turned down an offer from Meta last week.", [(F, None)]),
    ("I got promoted to senior analyst in March.", [(F, None)]),
    ("I have two teenagers.", [(F, "family")]),
    ("I'm on an H-1B visa.", [(F, "visa")]),
    ("I'm available from mid-July.", [(F, "availability")]),
    ("I'm a teacher in Ohio. I want to move into instructional design, but I can't take a pay cut.",
     [(B, "current_role"), (G, "target_role"), (C, "salary_expectation")]),
    ("I live in Madrid and I'd prefer a hybrid setup.", [(F, "location"), (P, "work_mode")]),
    ("Quick context: I have 3 kids, I work part-time, and I can't do evenings.",
     [(F, "family"), (F, None), (C, "schedule")]),
    ("I'm an accountant in Leeds and I want to get into data analysis. Also I can't relocate.",
     [(B, "current_role"), (G, "target_role"), (C, "relocation")]),
    ("Hi! I'm in Denver 😊 I prefer hybrid!!", [(F, "location"), (P, "work_mode")]),
    ("- I live in Leeds\n- I work nights\n- I want to become a midwife",
     [(F, "location"), (F, None), (G, "target_role")]),
    ("Should I relocate for this job?", []),
    ("How much does a UX designer make in Seattle?", []),
    ("Can you help me write a cover letter?", []),
    ("Give me three tips for my interview.", []),
    ("Hello there!", []),
    ("Thanks, that's really helpful.", []),
    ("Sounds good.", []),
    ("lol ok", []),
    ("If I moved to London, would I need a visa?", []),
    ("Suppose I took the Google offer, what then?", []),
    ("Imagine I was a manager, how would I handle this?", []),
    ("My husband prefers that we stay in Boston.", []),
    ("My colleague earns $110k.", []),
    ("She wants to become a nurse.", []),
    ("What if I asked for 130k?", []),
    ("I'd like some feedback on my resume.", []),
    ("Is remote work common in finance?", []),
    ("I wonder whether I should go back to school.", []),
    ("I'm not sure if hybrid would work for me.", []),
    ("That makes sense.", []),
    ("Let's do a mock interview.", []),
    ("My manager is a nightmare to work with.", []),
    ("It's raining here today.", []),
    ("I saw that article you mentioned.", []),
    ("What's the average salary for a paralegal?", []),
    ("Could I negotiate a signing bonus?", []),
    ("Please compare these two offers.", []),
    ("Explain what a 401k match is.", []),
    ("good morning", []),
    ("perfect, thank you!!", []),
    ("If I were a manager I'd ask for more.", []),
    ("Let's say I accept the offer — what happens to my bonus?", []),
    ("My brother lives in Denver.", []),
    ("My friend's company offers remote work.", []),
    ("They want me to relocate to Dallas.", []),
    ("I need some advice on negotiating.", []),
    ("I'd like to talk about my career options.", []),
    ("Maybe I'll move to Berlin, I don't know.", []),
    ("Is it normal to ask for 20% more?", []),
    ("hmm", []),
    ("That's a good point.", []),
    ("Tell me more about product management.", []),
    ("Can I ask for remote work after I'm hired?", []),
    ("Where should I look for nursing jobs?", []),
    ("Show me jobs in Denver.", []),
    ("Hey 👋", []),
    ("If I had a degree, would I earn more?", []),
    ("My sister is a nurse in Chicago.", []),
    ("My partner wants to move to Canada.", []),
    ("He said I should ask for more.", []),
    ("I'd like to know what a fair raise is.", []),
    ("I need help preparing for a behavioural interview.", []),
    ("Perhaps I should learn SQL.", []),
    ("Interesting.", []),
    ("Who decides the salary bands?", []),
]


def precision_and_recall(labelled: list[tuple[str, list[tuple[str, str | None]]]]) -> tuple[float, float]:
    found = said = right = 0
    for message, expected in labelled:
        got = Counter((m.kind, m.topic) for m in extract_memories(message))
        want = Counter(expected)
        right += sum((got & want).values())
        found += sum(got.values())
        said += sum(want.values())
    return right / found, right / said


def test_precision_and_recall_on_the_labelled_list() -> None:
    assert sum(len(expected) for _, expected in LABELLED) >= 100
    precision, recall = precision_and_recall(LABELLED)
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)


def test_the_measure_can_fail() -> None:
    """The check above is not vacuous: labels flipped to the wrong kind score low."""
    wrong = [(message, [(F if kind != F else C, topic) for kind, topic in expected]) for message, expected in LABELLED]
    precision, recall = precision_and_recall(wrong)
    assert precision < 0.1 and recall < 0.1


@pytest.mark.parametrize(("stored", "said"), [
    ("prefers remote work", "you prefer remote work"),
    ("can't relocate because of my kids' school", "you can't relocate because of your kids' school"),
    ("is a nurse in Denver", "you are a nurse in Denver"),
    ("has two kids", "you have two kids"),
    ("studies nursing at night", "you study nursing at night"),
    ("studied economics", "you studied economics"),
    ("I live in Denver", "you live in Denver"),  # a note in the user's own words
    ("Kids are in school", None),  # not a verb first: quoted as it is
])
def test_a_memory_said_back_to_the_user(stored: str, said: str | None) -> None:
    assert said_to_you(stored) == said
