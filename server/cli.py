"""The `coach` command: serve the API, chat in the terminal, manage the database."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer
from rich.console import Console

from agent.settings import Settings

app = typer.Typer(help="SmartJobFit Coach: a career and salary coach.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err_console = Console(stderr=True)


def print_input_error(error, *, with_field: bool = True) -> None:
    """A refused input: the field and what is wrong with it, and for a name that matched nothing, the closest."""
    message = f"{error.field}: {error.message}" if with_field else error.message
    err_console.print(message, style="red", markup=False, highlight=False)
    for suggestion in getattr(error, "suggestions", None) or []:
        err_console.print(f"  did you mean: {suggestion.get('title') or suggestion.get('name')}", markup=False)


def _settings() -> Settings:
    from memory import crypto

    settings = Settings()
    crypto.configure(settings)  # the keys for the encrypted columns
    return settings


def _migrate(settings: Settings) -> None:
    from sqlmodel import SQLModel

    from memory import crypto, models  # noqa: F401  (the tables, for their encrypted columns)
    from memory.db import create_db_engine
    from memory.migrate import upgrade

    upgrade(settings.sqlalchemy_url)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        sealed = crypto.reseal(engine, SQLModel.metadata)  # values stored before encryption, now encrypted
    finally:
        engine.dispose()
    if sealed:
        console.print(f"encrypted {sealed} stored values")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the database (DATABASE_URL, or the local SQLite file)."""
    settings = _settings()
    _migrate(settings)
    from memory.migrate import current_revision

    console.print(f"database at revision [bold]{current_revision(settings.sqlalchemy_url)}[/] ({_describe(settings)})")


@db_app.command("new-key")
def db_new_key() -> None:
    """Print a new encryption key. Put it first in COACH_ENCRYPTION_KEYS (keep the old ones after it), then run
    `coach db rotate-key`; once that is done, the old keys can be removed."""
    from cryptography.fernet import Fernet

    print(Fernet.generate_key().decode())


@db_app.command("rotate-key")
def db_rotate_key() -> None:
    """Re-encrypt every encrypted value with the first key of COACH_ENCRYPTION_KEYS."""
    from sqlmodel import SQLModel

    from memory import crypto, models  # noqa: F401
    from memory.db import create_db_engine

    settings = _settings()
    _migrate(settings)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        with console.status("Re-encrypting stored values…"):
            count = crypto.reseal(engine, SQLModel.metadata, rotate=True)
    finally:
        engine.dispose()
    console.print(f"re-encrypted {count} values with the first key; older keys can now be removed")


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
    if workers > 1 and not settings.chroma_host:
        # The embedded vector store is one process's: another worker would not see its writes (and fails reading
        # an index it did not build). A Chroma server serves them all, from the same folder.
        err_console.print(f"error: --workers {workers} needs a Chroma server for career memory. Start one on the "
                          f"embedded store's folder:\n  chroma run --path {settings.data_dir / 'chroma'} --port 8001\n"
                          "then set CHROMA_HOST=127.0.0.1 CHROMA_PORT=8001 (see README, Career memory).", markup=False)
        raise typer.Exit(2)
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
    roleplay: Annotated[bool, typer.Option("--roleplay", help="Practise a salary negotiation with a recruiter.")] = False,
    title: Annotated[Optional[str], typer.Option(help="Role-play: the job title (default: your profile's).")] = None,
    location: Annotated[Optional[str], typer.Option(help="Role-play: the place (default: your profile's).")] = None,
    offer: Annotated[Optional[float], typer.Option(help="Role-play: the base salary offered, if you have one.")] = None,
    persona: Annotated[Optional[str], typer.Option(
        help="Role-play: warm, hard_bargainer, analytical or rushed_hiring_manager (default: a surprise).")] = None,
    company_type: Annotated[Optional[str], typer.Option(
        help="Role-play: startup, big_tech, mid_size, non_profit or public_sector (default: a surprise).")] = None,
) -> None:
    """Chat with the coach in the terminal. The conversation is kept: run it again to continue.

    Type /new for a new conversation, /exit (or Ctrl-D) to leave. With --roleplay, negotiate with a recruiter
    instead (/debrief ends it and shows how you did)."""
    settings = _settings()
    if model:
        settings = settings.model_copy(update={"model_provider": model})
    _migrate(settings)
    try:
        if roleplay:
            from server.roleplay_cli import run_roleplay

            raise typer.Exit(run_roleplay(settings, console, err_console, title=title, location=location,
                                          offer=offer, persona=persona, company_type=company_type))
        asyncio.run(_chat_loop(settings, new=new, thread_id=thread))
    except KeyboardInterrupt:
        console.print()


