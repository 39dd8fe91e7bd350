"""The `coach` command as a user runs it: a real process, a terminal conversation kept across runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def _coach(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GOOGLE_API_KEY", "GEMINI_API_KEY",
                                                               "CHROMA_HOST")}
    env.update(COACH_DATA_DIR=str(data_dir), COACH_MODEL="offline", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=120)


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    result = _coach(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "database at revision 0009" in result.stdout


def test_several_workers_without_a_chroma_server_are_refused_with_the_way_to_start_one(tmp_path: Path) -> None:
    result = _coach(tmp_path, "serve", "--workers", "2", "--port", "0")
    assert result.returncode == 2
    assert "--workers 2 needs a Chroma server" in result.stderr
    assert f"chroma run --path {tmp_path / 'chroma'} --port 8001" in result.stderr and "CHROMA_HOST" in result.stderr


def test_chat_remembers_the_conversation_across_runs(tmp_path: Path) -> None:
    first = _coach(tmp_path, "chat", stdin="I'm a nurse in Denver with 6 years' experience\n")
    assert first.returncode == 0, first.stderr
    assert "I've saved that to your profile: nurse in Denver; 6 years of experience" in first.stdout
    second = _coach(tmp_path, "chat", stdin="what do you know about me?\n")
    assert "Continuing conversation" in second.stdout
    assert "Here's what I remember about you: nurse in Denver" in second.stdout
    fresh = _coach(tmp_path, "chat", "--new", stdin="hello\n")
    assert "Continuing conversation" not in fresh.stdout
    assert "Welcome back! Last I have you as: nurse in Denver" in fresh.stdout  # the profile outlives threads


def test_chat_reports_bad_input_and_goes_on(tmp_path: Path) -> None:
    result = _coach(tmp_path, "chat", stdin="x" * 9000 + "\nhello\n")
    assert "the limit is 8000" in result.stderr
    assert "Hi! I'm SmartJobFit Coach" in result.stdout


def test_salary_prints_the_figures_and_the_source(tmp_path: Path) -> None:
    result = _coach(tmp_path, "salary", "Sr. Software Engineer", "--location", "Austin, TX")
    assert result.returncode == 0, result.stderr
    assert "Software Developers (15-1252) in Austin-Round Rock-San Marcos, TX" in result.stdout
    assert "Source: BLS OEWS, May 2025" in result.stdout
    assert "Assumed senior level" in result.stdout  # "Sr." is a level, stated with its band


def test_salary_compares_places_and_refuses_a_place_abroad(tmp_path: Path) -> None:
    compared = _coach(tmp_path, "salary", "electrician", "--location", "Phoenix vs Tucson")
    assert compared.returncode == 0, compared.stderr
    assert "Place by place" in compared.stdout and "Tucson, AZ" in compared.stdout
    abroad = _coach(tmp_path, "salary", "nurse", "--location", "Toronto")
    assert abroad.returncode == 2 and "covers the United States only" in " ".join(abroad.stderr.split())
    assert "$" not in abroad.stdout


def test_salary_json_and_errors(tmp_path: Path) -> None:
    import json

    result = _coach(tmp_path, "salary", "registered nurse", "--json")
    assert json.loads(result.stdout)["occupation"]["soc_code"] == "29-1141"
    empty = _coach(tmp_path, "salary", "  ")
    assert empty.returncode == 2 and "title" in empty.stderr
    nothing = _coach(tmp_path, "salary", "asdfgh")
    assert nothing.returncode == 1 and "no occupation matches" in nothing.stderr


def test_memory_reindex_rebuilds_a_lost_vector_store(tmp_path: Path) -> None:
    said = _coach(tmp_path, "chat", stdin="I can't relocate before June because of my kids' school.\n")
    assert said.returncode == 0, said.stderr
    shutil.rmtree(tmp_path / "chroma")
    result = _coach(tmp_path, "memory", "reindex")
    assert result.returncode == 0, result.stderr
    assert f"1 memory written to {tmp_path / 'chroma'} (local embeddings)" in result.stdout


def test_demo_seed_makes_labelled_mentors_to_match_and_remove_takes_only_them(tmp_path: Path) -> None:
    seeded = _coach(tmp_path, "demo", "seed", "--mentors", "12", "--mentees", "3")
    assert seeded.returncode == 0, seeded.stderr
    assert "demo set ready: 12 mentors, 3 mentees" in seeded.stdout
    again = _coach(tmp_path, "demo", "seed", "--mentors", "12", "--mentees", "3")  # replaces, does not add
    assert again.returncode == 0, again.stderr
    chat = _coach(tmp_path, "chat", stdin="find me a mentor for moving into data science\n")
    assert "(demo)" in chat.stdout and "match " in chat.stdout, chat.stdout
    removed = _coach(tmp_path, "demo", "remove")
    assert "removed 15 demo accounts" in removed.stdout
    after = _coach(tmp_path, "chat", "--new", stdin="find me a mentor for moving into data science\n")
    assert "(demo)" not in after.stdout and "No mentor" in after.stdout
