"""Drafts: create/open/save, access control by client key, integrity, conflicts, deletion."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from store_helpers import FakeClock, empty_payload

from wizard.store import (
    ClientKey,
    DraftKey,
    DraftNotFound,
    InvalidPayload,
    Store,
    VersionConflict,
)
from wizard.store.client_keys import format_client_key, parse_client_key


def payload(**answers: object) -> dict[str, object]:
    return {"answers": dict(answers), "state": {"step": len(answers)}}


def test_create_open_save_round_trip(store: Store, clock: FakeClock) -> None:
    created, key = store.create("kindergeld", "uk", payload(child="Olena", count=2))
    assert created.version == 1
    assert created.form_id == "kindergeld" and created.language == "uk"
    assert created.expires_at == created.updated_at + timedelta(days=30)
    assert created.finished_at is None

    opened = store.open(key)
    assert opened == created
    assert opened.answers == {"child": "Olena", "count": 2}

    clock.advance(minutes=5)
    saved = store.save(key, payload(child="Olena", count=3), expected_version=1)
    assert saved.version == 2
    assert saved.created_at == created.created_at
    assert saved.updated_at == clock.now
    assert saved.expires_at == clock.now + timedelta(days=30)

    reopened = store.open(key)
    assert reopened == saved
    assert reopened.payload == payload(child="Olena", count=3)


def test_draft_ids_and_client_keys(store: Store) -> None:
    drafts = [store.create("f", "de", empty_payload()) for _ in range(20)]
    ids = {draft.id for draft, _ in drafts}
    assert len(ids) == 20
    for draft, key in drafts:
        assert isinstance(key, ClientKey)
        parsed = parse_client_key(key)
        assert parsed is not None and parsed[0] == draft.id and len(parsed[1]) == 32
        # URL- and cookie-safe without quoting.
        assert all(c.isalnum() or c in "-_." for c in key)
        assert len(draft.id) >= 22  # 128 random bits in base64url


def test_open_accepts_plain_str_cookie_value(store: Store) -> None:
    draft, key = store.create("f", "de", empty_payload())
    assert store.open(str(key)).id == draft.id
    assert store.open(f"  {key}\n").id == draft.id


@pytest.mark.parametrize(
    "bad", ["", "garbage", "1..", "2.abc.def", "1." + "A" * 22 + "." + "B" * 43, "\x00" * 70]
)
def test_malformed_or_unknown_keys_are_not_found(store: Store, bad: str) -> None:
    store.create("f", "de", empty_payload())
    with pytest.raises(DraftNotFound):
        store.open(bad)


def test_wrong_secret_for_existing_draft_is_not_found(store: Store) -> None:
    draft_a, key_a = store.create("f", "de", payload(a=1))
    _draft_b, key_b = store.create("f", "de", payload(b=2))
    _, secret_b = parse_client_key(key_b)  # type: ignore[misc]
    forged = format_client_key(draft_a.id, secret_b)
    for attempt in (forged, format_client_key(draft_a.id, b"\x00" * 32)):
        with pytest.raises(DraftNotFound):
            store.open(attempt)
        with pytest.raises(DraftNotFound):
            store.save(attempt, payload(evil=True), expected_version=1)
        with pytest.raises(DraftNotFound):
            store.issue_resume_code(attempt)
        assert store.delete(attempt) is False
    assert store.open(key_a).answers == {"a": 1}


def test_not_found_is_indistinguishable(store: Store, clock: FakeClock) -> None:
    expired, key_expired = store.create("f", "de", empty_payload())
    clock.advance(days=31)
    _, key_live = store.create("f", "de", empty_payload())
    _, secret = parse_client_key(key_live)  # type: ignore[misc]
    errors = []
    for key in (key_expired, format_client_key(expired.id, secret), "nonsense"):
        with pytest.raises(DraftNotFound) as info:
            store.open(key)
        errors.append((type(info.value), str(info.value), info.value.args))
    assert len(set(errors)) == 1


def test_tampered_ciphertext_is_not_found(store: Store, sql, caplog) -> None:
    draft, key = store.create("f", "de", payload(income=1234))
    (blob,) = sql("SELECT ciphertext FROM drafts WHERE id = :id", id=draft.id)[0]
    blob = bytes(blob)
    flipped = blob[:20] + bytes([blob[20] ^ 0x01]) + blob[21:]
    sql("UPDATE drafts SET ciphertext = :c WHERE id = :id", c=flipped, id=draft.id)
    with caplog.at_level(logging.WARNING, logger="wizard.store"), pytest.raises(DraftNotFound):
        store.open(key)
    assert draft.id in caplog.text  # operators see that a row was tampered with
    with pytest.raises(DraftNotFound):
        store.save(key, payload(), expected_version=1)


def test_tampered_wrapped_key_is_not_found(store: Store, sql) -> None:
    draft, key = store.create("f", "de", payload(income=1234))
    (wrapped,) = sql("SELECT wrapped_dek FROM key_slots WHERE draft_id = :id", id=draft.id)[0]
    wrapped = bytes(wrapped)
    sql(
        "UPDATE key_slots SET wrapped_dek = :w WHERE draft_id = :id",
        w=wrapped[:-1] + bytes([wrapped[-1] ^ 0x80]),
        id=draft.id,
    )
    with pytest.raises(DraftNotFound):
        store.open(key)


def test_ciphertext_swapped_between_drafts_is_not_found(store: Store, sql) -> None:
    draft_a, key_a = store.create("f", "de", payload(who="a"))
    draft_b, key_b = store.create("f", "de", payload(who="b"))
    rows = dict(sql("SELECT id, ciphertext FROM drafts"))
    sql("UPDATE drafts SET ciphertext = :c WHERE id = :id", c=rows[draft_b.id], id=draft_a.id)
    sql("UPDATE drafts SET ciphertext = :c WHERE id = :id", c=rows[draft_a.id], id=draft_b.id)
    for key in (key_a, key_b):
        with pytest.raises(DraftNotFound):
            store.open(key)


def test_key_slot_moved_to_other_draft_is_not_found(store: Store, sql) -> None:
    draft_a, key_a = store.create("f", "de", payload(who="a"))
    draft_b, _ = store.create("f", "de", payload(who="b"))
    # The attacker points A's slot at draft B: A's secret must not open B.
    sql("DELETE FROM key_slots WHERE draft_id = :b", b=draft_b.id)
    sql("UPDATE key_slots SET draft_id = :b WHERE draft_id = :a", a=draft_a.id, b=draft_b.id)
    _, secret_a = parse_client_key(key_a)  # type: ignore[misc]
    with pytest.raises(DraftNotFound):
        store.open(format_client_key(draft_b.id, secret_a))


def test_replayed_old_ciphertext_is_not_found(store: Store, sql) -> None:
    draft, key = store.create("f", "de", payload(status="old"))
    (old,) = sql("SELECT ciphertext FROM drafts WHERE id = :id", id=draft.id)[0]
    store.save(key, payload(status="new"), expected_version=1)
    # Old ciphertext under the current version number: the AAD binds the version.
    sql("UPDATE drafts SET ciphertext = :c WHERE id = :id", c=old, id=draft.id)
    with pytest.raises(DraftNotFound):
        store.open(key)


def test_version_conflict_returns_current_and_loses_nothing(store: Store) -> None:
    _, key = store.create("f", "de", payload(step="start"))
    tab1 = store.open(key)
    tab2 = store.open(key)
    store.save(key, payload(step="tab1"), expected_version=tab1.version)

    with pytest.raises(VersionConflict) as info:
        store.save(key, payload(step="tab2"), expected_version=tab2.version)
    conflict = info.value
    assert conflict.current.version == 2
    assert conflict.current.answers == {"step": "tab1"}
    assert "tab1" not in str(conflict) and "tab2" not in str(conflict)
    assert store.open(key).answers == {"step": "tab1"}

    merged = store.save(key, payload(step="tab1+tab2"), expected_version=conflict.current.version)
    assert merged.version == 3
    assert store.open(key).answers == {"step": "tab1+tab2"}

    with pytest.raises(VersionConflict):  # a version from the future is a conflict too
        store.save(key, payload(), expected_version=7)


def test_mark_finished(store: Store, clock: FakeClock) -> None:
    _, key = store.create("f", "de", payload(done=False))
    clock.advance(hours=1)
    finished = store.mark_finished(key)
    assert finished.finished_at == clock.now and finished.finished
    assert finished.version == 1
    assert finished.expires_at == clock.now + timedelta(days=30)
    first = finished.finished_at
    clock.advance(hours=1)
    again = store.mark_finished(key)
    assert again.finished_at == first
    # Still editable afterwards; finishing does not bump the version.
    saved = store.save(key, payload(done=True), expected_version=1)
    assert saved.finished_at == first and saved.version == 2


def test_delete_removes_draft_and_all_key_slots(store: Store, sql) -> None:
    draft, key = store.create("f", "de", payload(x=1))
    other, other_key = store.create("f", "de", payload(y=2))
    code = store.issue_resume_code(key)
    store.add_key_slot(store.unlock(key), "advisor", "advisor-7", b"k" * 32)
    assert sql("SELECT count(*) FROM key_slots WHERE draft_id = :id", id=draft.id)[0][0] == 3

    assert store.delete(key) is True
    assert sql("SELECT count(*) FROM drafts WHERE id = :id", id=draft.id)[0][0] == 0
    assert sql("SELECT count(*) FROM key_slots WHERE draft_id = :id", id=draft.id)[0][0] == 0
    with pytest.raises(DraftNotFound):
        store.open(key)
    with pytest.raises(DraftNotFound):
        store.resume(code)
    assert store.delete(key) is False
    assert store.open(other_key).id == other.id


def test_delete_by_id_and_expired_delete(store: Store, clock: FakeClock) -> None:
    draft, _ = store.create("f", "de", empty_payload())
    assert store.delete_by_id(draft.id) is True
    assert store.delete_by_id(draft.id) is False
    assert store.delete_by_id("not an id") is False

    _, key = store.create("f", "de", empty_payload())
    clock.advance(days=40)
    with pytest.raises(DraftNotFound):
        store.open(key)
    assert store.delete(key) is True  # the owner can still delete before purge runs


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"answers": {}},
        {"answers": {}, "state": {}, "extra": 1},
        {"answers": [], "state": {}},
        {"answers": {"a": (1, 2)}, "state": {}},
        {"answers": {"a": float("nan")}, "state": {}},
        {"answers": {"a": float("inf")}, "state": {}},
        {"answers": {1: "int key"}, "state": {}},
        {"answers": {"a": {1, 2}}, "state": {}},
        {"answers": {"a": b"bytes"}, "state": {}},
        {"answers": {"a": object()}, "state": {}},
        {"answers": {"a": "x" * (5 * 1024 * 1024)}, "state": {}},
    ],
)
def test_invalid_payloads_are_rejected_and_nothing_written(store: Store, bad) -> None:
    _, key = store.create("f", "de", payload(keep="me"))
    with pytest.raises(InvalidPayload):
        store.create("f", "de", bad)
    with pytest.raises(InvalidPayload):
        store.save(key, bad, expected_version=1)
    assert store.open(key).version == 1


@pytest.mark.parametrize(
    ("form_id", "language"), [("", "de"), ("f", ""), ("f\n", "de"), ("x" * 201, "de")]
)
def test_invalid_metadata_is_rejected(store: Store, form_id: str, language: str) -> None:
    with pytest.raises(ValueError):
        store.create(form_id, language, empty_payload())


def test_reprs_and_errors_do_not_leak(store: Store) -> None:
    draft, key = store.create("f", "de", payload(secret_answer="Aufenthaltstitel-XY"))
    code = store.issue_resume_code(key)
    for text in (repr(draft), str(draft), repr(key), repr(code), repr(store.unlock(key))):
        assert "Aufenthaltstitel-XY" not in text
        assert str(key) not in text and str(code) not in text


def test_advisor_key_slots(store: Store) -> None:
    draft, key = store.create("f", "de", payload(x=1))
    advisor_key = bytes(range(32))
    store.add_key_slot(store.unlock(key), "advisor", "adv-1", advisor_key, params={"kid": "k1"})

    unlocked = store.unlock_slot(draft.id, "advisor", "adv-1", advisor_key)
    assert isinstance(unlocked, DraftKey)
    assert store.open(unlocked).answers == {"x": 1}
    saved = store.save(unlocked, payload(x=2), expected_version=1)
    assert store.open(key) == saved  # the user sees the advisor's change

    with pytest.raises(DraftNotFound):
        store.unlock_slot(draft.id, "advisor", "adv-1", b"\x01" * 32)
    with pytest.raises(DraftNotFound):
        store.unlock_slot(draft.id, "advisor", "adv-2", advisor_key)

    assert store.remove_key_slot(draft.id, "advisor", "adv-1") is True
    assert store.remove_key_slot(draft.id, "advisor", "adv-1") is False
    with pytest.raises(DraftNotFound):
        store.unlock_slot(draft.id, "advisor", "adv-1", advisor_key)
    assert store.open(key).version == 2


def test_add_key_slot_guards(store: Store) -> None:
    draft, key = store.create("f", "de", empty_payload())
    unlocked = store.unlock(key)
    with pytest.raises(ValueError):
        store.add_key_slot(unlocked, "client", "x", b"k" * 32)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.add_key_slot(unlocked, "advisor", "x", b"short")
    with pytest.raises(DraftNotFound):  # a made-up data key is refused, not wrapped
        store.add_key_slot(DraftKey(draft.id, b"\x00" * 32), "advisor", "x", b"k" * 32)


def test_nothing_sensitive_is_logged(backend, clock: FakeClock, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        store = backend.open(clock=clock, retention_days=1)
        _, key = store.create("f", "de", payload(name="Xanthippe-Leakcheck"))
        store.save(key, payload(name="Yusuf-Leakcheck"), expected_version=1)
        code = store.issue_resume_code(key)
        _, new_key = store.resume(code)
        store.hit_rate_limit("ip:198.51.100.23", 5, 60)
        clock.advance(days=2)
        store.purge()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "SELECT" in caplog.text or "INSERT" in caplog.text  # SQL logging was on
    for secret in ("Xanthippe-Leakcheck", "Yusuf-Leakcheck", str(key), str(new_key), str(code)):
        assert secret not in caplog.text
    assert str(code).replace("-", "") not in caplog.text
    assert "198.51.100.23" not in caplog.text


# --------------------------------------------------------------------------- open_for_change / save_opened


def test_save_opened_replaces_in_place_and_chains(store: Store) -> None:
    _draft, key = store.create("f", "de", payload(step=1))
    opened = store.open_for_change(key)
    assert opened.draft.version == 1
    opened = store.save_opened(opened, payload(step=2))
    assert (opened.draft.version, opened.draft.answers) == (2, {"step": 2})
    opened = store.save_opened(opened, payload(step=3))  # the next save in the same request
    reopened = store.open(key)
    assert (reopened.version, reopened.answers) == (3, {"step": 3})
    assert reopened.expires_at == opened.draft.expires_at


def test_save_opened_after_someone_else_saved_is_a_conflict(store: Store) -> None:
    _draft, key = store.create("f", "de", payload(step=1))
    mine = store.open_for_change(key)
    store.save(key, payload(step="theirs"), expected_version=1)
    with pytest.raises(VersionConflict) as info:
        store.save_opened(mine, payload(step="mine"))
    assert info.value.current.answers == {"step": "theirs"}
    assert store.open(key).answers == {"step": "theirs"}


def test_save_opened_never_overwrites_a_tampered_row(store: Store, sql) -> None:
    draft, key = store.create("f", "de", payload(income=1234))
    opened = store.open_for_change(key)
    (blob,) = sql("SELECT ciphertext FROM drafts WHERE id = :id", id=draft.id)[0]
    blob = bytes(blob)
    flipped = blob[:20] + bytes([blob[20] ^ 0x01]) + blob[21:]
    sql("UPDATE drafts SET ciphertext = :c WHERE id = :id", c=flipped, id=draft.id)
    with pytest.raises(DraftNotFound):
        store.save_opened(opened, payload(income=1))
    (after,) = sql("SELECT ciphertext FROM drafts WHERE id = :id", id=draft.id)[0]
    assert bytes(after) == flipped  # left for the operator to see, not papered over


def test_save_opened_of_an_expired_or_deleted_draft_is_not_found(
    store: Store, clock: FakeClock
) -> None:
    _draft, key = store.create("f", "de", payload(step=1))
    opened = store.open_for_change(key)
    clock.advance(days=31)
    with pytest.raises(DraftNotFound):
        store.save_opened(opened, payload(step=2))
    clock.advance(days=-31)
    store.delete(key)
    with pytest.raises(DraftNotFound):
        store.save_opened(opened, payload(step=2))
