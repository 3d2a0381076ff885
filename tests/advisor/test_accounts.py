"""Advisor accounts: the `wizard advisor` commands, password hashing, the advisor key."""

from __future__ import annotations

import sqlalchemy as sa
from advisor_helpers import PASSWORD, login
from click.testing import CliRunner

from wizard.cli import main
from wizard.store import Advisors, LoginFailed, open_store
from wizard.store.advisor_schema import advisor_sessions
from wizard.store.advisor_schema import advisors as accounts


def _env(tmp_path):
    return {"WIZARD_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "WIZARD_SECRET_KEY": ""}


def test_add_list_disable_enable_on_the_command_line(tmp_path) -> None:
    runner = CliRunner()
    env = _env(tmp_path)
    result = runner.invoke(
        main, ["advisor", "add", "Berater@KIM.example"], input=f"{PASSWORD}\n{PASSWORD}\n", env=env
    )
    assert result.exit_code == 0, result.output
    assert "berater@kim.example added" in result.output
    assert PASSWORD not in result.output

    result = runner.invoke(
        main,
        ["advisor", "add", "zweite@kim.example", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert result.exit_code == 0, result.output

    listed = runner.invoke(main, ["advisor", "list"], env=env)
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith("berater@kim.example\tactive\tlast login: never")
    assert lines[1].startswith("zweite@kim.example\tactive")

    assert (
        runner.invoke(main, ["advisor", "disable", "berater@kim.example"], env=env).exit_code == 0
    )
    assert "disabled" in runner.invoke(main, ["advisor", "list"], env=env).output.splitlines()[0]
    assert runner.invoke(main, ["advisor", "enable", "BERATER@kim.example"], env=env).exit_code == 0
    assert "active" in runner.invoke(main, ["advisor", "list"], env=env).output.splitlines()[0]


def test_the_command_refuses_mismatches_short_passwords_and_duplicates(tmp_path) -> None:
    runner = CliRunner()
    env = _env(tmp_path)
    mismatch = runner.invoke(
        main,
        ["advisor", "add", "a@kim.example"],
        input=f"{PASSWORD}\nanders-und-lang-genug\n{PASSWORD}\n{PASSWORD}\n",
        env=env,
    )
    assert "do not match" in mismatch.output  # asked again, then accepted
    assert mismatch.exit_code == 0
    short = runner.invoke(
        main, ["advisor", "add", "b@kim.example", "--password-stdin"], input="kurz\n", env=env
    )
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    again = runner.invoke(
        main,
        ["advisor", "add", "A@kim.example", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert again.exit_code != 0 and "exists" in again.output
    unknown = runner.invoke(main, ["advisor", "disable", "nobody@kim.example"], env=env)
    assert unknown.exit_code != 0


def test_passwords_are_argon2id_and_the_advisor_key_is_stored_only_wrapped(advisors) -> None:
    created = advisors.add("berater@kim.example", PASSWORD)
    with advisors.engine.connect() as conn:
        row = conn.execute(sa.select(accounts).where(accounts.c.id == created.id)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD.encode() not in row.wrapped_key and PASSWORD not in row.password_hash
    session, _token = advisors.login("berater@kim.example", PASSWORD)
    # the unwrapped key appears nowhere in the database, neither in the account nor the session
    with advisors.engine.connect() as conn:
        blobs = [
            bytes(b) for b in conn.execute(sa.select(advisor_sessions.c.wrapped_key)).scalars()
        ]
    assert session.key not in bytes(row.wrapped_key) and all(session.key not in b for b in blobs)
    assert "key=" not in repr(session)


def test_password_change_keeps_the_advisor_key(advisors) -> None:
    advisors.add("berater@kim.example", PASSWORD)
    before, _ = advisors.login("berater@kim.example", PASSWORD)
    advisors.change_password("berater@kim.example", PASSWORD, "ein-ganz-neues-passwort")
    after, _ = advisors.login("berater@kim.example", "ein-ganz-neues-passwort")
    assert after.key == before.key  # cases handed over before stay readable
    try:
        advisors.login("berater@kim.example", PASSWORD)
    except LoginFailed:
        pass
    else:
        raise AssertionError("the old password still works")


def test_disabled_advisor_cannot_sign_in_and_open_sessions_end(
    app, advisors, advisor, desk
) -> None:
    assert login(desk).status_code == 302
    assert desk.get("/advisor/").status_code == 200
    advisors.set_disabled(advisor.email, True)
    response = desk.get("/advisor/")
    assert response.status_code == 302 and "/advisor/login" in response.headers["Location"]
    refused = login(desk)
    assert refused.status_code == 401
    assert "wrong, or the account is locked" in refused.get_data(as_text=True)
    advisors.set_disabled(advisor.email, False)
    assert login(desk).status_code == 302


def test_store_can_be_reopened_with_the_advisor_tables(tmp_path) -> None:
    store = open_store(None, data_dir=tmp_path, server_secret=b"s" * 32)
    Advisors(store.engine).list()
    store.close()
    again = open_store(None, data_dir=tmp_path, server_secret=b"s" * 32)
    assert Advisors(again.engine).list() == []
    again.close()
