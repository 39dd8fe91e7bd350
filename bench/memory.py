"""Career memory speed, on an embedded chromadb and SQLite in a temporary data folder (offline settings):

1. Recall: one user with --heavy memories (10,000) among --users users (1,000; the others with --per-user, 20,
   so 29,980 memories in all, in 1,000 per-user collections), built in batches (SQL rows and VectorStore.upsert,
   as CareerMemory writes them); then CareerMemory.recall for the heavy user over --questions different questions
   (100), median and p95 (target < 30 ms median), with its parts: the query's embedding alone, the chroma query
   on the user's collection given that embedding, VectorStore.query (both), and a 20-memory user for comparison.
2. The memory step on an offline chat turn: CoachService.run_turn for a new 20-memory user in that store, --turns
   messages (50; half of them state things worth remembering), each run with memory on and off
   (CareerMemory.set_enabled), alternating which goes first; median turn times and the memory step itself
   (recall_for_turn + remember_turn, timed in place; the server stores what a turn said after the reply, on a
   background thread, whose time is shown apart). Target: the memory step adds < 20 ms.

    python -m bench.memory [--only recall,turns] [--data-dir DIR]

--data-dir keeps the built store there and reuses it on the next run (building embeds ~30k texts: 10+ minutes on
2 cores). On a busy machine, the encoder's OpenBLAS threads make one question's embedding several times slower
(they spin against each other and chroma's threads); compare with `OPENBLAS_NUM_THREADS=1 python -m bench.memory`."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from agent.settings import Settings
from bench.stats import Stats
from evals.memory_recall import throwaway_settings
from memory.db import create_db_engine
from memory.memories import CareerMemory, NewMemory
from memory.migrate import upgrade
from memory.models import Memory, User
from memory.users import create_user
from memory.vector_store import VectorStore

MANIFEST = "bench-memory.json"  # in --data-dir: the users of a built store, so a later run can reuse it
TARGET_RECALL_MS = 30.0
TARGET_STEP_MS = 20.0

ROLES = ["ICU nurse", "backend engineer", "data analyst", "high school teacher", "staff accountant",
         "product manager", "UX designer", "sales representative", "logistics coordinator", "pharmacist",
         "marketing manager", "HR generalist", "civil engineer", "paralegal", "electrician", "store manager",
         "social worker", "financial analyst", "graphic designer", "customer success manager"]
CITIES = ["Seattle", "Austin", "Denver", "Chicago", "Boston", "Atlanta", "Phoenix", "Dayton", "Portland", "Miami",
          "Raleigh", "Minneapolis", "San Diego", "Pittsburgh", "Nashville"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Financial", "Hooli",
             "Vandelay Imports", "Soylent Foods", "Cyberdyne", "Wonka Retail", "Massive Dynamic"]
MONTHS = ["January", "March", "April", "June", "August", "September", "October", "December"]
SKILLS = ["SQL", "Python", "Excel", "Tableau", "Salesforce", "Figma", "AutoCAD", "Epic", "SAP", "Power BI",
          "project management", "public speaking", "negotiation", "Spanish"]
INDUSTRIES = ["healthcare", "fintech", "retail", "logistics", "education", "climate tech", "government", "media"]
REASONS = ["the kids finish school then", "the lease runs until then", "of a family wedding", "of a surgery"]

MEMORY_TEMPLATES: dict[str, list[str]] = {
    "constraint": ["can't relocate before {month} because {reason}", "needs a salary of at least ${k}k",
                   "has to stay within {n} minutes of {city}", "can't travel more than {d} days a month",
                   "needs visa sponsorship to work for {company}", "can only work {h} hours a week until {month}"],
    "preference": ["prefers remote work at a {industry} company", "wants a {industry} job in {city}",
                   "would rather not manage more than {d} people", "likes working with {skill} every day",
                   "dislikes jobs in {industry}", "prefers a hybrid schedule with {d} days in the office"],
    "background": ["has {n} years of experience as a {role}", "worked at {company} as a {role} until {month}",
                   "knows {skill} and {skill2}", "led a {skill} project at {company}"],
    "goal": ["wants to move into {role} work by {month}", "wants to earn a {skill} certification by {month}",
             "wants to be earning ${k}k within {d} years", "wants to become a senior {role}"],
    "fact": ["got an offer from {company} for ${k}k base", "has an interview with {company} in {month}",
             "currently earns ${k}k as a {role}", "was laid off by {company} in {month}"],
}
QUESTION_TEMPLATES = ["Should I take the job in {city}?", "Is ${k}k a good offer for a {role}?",
                      "How do I move from {role} into {role2}?", "What should I prepare for my {company} interview?",
                      "Is it worth learning {skill} this year?", "Can I ask {company} for more than ${k}k?",
                      "Would a {industry} company suit me?", "When can I realistically start somewhere new?",
                      "Should I go back to school to become a {role}?", "How far am I willing to commute to {city}?"]
MEMORY_MESSAGES = ["I can't relocate before {month} because {reason}.", "I prefer remote work and I live in {city}.",
                   "I have {n} years of experience as a {role}.", "I want to move into {role} work by next year.",
                   "My current salary is ${k}k.", "I got an offer from {company} for ${k}k.",
                   "I'd rather work for a {industry} startup.", "I know {skill} and {skill2} well."]
PLAIN_MESSAGES = ["What does a {role} do all day?", "How do I write a cover letter for {company}?",
                  "Can you help me prepare for a behavioral interview?", "What skills does a {role} need?",
                  "How should I follow up after an interview?", "What questions should I ask a recruiter?",
                  "How do I explain a gap in my resume?", "Is {skill} hard to learn?"]


def fill(rng: random.Random, template: str) -> str:
    role, role2 = rng.sample(ROLES, 2)
    skill, skill2 = rng.sample(SKILLS, 2)
    return template.format(role=role, role2=role2, skill=skill, skill2=skill2, city=rng.choice(CITIES),
                           company=rng.choice(COMPANIES), month=rng.choice(MONTHS), reason=rng.choice(REASONS),
                           industry=rng.choice(INDUSTRIES), k=rng.randrange(40, 250, 5), n=rng.randint(2, 25),
                           d=rng.randint(2, 12), h=rng.randrange(10, 45, 5))


def synthetic_memory(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(list(MEMORY_TEMPLATES))
    return kind, fill(rng, rng.choice(MEMORY_TEMPLATES[kind]))


def distinct(rng: random.Random, templates: list[str], count: int) -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        found[fill(rng, rng.choice(templates))] = None
    return list(found)


@contextmanager
def store_settings(data_dir: Path | None) -> Iterator[Settings]:
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        yield throwaway_settings(data_dir)
        return
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        yield throwaway_settings(Path(folder))


# -- building the store ----------------------------------------------------------------------------------------

def build_store(memory: CareerMemory, users: int, heavy: int, per_user: int, batch: int,
                rng: random.Random) -> dict[str, Any]:
    """Users in bulk, then everyone's memories in shuffled batches: the SQL rows added and flushed, their vectors
    upserted, then the commit (CareerMemory's own order, so a failed upsert leaves no rows)."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    with Session(memory.db) as session:
        rows = [User(is_guest=True) for _ in range(users)]
        user_ids = [u.id for u in rows]  # assigned on construction, so no reload after the commit
        session.add_all(rows)
        session.commit()
    owners = [user_ids[0]] * heavy + [uid for uid in user_ids[1:] for _ in range(per_user)]
    rng.shuffle(owners)  # the heavy user's records spread over the index, as years of use would
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns) as progress:
        task = progress.add_task("embedding and storing memories", total=len(owners))
        for start in range(0, len(owners), batch):
            with Session(memory.db) as session:
                chunk = []
                for owner in owners[start:start + batch]:
                    kind, text = synthetic_memory(rng)
                    chunk.append(Memory(user_id=owner, kind=kind, text=text, source="user"))
                session.add_all(chunk)
                session.flush()
                # CareerMemory._metadata: the same record a remembered memory gets, in each owner's collection.
                by_owner: dict[str, list[Memory]] = {}
                for m in chunk:
                    by_owner.setdefault(m.user_id, []).append(m)
                vectors = memory.vectors.embed_documents([m.text for m in chunk])  # one batch for the chunk
                vector_of = {m.public_id: v for m, v in zip(chunk, vectors)}
                for owner, own in by_owner.items():
                    memory.vectors.upsert(owner, [m.public_id for m in own], [m.text for m in own],
                                          [CareerMemory._metadata(m) for m in own],
                                          [vector_of[m.public_id] for m in own])
                session.commit()
            progress.advance(task, len(chunk))
    return {"heavy": user_ids[0], "typical": user_ids[1:], "memories": len(owners),
            "build_s": round(time.perf_counter() - started, 1), "users": users, "per_user": per_user}


