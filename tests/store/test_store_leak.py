"""A stolen database alone must reveal no answer value, key or code.

Drafts are written with distinctive answers; then the database is dumped the
way a thief would read it (SQLite: the raw bytes of the database, WAL and
shared-memory files, plus ``iterdump``; PostgreSQL: every column of every
table as text) and none of the values may occur in it, in any encoding that
dump could plausibly show them in.
"""

from __future__ import annotations

import base64

from store_helpers import SECRET, FakeClock

from wizard.store import Store, open_store

ANSWERS = {
    "surname": "Quxwellington",
    "residence_status": "Aufenthaltsgestattung-Zweifelhaft",
    "income_note": "Schwarzarbeit-Baustelle-Ostbahnhof",
    "children": ["Ljudmyla-Testkind", "Farhad-Testkind"],
    "employer_ukr": "Підприємство-Кобзар-Секрет",
    "note_ar": "ملاحظة-سرية-للاختبار",
    "iban": "DE89370400440532013000",
    "monthly_income": 123456789,
}


def _needles(value: object) -> list[str]:
    if isinstance(value, list):
        return [n for item in value for n in _needles(item)]
    text = str(value)
    raw = text.encode("utf-8")
    return [
        text,
        raw.hex(),  # PostgreSQL renders bytea as hex
        base64.b64encode(raw).decode(),
        text.encode("unicode_escape").decode("ascii"),  # JSON \\u escapes
    ]


def _write_sensitive_drafts(store: Store, clock: FakeClock) -> list[str]:
    secrets: list[str] = []
    for i in range(3):
        _, key = store.create("asylbewerberleistungen", "uk", {"answers": {}, "state": {}})
        store.save(key, {"answers": ANSWERS, "state": {"step": "income"}}, expected_version=1)
        clock.advance(minutes=1)
        store.save(
            key,
            {"answers": {**ANSWERS, "revision": i}, "state": {"step": "done"}},
            expected_version=2,
        )
        code = store.issue_resume_code(key)
        _, new_key = store.resume(code)
        store.hit_rate_limit("resume-ip:203.0.113.77", 10, 3600)
        secrets += [str(key), str(new_key), str(code), str(code).replace("-", "")]
        secrets += [str(key).split(".")[2], str(new_key).split(".")[2]]  # cookie secrets
    return secrets


def test_database_dump_reveals_no_answers(backend, clock: FakeClock) -> None:
    store = backend.open(clock=clock)
    secrets = _write_sensitive_drafts(store, clock)

    dumps = {"while open": backend.dump()}
    store.close()
    dumps["after close"] = backend.dump()

    for when, dump in dumps.items():
        assert "asylbewerberleistungen" in dump, "the dump should contain metadata"
        for value in ANSWERS.values():
            for needle in _needles(value):
                assert needle not in dump, f"answer leaked ({when}): {needle[:30]}"
        for secret in secrets:
            assert secret not in dump, f"key or code leaked ({when})"
        assert "203.0.113.77" not in dump
        assert "income" not in dump and "done" not in dump  # state is encrypted too


def test_deleted_draft_leaves_no_ciphertext_in_sqlite_file(tmp_path) -> None:
    # secure_delete: a deleted draft's ciphertext is not left behind in free pages.
    store = open_store(None, data_dir=tmp_path, server_secret=SECRET)
    _, key = store.create("f", "de", {"answers": {"blob": "x" * 5000}, "state": {}})
    with store.engine.connect() as conn:
        ciphertext = bytes(conn.exec_driver_sql("SELECT ciphertext FROM drafts").scalar_one())
    assert store.delete(key)
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("wizard."))
    assert len(raw) > 0
    assert ciphertext[20:80] not in raw
