"""Resume codes: format, normalisation, issue/resume through the store, replacement."""

from __future__ import annotations

import json
import re

import pytest
from store_helpers import SECRET, FakeClock, empty_payload

from wizard.store import DraftNotFound, ScryptParams, Store
from wizard.store import resume_codes as rc

CODE_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def test_generated_codes_use_crockford_alphabet() -> None:
    codes = {rc.generate() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == rc.CODE_LENGTH == 12
        assert set(code) <= set(rc.ALPHABET)
        assert CODE_RE.fullmatch(rc.format_code(code))
    assert not set("ILOU") & set(rc.ALPHABET)
    assert len(rc.ALPHABET) == 32 and rc.CODE_BITS == 60
    # Every symbol shows up in every position over enough codes (no fixed symbols).
    for position in range(rc.CODE_LENGTH):
        assert len({code[position] for code in codes}) == 32


@pytest.mark.parametrize(
    "raw",
    [
        "K7QM-4XRT-9HPW",
        "k7qm4xrt9hpw",
        " k7qm 4xrt 9hpw ",
        "K7QM–4XRT—9HPW",  # en and em dashes from word processors
        "K7QM_4XRT.9HPW",
        "Ｋ７ＱＭ－４ＸＲＴ－９ＨＰＷ",  # full-width (East Asian keyboards)
        "К7QМ-4ХRТ-9НPW",  # Cyrillic К, М, Х, Т, Н (Ukrainian keyboard)
        "K7QM-٤XRT-٩HPW",  # Arabic-Indic digits
        "K7QM-۴XRT-۹HPW",  # Persian digits
    ],
)
def test_normalise_accepts_sloppy_input(raw: str) -> None:
    assert rc.normalise(raw) == "K7QM4XRT9HPW"


def test_normalise_maps_confusable_letters() -> None:
    assert rc.normalise("OOII-LLoo-ilIL") == "001111001111"
    assert rc.normalise("o1o1-О1О1-i0l0") == "010101011010"  # Latin and Cyrillic O


@pytest.mark.parametrize(
    "raw",
    ["", "K7QM-4XRT-9HP", "K7QM-4XRT-9HPWX", "K7QM-4XRT-9HPU", "K7QM-4XRT-9HP!", "x" * 100, None],
)
def test_normalise_rejects_non_codes(raw) -> None:
    assert rc.normalise(raw) is None


def test_issue_and_resume(store: Store) -> None:
    draft, key = store.create("wohngeld", "ar", {"answers": {"rent": 640}, "state": {}})
    code = store.issue_resume_code(key)
    assert CODE_RE.fullmatch(code)

    resumed, new_key = store.resume(code)
    assert resumed.id == draft.id and resumed.answers == {"rent": 640}
    assert new_key != key
    assert store.open(new_key).id == draft.id
    # The new device's key replaces the old cookie (e.g. a library computer).
    with pytest.raises(DraftNotFound):
        store.open(key)
    # The code stays usable until replaced or expired.
    again, third_key = store.resume(code.lower().replace("-", " "))
    assert again.id == draft.id
    with pytest.raises(DraftNotFound):
        store.open(new_key)
    store.save(third_key, {"answers": {"rent": 700}, "state": {}}, expected_version=1)


def test_resume_normalises_input(store: Store) -> None:
    draft, key = store.create("f", "fa", empty_payload())
    code = store.issue_resume_code(key)
    sloppy = f"  {code.lower().replace('0', 'o').replace('1', 'l').replace('-', ' - ')}  "
    assert store.resume(sloppy)[0].id == draft.id


def test_new_code_replaces_earlier_one(store: Store, sql) -> None:
    draft, key = store.create("f", "de", empty_payload())
    first = store.issue_resume_code(key)
    second = store.issue_resume_code(key)
    assert first != second
    with pytest.raises(DraftNotFound):
        store.resume(first)
    assert store.resume(second)[0].id == draft.id
    rows = sql(
        "SELECT count(*) FROM key_slots WHERE draft_id = :id AND kind = 'resume'", id=draft.id
    )
    assert rows[0][0] == 1


@pytest.mark.parametrize("bad", ["", "not a code", "0000-0000-0000", "ZZZZ-ZZZZ-ZZZZ"])
def test_unknown_codes_are_not_found(store: Store, bad: str) -> None:
    _, key = store.create("f", "de", empty_payload())
    store.issue_resume_code(key)
    with pytest.raises(DraftNotFound):
        store.resume(bad)


def test_code_with_right_selector_but_wrong_rest_is_not_found(store: Store) -> None:
    _, key = store.create("f", "de", empty_payload())
    code = rc.normalise(store.issue_resume_code(key))
    assert code is not None
    wrong_tail = code[:4] + ("1" if code[4] != "1" else "2") + code[5:]
    with pytest.raises(DraftNotFound):
        store.resume(wrong_tail)


def test_each_draft_has_its_own_code(store: Store) -> None:
    keys = [store.create("f", "de", {"answers": {"n": n}, "state": {}}) for n in range(3)]
    codes = [store.issue_resume_code(key) for _, key in keys]
    for (draft, _), code in zip(keys, codes, strict=True):
        assert store.resume(code)[0].id == draft.id


def test_expired_draft_cannot_be_resumed(store: Store, clock: FakeClock) -> None:
    _, key = store.create("f", "de", empty_payload())
    code = store.issue_resume_code(key)
    clock.advance(days=30)
    with pytest.raises(DraftNotFound):
        store.resume(code)


def test_database_holds_neither_code_nor_selector(store: Store, backend) -> None:
    _, key = store.create("f", "de", empty_payload())
    code = store.issue_resume_code(key)
    normalised = rc.normalise(code)
    assert normalised is not None
    dump = backend.dump()
    assert normalised not in dump and str(code) not in dump
    assert f"'{normalised[:4]}'" not in dump


def test_kdf_parameters_are_recorded_and_can_be_raised(backend, sql) -> None:
    cheap = ScryptParams(n=2**12, r=8, p=1)
    old_store = backend.open(resume_kdf=cheap)
    draft, key = old_store.create("f", "de", empty_payload())
    code = old_store.issue_resume_code(key)
    (params,) = sql("SELECT kdf_params FROM key_slots WHERE kind = 'resume'")[0]
    assert json.loads(params) == {"n": 2**12, "r": 8, "p": 1}

    # Later deployment with stronger parameters: old codes still work, new ones are stronger.
    new_store = backend.open(resume_kdf=ScryptParams(n=2**14, r=8, p=1), server_secret=SECRET)
    resumed, new_key = new_store.resume(code)
    assert resumed.id == draft.id
    new_store.issue_resume_code(new_key)
    (params,) = sql("SELECT kdf_params FROM key_slots WHERE kind = 'resume'")[0]
    assert json.loads(params)["n"] == 2**14


def test_default_kdf_is_memory_hard() -> None:
    params = ScryptParams()
    assert params.n * params.r * 128 >= 32 * 1024 * 1024  # 32 MiB per guess


def test_rotating_server_secret_invalidates_codes_not_drafts(backend) -> None:
    store = backend.open()
    draft, key = store.create("f", "de", {"answers": {"kept": True}, "state": {}})
    code = store.issue_resume_code(key)
    rotated = backend.open(server_secret=b"another-server-secret-0123456789")
    assert rotated.open(key).answers == {"kept": True}
    with pytest.raises(DraftNotFound):
        rotated.resume(code)
