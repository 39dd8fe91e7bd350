"""`coach chat --roleplay`: a negotiation in the terminal, with the debrief at the end."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import _coach


def test_roleplay_from_offer_to_debrief(tmp_path: Path) -> None:
    result = _coach(tmp_path, "chat", "--roleplay", "--title", "registered nurse", "--location", "Denver",
                    "--offer", "92000", "--persona", "warm", "--company-type", "mid_size",
                    stdin="The BLS median for nurses in Denver is $101,130, so I'd like $100,000.\nI accept.\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "a warm and collaborative recruiter at a mid-size company" in out
    assert "recruiter> " in out and "$92,000" in out
    assert "Debrief:" in out and "/100" in out and "Strengths" in out and "Practise next" in out
    assert "The recruiter could have given: base" in out  # the mandate, revealed only now


def test_roleplay_uses_the_saved_profile_and_debrief_ends_it(tmp_path: Path) -> None:
    _coach(tmp_path, "chat", stdin="I'm a nurse in Denver with 6 years' experience\n")
    result = _coach(tmp_path, "chat", "--roleplay", stdin="What flexibility is there?\n/debrief\n")
    assert result.returncode == 0, result.stderr
    assert "Registered Nurses in Denver" in result.stdout and "ended early" in result.stdout


def test_roleplay_bad_input_names_the_field(tmp_path: Path) -> None:
    no_title = _coach(tmp_path, "chat", "--roleplay")
    assert no_title.returncode == 2 and "title:" in no_title.stderr
    bad_persona = _coach(tmp_path, "chat", "--roleplay", "--title", "nurse", "--persona", "grumpy")
    assert bad_persona.returncode == 2 and "persona:" in bad_persona.stderr
    unknown = _coach(tmp_path, "chat", "--roleplay", "--title", "zzqx")
    assert unknown.returncode == 2 and "no occupation matches" in unknown.stderr