def _cli_state_file(settings: Settings) -> Path:
    return settings.data_dir / "cli_state.json"


def cli_user(settings: Settings, db) -> tuple[object, dict]:
    """The terminal's own user (a guest kept in the data folder), and the CLI's saved state."""
    from memory.users import create_user, get_user

    state_file = _cli_state_file(settings)
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    user = get_user(db, state.get("user_id", "")) if state.get("user_id") else None
    if user is None:
        user = create_user(db, email=None, password_hash=None, is_guest=True)
        state = {"user_id": user.id}
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps(state))
    return user, state


async def _chat_loop(settings: Settings, *, new: bool, thread_id: str | None) -> None:
    from agent.service import ChatInputError, CoachService

    state_file = _cli_state_file(settings)
    async with CoachService.open(settings) as service:
        user, state = cli_user(settings, service.db)
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


@app.command()
def salary(
    title: Annotated[str, typer.Argument(help="A job title as people write it, e.g. 'senior data engineer'.")],
    location: Annotated[Optional[str], typer.Option("--location", "-l", help="City, metro, state or 'remote'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer as JSON.")] = False,
) -> None:
    """Market pay for a job title in a place, from BLS OEWS."""
    from tools.salary.market import market_data
    from tools.occupations.resolver import NoMatch, InputError
    from tools.occupations.oews import use_data_dir
    from tools.salary.report import print_market_data

    use_data_dir(_settings().data_dir)  # a `coach data refresh` result, when there is one
    try:
        result = market_data(title, location)
    except InputError as exc:
        print_input_error(exc)
        raise typer.Exit(2) from exc
    except NoMatch as exc:
        print_input_error(exc, with_field=False)
        raise typer.Exit(1) from exc
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        print_market_data(console, result)


@app.command()
def roadmap(
    current: Annotated[str, typer.Argument(help="Your current role, e.g. 'registered nurse'.")],
    target: Annotated[str, typer.Argument(help="The role you want, e.g. 'nurse practitioner'.")],
    location: Annotated[Optional[str], typer.Option("--location", "-l", help="Where you work (pay is quoted there).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer as JSON.")] = False,
) -> None:
    """Paths from one role to another (O*NET related occupations) with skills, preparation, pay and outlook."""
    from prompts import render
    from tools.career.roadmap import roadmap as plan_roadmap
    from tools.occupations.oews import use_data_dir
    from tools.salary.tool import readable_answer

    use_data_dir(_settings().data_dir)
    result = readable_answer(plan_roadmap)(current, target, location)  # refused input comes back as {"error", "field"}
    print(json.dumps(result, indent=2, ensure_ascii=False) if as_json else render("offline/career_roadmap", result=result))
    if "error" in result:
        raise typer.Exit(1)


