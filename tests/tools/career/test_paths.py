"""Path search over the related-occupations graph, on the shipped graph and on a small made-up one."""

from __future__ import annotations

from tools.career.paths import best_path
from tools.career.profiles import Profiles, RelatedGraph, load_graph, load_profiles


def _tiny() -> tuple[RelatedGraph, Profiles]:
    edges = {"11-1111": [("22-2222", "Primary-Short", 1)], "22-2222": [("33-3333", "Primary-Short", 1)],
             "33-3333": [], "44-4444": [("11-1111", "Supplemental", 20)]}
    profiles = Profiles(source={}, attribution="", elements=[["e1", "Skill", "skill"]], job_zones={},
                        occupations={code: {"job_zone": 2, "importance": [400], "level": [300]} for code in edges})
    return RelatedGraph(edges, {}), profiles


def test_known_direct_relation():
    graph, profiles = load_graph(), load_profiles()
    assert graph.relation("29-1141", "29-1171")[0] == "Primary-Short"  # O*NET: RN → nurse practitioner
    assert best_path(graph, profiles, "29-1141", "29-1171") == ["29-1141", "29-1171"]


def test_two_step_path():
    graph, profiles = _tiny()
    assert best_path(graph, profiles, "11-1111", "33-3333") == ["11-1111", "22-2222", "33-3333"]
    assert best_path(graph, profiles, "11-1111", "22-2222", min_steps=2) is None  # only the direct move exists


def test_no_path_is_none():
    graph, profiles = _tiny()
    assert best_path(graph, profiles, "33-3333", "11-1111") is None  # 33-3333 relates to nothing
    assert best_path(graph, profiles, "44-4444", "33-3333", max_steps=2) is None  # needs three moves


def test_bridge_on_the_shipped_graph_has_two_or_more_moves():
    path = best_path(load_graph(), load_profiles(), "29-1141", "29-1171", min_steps=2)
    assert path and len(path) >= 3 and path[0] == "29-1141" and path[-1] == "29-1171"


def test_skills_to_gain_are_the_targets_important_skills_above_the_current_level():
    profiles = load_profiles()
    skills = profiles.skills_to_gain("29-1141", "29-1171")
    assert skills and all(s.importance >= 3 and s.gap > 0 for s in skills)
    assert all(round(s.target_level - s.current_level, 2) == s.gap for s in skills)
    keys = [s.importance * s.gap for s in skills]
    assert keys == sorted(keys, reverse=True)
    assert profiles.skills_to_gain("29-1141", "15-1252") == []  # O*NET 29.3 rates no skills for 15-1252
