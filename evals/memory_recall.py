"""Career memory recall quality on a hand-labelled set (evals/data/memory_recall.json): 8 synthetic users with
14-17 memories each and the questions they might ask weeks later, each labelled with the memories a good recall
brings back. Most questions share no content word with those memories (paraphrases); the table shows that split.

Scored in one run, on the same memories written through CareerMemory.remember into a real embedded chromadb:
- vector store: VectorStore.query over all of the user's memories (the ranking by meaning, no floor);
- CareerMemory.recall as a chat turn gets it (the configured limit, the similarity floor and the token budget);
- keyword BM25 over the same user's memories (standard library, below), the baseline;
- chance: the expected figures of a random order, for scale.
Figures: recall@5 (the share of a question's relevant memories in the first 5, averaged over questions), MRR (one
over the rank of the first relevant memory; 0 when none is returned) and the median time per question.

    python -m evals.memory_recall [--data evals/data/memory_recall.json] [--json]"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agent.settings import Settings
from memory import crypto
from memory.db import create_db_engine
from memory.memories import KINDS, RELEVANT, CareerMemory, NewMemory
from memory.migrate import upgrade
from memory.users import create_user
from memory.vector_store import VectorStore

DATA = Path(__file__).resolve().parent / "data" / "memory_recall.json"
K = 5

STOPWORDS = frozenset("""a about after all am an and any are as at be been before being but by can could did do does
doing don for from had has have he her him his how i if in into is it its just me might more most my no not now of
on or our out over own she should so some such than that the their them then there these they this those to too
under up very was we were what when where which who whom why will with would you your yours""".split())


# -- the labelled set -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelledMemory:
    id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Question:
    user: str
    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class LabelledSet:
    memories: dict[str, list[LabelledMemory]]  # user → their memories
    questions: list[Question]

    def text_of(self, memory_id: str) -> str:
        return next(m.text for ms in self.memories.values() for m in ms if m.id == memory_id)


def load_labelled_set(path: Path = DATA) -> LabelledSet:
    """The set, checked: a mislabelled question would silently skew every figure."""
    raw = json.loads(path.read_text())
    memories: dict[str, list[LabelledMemory]] = {}
    questions: list[Question] = []
    seen: set[str] = set()
    for user in raw["users"]:
        own = [LabelledMemory(m["id"], m["kind"], m["text"]) for m in user["memories"]]
        for m in own:
            if m.id in seen or m.kind not in KINDS:
                raise ValueError(f"{path}: memory {m.id!r} is a duplicate id or has an unknown kind {m.kind!r}")
            seen.add(m.id)
        ids = {m.id for m in own}
        for q in user["queries"]:
            if not q["relevant"] or not set(q["relevant"]) <= ids:
                raise ValueError(f"{path}: question {q['text']!r} must name memories of user {user['id']!r}")
            questions.append(Question(user["id"], q["text"], frozenset(q["relevant"])))
        memories[user["id"]] = own
    return LabelledSet(memories, questions)


# -- the keyword baseline ---------------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """Content words, lower-cased, with plural and -ed/-ing endings cut ("offered", "offers" → "offer")."""
    out = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        for suffix in ("ing", "ed", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[:-len(suffix)]
                break
        out.append(word)
    return out


class BM25:
    """Okapi BM25 over one user's memories; returns only the memories sharing a word with the question, as a
    keyword search would."""

    def __init__(self, docs: dict[str, str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.terms = {doc_id: Counter(words(text)) for doc_id, text in docs.items()}
        self.lengths = {doc_id: sum(c.values()) for doc_id, c in self.terms.items()}
        self.average = statistics.fmean(self.lengths.values()) if docs else 0.0
        frequency = Counter(term for c in self.terms.values() for term in c)
        n = len(docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def rank(self, query: str) -> list[str]:
        scores: dict[str, float] = {}
        for term in sorted(set(words(query))):  # a fixed order: the same sums, the same ties
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc_id, counts in self.terms.items():
                tf = counts.get(term, 0)
                if tf:
                    norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.average)
                    scores[doc_id] = scores.get(doc_id, 0.0) + idf * tf * (self.k1 + 1) / (tf + norm)
        return sorted(scores, key=lambda doc_id: (-scores[doc_id], doc_id))


# -- scoring ----------------------------------------------------------------------------------------------------

def recall_at(ranking: list[str], relevant: frozenset[str], k: int = K) -> float:
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: list[str], relevant: frozenset[str]) -> float:
    return next((1 / rank for rank, doc_id in enumerate(ranking, 1) if doc_id in relevant), 0.0)


def chance(n: int, relevant: int, k: int = K) -> tuple[float, float]:
    """Expected recall@k and reciprocal rank of a random order of n memories, `relevant` of them relevant."""
    first_at = [math.comb(n - i, relevant - 1) / math.comb(n, relevant) for i in range(1, n + 1)]
    return min(k, n) / n, sum(p / i for i, p in enumerate(first_at, 1))


def shares_words(labelled: LabelledSet, question: Question) -> bool:
    needed = {w for memory_id in question.relevant for w in words(labelled.text_of(memory_id))}
    return bool(needed.intersection(words(question.text)))


@dataclass
class MethodResult:
    method: str
    recall_at_5: float
    mrr: float
    recall_at_5_shared: float  # on the questions sharing a content word with the memories they need
    recall_at_5_paraphrases: float  # on the others
    ms_per_query: float | None  # median
    empty: int  # questions answered with nothing


@dataclass
class Report:
    users: int
    memories: int
    questions: int
    paraphrases: int
    foreign_hits: int  # memories of another user returned (must be 0)
    results: list[MethodResult]

    def result(self, method: str) -> MethodResult:
        return next(r for r in self.results if r.method == method)


VECTOR, SERVED, KEYWORD, CHANCE = "vector store", "CareerMemory.recall", "keyword BM25", "chance"


def _summarise(method: str, rankings: list[list[str]], questions: list[Question], paraphrase: list[bool],
               times_ms: list[float] | None) -> MethodResult:
    recalls = [recall_at(r, q.relevant) for r, q in zip(rankings, questions)]
    return MethodResult(method, statistics.fmean(recalls),
                        statistics.fmean(reciprocal_rank(r, q.relevant) for r, q in zip(rankings, questions)),
                        *_split_mean(recalls, paraphrase), statistics.median(times_ms) if times_ms else None,
                        sum(1 for r in rankings if not r))


def _split_mean(values: list[float], paraphrase: list[bool]) -> tuple[float, float]:
    """The mean over the questions sharing words with their memories, and over the paraphrases."""
    shared = [v for v, is_para in zip(values, paraphrase) if not is_para]
    para = [v for v, is_para in zip(values, paraphrase) if is_para]
    return (statistics.fmean(shared) if shared else float("nan"), statistics.fmean(para) if para else float("nan"))


def _timed(times_ms: list[float], call: Callable[..., list[Any]], *args: Any) -> list[Any]:
    started = time.perf_counter()
    found = call(*args)
    times_ms.append((time.perf_counter() - started) * 1000)
    return found


def run(settings: Settings, labelled: LabelledSet) -> Report:
    """Writes the set's memories into the (migrated) database and vector store of `settings`, then scores."""
    db = create_db_engine(settings.sqlalchemy_url)
    try:
        memory = CareerMemory(db, VectorStore(settings), settings)
        user_ids: dict[str, str] = {}
        labels: dict[str, str] = {}  # public id → the set's id
        for user, own in labelled.memories.items():
            user_ids[user] = create_user(db, email=None, password_hash=None).id
            written = memory.remember(user_ids[user], [NewMemory(m.kind, m.text) for m in own], source="user")
            if len({w.public_id for w in written}) != len(own):  # the write path merged two as the same meaning
                raise ValueError(f"user {user!r}: {len(own)} memories written as {len(written)}")
            labels.update({w.public_id: m.id for w, m in zip(written, own)})
        baselines = {user: BM25({m.id: m.text for m in own}) for user, own in labelled.memories.items()}
        memory.vectors.query(user_ids[next(iter(user_ids))], "warm-up", 1)  # model load, first query

        questions = labelled.questions
        paraphrase = [not shares_words(labelled, q) for q in questions]
        rankings: dict[str, list[list[str]]] = {VECTOR: [], SERVED: [], KEYWORD: []}
        times: dict[str, list[float]] = {VECTOR: [], SERVED: [], KEYWORD: []}
        foreign = 0
        for q in questions:
            user_id, size = user_ids[q.user], len(labelled.memories[q.user])
            own = {m.id for m in labelled.memories[q.user]}
            vector = [h.id for h in _timed(times[VECTOR], memory.vectors.query, user_id, q.text, size)]
            served = [r.id for r in _timed(times[SERVED], memory.recall, user_id, q.text)]
            keyword = _timed(times[KEYWORD], baselines[q.user].rank, q.text)
            for method, ranking in ((VECTOR, vector), (SERVED, served)):
                mapped = [labels.get(public_id, "") for public_id in ranking]
                foreign += sum(1 for memory_id in mapped if memory_id not in own)
                rankings[method].append(mapped)
            rankings[KEYWORD].append(keyword)
        results = [_summarise(m, rankings[m], questions, paraphrase, times[m]) for m in (VECTOR, SERVED, KEYWORD)]
        expected = [chance(len(labelled.memories[q.user]), len(q.relevant)) for q in questions]
        results.append(MethodResult(CHANCE, statistics.fmean(e[0] for e in expected),
                                    statistics.fmean(e[1] for e in expected),
                                    *_split_mean([e[0] for e in expected], paraphrase), None, 0))
        return Report(len(labelled.memories), sum(len(ms) for ms in labelled.memories.values()), len(questions),
                      sum(paraphrase), foreign, results)
    finally:
        db.dispose()


