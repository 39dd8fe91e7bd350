"""A mentorship programme's cohort: every mentee assigned to a mentor within the mentors' capacities, then group
mentorship and peer learning groups.

Assignment is a stable matching (the hospital/resident problem, mentee-proposing deferred acceptance, Gale and
Shapley 1962; Roth 1984). Each mentee ranks the mentors by compatibility; each mentor ranks the mentees by the
same score and keeps the best up to their capacity. The result is stable: no mentee and mentor would both rather
be with each other than with what they got, so no pair has a reason to go around the programme. It is the best
stable matching for every mentee at once. Why not an optimal assignment (the highest total score): it can give a
mentor a mentee while a better-suited one, whom that mentor would prefer, is sent elsewhere. In a programme where
people volunteer, that is the match that does not hold. Mentees rank their best `LIST_LENGTH` mentors only, which
bounds the work. A mentee who is refused by all of them stays unassigned, and the result says so.

Groups: a mentor's mentees who make the same move (the same target occupation) form a group mentorship.
Unassigned mentees, and anyone who wants one, go into peer learning groups of 3-6 people with the same target
occupation, formed greedily by shared skill needs."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from tools.mentors.compatibility import MentorIndex, Needs

LIST_LENGTH = 200  # mentors each mentee ranks (bounds the work; a longer list rarely changes the result)
PEER_GROUP = (3, 6)


@dataclass
class Cohort:
    assignment: dict[str, str]  # mentee id → mentor id
    scores: dict[str, float]  # mentee id → the score of their pair
    unassigned: list[str]
    rank_of_match: dict[str, int] = field(default_factory=dict)  # mentee id → 1 = their first choice
    group_mentorships: list[dict] = field(default_factory=list)
    peer_groups: list[list[str]] = field(default_factory=list)


def assign(index: MentorIndex, mentees: dict[str, Needs], list_length: int = LIST_LENGTH) -> Cohort:
    """Stable assignment of the mentees (id → needs) to the index's mentors, within their open places."""
    preferences: dict[str, list[int]] = {}
    score_of: dict[str, np.ndarray] = {}
    for mentee_id, needs in mentees.items():
        scores, _ = index.scores(needs)
        eligible = np.flatnonzero(scores >= 0)
        if len(eligible) > list_length:
            eligible = eligible[np.argpartition(-scores[eligible], list_length - 1)[:list_length]]
        preferences[mentee_id] = sorted(eligible.tolist(), key=lambda i: (-scores[i], i))
        score_of[mentee_id] = scores
    capacity = [m.open_places if m.accepting else 0 for m in index.mentors]
    held: dict[int, list[tuple[float, str]]] = {}  # mentor → min-heap of (score, mentee) they hold
    next_choice = dict.fromkeys(mentees, 0)
    free = list(reversed(list(mentees)))  # a stack: the order does not change the (mentee-optimal) result
    while free:
        mentee_id = free.pop()
        choices = preferences[mentee_id]
        if next_choice[mentee_id] >= len(choices):
            continue  # refused by every mentor on their list
        mentor = choices[next_choice[mentee_id]]
        next_choice[mentee_id] += 1
        heap = held.setdefault(mentor, [])
        proposal = (float(score_of[mentee_id][mentor]), mentee_id)
        if len(heap) < capacity[mentor]:
            heapq.heappush(heap, proposal)
        elif heap and proposal > heap[0]:
            _, dropped = heapq.heapreplace(heap, proposal)
            free.append(dropped)
        else:
            free.append(mentee_id)
    assignment = {mentee_id: index.mentors[mentor].id for mentor, heap in held.items() for _, mentee_id in heap}
    mentor_position = {m.id: i for i, m in enumerate(index.mentors)}
    scores = {mentee_id: float(score_of[mentee_id][mentor_position[mentor_id]])
              for mentee_id, mentor_id in assignment.items()}
    ranks = {mentee_id: preferences[mentee_id].index(mentor_position[mentor_id]) + 1
             for mentee_id, mentor_id in assignment.items()}
    unassigned = [mentee_id for mentee_id in mentees if mentee_id not in assignment]
    cohort = Cohort(assignment, scores, unassigned, ranks)
    cohort.group_mentorships = group_mentorships(assignment, mentees)
    cohort.peer_groups = peer_groups({m: mentees[m] for m in unassigned})
    return cohort


def is_stable(index: MentorIndex, mentees: dict[str, Needs], cohort: Cohort,
              list_length: int = LIST_LENGTH) -> list[tuple[str, str]]:
    """The blocking pairs (mentee, mentor) of a cohort: both would rather be together. Empty when stable."""
    held: dict[str, list[float]] = {}
    for mentee_id, mentor_id in cohort.assignment.items():
        held.setdefault(mentor_id, []).append(cohort.scores[mentee_id])
    blocking = []
    for mentee_id, needs in mentees.items():
        scores, _ = index.scores(needs)
        mine = cohort.scores.get(mentee_id, -1.0)
        eligible = np.flatnonzero(scores >= 0)
        listed = set(eligible[np.argsort(-scores[eligible], kind="stable")][:list_length].tolist())
        for i in listed:
            mentor = index.mentors[i]
            if scores[i] <= mine or cohort.assignment.get(mentee_id) == mentor.id:
                continue
            kept = held.get(mentor.id, [])
            places = mentor.open_places if mentor.accepting else 0
            if len(kept) < places or (kept and scores[i] > min(kept)):
                blocking.append((mentee_id, mentor.id))
    return blocking


def group_mentorships(assignment: dict[str, str], mentees: dict[str, Needs]) -> list[dict]:
    """A mentor's mentees with the same target occupation, two or more: one group."""
    groups: dict[tuple[str, str], list[str]] = {}
    for mentee_id, mentor_id in assignment.items():
        target = mentees[mentee_id].target
        if target is not None:
            groups.setdefault((mentor_id, target[0]), []).append(mentee_id)
    return [{"mentor_id": mentor_id, "target_soc": soc, "mentees": sorted(members)}
            for (mentor_id, soc), members in sorted(groups.items()) if len(members) >= 2]


def peer_groups(mentees: dict[str, Needs], sizes: tuple[int, int] = PEER_GROUP) -> list[list[str]]:
    """Mentees with the same target occupation in groups of `sizes` (3-6), each seeded by a mentee and filled
    with those sharing the most skill needs, sized so no one is left in a group too small."""
    smallest, largest = sizes
    by_target: dict[str, list[str]] = {}
    for mentee_id, needs in mentees.items():
        if needs.target is not None:
            by_target.setdefault(needs.target[0], []).append(mentee_id)
    groups: list[list[str]] = []
    for members in by_target.values():
        left = sorted(members)
        formed: list[list[str]] = []
        while len(left) >= smallest:
            seed = left.pop(0)
            wanted = set(mentees[seed].skills)
            left.sort(key=lambda other: -len(wanted & set(mentees[other].skills)))
            count = len(left) + 1
            # All of them when they fit one group; else a full group, unless that would leave too few for another.
            size = count if count <= largest else largest if count - largest >= smallest else count - smallest
            formed.append([seed, *left[:size - 1]])
            left = left[size - 1:]
        groups.extend(formed)  # fewer than `smallest` with one target form no group
    return groups