@app.command()
def skills(
    file: Annotated[str, typer.Argument(help="A resume (PDF, DOCX or TXT), or - to read text from stdin.")],
    target_role: Annotated[Optional[str], typer.Option("--target-role", "-t", help="e.g. 'data analyst'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer as JSON.")] = False,
) -> None:
    """Skills in a resume with their evidence (ESCO / O*NET), and the gaps for a target role."""
    from pathlib import Path

    from tools.occupations.resolver import NoMatch
    from tools.skills.analysis import analyse
    from tools.skills.documents import document_text
    from tools.skills.extract import SkillInputError
    from tools.skills.report import print_analysis
    from tools.skills.semantic import semantic_matcher

    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise SkillInputError("file", "not_found", f"no such file: {file}")
            text = document_text(path.name, path.read_bytes())
        with console.status("Finding skills (the first run also prepares the skill vectors, about 20 s)…"):
            result = analyse(text=text, target_role=target_role, semantic=semantic_matcher(_settings()))
    except (SkillInputError, NoMatch) as exc:
        print_input_error(exc)
        raise typer.Exit(2) from exc
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        print_analysis(console, result)


offers_app = typer.Typer(help="Job offers: compare them in full and see what to negotiate.", no_args_is_help=True)
app.add_typer(offers_app, name="offers")