def throwaway_settings(data_dir: Path) -> Settings:
    """Settings for a throwaway run in `data_dir`: SQLite and an embedded chromadb there, the offline model, and
    this process's key for the encrypted columns (memory text) kept there too. Built explicitly so a developer's
    .env (a CHROMA_HOST, a DATABASE_URL) never receives the synthetic data."""
    settings = Settings(_env_file=None, COACH_DATA_DIR=data_dir, DATABASE_URL=None, CHROMA_HOST=None,
                        COACH_MODEL="offline", GOOGLE_API_KEY=None, GEMINI_API_KEY=None, COACH_SEMANTIC_SKILLS=False)
    crypto.configure(settings)
    return settings


def print_report(report: Report, settings: Settings) -> None:
    print(f"{report.questions} questions, {report.users} users, {report.memories} memories; "
          f"{report.paraphrases} questions share no content word with the memories they need")
    print(f"CareerMemory.recall as served: limit {settings.memory_recall_limit}, similarity floor {RELEVANT}, "
          f"{settings.memory_token_budget}-token budget")
    header = (f"{'method':<22}{'recall@5':>10}{'MRR':>8}{'r@5 shared words':>18}{'r@5 paraphrases':>17}"
              f"{'ms/question':>13}{'empty':>7}")
    print(header)
    print("-" * len(header))
    for r in report.results:
        ms = f"{r.ms_per_query:.2f}" if r.ms_per_query is not None else "—"
        print(f"{r.method:<22}{r.recall_at_5:>10.3f}{r.mrr:>8.3f}{r.recall_at_5_shared:>18.3f}"
              f"{r.recall_at_5_paraphrases:>17.3f}{ms:>13}{r.empty:>7}")
    print(f"memories of another user returned: {report.foreign_hits}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled set (JSON)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    labelled = load_labelled_set(args.data)
    with tempfile.TemporaryDirectory(prefix="memory-recall-") as folder:
        settings = throwaway_settings(Path(folder))
        upgrade(settings.sqlalchemy_url)
        report = run(settings, labelled)
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        print_report(report, settings)


if __name__ == "__main__":
    main()
