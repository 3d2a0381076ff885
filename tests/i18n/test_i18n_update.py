"""Merging templates into catalogs: new, changed (fuzzy, stale), obsolete, headers."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.plurals import get_plural
from i18n_helpers import FORM_TEXTS, UI, edit, read, write_template, write_templates

from wizard.i18n import catalogs, plurals
from wizard.i18n.catalogs import FORMS, MESSAGES
from wizard.i18n.update import update_all


def test_update_creates_every_catalog_with_pinned_headers(tmp_path: Path) -> None:
    write_templates(tmp_path)
    results = update_all(tmp_path)
    assert {(r.locale, r.domain) for r in results} == {
        (loc, d) for d in catalogs.DOMAINS for loc in catalogs.shipped_locales(d)
    }
    assert all(r.created for r in results)
    assert not catalogs.po_path("de", FORMS, tmp_path).exists()  # German is the source
    for r in results:
        headers = dict(read(tmp_path, r.locale, r.domain).mime_headers)
        assert headers["Language"] == r.locale
        assert plurals.same(headers["Plural-Forms"], plurals.plural_forms(r.locale))
        assert headers["X-Review-Status"] == "draft"
    text = catalogs.po_path("ar", MESSAGES, tmp_path).read_text(encoding="utf-8")
    assert "n%100>=11 ? 4 : 5" in text
    assert "msgstr[5]" in text


def test_english_ui_catalog_is_the_msgids_and_others_stay_empty(tmp_path: Path) -> None:
    write_templates(tmp_path)
    update_all(tmp_path)
    en = read(tmp_path, "en", MESSAGES)
    assert en.get("Yes").string == "Yes"
    plural = en.get("Enter at least %(num)d character.")
    assert plural.string == (
        "Enter at least %(num)d character.",
        "Enter at least %(num)d characters.",
    )
    # catalogs updated after English must not share its filled-in entries
    for locale in ("uk", "ru", "ar", "ti"):
        assert read(tmp_path, locale, MESSAGES).get("Yes").string == ""


def test_changed_ui_text_keeps_the_old_translation_as_fuzzy_with_previous_msgid(
    tmp_path: Path,
) -> None:
    old = "Enter your first name as in your passport."
    new = "Enter your first names as in your passport."
    write_templates(tmp_path, ui=[Message(old)])
    update_all(tmp_path, ["ar"])
    edit(tmp_path, "ar", MESSAGES, {old: "أدخل اسمك الأول كما في جواز سفرك."})

    write_templates(tmp_path, ui=[Message(new)])
    update_all(tmp_path, ["ar"])
    message = read(tmp_path, "ar", MESSAGES).get(new)
    assert message.string == "أدخل اسمك الأول كما في جواز سفرك."
    assert message.fuzzy
    assert message.previous_id == [old]
    assert catalogs.is_stale(message)
    text = catalogs.po_path("ar", MESSAGES, tmp_path).read_text(encoding="utf-8")
    assert f'#| msgid "{old}"' in text

    # a second update must not forget why the entry is fuzzy (Babel drops "#|")
    update_all(tmp_path, ["ar"])
    again = read(tmp_path, "ar", MESSAGES).get(new)
    assert again.fuzzy and again.previous_id == [old]


def test_changed_form_text_stays_at_its_place_even_when_rewritten(tmp_path: Path) -> None:
    ctx = "anmeldung|steps.einzug.einzugsdatum.label"
    old, new = "Wann sind Sie eingezogen?", "An welchem Tag haben Sie die Wohnung bezogen?"
    write_templates(tmp_path, forms=[Message(old, context=ctx)])
    update_all(tmp_path, ["uk"])
    edit(tmp_path, "uk", FORMS, {(old, ctx): "Коли ви заселилися?"})

    write_templates(tmp_path, forms=[Message(new, context=ctx)])
    update_all(tmp_path, ["uk"])
    catalog = read(tmp_path, "uk", FORMS)
    message = catalog.get(new, context=ctx)
    assert message.string == "Коли ви заселилися?"
    assert message.fuzzy and message.previous_id == [old]
    assert not catalog.obsolete  # carried over, not lost to "#~"


def test_removed_text_becomes_obsolete_and_returns_with_its_translation(tmp_path: Path) -> None:
    write_templates(tmp_path, ui=[Message("Yes"), Message("No")])
    update_all(tmp_path, ["tr"])
    edit(tmp_path, "tr", MESSAGES, {"Yes": "Evet", "No": "Hayır"})

    write_templates(tmp_path, ui=[Message("Yes")])
    update_all(tmp_path, ["tr"])
    text = catalogs.po_path("tr", MESSAGES, tmp_path).read_text(encoding="utf-8")
    assert '#~ msgid "No"\n#~ msgstr "Hayır"' in text

    write_templates(tmp_path, ui=[Message("Yes"), Message("No")])
    update_all(tmp_path, ["tr"])
    catalog = read(tmp_path, "tr", MESSAGES)
    # back, but to be looked at: obsolete entries keep no flags, it may have been a draft
    assert catalog.get("No").string == "Hayır" and catalog.get("No").fuzzy
    assert not catalog.obsolete


def test_fuzzy_entries_stay_fuzzy(tmp_path: Path) -> None:
    write_templates(tmp_path)
    update_all(tmp_path, ["fa"])
    edit(tmp_path, "fa", MESSAGES, {"Yes": Message("Yes", "بله", flags=["fuzzy"])})
    update_all(tmp_path, ["fa"])
    message = read(tmp_path, "fa", MESSAGES).get("Yes")
    assert message.fuzzy and message.string == "بله"


def test_wrong_plural_header_is_rewritten_and_plural_entries_marked_fuzzy(tmp_path: Path) -> None:
    write_templates(tmp_path)
    update_all(tmp_path, ["ar"])
    path = catalogs.po_path("ar", MESSAGES, tmp_path)
    babel_header = get_plural("ar").plural_forms  # forms 4 and 5 swapped (babel #816)
    assert plurals.cldr_mismatches("ar", babel_header)
    text = path.read_text(encoding="utf-8")
    pinned = read(tmp_path, "ar", MESSAGES).plural_forms
    catalog = read(tmp_path, "ar", MESSAGES)
    catalog.mime_headers = [("Plural-Forms", babel_header)]
    catalog.get("Enter at least %(num)d character.").string = tuple(f"f{i}" for i in range(6))
    catalog.get("Yes").string = "نعم"
    catalogs.write_catalog(catalog, path, MESSAGES)
    assert "n%100>=0 && n%100<=2 ? 4 : 5" in path.read_text(encoding="utf-8")

    [result] = update_all(tmp_path, ["ar"], domains=(MESSAGES,))
    assert result.plural_header_fixed
    catalog = read(tmp_path, "ar", MESSAGES)
    assert plurals.same(catalog.plural_forms, pinned)
    assert "n%100>=11 ? 4 : 5" in path.read_text(encoding="utf-8")
    assert catalog.get("Enter at least %(num)d character.").fuzzy
    assert not catalog.get("Yes").fuzzy
    assert text.count("msgstr[5]") == path.read_text(encoding="utf-8").count("msgstr[5]")


def test_review_headers_and_tool_headers_survive_update(tmp_path: Path) -> None:
    write_templates(tmp_path)
    update_all(tmp_path, ["ru"])
    path = catalogs.po_path("ru", FORMS, tmp_path)
    catalog = read(tmp_path, "ru", FORMS)
    catalog.extra_headers.update(
        {"X-Review-Status": "reviewed", "X-Reviewed-By": "Olena K.", "X-Generator": "Poedit 3.4"}
    )
    catalogs.write_catalog(catalog, path, FORMS)
    write_template(tmp_path, FORMS, [*FORM_TEXTS, Message("Neu", context="anmeldung|x")])
    update_all(tmp_path, ["ru"])
    headers = dict(read(tmp_path, "ru", FORMS).mime_headers)
    assert headers["X-Review-Status"] == "reviewed"
    assert headers["X-Reviewed-By"] == "Olena K."
    assert headers["X-Generator"] == "Poedit 3.4"


def test_update_without_changes_does_not_touch_files(tmp_path: Path) -> None:
    write_templates(tmp_path, ui=UI)
    update_all(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.po")}
    results = update_all(tmp_path)
    assert not any(r.changed for r in results)
    assert before == {p: p.read_bytes() for p in tmp_path.rglob("*.po")}
