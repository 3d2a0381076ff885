"""The committed catalogs, and PO files as Poedit, Weblate and GNU gettext read them."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from i18n_helpers import edit, write_templates

from wizard.i18n import catalogs, languages, plurals
from wizard.i18n.build import compile_all
from wizard.i18n.catalogs import FORMS, MESSAGES, MT_COMMENT
from wizard.i18n.update import update_all

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "translations"
SHIPPED = [(loc, d) for d in catalogs.DOMAINS for loc in catalogs.shipped_locales(d)]


def test_every_shipped_language_has_its_catalogs() -> None:
    assert len(SHIPPED) == 2 * len(languages.LANGUAGES) - 1  # no German forms catalog
    for locale, domain in SHIPPED:
        assert catalogs.po_path(locale, domain).is_file(), (locale, domain)
    assert not catalogs.po_path("de", FORMS).exists()


@pytest.mark.parametrize(("locale", "domain"), SHIPPED)
def test_committed_catalog_parses_and_has_our_headers(locale: str, domain: str) -> None:
    path = catalogs.po_path(locale, domain)
    with path.open("rb") as fh:
        plain = read_po(fh)  # Babel's own reader, as other tools would use it
    headers = dict(catalogs.read_catalog(path, locale=locale, domain=domain).mime_headers)
    assert str(plain.locale_identifier) == locale == headers["Language"]
    assert plurals.same(headers["Plural-Forms"], plurals.plural_forms(locale))
    assert headers["X-Review-Status"] in catalogs.REVIEW_STATES
    assert "charset=utf-8" in headers["Content-Type"]
    buf = io.BytesIO()
    write_mo(buf, plain)  # the msgfmt equivalent Python ships with Babel
    buf.seek(0)
    assert gettext.GNUTranslations(buf).info()["language"] == locale


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize(("locale", "domain"), SHIPPED)
def test_committed_catalog_passes_gnu_msgfmt_check(
    locale: str, domain: str, tmp_path: Path
) -> None:
    path = catalogs.po_path(locale, domain)
    done = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_translated_catalog_with_every_feature_passes_msgfmt(tmp_path: Path) -> None:
    """msgctxt, plurals, fuzzy with #| msgid, translator comments: what translators produce."""
    write_templates(tmp_path)
    update_all(tmp_path, ["uk"])
    edit(
        tmp_path,
        "uk",
        MESSAGES,
        {
            "Yes": "Так",
            "Enter at least %(num)d character.": (
                "Введіть щонайменше %(num)d символ.",
                "Введіть щонайменше %(num)d символи.",
                "Введіть щонайменше %(num)d символів.",
            ),
            "Page {page} of {pages}": Message(
                "x",
                "Сторінка {page} з {pages}",
                flags=["fuzzy"],
                user_comments=[MT_COMMENT],
                previous_id=["Page {page} from {pages}"],
            ),
        },
    )
    edit(tmp_path, "uk", FORMS, {("Kindergeld", "kindergeld|title"): "Допомога на дітей"})
    for domain in catalogs.DOMAINS:
        path = catalogs.po_path("uk", domain, tmp_path)
        done = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / f"{domain}.mo"), str(path)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    text = catalogs.po_path("uk", MESSAGES, tmp_path).read_text(encoding="utf-8")
    assert f"# {MT_COMMENT}\n#, fuzzy, python-brace-format\n#| msgid" in text


def test_previous_msgid_survives_reading_and_writing(tmp_path: Path) -> None:
    """Babel alone turns '#| msgid' into a translator comment; our reader keeps it."""
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
        'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n"X-Review-Status: reviewed\\n"\n\n'
        '# translator note\n#, fuzzy\n#| msgctxt "f|a"\n#| msgid "Old "\n#| "text"\n'
        'msgctxt "f|a"\nmsgid "New text"\nmsgstr "Старый"\n\n'
        '#~| msgid "Gone before"\n#~ msgid "Gone"\n#~ msgstr "Нет"\n',
        encoding="utf-8",
    )
    catalog = catalogs.read_catalog(po, locale="ru")
    message = catalog.get("New text", context="f|a")
    assert message.previous_id == ["Old text"]
    assert message.user_comments == ["translator note"]
    assert catalogs.is_stale(message)
    assert catalog.review_status == "reviewed"
    written = catalogs.render(catalog, FORMS).decode()
    assert '#| msgid "Old text"' in written and "# |" not in written
    assert '"X-Review-Status: reviewed\\n"' in written


def test_fresh_clone_compiles_every_catalog(tmp_path: Path) -> None:
    """Only .po/.pot are committed; `wizard i18n compile` makes every .mo the app loads."""
    clone = tmp_path / "translations"
    shutil.copytree(COMMITTED, clone, ignore=shutil.ignore_patterns("*.mo"))
    results = compile_all(clone)
    assert {(r.locale, r.domain) for r in results} == set(SHIPPED)
    for locale, domain in SHIPPED:
        with catalogs.mo_path(locale, domain, clone).open("rb") as fh:
            assert gettext.GNUTranslations(fh).info()["language"] == locale


def test_compiled_catalogs_are_not_committed() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    mo = catalogs.mo_path("ar", MESSAGES).relative_to(ROOT)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(mo)], cwd=ROOT)
    assert ignored.returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", "translations"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert not [p for p in tracked if p.endswith(".mo")]


def test_app_and_catalog_commands_never_import_argostranslate() -> None:
    """Machine translation is an optional extra: only `wizard i18n draft` may load it."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from wizard.i18n import review, status, build, update, extract, formtext, ui\n"
        "from wizard.i18n.cli import i18n\n"
        "from wizard.web.app import create_app\n"
        "CliRunner().invoke(i18n, ['compile', '--dir', sys.argv[1]])\n"
        "review.review_status('ar')\n"
        "assert not [m for m in sys.modules if m.startswith(('argostranslate', 'ctranslate2'))]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(COMMITTED)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
