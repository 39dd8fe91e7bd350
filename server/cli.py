"""The `coach` command: serve the API, chat in the terminal, manage the database."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from agent.settings import Settings

app = typer.Typer(help="SmartJobFit Coach: a career and salary coach.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err_console = Console(stderr=True)


def _settings() -> Settings:
    return Settings()


def _migrate(settings: Settings) -> None:
    from memory.migrate import upgrade

    upgrade(settings.sqlalchemy_url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the database (DATABASE_URL, or the local SQLite file)."""
    settings = _settings()
    _migrate(settings)
    from memory.migrate import current_revision

    console.print(f"database at revision [bold]{current_revision(settings.sqlalchemy_url)}[/] ({_describe(settings)})")


@db_app.command("current")
def db_current() -> None:
    """Show the database's migration revision."""
    from memory.migrate import current_revision

    settings = _settings()
    console.print(current_revision(settings.sqlalchemy_url) or "empty (run `coach db upgrade`)")


@db_app.command("revision")
def db_revision(message: Annotated[str, typer.Argument(help="What the migration changes.")]) -> None:
    """Write a new migration from the difference between memory/models.py and the (upgraded) database."""
    from alembic import command

    from memory.migrate import alembic_config

    settings = _settings()
    _migrate(settings)
    command.revision(alembic_config(settings.sqlalchemy_url), message=message, autogenerate=True)


def _describe(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (share the database).")] = 1,
    migrate: Annotated[bool, typer.Option(help="Apply pending migrations before starting.")] = True,
) -> None:
    """Run the API server, the demo page at / and the API docs at /docs."""
    import uvicorn

    settings = _settings()
    host, port = host or settings.host, port or settings.port
    if migrate:
        _migrate(settings)
    err_console.print(f"SmartJobFit Coach on http://{host}:{port}  (model: {settings.resolved_provider}, "
                      f"database: {_describe(settings)})")
    if workers > 1:
        uvicorn.run("server.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    from server.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def chat(
    new: Annotated[bool, typer.Option("--new", help="Start a new conversation.")] = False,
    thread: Annotated[Optional[str], typer.Option(help="Continue this conversation id.")] = None,
    model: Annotated[Optional[str], typer.Option(help="offline or gemini (default: from settings).")] = None,
) -> None:
    """Chat with the coach in the terminal. The conversation is kept: run it again to continue.

    Type /new for a new conversation, /exit (or Ctrl-D) to leave."""
    settings = _settings()
    if model:
        settings = settings.model_copy(update={"model_provider": model})
    _migrate(settings)
    try:
        asyncio.run(_chat_loop(settings, new=new, thread_id=thread))
    except KeyboardInterrupt:
        console.print()


def _cli_state_file(settings: Settings) -> Path:
    return settings.data_dir / "cli_state.json"


async def _chat_loop(settings: Settings, *, new: bool, thread_id: str | None) -> None:
    from agent.service import ChatInputError, CoachService
    from memory.users import create_user, get_user

    state_file = _cli_state_file(settings)
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    async with CoachService.open(settings) as service:
        user = get_user(service.db, state.get("user_id", "")) if state.get("user_id") else None
        if user is None:
            user = create_user(service.db, email=None, password_hash=None, is_guest=True)
            state = {"user_id": user.id}
        thread_id = thread_id or (None if new else state.get("thread_id"))
        if thread_id:
            try:
                await service.owned_thread(user.id, thread_id)
            except ChatInputError:
                err_console.print(f"[yellow]No conversation {thread_id}; starting a new one.[/]")
                thread_id = None
        console.print(f"[bold]SmartJobFit Coach[/] ({settings.resolved_provider} model). "
                      "Type /new for a new conversation, /exit to leave.")
        if thread_id:
            console.print(f"[dim]Continuing conversation {thread_id}.[/]")
        interactive = sys.stdin.isatty()
        while True:
            try:
                line = input("you> " if interactive else "")
            except EOFError:
                break
            if not line.strip():
                continue
            if line.strip() in ("/exit", "/quit"):
                break
            if line.strip() == "/new":
                thread_id = None
                console.print("[dim]New conversation.[/]")
                continue
            if not interactive:
                console.print(f"you> {line}")
            try:
                events = await service.stream_turn(user.id, line, thread_id)
            except ChatInputError as exc:
                err_console.print(f"[red]{exc.message}[/]")
                continue
            console.print("coach> ", end="")
            async for event in events:
                if event.type == "token":
                    console.print(event.data["text"], end="", markup=False, highlight=False)
                elif event.type == "tool_call":
                    console.print(f"[dim]({event.data['name']}…)[/] ", end="")
                elif event.type == "done":
                    thread_id = event.data["thread_id"]
                    console.print()
                elif event.type == "error":
                    thread_id = event.data.get("thread_id", thread_id)
                    console.print()
                    err_console.print(f"[red]{event.data['message']}[/]")
            state["thread_id"] = thread_id
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            state_file.write_text(json.dumps(state))


if __name__ == "__main__":
    app()
