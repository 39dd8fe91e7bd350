"""A demo set of mentors and mentees, so a new installation can try matching: synthetic names, real occupations
and skills. Every demo mentor profile has `demo` set (shown as "(demo)" wherever a mentor is named) and every demo
account is a guest-less account without an e-mail or password (no one can sign in as it). Seeding again replaces
the set; `remove_demo` deletes it, and nothing else."""

from __future__ import annotations

import random

from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import CareerProfile, MentorProfile, User
from tools.mentors.profile import MentorProfileIn
from tools.mentors.store import MENTORS, save_profile

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jamal", "Kira", "Luca", "Maya",
         "Nikhil", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yara"]
LAST = ["Lima", "Okafor", "Novak", "Patel", "Kaya", "Adeyemi", "Chen", "Sato", "Garcia", "Haddad", "Ivanova",
        "Rossi", "Cohen", "Rao", "Bello", "Shah", "Murphy", "Silva", "Berg", "Aziz", "Nair", "Dubois", "Li", "Costa"]
# (current role, past roles, industry, skills they teach): titles the salary tools resolve to O*NET occupations.
TRACKS = [
    ("marketing manager", ["market research analyst"], "Software", ["market research", "SQL", "project management",
                                                                 "Google Analytics"]),
    ("software developer", ["web developer"], "Software", ["Python", "JavaScript", "SQL", "Git", "code review"]),
    ("data scientist", ["statistician"], "Finance", ["Python", "statistics", "machine learning", "SQL", "R"]),
    ("registered nurse", ["licensed practical nurse"], "Health care", ["patient care", "Epic Systems",
                                                                       "medication administration"]),
    ("nurse practitioner", ["registered nurse"], "Health care", ["patient care", "pharmacology", "diagnosis"]),
    ("accountant", ["bookkeeper"], "Finance", ["financial reporting", "Microsoft Excel", "tax preparation"]),
    ("financial analyst", ["accountant"], "Finance", ["financial modelling", "Microsoft Excel", "SQL"]),
    ("human resources specialist", ["recruiter"], "Government", ["recruitment", "employment law", "interviewing"]),
    ("project management specialist", ["business analyst"], "Manufacturing", ["project management", "Agile",
                                                                            "risk management"]),
    ("graphic designer", ["web designer"], "Retail", ["Adobe Photoshop", "typography", "Figma"]),
    ("high school teacher", [], "Education", ["lesson planning", "classroom management"]),
    ("electrician", [], "Manufacturing", ["electrical wiring", "blueprint reading"]),
]
TIMEZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London",
             "Europe/Berlin", "Asia/Kolkata"]
SLOTS = [("mon", "18:00", "20:00"), ("tue", "12:00", "13:00"), ("wed", "19:00", "21:00"), ("thu", "08:00", "09:30"),
         ("sat", "10:00", "12:00"), ("sun", "16:00", "18:00")]


def remove_demo(db: Engine) -> int:
    """Deletes the demo accounts (their profiles go with them). Returns how many."""
    with session_scope(db) as session:
        ids = list(session.exec(select(MentorProfile.user_id).where(MentorProfile.demo)).all())
        ids += [u.id for u in session.exec(select(User).where(User.email.startswith("demo-mentee-"))).all()]
        for user in [session.get(User, user_id) for user_id in ids]:
            if user is not None:
                session.delete(user)
    MENTORS.invalidate()
    return len(ids)


def seed_demo(db: Engine, mentors: int = 24, mentees: int = 12, seed: int = 2026) -> dict[str, int]:
    """Replaces the demo set: `mentors` mentor profiles and `mentees` mentee accounts with career profiles."""
    remove_demo(db)
    rng = random.Random(seed)
    for i in range(mentors):
        role, past, industry, skills = TRACKS[i % len(TRACKS)]
        with session_scope(db) as session:
            user = User(email=None, password_hash=None, is_guest=False)
            session.add(user)
            session.flush()
            user_id = user.id
        slots = rng.sample(SLOTS, rng.randint(1, 3))
        profile = MentorProfileIn(
            display_name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}", current_role=role, past_roles=past,
            industries=[industry], skills=skills, years_experience=rng.randint(6, 25),
            languages=["English"] + (["Spanish"] if i % 4 == 0 else []) + (["Hindi"] if i % 5 == 0 else []),
            timezone=TIMEZONES[i % len(TIMEZONES)],
            availability=[{"day": d, "start": s, "end": e} for d, s, e in sorted(slots)],
            capacity=rng.randint(1, 4), style=rng.choice(["structured", "casual"]),
            frequency=rng.choice(["weekly", "biweekly", "monthly"]),
            bio="A demo mentor made by `coach demo seed`: not a real person.")
        save_profile(db, user_id, profile, demo=True)
    with session_scope(db) as session:
        for i in range(mentees):
            role, past, industry, _ = TRACKS[(i * 5 + 3) % len(TRACKS)]
            user = User(email=f"demo-mentee-{i + 1}@demo.invalid", password_hash=None, is_guest=False)
            session.add(user)
            session.flush()
            session.add(CareerProfile(user_id=user.id, current_role=past[0] if past else "intern", target_role=role,
                                      industry=industry, experience_years=float(rng.randint(0, 6))))
    return {"mentors": mentors, "mentees": mentees}
