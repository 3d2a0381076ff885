"""Compiling: fuzzy and broken entries never reach the app; plural forms select right."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.support import Translations
from i18n_helpers import edit, write_templates

from wizard.i18n import catalogs, plurals
from wizard.i18n.build import compile_all
from wizard.i18n.catalogs import FORMS, MESSAGES
from wizard.i18n.update import update_all

PLURAL = ("Enter at least %(num)d character.", "Enter at least %(num)d characters.")
ARABIC_FORMS = (
    "لا حروف %(num)d",  # 0: zero
    "أدخل حرفًا واحدًا على الأقل.",  # 1: one
    "أدخل حرفين على الأقل.",  # 2: two
    "أدخل %(num)d أحرف على الأقل.",  # 3: few (3–10)
    "أدخل %(num)d حرفًا على الأقل.",  # 4: many (11–99)
    "أدخل %(num)d حرف على الأقل.",  # 5: other (100, 101, 102, …)
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_templates(tmp_path)
    update_all(tmp_path)
    return tmp_path


def _load(root: Path, locale: str, domain: str) -> Translations:
    return Translations.load(str(root), [locale], domain=domain)


def test_compile_uses_translations_and_skips_fuzzy(root: Path) -> None:
    edit(
        root,
        "ru",
        MESSAGES,
        {
            "Yes": "Да",
            "Page {page} of {pages}": Message("x", "Страница {page} из {pages}", flags=["fuzzy"]),
        },
    )
    edit(root, "ru", FORMS, {("Kindergeld", "kindergeld|title"): "Детские пособия"})
    results = {(r.locale, r.domain): r for r in compile_all(root)}
    assert results["ru", MESSAGES].translated == 1 and results["ru", MESSAGES].fuzzy == 1
    ui = _load(root, "ru", MESSAGES)
    assert ui.gettext("Yes") == "Да"
    assert ui.gettext("Page {page} of {pages}") == "Page {page} of {pages}"  # fuzzy: source
    forms = _load(root, "ru", FORMS)
    assert forms.pgettext("kindergeld|title", "Kindergeld") == "Детские пособия"
    assert forms.pgettext("anmeldung|title", "Kindergeld") == "Kindergeld"  # other place


def test_compile_leaves_out_broken_placeholders(root: Path) -> None:
    edit(
        root,
        "tr",
        MESSAGES,
        {
            "The date must be on or after %(date)s.": "Tarih en erken %(tarih)s olmalı.",
            "Page {page} of {pages}": "Sayfa {page}/{pages}",
        },
    )
    edit(
        root,
        "tr",
        FORMS,
        {("Person {index()}: {vornamen}", "anmeldung|steps.p.repeat.item_label"): "Kişi {index()}"},
    )
    results = {(r.locale, r.domain): r for r in compile_all(root, ["tr"])}
    assert len(results["tr", MESSAGES].rejected) == 1
    assert "%(tarih)s" in results["tr", MESSAGES].rejected[0]
    assert "{vornamen}" in results["tr", FORMS].rejected[0]
    ui = _load(root, "tr", MESSAGES)
    assert ui.gettext("The date must be on or after %(date)s.") == (
        "The date must be on or after %(date)s."
    )
    assert ui.gettext("Page {page} of {pages}") == "Sayfa {page}/{pages}"


def test_arabic_selects_all_six_plural_forms(root: Path) -> None:
    edit(root, "ar", MESSAGES, {PLURAL[0]: ARABIC_FORMS})
    compile_all(root, ["ar"])
    catalog = _load(root, "ar", MESSAGES)
    for n, form in zip((0, 1, 2, 3, 11, 100), range(6), strict=True):
        assert catalog.ngettext(*PLURAL, n) == ARABIC_FORMS[form], n
    # and further into each range
    assert catalog.ngettext(*PLURAL, 10) == ARABIC_FORMS[3]
    assert catalog.ngettext(*PLURAL, 99) == ARABIC_FORMS[4]
    assert catalog.ngettext(*PLURAL, 102) == ARABIC_FORMS[5]
    assert catalog.ngettext(*PLURAL, 111) == ARABIC_FORMS[4]


@pytest.mark.parametrize("locale", sorted(plurals.PLURAL_FORMS))
def test_pinned_plural_forms_agree_with_cldr(locale: str) -> None:
    assert plurals.cldr_mismatches(locale) == []


def test_babels_arabic_header_is_the_one_we_do_not_use() -> None:
    from babel.messages.plurals import get_plural

    babel_header = get_plural("ar").plural_forms
    assert plurals.form_index(babel_header, 11) != plurals.cldr_index("ar", 11)
    assert plurals.form_index(plurals.ARABIC, 11) == 4
    assert plurals.form_index(plurals.ARABIC, 100) == 5


@pytest.mark.parametrize(
    ("locale", "cases"),
    [
        ("uk", {1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 21: 0, 22: 1, 111: 2}),
        ("ru", {0: 2, 1: 0, 3: 1, 14: 2, 101: 0, 104: 1}),
        ("fa", {0: 0, 1: 0, 2: 1}),
        ("ti", {0: 0, 1: 0, 2: 1}),
        ("tr", {0: 1, 1: 0, 2: 1}),
        ("ps", {0: 1, 1: 0, 5: 1}),
    ],
)
def test_plural_forms_of_other_languages(locale: str, cases: dict[int, int]) -> None:
    header = plurals.plural_forms(locale)
    assert {n: plurals.form_index(header, n) for n in cases} == cases


def test_compiled_header_carries_review_status_and_plural_forms(root: Path) -> None:
    compile_all(root, ["ar"])
    with catalogs.mo_path("ar", MESSAGES, root).open("rb") as fh:
        info = gettext.GNUTranslations(fh).info()
    assert info["x-review-status"] == "draft"
    assert plurals.same(info["plural-forms"], plurals.ARABIC)


def test_compile_does_not_rewrite_unchanged_files(root: Path) -> None:
    assert all(r.changed for r in compile_all(root))
    assert not any(r.changed for r in compile_all(root))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_gnu_msgfmt_selects_the_same_arabic_forms(root: Path, tmp_path_factory) -> None:
    edit(root, "ar", MESSAGES, {PLURAL[0]: ARABIC_FORMS})
    out = tmp_path_factory.mktemp("gnu") / "messages.mo"
    po = catalogs.po_path("ar", MESSAGES, root)
    subprocess.run(["msgfmt", "--check", "-o", str(out), str(po)], check=True)
    with out.open("rb") as fh:
        gnu = gettext.GNUTranslations(fh)
    for n, form in zip((0, 1, 2, 3, 11, 100), range(6), strict=True):
        assert gnu.ngettext(*PLURAL, n) == ARABIC_FORMS[form]


def test_long_previous_msgids_are_written_as_valid_po(tmp_path) -> None:
    """Babel wraps a long "#| msgid" inside its quotes; our writer must not."""
    import shutil
    import subprocess

    from babel.messages.catalog import Message

    from wizard.i18n import catalogs

    catalog = catalogs.new_catalog("uk", catalogs.FORMS)
    old = "Zum Beispiel ein früherer Familienname. Leer lassen, wenn es keinen gibt, und weiter."
    message = Message(
        "Zum Beispiel die eines Staates, der nicht mehr besteht. Leer lassen, wenn nicht.",
        string="Наприклад…",
        context="f|a.hint",
        flags={"fuzzy"},
    )
    message.previous_id = [old]
    catalog[message.id] = message
    catalog.get(message.id, context="f|a.hint").previous_id = [old]
    path = tmp_path / "forms.po"
    path.write_bytes(catalogs.render(catalog, catalogs.FORMS))
    again = catalogs.read_catalog(path, "uk", catalogs.FORMS)
    assert again.get(message.id, context="f|a.hint").previous_id == [old]
    if shutil.which("msgfmt"):
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