@offers_app.command("analyze")
def offers_analyze(
    file: Annotated[str, typer.Argument(help="A JSON file with {offers: [...], years_experience?}, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer as JSON.")] = False,
) -> None:
    """Compare one to five offers: totals part by part, equity by vesting year, the market, what to negotiate."""
    from pydantic import ValidationError

    from tools.offers.analysis import analyze_offers
    from tools.offers.model import OfferAnalysisRequest, first_error
    from tools.offers.report import print_offer_analysis
    from tools.occupations.resolver import NoMatch, InputError
    from tools.occupations.oews import use_data_dir

    use_data_dir(_settings().data_dir)  # a `coach data refresh` result, when there is one
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        request = OfferAnalysisRequest.model_validate_json(text)
        result = analyze_offers(request)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        err_console.print(f"cannot read {file}: {reason}", style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    except ValidationError as exc:
        field, message = first_error(exc)
        if exc.errors() and exc.errors()[0].get("type") == "json_invalid":
            field, message = None, f"{file} is not valid JSON: {message}"
        err_console.print(f"{field}: {message}" if field else message, style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    except InputError as exc:
        print_input_error(exc)
        raise typer.Exit(2) from exc
    except NoMatch as exc:
        print_input_error(exc)
        raise typer.Exit(1) from exc
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        print_offer_analysis(console, result)


goals_app = typer.Typer(help="Career goals: reminders for due and overdue milestones.", no_args_is_help=True)
app.add_typer(goals_app, name="goals")


@goals_app.command("remind")
def goals_remind(
    days: Annotated[int, typer.Option(min=0, max=365, help="Remind of milestones due within this many days.")] = 7,
    today: Annotated[Optional[str], typer.Option(help="Run as of this date (YYYY-MM-DD); default today.")] = None,
) -> None:
    """Write a reminder into every milestone that is due soon or overdue and has not had that reminder yet
    (safe to run again: each reminder is written once), and print what was written."""
    from datetime import date

    from memory.db import create_db_engine
    from tools.goals.remind import send_reminders

    try:
        as_of = date.fromisoformat(today) if today else None
    except ValueError as exc:
        err_console.print(f"--today: {today!r} is not a date (YYYY-MM-DD)", style="red", markup=False)
        raise typer.Exit(2) from exc
    settings = _settings()
    _migrate(settings)
    reminders = send_reminders(create_db_engine(settings.sqlalchemy_url), as_of, days)
    for reminder in reminders:
        console.print(reminder.line(), markup=False, highlight=False)
    console.print(f"{len(reminders)} reminder(s) written", highlight=False)


demo_app = typer.Typer(help="A labelled demo set (synthetic mentors and mentees) to try matching with.",
                       no_args_is_help=True)
app.add_typer(demo_app, name="demo")


@demo_app.command("seed")
def demo_seed(
    mentors: Annotated[int, typer.Option(min=1, max=500, help="Demo mentors to create.")] = 24,
    mentees: Annotated[int, typer.Option(min=0, max=500, help="Demo mentees to create.")] = 12,
) -> None:
    """Create (or replace) the demo set: mentors with real occupations, skills and availability, labelled
    "(demo)" wherever they are shown, and mentee accounts no one can sign in to. Real users' data is untouched."""
    from memory.db import create_db_engine
    from tools.mentors.demo import seed_demo

    settings = _settings()
    _migrate(settings)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        with console.status("Creating the demo mentors…"):
            made = seed_demo(engine, mentors, mentees)
    finally:
        engine.dispose()
    console.print(f"demo set ready: {made['mentors']} mentors, {made['mentees']} mentees (remove it with "
                  "`coach demo remove`)", highlight=False, markup=False)


@demo_app.command("remove")
def demo_remove() -> None:
    """Delete the demo set, and nothing else."""
    from memory.db import create_db_engine
    from tools.mentors.demo import remove_demo

    settings = _settings()
    _migrate(settings)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        removed = remove_demo(engine)
    finally:
        engine.dispose()
    console.print(f"removed {removed} demo accounts", highlight=False)


users_app = typer.Typer(help="Accounts: make the first admin, set roles, list users. Each change is written to the "
                        "admin audit log as made by 'cli'.", no_args_is_help=True)
app.add_typer(users_app, name="users")
RoleName = Literal["student", "mentor", "admin"]


@contextmanager
def _database() -> Iterator[object]:
    """The migrated database of the settings, as an engine for the length of a command."""
    from memory.db import create_db_engine

    settings = _settings()
    _migrate(settings)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _refused(error) -> typer.Exit:
    print_input_error(error)
    return typer.Exit(2)


def _new_password(email: str, from_stdin: bool) -> tuple[str, str]:
    """The e-mail and the password hash of a new account, checked as registering checks them."""
    from pydantic import ValidationError

    from server.auth import hash_password
    from server.routers.auth import Credentials

    password = sys.stdin.readline().rstrip("\r\n") if from_stdin else \
        typer.prompt("Password for the new account", hide_input=True, confirmation_prompt=True)
    try:
        checked = Credentials(email=email, password=password)
    except ValidationError as exc:
        first = exc.errors()[0]
        err_console.print(f"{first['loc'][0]}: {first['msg']}", style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    return checked.email, hash_password(checked.password)


def _print_changes(email: str, changes: dict) -> None:
    said = ", ".join(f"{name} {old} → {new}" for name, (old, new) in changes.items()) or "nothing to change"
    console.print(f"{email}: {said}", markup=False, highlight=False)


@users_app.command("create-admin")
def users_create_admin(
    email: Annotated[str, typer.Argument(help="The admin's e-mail address.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read a new account's password from the "
                                                 "first line of stdin instead of asking for it.")] = False,
) -> None:
    """Make EMAIL an admin: a new account with the password you type (hidden, twice) or pipe in, or the existing
    account promoted (and reactivated) with its password and e-mail verification as they are."""
    from server.admin import CLI, AdminError, create_admin, user_id_for_email

    with _database() as db:
        try:
            user_id_for_email(db, email)
            password_hash = None  # an existing account keeps its password
        except AdminError:
            email, password_hash = _new_password(email, password_stdin)
        try:
            result = create_admin(db, CLI, email, password_hash)
        except AdminError as exc:
            raise _refused(exc) from exc
    if result["created"]:
        console.print(f"created the admin account {result['user']['email']} (id {result['user']['id']}); sign in "
                      "at /admin", markup=False, highlight=False)
    else:
        _print_changes(result["user"]["email"], result["changes"])


@users_app.command("set-role")
def users_set_role(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
    role: Annotated[RoleName, typer.Argument(help="student, mentor or admin.")],
) -> None:
    """Give an account a role. The last active admin cannot be demoted; a user with a mentor profile stays a
    mentor."""
    from server.admin import CLI, AdminError, UserEdit, update_user, user_id_for_email

    with _database() as db:
        try:
            result = update_user(db, CLI, user_id_for_email(db, email), UserEdit(role=role))
        except AdminError as exc:
            raise _refused(exc) from exc
    _print_changes(result["user"]["email"], result["changes"])


@users_app.command("list")
def users_list(
    role: Annotated[Optional[RoleName], typer.Option(help="Only this role.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Part of the e-mail, or the id.")] = None,
    guests: Annotated[bool, typer.Option("--guests", help="Include guest visitors.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Rows to show, newest first.")] = 50,
) -> None:
    """The accounts, newest first, as a table."""
    from rich.table import Table

    from server.admin import list_users

    with _database() as db:
        page = list_users(db, q=search, role=role, guests=guests, limit=limit)
    table = Table(title=f"{len(page['items'])} of {page['total']} accounts")
    for column in ("Email", "Role", "Active", "Verified", "Mentor", "Created", "Id"):
        table.add_column(column)
    for user in page["items"]:
        table.add_row(user["email"] or "(guest)", user["role"], "yes" if user["is_active"] else "no",
                      "yes" if user["email_verified"] else "no", "yes" if user["mentor_profile"] else "",
                      (user["created_at"] or "")[:10], user["id"])
    console.print(table)


memory_app = typer.Typer(help="Career memory: the vector store beside SQL.", no_args_is_help=True)
app.add_typer(memory_app, name="memory")


@memory_app.command("reindex")
def memory_reindex() -> None:
    """Write every stored memory to the vector store again (SQL holds the truth): after changing
    COACH_EMBEDDINGS, moving to a Chroma server (CHROMA_HOST), or losing the store's folder. Run it while the
    server is stopped or quiet: a user's recall misses their memories while theirs are rewritten."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from memory.db import create_db_engine
    from memory.memories import CareerMemory
    from memory.vector_store import VectorStore, VectorStoreDown

    settings = _settings()
    _migrate(settings)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        memory = CareerMemory(engine, VectorStore(settings), settings)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err_console) as progress:
            task = progress.add_task("embedding memories", total=memory.count_all())
            written = memory.reindex(lambda n: progress.advance(task, n))
    except VectorStoreDown as exc:
        err_console.print(f"error: {exc}", style="red", markup=False)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    where = f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else \
        f"{settings.data_dir / 'chroma'}"
    console.print(f"{written} {'memory' if written == 1 else 'memories'} written to {where} ({settings.embeddings} embeddings)", highlight=False,
                  markup=False)


data_app = typer.Typer(help="The wage data the coach uses (BLS OEWS): what is in use; refresh it from BLS.",
                       no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("status")
def data_status_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Which wage data is in use (shipped with the app, or refreshed into COACH_DATA_DIR) and what it holds."""
    from tools.salary.refresh import data_status

    status = data_status(_settings().data_dir)
    if as_json:
        print(status.model_dump_json(indent=2))
        return
    origin = "refreshed from BLS" if status.source == "refreshed" else "shipped with the app"
    console.print(f"[bold]BLS OEWS {status.release}[/] ({status.release_code or 'release code unknown'}), {origin}")
    console.print(f"file: {status.path} ({status.file_bytes / 1e6:.1f} MB)", highlight=False)
    console.print(f"retrieved from BLS: {status.retrieved or 'unknown'}"
                  + (f" (BLS's file dated {status.published})" if status.published else ""))
    console.print(f"{status.cells:,} published rows (area × industry × occupation): {status.areas:,} areas, "
                  f"{status.occupations:,} occupations, {status.industries:,} industries")
    console.print(f"[dim]{status.attribution}\n{status.notice}[/]")


@data_app.command("refresh")
def data_refresh(
    base_url: Annotated[Optional[str], typer.Option(
        "--base-url", help="Where BLS's OEWS flat files are (default https://download.bls.gov/pub/time.series/oe/).")
    ] = None,
    contact: Annotated[Optional[str], typer.Option(
        help="Your e-mail address, sent in the User-Agent as BLS asks of automated downloads.")] = None,
) -> None:
    """Download BLS's latest OEWS release and use it from now on (kept in COACH_DATA_DIR/oews/).

    About 330 MB to download. On any failure the data in use stays exactly as it was."""
    from rich.markup import escape
    from rich.progress import (BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn,
                               TransferSpeedColumn)

    from tools.salary.refresh import DEFAULT_BASE_URL, RefreshError, RefreshProgress, data_status, refresh_oews

    settings = _settings()
    steps = {"write": "building the compact file", "validate": "checking it", "install": "swapping it in"}
    tasks: dict[tuple[str, str], TaskID] = {}
    failure: RefreshError | None = None
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), console=err_console) as bar:

        def show(event: RefreshProgress) -> None:
            if event.stage not in ("download", "parse"):
                bar.console.print(f"[dim]{steps.get(event.stage, event.stage)}…[/]")
                return
            label = f"{'downloading' if event.stage == 'download' else 'reading'} {event.name}"
            if event.attempt > 1:
                label += f" (attempt {event.attempt})"
            task = tasks.get((event.stage, event.name))
            if task is None:
                task = tasks[(event.stage, event.name)] = bar.add_task(label, total=event.total)
            bar.update(task, completed=event.done, total=event.total, description=label)

        try:
            result = refresh_oews(settings.data_dir, base_url or DEFAULT_BASE_URL, progress=show,
                                  contact=contact or settings.bls_contact)
        except RefreshError as exc:
            failure = exc
    if failure is not None:
        status = data_status(settings.data_dir)
        err_console.print(f"[red]Refresh failed: {escape(str(failure))}[/]", highlight=False)
        err_console.print(f"The data in use is unchanged: BLS OEWS {status.release} ({status.source}, {status.path}).",
                          highlight=False)
        raise typer.Exit(1)
    console.print(f"Now using [bold]BLS OEWS {result.release}[/] ({result.release_code}), "
                  f"retrieved {result.retrieved}: {result.cells:,} rows, {result.areas:,} areas, "
                  f"{result.occupations:,} occupations, {result.industries:,} industries.")
    console.print(f"file: {result.path}", highlight=False)
    if result.skipped_rows:
        console.print(f"[yellow]{result.skipped_rows:,} data rows named codes the code lists lack and were skipped.[/]")


@data_app.command("import-courses")
def data_import_courses(
    file: Annotated[Path, typer.Argument(help="A course catalog CSV (.csv or .csv.gz): the Udemy, edX or Coursera "
                                              "Kaggle catalogs, or columns title,url[,provider,level,...].")],
    provider: Annotated[Optional[str], typer.Option(help="The provider name to store (default: the format's).")]
    = None,
) -> None:
    """Load a course catalog file into the course search (upserted on provider and course id). The whole file is
    checked first and written in one transaction: a bad row names its row and column and nothing is written."""
    from rich.progress import Progress

    from memory.db import create_db_engine
    from tools.learning.catalog import ensure_shipped_catalog
    from tools.learning.course_import import CourseFileError, import_file

    if not file.is_file():
        err_console.print(f"{file}: no such file", style="red", markup=False, highlight=False)
        raise typer.Exit(2)
    settings = _settings()
    _migrate(settings)
    db = create_db_engine(settings.sqlalchemy_url)
    try:
        ensure_shipped_catalog(db)
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task(f"importing {file.name}", total=None)
            result = import_file(db, file, provider, progress=lambda done, total: bar.update(task, completed=done,
                                                                                              total=total))
    except CourseFileError as exc:
        err_console.print(f"{file}: {exc} (nothing was imported)", style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    console.print(f"{result.written:,} courses imported from {file.name} ({result.format} format)", highlight=False)


eval_app = typer.Typer(help="Prompt eval suites: run them against a model, report, compare runs.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("run")
def eval_run(
    suites: Annotated[list[str], typer.Argument(help="Suite files, folders, or names in evals/suites (e.g. salary).")],
    model: Annotated[str, typer.Option(help="offline or gemini.")] = "offline",
    repeat: Annotated[int, typer.Option(min=1, help="Run each case K times; a case passes when all K pass.")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, help="Cases run at once.")] = 4,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only cases with this tag (repeatable).")] = None,
    gate: Annotated[bool, typer.Option("--gate", help="Exit 1 when a case tagged `gate` fails.")] = False,
    prompt_version: Annotated[Optional[str], typer.Option(
        "--prompt-version", help="A folder of prompts/ (e.g. v1); default COACH_PROMPT_VERSION.")] = None,
    judge: Annotated[Optional[str], typer.Option(
        help="gemini: score `rubric` assertions with an LLM judge; without it they are skipped.")] = None,
) -> None:
    """Run eval suites; the run is saved as evals/runs/<run_id>.json."""
    from evals.report import print_run
    from evals.runner import RunOptions, UnknownPromptVersion, check_prompt_version, run_suites
    from evals.suite import SuiteError, load_suites

    if model not in ("offline", "gemini"):
        err_console.print(f"[red]--model must be offline or gemini, not {model!r}[/]")
        raise typer.Exit(2)
    settings = _settings()
    try:
        check_prompt_version(prompt_version or settings.prompt_version)
    except UnknownPromptVersion as exc:
        err_console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    if judge is not None:
        from agent.models import ProviderConfigError, build_chat_model

        if judge != "gemini":
            err_console.print(f"[red]--judge must be gemini, not {judge!r}[/]")
            raise typer.Exit(2)
        try:
            build_chat_model(settings, judge)
        except ProviderConfigError as exc:
            err_console.print(f"--judge {judge}: {exc}", style="red", markup=False, highlight=False)
            raise typer.Exit(2) from exc
    try:
        loaded = load_suites(suites)
    except SuiteError as exc:
        for issue in exc.issues:
            err_console.print(f"[red]{issue}[/]", markup=False, highlight=False, style="red")
        raise typer.Exit(2) from exc
    run, path = run_suites(loaded, RunOptions(model=model, repeat=repeat, concurrency=concurrency,
                                              tags=tuple(tag or ()), progress=sys.stderr.isatty(),
                                              prompt_version=prompt_version, judge=judge), settings)
    print_run(run, console)
    console.print(f"saved {path}", highlight=False)
    if gate and run["summary"]["gate_failed"]:
        raise typer.Exit(1)


@eval_app.command("report")
def eval_report(
    runs: Annotated[list[str], typer.Argument(help="One run (file or id) to report; two to compare (A then B).")],
) -> None:
    """Report on a run (terminal table + an HTML page next to its JSON), or compare two runs."""
    from evals.report import load_run, print_comparison, print_run, resolve_run, write_html

    if len(runs) not in (1, 2):
        err_console.print("[red]give one run to report, or two to compare[/]")
        raise typer.Exit(2)
    try:
        loaded = [load_run(ref) for ref in runs]
    except (FileNotFoundError, ValueError) as exc:
        err_console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    if len(loaded) == 1:
        print_run(loaded[0], console)
        console.print(f"HTML report: {write_html(loaded[0], resolve_run(runs[0]))}", highlight=False)
    else:
        print_comparison(loaded[0], loaded[1], console)


@eval_app.command("tactics")
def eval_tactics(
    seeds: Annotated[int, typer.Option(min=1, max=50, help="Scenarios per occupation × persona × company type.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Scripted negotiation tactics against the recruiter simulator: does better negotiating pay off?"""
    from rich.table import Table

    from evals.negotiation_tactics import run

    results = run(seeds)
    if as_json:
        console.print_json(data=[r.row() for r in results])
        return
    table = Table(title=f"Negotiation tactics ({results[0].sessions} scenarios each, offline simulator)")
    for column in ("Tactic", "Surplus captured", "Deal rate", "Base gain (deals)", "Debrief score"):
        table.add_column(column, justify="left" if column == "Tactic" else "right")
    for r in sorted(results, key=lambda r: r.surplus):
        table.add_row(r.tactic, f"{r.surplus:.0%}", f"{r.deal_rate:.0%}", f"${r.base_gain:,.0f}", f"{r.score:.1f}")
    console.print(table)


if __name__ == "__main__":
    app()
