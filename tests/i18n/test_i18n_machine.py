"""Machine drafts with a tiny Argos package built here: offline, masked, marked fuzzy."""

from __future__ import annotations

import socket
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip(
    "argostranslate",
    reason="optional extra not installed: pip install torch==2.13.0 && pip install -e '.[translate]'",
)
pytest.importorskip("ctranslate2", reason="ctranslate2 (part of the [translate] extra) missing")
pytest.importorskip("sentencepiece", reason="sentencepiece (part of the [translate] extra) missing")

from argos_tiny import build_package  # noqa: E402
from babel.messages.catalog import Message  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from i18n_helpers import edit, read, write_templates  # noqa: E402

from wizard.i18n import catalogs, machine, placeholders  # noqa: E402
from wizard.i18n.build import compile_all  # noqa: E402
from wizard.i18n.catalogs import FORMS, MESSAGES, MT_COMMENT  # noqa: E402
from wizard.i18n.cli import i18n  # noqa: E402
from wizard.i18n.status import UI_ROW, build_report  # noqa: E402
from wizard.i18n.update import update_all  # noqa: E402

UI = [
    Message("Yes"),
    Message("Hello %(first_name)s, write to max_muster@example.org."),
    Message("Page {page} of {pages}"),
    Message(("Enter at least %(num)d character.", "Enter at least %(num)d characters.")),
    Message("Already translated"),
]
FORMS_ = [
    Message("Person {index()}: {vornamen}", context="anmeldung|steps.p.repeat.item_label"),
    Message(
        "Nur wenn Sie ihn kennen. Sonst z. B. leer lassen.",
        context="anmeldung|steps.p.ortsteil.hint",
    ),
    Message("Kindergeld", context="kindergeld|title"),
]


@pytest.fixture(scope="module")
def argos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """Argos imported with its data, config, cache and packages in a temporary home."""
    home = tmp_path_factory.mktemp("argos-home")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            mp.setenv(var, str(home / var.lower()))
        mp.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
        package = machine._argos_package()
        from argostranslate import settings

        yield SimpleNamespace(package=package, settings=settings, home=home)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    built: dict[tuple[str, str], Path] = {}
    where = tmp_path_factory.mktemp("archives")

    def _get(from_code: str, to_code: str) -> Path:
        if (from_code, to_code) not in built:
            built[from_code, to_code] = build_package(where, from_code, to_code)
        return built[from_code, to_code]

    return _get


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def _refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)


