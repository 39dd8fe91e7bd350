"""The shipped taxonomy against its source (a sample), gap ordering, and storage of an analysis."""

from __future__ import annotations

import csv
import gzip
import uuid
from pathlib import Path

import pytest

from memory.db import create_db_engine
from memory.migrate import upgrade
from memory.models import User
from memory.db import session_scope
from tools.occupations.resolver import NoMatch
from tools.skills.analysis import analyse
from tools.skills.gaps import analyse_gaps
from tools.skills.extract import extract
from tools.skills.store import latest_analysis, save_analysis
from tools.skills.taxonomy import load_taxonomy

RESUME = "SQL, Tableau, Python and Excel; statistical analysis; managed reports for finance."


def test_sample_matches_the_source(shared_data: Path) -> None:
    taxonomy = load_taxonomy()
    with gzip.open(shared_data / "esco" / "skills_en.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "released"][::1000]
    by_uri = {c.esco_uri: c for c in taxonomy.concepts if c.esco_uri}
    for row in rows:
        assert by_uri[row["conceptUri"]].name == row["preferredLabel"].strip()
    with gzip.open(shared_data / "onet" / "Skills.txt.gz", "rt", encoding="utf-8", newline="") as f:
        sample = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)][::5000]
    for row in sample:
        requirement = next(r for r in taxonomy.occupations[row["O*NET-SOC Code"]].requirements
                           if r.element == row["Element ID"])
        value = requirement.importance if row["Scale ID"] == "IM" else requirement.level
        if row["Scale ID"] == "IM" or row["Not Relevant"] != "Y":
            assert value == pytest.approx(float(row["Data Value"]), abs=0.01)


def test_links_join_the_two_taxonomies() -> None:
    taxonomy = load_taxonomy()
    python = next(c for c in taxonomy.concepts if c.name == "Python (computer programming)")
    assert python.esco_uri and python.onet_id and python.hot
    assert sum(1 for c in taxonomy.concepts if c.esco_uri and c.onet_id) > 100


def test_gaps_are_ordered_by_importance_times_distance() -> None:
    result = analyse_gaps(extract(RESUME), "data analyst")
    assert result.role.soc_code == "15-2051"
    priorities = [g.priority for g in result.gaps]
    assert priorities == sorted(priorities, reverse=True) and priorities[0] > 0
    assert {"Tableau"} <= {s.name for s in result.strengths}
    for gap in result.gaps:
        assert gap.current_level < gap.target_level


def test_current_role_gives_transferable_skills() -> None:
    result = analyse_gaps(extract(RESUME), "data analyst", current_role="accountant")
    assert result.current_role is not None and result.transferable
    assert all(t.current_level >= t.target_level for t in result.transferable)


def test_unknown_target_role_names_the_field() -> None:
    with pytest.raises(NoMatch) as error:
        analyse(text=RESUME, target_role="qwxzvv plorf")
    assert error.value.field == "target_role"


def test_an_analysis_is_stored_and_read_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)
    db = create_db_engine(url)
    user_id = uuid.uuid4().hex
    with session_scope(db) as session:
        session.add(User(id=user_id, is_guest=True))
    result = analyse(text=RESUME, target_role="data analyst")
    analysis_id = save_analysis(db, user_id, result)
    stored = latest_analysis(db, user_id)
    assert stored.analysis_id == analysis_id and stored.target_role == result.target_role.title
    assert {s.skill_name for s in stored.skills} == {s.name for s in result.skills}
    assert [g.skill_name for g in stored.gaps][:3] == [g.name for g in result.gaps][:3]
    assert latest_analysis(db, uuid.uuid4().hex) is None
