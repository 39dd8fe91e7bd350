"""`coach users ...`: bootstrap the first admin (password piped or typed hidden), set roles, list accounts; every
change in the audit log as made by "cli", and a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from memory.db import create_db_engine
from server.admin import list_audit, list_users
from server.app import create_app
from server.cli import app as cli_app
from tests.conftest import TEST_ENCRYPTION_KEY, make_settings
from tests.test_cli import _coach

PASSWORD = "a long admin password"


def test_create_admin_set_role_and_list_as_a_user_runs_them(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)  # the same data folder (and SQLite file) the commands use
    data = settings.data_dir
    made = _coach(data, "users", "create-admin", "Boss@Example.com", "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert "created the admin account boss@example.com" in made.stdout

    with TestClient(create_app(settings)) as client:
        login = client.post("/api/auth/login", json={"email": "boss@example.com", "password": PASSWORD})
        assert login.status_code == 200 and login.json()["user"]["role"] == "admin"
        assert login.json()["user"]["email_verified"] is False  # nothing else is vouched for
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        assert client.get("/api/admin/counts", headers=headers).status_code == 200
        assert client.post("/api/auth/register", json={"email": "ana@example.com",
                                                       "password": "ana's password"}).status_code == 201

    # The rest in-process (each `coach` process takes seconds to start); the first command ran as a user runs it.
    env = {"COACH_DATA_DIR": str(data), "COACH_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY, "DATABASE_URL": "",
           "COLUMNS": "200"}

    def coach(*args: str, stdin: str = ""):
        return CliRunner().invoke(cli_app, list(args), input=stdin, env=env)

    promoted = coach("users", "set-role", "ANA@example.com", "mentor")
    assert promoted.exit_code == 0, promoted.output
    assert "ana@example.com: role student → mentor" in promoted.output
    again = coach("users", "create-admin", "ana@example.com", "--password-stdin", stdin="ignored\n")
    assert again.exit_code == 0 and "role mentor → admin" in again.output  # promoted; the password unchanged

    listed = _coach(data, "users", "list", "--role", "admin")
    assert listed.returncode == 0, listed.stderr
    assert "2 of 2 accounts" in listed.stdout and "boss@example.com" in listed.stdout and "ana@example.com" in listed.stdout

    unknown = coach("users", "set-role", "nobody@example.com", "admin")
    assert unknown.exit_code == 2 and "email: no account 'nobody@example.com'" in unknown.output
    bad_role = coach("users", "set-role", "ana@example.com", "boss")
    assert bad_role.exit_code == 2 and "'boss' is not one of" in bad_role.output
    short = coach("users", "create-admin", "new@example.com", "--password-stdin", stdin="short\n")
    assert short.exit_code == 2 and "password:" in short.output
    bad_email = coach("users", "create-admin", "not-an-email", "--password-stdin", stdin=PASSWORD + "\n")
    assert bad_email.exit_code == 2 and "email:" in bad_email.output

    assert coach("users", "set-role", "ana@example.com", "student").exit_code == 0
    last = coach("users", "set-role", "boss@example.com", "student")
    assert last.exit_code == 2 and "role: boss@example.com is the last active admin" in last.output

    db = create_db_engine(settings.sqlalchemy_url)
    try:
        log = list_audit(db)["items"]
        users = {u["email"]: u for u in list_users(db)["items"]}
    finally:
        db.dispose()
    assert [(e["action"], e["admin_email"], e["admin_id"]) for e in reversed(log)] == [
        ("user.create", "cli", None), ("user.update", "cli", None), ("user.update", "cli", None),
        ("user.update", "cli", None)]
    assert [e["changes"] for e in reversed(log)][1:] == [{"role": ["student", "mentor"]}, {"role": ["mentor", "admin"]},
                                                         {"role": ["admin", "student"]}]
    assert set(users) == {"boss@example.com", "ana@example.com"} and users["boss@example.com"]["role"] == "admin"


def test_create_admin_asks_for_the_password_hidden_and_twice(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    env = {"COACH_DATA_DIR": str(settings.data_dir), "COACH_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY, "DATABASE_URL": ""}
    typed = CliRunner().invoke(cli_app, ["users", "create-admin", "typed@example.com"],
                               input=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert typed.exit_code == 0, typed.output
    assert PASSWORD not in typed.output and "created the admin account typed@example.com" in typed.output
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/auth/login", json={"email": "typed@example.com",
                                                    "password": PASSWORD}).status_code == 200
