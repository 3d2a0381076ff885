"""Review status in the catalog headers, read by the app (cached) and set by the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner
from i18n_helpers import edit, read, write_templates

from wizard.i18n import catalogs, review
from wizard.i18n.build import compile_all
from wizard.i18n.catalogs import FORMS, MESSAGES
from wizard.i18n.cli import i18n
from wizard.i18n.update import update_all


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_templates(tmp_path)
    update_all(tmp_path)
    review.clear_cache()
    return tmp_path


def _mark(root: Path, locale: str, domain: str, state: str) -> None:
    catalog = read(root, locale, domain)
    catalog.extra_headers[catalogs.REVIEW_HEADER] = state
    catalogs.write_catalog(catalog, catalogs.po_path(locale, domain, root), domain)


def test_new_languages_are_drafts(root: Path) -> None:
    assert review.current_status("ar", root) == "draft"
    assert review.current_status("de", root) == "draft"


def test_reviewed_only_when_every_catalog_of_the_language_is(root: Path) -> None:
    _mark(root, "uk", MESSAGES, "reviewed")
    assert review.current_status("uk", root) == "draft"  # forms still draft
    _mark(root, "uk", FORMS, "Reviewed")
    assert review.current_status("uk", root) == "reviewed"
    _mark(root, "de", MESSAGES, "reviewed")  # German has no forms catalog
    assert review.current_status("de", root) == "reviewed"
    _mark(root, "ru", MESSAGES, "checked-ish")  # unknown value: a draft
    _mark(root, "ru", FORMS, "reviewed")
    assert review.current_status("ru", root) == "draft"


def test_a_missing_catalog_is_a_draft(tmp_path: Path) -> None:
    assert review.current_status("ar", tmp_path) == "draft"


def test_reads_the_compiled_catalog_and_caches(root: Path) -> None:
    for domain in catalogs.DOMAINS:
        _mark(root, "tr", domain, "reviewed")
    compile_all(root, ["tr"])
    # the .po changes afterwards but is older than the .mo: the app runs what was compiled
    _mark(root, "tr", MESSAGES, "draft")
    po, mo = catalogs.po_path("tr", MESSAGES, root), catalogs.mo_path("tr", MESSAGES, root)
    os.utime(po, (1_000_000, 1_000_000))
    assert mo.stat().st_mtime > po.stat().st_mtime
    assert review.review_status("tr", root) == "reviewed"
    compile_all(root, ["tr"])
    assert review.review_status("tr", root) == "reviewed"  # cached until cleared
    review.clear_cache()
    assert review.review_status("tr", root) == "draft"


def test_cli_records_review_status_and_reviewer(root: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        i18n,
        ["review", "--dir", str(root), "--lang", "fa", "--status", "reviewed", "--by", "Ali R."],
    )
    assert result.exit_code == 0, result.output
    for domain in catalogs.DOMAINS:
        headers = dict(read(root, "fa", domain).mime_headers)
        assert headers["X-Review-Status"] == "reviewed"
        assert headers["X-Reviewed-By"] == "Ali R."
    assert review.current_status("fa", root) == "reviewed"
    assert review.reviewed_by("fa", MESSAGES, root) == "Ali R."
    result = runner.invoke(
        i18n, ["review", "--dir", str(root), "--lang", "fa", "--status", "draft"]
    )
    assert result.exit_code == 0
    assert review.current_status("fa", root) == "draft"
    assert review.reviewed_by("fa", MESSAGES, root) == ""


def test_draft_notice_in_the_users_language_only_for_drafts(tmp_path: Path) -> None:
    write_templates(tmp_path, ui=[Message(review.DRAFT_NOTICE)])
    update_all(tmp_path, ["ar"])
    arabic = "لم يراجع متحدث أصلي هذه الترجمة بعد. إذا كان هناك شيء غير واضح، اسأل مستشارك."
    edit(tmp_path, "ar", MESSAGES, {review.DRAFT_NOTICE: arabic})
    compile_all(tmp_path, ["ar"])
    review.clear_cache()
    assert review.draft_notice("ar", tmp_path) == arabic
    for domain in catalogs.DOMAINS:
        _mark(tmp_path, "ar", domain, "reviewed")
    compile_all(tmp_path, ["ar"])
    review.clear_cache()
    assert review.draft_notice("ar", tmp_path) is None


def test_draft_notice_of_the_shipped_catalogs() -> None:
    review.clear_cache()
    notice = review.draft_notice("ti")
    assert notice is None or notice.strip()