def open_store(settings: Settings, memory: CareerMemory, args: argparse.Namespace) -> dict[str, Any]:
    manifest = settings.data_dir / MANIFEST
    if args.data_dir is not None and manifest.is_file():
        built = json.loads(manifest.read_text())
        print(f"reusing the store in {settings.data_dir}: {built['memories']:,} memories")
        return built
    upgrade(settings.sqlalchemy_url)
    built = build_store(memory, args.users, args.heavy, args.per_user, args.batch, random.Random(7))
    manifest.write_text(json.dumps(built))
    print(f"built {built['memories']:,} memories ({args.heavy:,} for one user, {args.per_user} for each of "
          f"{args.users - 1:,} others) in {built['build_s']:.0f} s")
    return built


# -- 1. recall --------------------------------------------------------------------------------------------------

def timings(call: Callable[[str], object], questions: list[str]) -> Stats:
    for question in questions[:3]:
        call(question)  # warm-up: the model's first use, chroma's first load of the index
    times = []
    for question in questions:
        started = time.perf_counter()
        call(question)
        times.append((time.perf_counter() - started) * 1000)
    return Stats.of(times)


def bench_recall(settings: Settings, memory: CareerMemory, built: dict[str, Any], questions: list[str]) -> None:
    from memory.embeddings import sentence_encoder

    encoder = sentence_encoder(settings.embedding_model_dir)
    heavy, typical = built["heavy"], built["typical"][0]
    limit = settings.memory_recall_limit
    vectors = {q: encoder.encode([q])[0].tolist() for q in questions}

    def chroma_only(question: str) -> object:
        return memory.vectors.collection(heavy).query(query_embeddings=[vectors[question]], n_results=limit,
                                                      include=["metadatas", "distances"])

    heavy_count = memory.vectors.count(heavy)
    recall = timings(lambda q: memory.recall(heavy, q), questions)
    print(f"\nRecall, {heavy_count:,}-memory user among {built['users']:,} users ({built['memories']:,} memories), "
          f"limit {limit}, {len(questions)} questions:")
    print("  " + recall.line("CareerMemory.recall", digits=1)
          + f"  [target median < {TARGET_RECALL_MS:.0f} ms: {'PASS' if recall.median < TARGET_RECALL_MS else 'FAIL'}]")
    query = timings(lambda q: memory.vectors.query(heavy, q, limit), questions)
    print("  " + query.line("VectorStore.query (embedding + chroma)", digits=1))
    print("  " + timings(lambda q: encoder.encode([q]), questions).line("  the question's embedding alone", digits=1))
    print("  " + timings(chroma_only, questions).line("  chroma query given the embedding", digits=1))
    print(f"    the rest of recall (the user's switch and the rows from SQL): ~{recall.median - query.median:.1f} ms "
          "(difference of the medians)")
    print("  " + timings(lambda q: memory.recall(typical, q), questions).line(
        f"CareerMemory.recall, a {memory.vectors.count(typical)}-memory user", digits=1))
    found = [len(memory.recall(heavy, q)) for q in questions]
    print(f"  (memories returned per question, heavy user: median {statistics.median(found):.0f})")


