"""A database filled through the real web app reveals no answer (SQLite and PostgreSQL).

The whole Anmeldung is completed from ``tests/data/anmeldung.answers.yaml``
through the Flask test client, finished, its PDFs downloaded, a resume code
issued and used on a second device, wrong codes tried; then the database is
dumped the way a thief would read it (SQLite: raw bytes of the file, WAL,
shared memory and journal, plus ``iterdump``, and every other file in the data
folder; PostgreSQL: every column of every table as text, and every row) and
searched for every answer value and key, in plain, hex, base64 and JSON form.
"""

from __future__ import annotations

import datetime as dt
import re

from rel_support import (
    answer_needles,
    app_config,
    find_leaks,
    hidden_fields,
    postgres_dump,
    sqlite_dump,
    sqlite_text_dump,
)
from web_helpers import complete_form, csrf, post_page

from wizard import engine
from wizard.store.database import SQLITE_FILENAME
from wizard.web.app import create_app


def _cookie(client, name: str = "wz-anmeldung") -> str:
    return next(c.value for c in client._cookies.values() if c.key == name)


def _metadata_dates() -> list[dt.date]:
    today = dt.datetime.now(dt.UTC).date()
    return [today + dt.timedelta(days=d) for d in range(-1, 32)]  # created .. expires (30 days)


def test_completed_form_leaves_no_answer_in_the_database(
    tmp_path, database_url, answers_file
) -> None:
    data_dir = tmp_path / "data"
    app = create_app(app_config(data_dir, DATABASE_URL=database_url))
    form = app.extensions["wizard.library"].get("anmeldung")
    store = app.extensions["wizard.store"]

    phone = app.test_client()
    phone.get("/?lang=de")
    complete_form(phone, form, answers_file)
    page = phone.get("/forms/anmeldung/check").get_data(as_text=True)
    finished = phone.post("/forms/anmeldung/check", data={"csrf_token": csrf(page)})
    assert finished.status_code == 302 and finished.headers["Location"].endswith("/done")
    done = phone.get("/forms/anmeldung/done").get_data(as_text=True)
    assert phone.get("/forms/anmeldung/summary.pdf").status_code == 200
    for link in sorted(set(re.findall(r'href="(/forms/anmeldung/pdf/[^"]+\.pdf)"', done))):
        assert phone.get(link).status_code == 200, link
    first_cookie = _cookie(phone)

    saved = post_page(phone, "/forms/anmeldung/save", {}).get_data(as_text=True)
    code = re.search(r"<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>", saved).group(1)
    laptop = app.test_client()
    token = hidden_fields(laptop.get("/resume").get_data(as_text=True))["csrf_token"]
    for wrong in ("AAAA-BBBB-CCCC", "ZZZZ-ZZZZ-ZZZ0"):
        assert laptop.post("/resume", data={"csrf_token": token, "code": wrong}).status_code == 422
    resumed = laptop.post("/resume", data={"csrf_token": token, "code": code})
    assert resumed.status_code == 302
    second_cookie = _cookie(laptop)

    # The draft really holds the answers (so "not found in the dump" means something).
    stored = store.open(second_cookie).answers
    assert engine.effective_answers(form, stored) == engine.effective_answers(form, answers_file)

    needles = answer_needles(answers_file, metadata_dates=_metadata_dates())
    secrets = [first_cookie, second_cookie, code, code.replace("-", "")]
    secrets += [first_cookie.split(".")[2], second_cookie.split(".")[2]]

    def check(binary: str, text: str, when: str) -> None:
        assert "anmeldung" in text, "the dump should contain metadata (form id)"
        leaks = find_leaks(needles, binary_dump=binary, text_dump=text)
        assert not leaks, f"answers found in the database ({when}): {leaks[:10]}"
        for secret in secrets:
            assert secret not in binary and secret not in text, f"key or code leaked ({when})"

    for when in ("while the app runs", "after the app closed"):
        if when == "after the app closed":
            store.close()
        if database_url is None:
            db = data_dir / SQLITE_FILENAME
            files = "\n".join(
                p.read_bytes().decode("utf-8", "surrogateescape")
                for p in sorted(data_dir.rglob("*"))
                if p.is_file()
            )
            check(sqlite_dump(db) + files, sqlite_text_dump(db), when)
        else:
            dump = postgres_dump(database_url)
            check(dump, dump, when)

    # Control: the same dump and search do find answers once they are in the database.
    import json

    import sqlalchemy as sa

    from wizard.store.database import normalise_url

    engine_ = sa.create_engine(normalise_url(database_url, data_dir))
    with engine_.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE planted (x TEXT)")
        conn.execute(sa.text("INSERT INTO planted VALUES (:x)"), {"x": json.dumps(answers_file)})
    engine_.dispose()
    if database_url is None:
        db = data_dir / SQLITE_FILENAME
        planted = find_leaks(needles, binary_dump=sqlite_dump(db), text_dump=sqlite_text_dump(db))
    else:
        dump = postgres_dump(database_url)
        planted = find_leaks(needles, binary_dump=dump, text_dump=dump)
    assert len(planted) > len(answers_file), "the dump does not see what is in the database"


def test_needles_would_find_a_plain_copy(answers_file) -> None:
    """The search is not vacuous: answers serialised as JSON are found, value by value."""
    import json

    needles = answer_needles(answers_file, metadata_dates=_metadata_dates())
    plain = json.dumps(answers_file, ensure_ascii=False)
    escaped = json.dumps(answers_file)
    assert find_leaks(needles, binary_dump=plain, text_dump=plain)
    origins = {n.origin for n in needles}
    from rel_support import leaves

    assert {path for path, _ in leaves(answers_file)} <= origins  # every value has a needle
    for dump in (plain, escaped):
        found = {
            leak.split(":")[0] for leak in find_leaks(needles, binary_dump=dump, text_dump=dump)
        }
        assert {path for path, _ in leaves(answers_file)} <= found