def _install(argos: SimpleNamespace, archives: Callable, directory: Path, *pairs: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        with zipfile.ZipFile(archives(*pair.split("_"))) as zf:
            zf.extractall(directory)  # what argostranslate.package.install_from_path does
    return directory


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_templates(tmp_path / "translations", ui=UI, forms=FORMS_)
    update_all(tmp_path / "translations")
    return tmp_path / "translations"


def test_argos_tokenizer_mangles_placeholders_that_masking_protects(
    argos: SimpleNamespace, archives: Callable, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_ar")
    [package] = machine.installed_packages([packages])
    raw = machine.Step(package).translate(["Hallo %(first_name)s"])
    assert raw == ["Hallo %(first name)s"]  # Argos decodes "_" as a space
    engine = machine.Engine([package])
    assert engine.translate("Hallo %(first_name)s") == ("Hallo %(first_name)s", [])
    assert engine.translate("  Seite {page} von {pages}\nZeile zwei. Satz drei.") == (
        "  Seite {page} von {pages}\nZeile zwei. Satz drei.",
        [],
    )


def test_draft_fills_untranslated_entries_as_fuzzy_machine_drafts(
    argos: SimpleNamespace, archives: Callable, root: Path, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_ar", "en_ar")
    edit(root, "ar", MESSAGES, {"Already translated": "مترجم"})
    edit(
        root,
        "ar",
        FORMS,
        {
            ("Kindergeld", "kindergeld|title"): Message(
                "x", "إعانة الأطفال القديمة", flags=["fuzzy"], previous_id=["Kindergeld alt"]
            )
        },
    )
    results = machine.draft("ar", root, package_dirs=[packages])
    assert [(r.domain, r.drafted, r.route) for r in results] == [
        (MESSAGES, 4, "en → ar"),
        (FORMS, 2, "de → ar"),
    ]
    ui = read(root, "ar", MESSAGES)
    for msgid in ("Yes", "Hello %(first_name)s, write to max_muster@example.org."):
        message = ui.get(msgid)
        assert message.string == msgid  # the copy model: what went in comes out
        assert message.fuzzy and catalogs.is_machine_draft(message)
        assert message.user_comments[:2] == [MT_COMMENT, "Argos Translate en → ar"]
        assert placeholders.problems(message, percent=True) == []
    plural = ui.get("Enter at least %(num)d character.")
    assert plural.string[1] == "Enter at least %(num)d character."  # form "one"
    assert set(plural.string[:1] + plural.string[2:]) == {"Enter at least %(num)d characters."}
    assert ui.get("Already translated").string == "مترجم"  # never overwritten
    assert not ui.get("Already translated").fuzzy
    forms = read(root, "ar", FORMS)
    label = forms.get("Person {index()}: {vornamen}", context="anmeldung|steps.p.repeat.item_label")
    assert label.string == label.id and label.fuzzy
    hint = forms.get(FORMS_[1].id, context=FORMS_[1].context)
    assert hint.string == FORMS_[1].id
    stale = forms.get("Kindergeld", context="kindergeld|title")
    assert stale.string == "إعانة الأطفال القديمة"  # a human's stale translation stays

    report = build_report(root, project_root=None, locales=["ar"])
    assert report.cells[UI_ROW, "ar"].counts["draft"] == 4
    assert report.cells["anmeldung", "ar"].counts["draft"] == 2
    assert report.cells["kindergeld", "ar"].counts["stale"] == 1
    compiled = {r.domain: r for r in compile_all(root, ["ar"])}
    assert (compiled[MESSAGES].translated, compiled[MESSAGES].fuzzy) == (1, 4)
    assert "argostranslate.sbd" not in sys.modules  # no Stanza/MiniSBD/spaCy splitter
    assert "stanza" not in sys.modules


def test_pivot_through_english_when_there_is_no_direct_model(
    argos: SimpleNamespace, archives: Callable, root: Path, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_en", "en_uk")
    [result] = machine.draft("uk", root, domains=(FORMS,), package_dirs=[packages])
    assert result.route == "de → en → uk" and result.drafted == 3
    message = read(root, "uk", FORMS).get("Kindergeld", context="kindergeld|title")
    assert message.string == "Kindergeld"
    assert "Argos Translate de → en → uk" in message.user_comments


def test_form_option_drafts_only_that_form(
    argos: SimpleNamespace, archives: Callable, root: Path, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_tr")
    result = CliRunner().invoke(
        i18n,
        ["draft", "--dir", str(root), "--lang", "tr", "--form", "kindergeld"]
        + ["--packages-dir", str(packages)],
    )
    assert result.exit_code == 0, result.output
    assert "1 machine drafts (de → tr)" in result.output
    forms = read(root, "tr", FORMS)
    assert forms.get("Kindergeld", context="kindergeld|title").fuzzy
    assert forms.get(FORMS_[1].id, context=FORMS_[1].context).string == ""
    assert read(root, "tr", MESSAGES).get("Yes").string == ""


def test_missing_model_explains_how_to_install_it(
    argos: SimpleNamespace, archives: Callable, root: Path, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_en")
    with pytest.raises(machine.MachineTranslationError) as exc:
        machine.draft("ru", root, domains=(FORMS,), package_dirs=[packages])
    message = str(exc.value)
    assert "argospm update" in message
    assert "argospm install translate-en_ru" in message
    assert "translate-de_en" not in message  # already installed
    result = CliRunner().invoke(
        i18n, ["draft", "--dir", str(root), "--lang", "ru", "--packages-dir", str(packages)]
    )
    assert result.exit_code == 1 and "argospm install translate-en_ru" in result.output


def test_every_missing_model_is_named_before_anything_changes(
    argos: SimpleNamespace, root: Path, tmp_path: Path
) -> None:
    before = {p: p.read_bytes() for p in root.rglob("*.po")}
    with pytest.raises(machine.MachineTranslationError) as exc:
        machine.draft("ar", root, package_dirs=[tmp_path / "empty"])
    message = str(exc.value)
    assert "English → Arabic" in message and "German → Arabic" in message
    for name in ("translate-en_ar", "translate-de_en"):
        assert message.count(f"argospm install {name}") == 1
    assert before == {p: p.read_bytes() for p in root.rglob("*.po")}


@pytest.mark.parametrize(
    ("locale", "name"), [("ps", "Pashto"), ("ku", "Kurmanji"), ("ti", "Tigrinya")]
)
def test_languages_without_any_public_model_say_so(
    argos: SimpleNamespace, root: Path, tmp_path: Path, locale: str, name: str
) -> None:
    with pytest.raises(machine.MachineTranslationError, match=f"no model for {name}"):
        machine.draft(locale, root, package_dirs=[tmp_path])


def test_dari_is_drafted_with_the_persian_model_and_says_so(
    argos: SimpleNamespace, archives: Callable, root: Path, tmp_path: Path
) -> None:
    packages = _install(argos, archives, tmp_path / "pk", "de_fa")
    [result] = machine.draft("fa_AF", root, domains=(FORMS,), package_dirs=[packages], limit=1)
    assert result.drafted == 1 and result.route == "de → fa"
    drafted = [m for m in read(root, "fa_AF", FORMS) if m.id and m.string]
    assert len(drafted) == 1
    assert any("model for 'fa'" in c for c in drafted[0].user_comments)


def test_argos_package_index_is_never_fetched(argos: SimpleNamespace) -> None:
    """Offline, Argos would retry its index forever; here it fails at once with advice."""
    for call in (argos.package.get_available_packages, argos.package.update_package_index):
        with pytest.raises(machine.MachineTranslationError, match="argospm"):
            call()


def test_packages_installed_by_argos_into_argos_packages_dir_are_found(
    argos: SimpleNamespace, archives: Callable
) -> None:
    if Path(argos.settings.package_data_dir) != argos.home / "packages":
        pytest.skip("argostranslate was imported before this module set ARGOS_PACKAGES_DIR")
    argos.package.install_from_path(archives("de", "ku"))
    found = machine.installed_packages()
    assert ("de", "ku") in {(p.from_code, p.to_code) for p in found}


def test_time_limit_stops_a_hanging_call() -> None:
    with pytest.raises(machine.MachineTranslationError, match="longer than"):
        with machine.time_limit(0.2):
            time.sleep(30)
