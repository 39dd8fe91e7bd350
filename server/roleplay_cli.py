"""`coach chat --roleplay`: a salary negotiation with the simulated recruiter, in the terminal."""

from __future__ import annotations

import sys

from pydantic import ValidationError
from rich.console import Console

from agent.settings import Settings
from memory.db import create_db_engine
from tools.negotiation.scenario import ScenarioRequest
from tools.negotiation.sessions import TurnInputError, get_debrief, start_session, take_turn
from tools.profile.engine import get_profile
from tools.occupations.resolver import NoMatch, InputError


def with_article(phrase: str) -> str:
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def _ask(prompt: str, interactive: bool) -> str | None:
    if not interactive:
        return None
    try:
        return input(prompt).strip() or None
    except EOFError:
        return None


def print_debrief(console: Console, result: dict) -> None:
    outcome = result["outcome"]
    console.print(f"\n[bold]Debrief[/]: {result['performance_score']}/100 ({outcome['result'].replace('_', ' ')}, "
                  f"{outcome['surplus_captured']:.0%} of the room captured)")
    mandate = ", ".join(f"{k.removesuffix('_max').replace('_', ' ')} {v:,.0f}" for k, v in result["mandate"].items() if v)
    console.print(f"[dim]The recruiter could have given: {mandate}[/]", markup=True, highlight=False)
    for title, items in (("Strengths", result["strengths"]), ("Practise next", result["practice"])):
        console.print(f"[bold]{title}[/]")
        for item in items:
            console.print(f"  • {item}", markup=False, highlight=False)
    if result["progress"]["change"] is not None:
        console.print(f"Change since your last role-play: {result['progress']['change']:+} points")


def run_roleplay(settings: Settings, console: Console, err_console: Console, *, title: str | None,
                 location: str | None, offer: float | None, persona: str | None, company_type: str | None) -> int:
    """Run one negotiation; returns the exit code (2 for bad input)."""
    from agent.models import build_chat_model
    from server.cli import cli_user, print_input_error

    interactive = sys.stdin.isatty()
    db = create_db_engine(settings.sqlalchemy_url)
    try:
        user, _ = cli_user(settings, db)
        profile = get_profile(db, user.id)
        title = title or profile.current_role or _ask("Job title: ", interactive)
        location = location or profile.location or _ask("Location (blank for the U.S.): ", interactive)
        if not title:
            err_console.print("[red]title: say which job you negotiate for (--title, or tell the coach your role)[/]")
            return 2
        try:
            request = ScenarioRequest(title=title, location=location, offer=offer, persona=persona,
                                      company_type=company_type)
            model = build_chat_model(settings) if settings.resolved_provider == "gemini" else None
            answer = start_session(db, user.id, request, model, settings.prompt_version)
        except ValidationError as exc:
            first = exc.errors()[0]
            err_console.print(f"[red]{'.'.join(map(str, first['loc']))}: {first['msg']}[/]")
            return 2
        except (InputError, NoMatch) as exc:
            print_input_error(exc)
            return 2
        scenario = answer["scenario"]
        console.print(f"[bold]Negotiation role-play[/]: {scenario['occupation']} in {scenario['area']}, "
                      f"{with_article(scenario['persona_label'])} recruiter at {with_article(scenario['company_label'])}. "
                      "Type /debrief to end and see how you did, /exit to leave.")
        console.print(f"recruiter> {answer['recruiter']['message']}", markup=False, highlight=False)
        while not answer["finished"]:
            try:
                line = input("you> " if interactive else "").strip()
            except EOFError:
                break
            if not line:
                continue
            if line in ("/exit", "/quit"):
                return 0
            if line == "/debrief":
                break
            if not interactive:
                console.print(f"you> {line}", markup=False, highlight=False)
            try:
                answer = take_turn(db, user.id, answer["id"], line, model, settings.prompt_version)
            except TurnInputError as exc:
                err_console.print(f"[red]{exc.message}[/]")
                continue
            console.print(f"recruiter> {answer['recruiter']['message']}", markup=False, highlight=False)
        print_debrief(console, get_debrief(db, user.id, answer["id"]))
        return 0
    finally:
        db.dispose()
