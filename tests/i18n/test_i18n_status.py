"""`wizard i18n status`: the numbers per language and form, and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner
from i18n_helpers import edit, translate_everything, write_templates

from wizard.i18n import catalogs
from wizard.i18n.catalogs import FORMS, MESSAGES, MT_COMMENT
from wizard.i18n.cli import i18n
from wizard.i18n.status import UI_ROW, build_report, render_table
from wizard.i18n.update import update_all

LANGS = list(catalogs.shipped_locales(MESSAGES))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_templates(tmp_path)
    update_all(tmp_path)
    return tmp_path


def _status(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(i18n, ["status", "--dir", str(root), "--no-source-check", *args])
    return result.exit_code, result.output


def test_empty_catalogs_are_incomplete_everywhere(root: Path) -> None:
    report = build_report(root, project_root=None)
    assert report.rows == [UI_ROW, "anmeldung", "kindergeld"]
    assert report.locales == LANGS
    ui_ar = report.cells[UI_ROW, "ar"]
    assert (ui_ar.total, ui_ar.percent, ui_ar.counts["untranslated"]) == (4, 0, 4)
    assert report.cells["anmeldung", "ar"].total == 2
    assert report.cells["kindergeld", "ar"].total == 1
    assert report.cells["anmeldung", "de"].source  # German form texts are the source
    assert report.cells[UI_ROW, "en"].percent == 100  # English UI: msgids themselves
    assert report.review == dict.fromkeys(LANGS, "draft")
    assert report.exit_code() == 1
    code, out = _status(root)
    assert code == 1
    assert "Not complete: de, en, uk, ru, ar" in out


def test_complete_translations_exit_zero(root: Path) -> None:
    translate_everything(root)
    report = build_report(root, project_root=None)
    assert all(cell.percent == 100 for cell in report.cells.values())
    code, out = _status(root)
    assert code == 0, out
    assert "All languages complete." in out


def test_counts_drafts_stale_and_broken_separately(root: Path) -> None:
    translate_everything(root)
    edit(
        root,
        "ar",
        MESSAGES,
        {
            "Yes": Message("x", "نعم", flags=["fuzzy"], user_comments=[MT_COMMENT]),
            "Page {page} of {pages}": Message(
                "x", "صفحة {page} من {pages}", flags=["fuzzy"], previous_id=["Page {page}"]
            ),
            "The date must be on or after %(date)s.": "يجب أن يكون التاريخ بعد %(datum)s.",
        },
    )
    edit(
        root,
        "ar",
        FORMS,
        {
            ("Person {index()}: {vornamen}", "anmeldung|steps.p.repeat.item_label"): (
                "الشخص {index()}"
            )
        },
    )
    report = build_report(root, project_root=None)
    ui = report.cells[UI_ROW, "ar"]
    assert ui.counts["draft"] == 1
    assert ui.counts["stale"] == 1
    assert ui.counts["broken"] == 1
    assert ui.counts["translated"] == 1
    assert ui.percent == 25
    form = report.cells["anmeldung", "ar"]
    assert (form.counts["broken"], form.percent) == (1, 50)
    assert report.cells["kindergeld", "ar"].percent == 100
    assert report.cells[UI_ROW, "uk"].percent == 100
    table = render_table(report)
    assert "25% 1d 1s 1!" in table
    assert "Not complete: ar" in table
    code, out = _status(root, "--verbose")
    assert code == 1
    assert "lacks %(date)s" in out and "has unknown %(datum)s" in out
    assert "lacks {vornamen}" in out
    assert "source changed (was 'Page {page}')" in out


def test_json_output(root: Path) -> None:
    translate_everything(root)
    edit(root, "tr", MESSAGES, {"Yes": ""})
    code, out = _status(root, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    tr_ui = data["languages"]["tr"]["rows"][UI_ROW]
    assert tr_ui["percent"] == 75 and tr_ui["untranslated"] == 1 and tr_ui["total"] == 4
    assert data["languages"]["de"]["rows"]["anmeldung"] == {
        "source": True,
        "percent": 100,
        "total": 2,
    }
    assert data["languages"]["tr"]["review_status"] == "draft"


def test_catalog_behind_its_template_is_reported(root: Path) -> None:
    translate_everything(root)
    write_templates(root, forms=[Message("Neu", context="kindergeld|description")])
    report = build_report(root, project_root=None)
    assert not report.ok
    assert any("lacks 1 entries" in p and "wizard i18n update" in p for p in report.outdated)
    assert report.cells["kindergeld", "ru"].counts["untranslated"] == 1


def test_template_behind_the_sources_is_reported(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "wizard").mkdir(parents=True)
    (project / "forms").mkdir()
    (project / "wizard" / "views.py").write_text(
        'from flask_babel import gettext\n\ndef view():\n    return gettext("Brand new")\n'
    )
    root = tmp_path / "translations"
    write_templates(root, forms=[])
    update_all(root)
    report = build_report(root, project_root=project)
    assert any("messages.pot is out of date (1 new, 4 removed" in p for p in report.outdated)
    assert report.exit_code() == 1


def test_status_of_the_shipped_catalogs_runs() -> None:
    result = CliRunner().invoke(i18n, ["status"])
    assert result.exit_code in (0, 1), result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["entries", *LANGS]
    assert lines[2].startswith(UI_ROW)
    assert "PROBLEM" not in result.output, result.output
    report = build_report()
    assert result.exit_code == report.exit_code()


def test_sources_that_do_not_extract_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "wizard" / "web" / "templates").mkdir(parents=True)
    (project / "forms").mkdir()
    (project / "wizard" / "web" / "templates" / "x.html").write_text("{{ _('a') ")
    root = tmp_path / "translations"
    write_templates(root)
    update_all(root)
    report = build_report(root, project_root=project)
    assert any("cannot be extracted" in p for p in report.outdated)
    assert report.exit_code() == 1