# -- 2. the memory step on a chat turn --------------------------------------------------------------------------

@dataclass
class TurnSample:
    memory_on: bool
    states: bool  # the message says something worth remembering
    turn_ms: float
    recall_ms: float  # recall_for_turn
    remember_ms: float  # remember_turn (on the turn: hands the write to the background writer)
    stored_ms: float  # the write itself, after the reply (memory/write_behind.py)


async def bench_turns(settings: Settings, per_user: int, turns: int, rng: random.Random) -> None:
    from agent.service import CoachService
    from memory.facts import extract_memories

    stating = distinct(rng, MEMORY_MESSAGES, turns // 2)
    plain = distinct(rng, PLAIN_MESSAGES, turns - len(stating))
    messages = [m for pair in zip(stating, plain) for m in pair] + stating[len(plain):] + plain[len(stating):]
    samples: list[TurnSample] = []
    async with CoachService.open(settings) as service:
        memory = service.memory
        # A new user with a typical number of memories, so a reused store gives the same start every run.
        user_id = create_user(service.db, email=None, password_hash=None, is_guest=True).id
        memory.remember(user_id, [NewMemory(*synthetic_memory(rng)) for _ in range(per_user)], source="user")
        step_ms: dict[str, float] = {}

        def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
            def run(*args: Any) -> Any:
                started = time.perf_counter()
                try:
                    return method(*args)
                finally:
                    step_ms[name] = (time.perf_counter() - started) * 1000
            return run

        # The graph calls these on the same instance, so timing them in place times the memory step.
        memory.recall_for_turn = timed("recall", memory.recall_for_turn)
        memory.remember_turn = timed("remember", memory.remember_turn)
        memory._remember_turn_now = timed("stored", memory._remember_turn_now)
        before = len(memory.list(user_id))
        threads: dict[bool, str | None] = {True: None, False: None}
        for i, message in enumerate([*messages[:4], *messages]):  # the first four twice: the first time warms up
            for on in (True, False) if i % 2 == 0 else (False, True):
                memory.set_enabled(user_id, on)
                if i % 10 == 0:
                    threads[on] = None  # a new conversation every 10 turns, as in bench.chat_latency
                step_ms.clear()
                started = time.perf_counter()
                result = await service.run_turn(user_id, message, threads[on])
                elapsed = (time.perf_counter() - started) * 1000
                if result.error:
                    raise RuntimeError(f"turn failed: {result.error}")
                memory.settle(user_id)  # untimed: a user's next message comes seconds later, not at once
                threads[on] = result.thread_id
                if i >= 4:
                    samples.append(TurnSample(on, bool(extract_memories(message)), elapsed, step_ms["recall"],
                                              step_ms["remember"], step_ms.get("stored", 0.0)))
        written = len(memory.list(user_id)) - before
    print(f"\nOffline chat turn (CoachService.run_turn), a {before}-memory user of that store, {len(messages)} "
          f"messages ({len(stating)} stating something to remember; {written} new memories), each with memory "
          f"on and off; medians:")
    def median(on: bool, states: bool | None, figure: Callable[[TurnSample], float]) -> float:
        return Stats.of([figure(s) for s in samples if s.memory_on == on and states in (None, s.states)]).median

    def step(s: TurnSample) -> float:
        return s.recall_ms + s.remember_ms

    for label, states in (("all messages", None), ("stating something", True), ("questions only", False)):
        step_on = median(True, states, step)
        turn_on, turn_off = median(True, states, lambda s: s.turn_ms), median(False, states, lambda s: s.turn_ms)
        verdict = f"  [target < {TARGET_STEP_MS:.0f} ms: {'PASS' if step_on < TARGET_STEP_MS else 'FAIL'}]"
        print(f"  {label}: turn {turn_on:.1f} ms on, {turn_off:.1f} ms off (+{turn_on - turn_off:.1f}); memory step "
              f"{step_on:.1f} ms on (recall {median(True, states, lambda s: s.recall_ms):.1f}, remember "
              f"{median(True, states, lambda s: s.remember_ms):.1f}), {median(False, states, step):.1f} ms off; "
              f"the write after the reply {median(True, states, lambda s: s.stored_ms):.1f} ms"
              + (verdict if states is None else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="recall,turns", help="comma-separated sections: recall, turns")
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--heavy", type=int, default=10_000, help="memories of the one heavy user")
    parser.add_argument("--per-user", type=int, default=20, help="memories of each other user")
    parser.add_argument("--batch", type=int, default=500, help="memories per upsert")
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, help="build (or reuse) the store here instead of a temp folder")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if unknown := sections - {"recall", "turns"}:
        parser.error(f"--only: unknown section(s) {', '.join(sorted(unknown))}")
    with store_settings(args.data_dir) as settings:
        db = create_db_engine(settings.sqlalchemy_url)
        try:
            memory = CareerMemory(db, VectorStore(settings), settings)
            built = open_store(settings, memory, args)
            if "recall" in sections:
                bench_recall(settings, memory, built, distinct(random.Random(11), QUESTION_TEMPLATES, args.questions))
            if "turns" in sections:
                asyncio.run(bench_turns(settings, args.per_user, args.turns, random.Random(13)))
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
