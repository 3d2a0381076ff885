"""Placeholder checks on translations, and masking for machine translation."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Message

from wizard.i18n.machine import split_sentences
from wizard.i18n.masking import mask, unmask
from wizard.i18n.placeholders import problems

ITEM = "anmeldung|steps.personen.repeat.item_label"
TITLE = "anmeldung|steps.personen.repeat.item_title"


def ui(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...]) -> list[str]:
    return problems(Message(msgid, msgstr), percent=True)


def form(msgid: str, msgstr: str, context: str = "anmeldung|title") -> list[str]:
    return problems(Message(msgid, msgstr, context=context), percent=False)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("The date must be on or after %(date)s.", "التاريخ يجب أن يكون بعد %(date)s."),
        ("Page {page} of {pages}", "{pages} من {page} صفحة"),  # order may change
        ("Step %(number)d of %(total)d", "Krok %(number)d z %(total)d"),
        ("Yes", "Так"),
        ("Yes", "100 % так"),  # not formatted: a percent sign is just text
        ("Entry %(number)s is not complete yet.", "Eintrag %(number)s zu 100 %% fertig."),
    ],
)
def test_good_ui_translations(msgid: str, msgstr: str) -> None:
    assert ui(msgid, msgstr) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("The date must be on or after %(date)s.", "Das Datum ist falsch.", "lacks %(date)s"),
        ("The date must be on or after %(date)s.", "ab %(datum)s", "unknown %(datum)s"),
        ("The date must be on or after %(date)s.", "ab %(date)d", "unknown %(date)d"),
        ("The date must be on or after %(date)s.", "ab %(date)s, 50 % sicher", "valid %-format"),
        ("Page {page} of {pages}", "Seite {page}", "lacks {pages}"),
        ("Page {page} of {pages}", "Seite {Seite} von {pages}", "unknown {Seite}"),
        ("Page {page} of {pages}", "Seite {page} von {pages", "single {"),
    ],
)
def test_broken_ui_translations(msgid: str, msgstr: str, expected: str) -> None:
    found = ui(msgid, msgstr)
    assert found and any(expected in p for p in found), found


def test_plural_forms_may_leave_out_the_count_but_nothing_else() -> None:
    ids = ("Enter at least %(num)d character.", "Enter at least %(num)d characters.")
    good = ("أدخل حرفًا واحدًا.", "أدخل حرفين.", "أدخل %(num)d أحرف.")
    assert ui(ids, good) == []
    bad = ("أدخل حرفًا واحدًا.", "أدخل %(n)d حرفين.")
    assert ui(ids, bad) == ["msgstr[1] has unknown %(n)d"]
    ids2 = ("Remove %(label)s and %(num)d more", "Remove %(label)s and %(num)d more")
    assert ui(ids2, ("Entfernen", "Entfernen %(label)s")) == ["msgstr[0] lacks %(label)s"]


def test_item_label_templates_must_keep_exactly_the_same_placeholders() -> None:
    source = "Person {index()}: {vornamen} {familienname}"
    assert form(source, "{familienname}, {vornamen} ({index()})", ITEM) == []
    assert form(source, "Person {index()}: { vornamen } {familienname}", ITEM) == []
    assert form(source, "Особа {index()}: {vornamen}", ITEM) == ["translation lacks {familienname}"]
    assert form(source, "Особа {index}: {vornamen} {familienname}", ITEM) == [
        "translation lacks {index()}",
        "translation has unknown {index}",
    ]
    twice = form(source, "{vornamen} {vornamen} {familienname} {index()}", ITEM)
    assert twice and "repeats" in twice[0]
    assert form("Person {index()}", "Kişi {index()}", TITLE) == []
    assert form("Person {index()}", "Kişi", TITLE) == ["translation lacks {index()}"]


def test_form_texts_are_not_percent_formatted() -> None:
    assert form("50 % der Kosten", "50 % of the costs") == []
    assert form("Wohnung", "Квартира {x}") == ["translation has unknown {x}"]


def test_untranslated_entries_have_no_placeholder_problems() -> None:
    assert ui("The date must be on or after %(date)s.", "") == []


@pytest.mark.parametrize(
    "text",
    [
        "Page {page} of {pages}",
        "Person {index()}: {vornamen} {familienname}",
        "Hello %(first_name)s, 100%% done: {{literal}} <b>bold</b> &amp; https://a.example/x_y?z=1.",
        "Write to max_muster@example.org.",
        "No placeholders at all.",
    ],
)
def test_masking_round_trip(text: str) -> None:
    masked = mask(text)
    for piece in masked.pieces:
        assert piece not in masked.text
    assert "%(" not in masked.text and "{" not in masked.text.replace("{{", "")
    assert unmask(masked.text, masked.pieces) == (text, [])


def test_masking_protects_underscores_that_argos_turns_into_spaces() -> None:
    masked = mask("Hello %(first_name)s, write to max_muster@example.org.")
    assert "_" not in masked.text


def test_unmask_tolerates_what_models_do_to_tokens() -> None:
    pieces = ("{page}", "{pages}")
    assert unmask("صفحة ⟦ ١ ⟧ من ⟦۰⟧", pieces) == ("صفحة {pages} من {page}", [])
    assert unmask("Seite ⟦0⟧ ⟦0⟧ von ⟦1⟧", pieces) == ("Seite {page} von {pages}", [])
    assert unmask("Seite ⟦0⟧ von ⟦7⟧", pieces) == ("Seite {page} von {pages}", ["{pages}"])
    assert unmask("Seite", pieces) == ("Seite {page} {pages}", ["{page}", "{pages}"])


def test_sentence_splitter_keeps_abbreviations_together() -> None:
    assert split_sentences("Nur wenn Sie ihn kennen. Sonst leer lassen.") == [
        "Nur wenn Sie ihn kennen.",
        "Sonst leer lassen.",
    ]
    assert split_sentences("Zum Beispiel z. B. Berlin. Danach ⟦0⟧ eintragen.") == [
        "Zum Beispiel z. B. Berlin.",
        "Danach ⟦0⟧ eintragen.",
    ]
    assert split_sentences("Enter a date, e.g. 27 3 2026.") == ["Enter a date, e.g. 27 3 2026."]
    assert split_sentences("") == []
