"""Engine flows with conditions and repeats, read as a specification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wizard import engine
from wizard.formdef.loader import load_form

TODAY = dt.date(2026, 11, 21)
FORM_PATH = Path(__file__).with_name("forms") / "familie.yaml"


@pytest.fixture(scope="module")
def form():
    return load_form(FORM_PATH)


def date_parts(d: str) -> dict[str, str]:
    y, m, day = d.split("-")
    return {"day": day, "month": m, "year": y}


def test_partner_step_only_when_married(form) -> None:
    single = {"familienstand": "LD"}
    married = {"familienstand": "VH"}
    ids = [s.id for s in engine.visible_steps(form, single, TODAY)]
    assert ids == ["antragsteller", "kinder", "konto"]
    ids = [s.id for s in engine.visible_steps(form, married, TODAY)]
    assert ids == ["antragsteller", "partner", "kinder", "konto"]
    assert engine.next_step(form, single, "antragsteller", TODAY).id == "kinder"
    assert engine.next_step(form, married, "antragsteller", TODAY).id == "partner"
    assert engine.previous_step(form, single, "kinder", TODAY).id == "antragsteller"
    assert engine.next_step(form, single, "konto", TODAY) is None
    assert engine.next_step(form, single, None, TODAY).id == "antragsteller"


def test_submit_step_parses_and_reports_error_codes(form) -> None:
    outcome = engine.submit_step(
        form,
        "antragsteller",
        {
            "name": "Амира",
            "geburtsdatum": {"day": "31", "month": "2", "year": "1990"},
            "familienstand": "XX",
        },
        {},
        TODAY,
    )
    codes = {e.field: e.code for e in outcome.errors}
    assert codes == {
        "name": "latin_script",
        "geburtsdatum": "invalid_date",
        "familienstand": "invalid_choice",
    }


def test_valid_values_are_kept_when_another_field_fails(form) -> None:
    outcome = engine.submit_step(
        form,
        "antragsteller",
        {"name": "Amira Haddad", "geburtsdatum": date_parts("1990-05-01"), "familienstand": ""},
        {},
        TODAY,
    )
    assert [(e.field, e.code) for e in outcome.errors] == [("familienstand", "required")]
    assert outcome.answers == {"name": "Amira Haddad", "geburtsdatum": "1990-05-01"}


def test_mistyped_value_keeps_the_previous_answer(form) -> None:
    before = {"name": "Amira", "geburtsdatum": "1990-05-01", "familienstand": "LD"}
    outcome = engine.submit_step(
        form,
        "antragsteller",
        {"name": "Amira", "geburtsdatum": date_parts("1990-13-01"), "familienstand": "LD"},
        before,
        TODAY,
    )
    assert outcome.errors[0].code == "invalid_date"
    assert outcome.answers["geburtsdatum"] == "1990-05-01"


def test_conditional_field_required_only_when_visible(form) -> None:
    base = {"name": "A", "geburtsdatum": date_parts("1990-05-01")}
    outcome = engine.submit_step(form, "antragsteller", {**base, "familienstand": "LD"}, {}, TODAY)
    assert outcome.ok
    outcome = engine.submit_step(form, "antragsteller", {**base, "familienstand": "VH"}, {}, TODAY)
    assert [(e.field, e.code) for e in outcome.errors] == [("heiratsdatum", "required")]


def test_author_rule_with_message(form) -> None:
    outcome = engine.submit_step(
        form,
        "antragsteller",
        {
            "name": "A",
            "geburtsdatum": date_parts("1990-05-01"),
            "familienstand": "VH",
            "heiratsdatum": date_parts("1980-01-01"),
        },
        {},
        TODAY,
    )
    [error] = outcome.errors
    assert error.code == "rule"
    assert error.message == "Die Heirat muss nach der Geburt sein."


def test_date_bound_from_expression(form) -> None:
    outcome = engine.submit_step(
        form,
        "antragsteller",
        {"name": "A", "geburtsdatum": date_parts("2027-01-01"), "familienstand": "LD"},
        {},
        TODAY,
    )
    [error] = outcome.errors
    assert error.code == "date_too_late"
    assert error.params["max"] == TODAY


def test_hidden_answers_are_kept_but_not_used(form) -> None:
    answers = {
        "name": "A",
        "geburtsdatum": "1990-05-01",
        "familienstand": "VH",
        "heiratsdatum": "2015-06-01",
        "partner_name": "B",
    }
    assert [d.id for d in engine.checklist(form, answers, TODAY)] == [
        "geburtsurkunde",
        "heiratsurkunde",
    ]
    changed = {**answers, "familienstand": "LD"}
    # stored answers stay...
    assert changed["partner_name"] == "B"
    # ...but no output sees them
    effective = engine.effective_answers(form, changed, TODAY)
    assert "partner_name" not in effective and "heiratsdatum" not in effective
    assert [d.id for d in engine.checklist(form, changed, TODAY)] == ["geburtsurkunde"]
    review_ids = [r.field.id for s in engine.review(form, changed, TODAY) for r in s.rows]
    assert "partner_name" not in review_ids and "heiratsdatum" not in review_ids


def test_repeat_add_edit_remove(form) -> None:
    answers: dict = {}
    outcome = engine.submit_item_page(
        form,
        "kinder",
        1,
        "item",
        {"vorname": "Amira", "kind_geburtsdatum": date_parts("2015-03-02")},
        answers,
        TODAY,
    )
    assert outcome.ok
    answers = outcome.answers
    outcome = engine.submit_item_page(
        form,
        "kinder",
        2,
        "item",
        {"vorname": "Omar", "kind_geburtsdatum": date_parts("2005-01-01")},
        answers,
        TODAY,
    )
    # Omar is 21: the school question appears and is required
    assert [(e.field, e.code) for e in outcome.errors] == [("schule", "required")]
    outcome = engine.submit_item_page(
        form,
        "kinder",
        2,
        "item",
        {"vorname": "Omar", "kind_geburtsdatum": date_parts("2005-01-01"), "schule": "Uni Münster"},
        answers,
        TODAY,
    )
    assert outcome.ok
    answers = outcome.answers
    assert [i["vorname"] for i in engine.items(answers, "kinder")] == ["Amira", "Omar"]
    assert engine.computed_values(form, answers, TODAY) == {
        "anzahl_kinder": 2,
        "volljaehrige_kinder": 1,
    }
    assert "schulbescheinigung" in [d.id for d in engine.checklist(form, answers, TODAY)]
    [step] = [s for s in engine.review(form, answers, TODAY) if s.step.id == "kinder"]
    assert [i.label for i in step.items] == ["Kind 1: Amira", "Kind 2: Omar"]
    # edit item 1
    outcome = engine.submit_item_page(
        form,
        "kinder",
        1,
        "item",
        {"vorname": "Amina", "kind_geburtsdatum": date_parts("2015-03-02")},
        answers,
        TODAY,
    )
    answers = outcome.answers
    assert engine.items(answers, "kinder")[0]["vorname"] == "Amina"
    # remove item 1
    answers = engine.remove_item(form, "kinder", 1, answers)
    assert [i["vorname"] for i in engine.items(answers, "kinder")] == ["Omar"]
    with pytest.raises(KeyError):
        engine.remove_item(form, "kinder", 5, answers)


def test_repeat_limits(form) -> None:
    kid = {"vorname": "K", "kind_geburtsdatum": "2015-01-01"}
    answers = {"kinder": [kid, kid, kid]}
    outcome = engine.submit_item_page(
        form,
        "kinder",
        4,
        "item",
        {"vorname": "X", "kind_geburtsdatum": date_parts("2016-01-01")},
        answers,
        TODAY,
    )
    assert [e.code for e in outcome.errors] == ["too_many_items"]
    assert len(outcome.answers["kinder"]) == 3
    assert [e.code for e in engine.check_group(form, "kinder", {}, TODAY)] == ["too_few_items"]


def test_invalid_new_item_is_not_half_added(form) -> None:
    outcome = engine.submit_item_page(
        form,
        "kinder",
        1,
        "item",
        {"vorname": "", "kind_geburtsdatum": date_parts("2015-01-01")},
        {},
        TODAY,
    )
    assert not outcome.ok
    assert "kinder" not in outcome.answers


def test_required_by_condition_over_repeat(form) -> None:
    kid = {"vorname": "K", "kind_geburtsdatum": "2015-01-01"}
    one = {"kinder": [kid]}
    two = {"kinder": [kid, kid]}
    konto = engine.step(form, "konto")
    assert engine.required_fields(form, konto, one, TODAY) == ["iban"]
    assert engine.required_fields(form, konto, two, TODAY) == ["iban", "steuer_id"]


def test_completeness(form) -> None:
    answers = {
        "name": "A",
        "geburtsdatum": "1990-05-01",
        "familienstand": "LD",
        "kinder": [{"vorname": "K", "kind_geburtsdatum": "2015-01-01"}],
        "iban": "DE89370400440532013000",
    }
    assert engine.is_complete(form, answers, TODAY)
    del answers["iban"]
    assert not engine.is_complete(form, answers, TODAY)
    assert engine.missing(form, answers, TODAY) == [engine.Missing("konto", "iban")]
    assert engine.first_unfinished_step(form, answers, TODAY) == "konto"


def test_checksums_with_stdnum(form) -> None:
    outcome = engine.submit_step(
        form,
        "konto",
        {"iban": "DE89 3704 0044 0532 0130 01", "steuer_id": "12345678901"},
        {},
        TODAY,
    )
    assert {e.field: e.code for e in outcome.errors} == {
        "iban": "invalid_iban",
        "steuer_id": "invalid_steuer_id",
    }
    outcome = engine.submit_step(form, "konto", {"iban": "de89 3704 0044 0532 0130 00"}, {}, TODAY)
    assert outcome.ok and outcome.answers["iban"] == "DE89370400440532013000"
