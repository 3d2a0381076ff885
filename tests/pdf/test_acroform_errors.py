"""Values that cannot be filled are refused before anything is written, with a
message naming the field; unusable templates get a clear TemplateError."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from wizard.pdf import acroform
from wizard.pdf.errors import FillError, TemplateError


def _problems(exc: pytest.ExceptionInfo[FillError]) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.problems}


def test_character_no_font_can_draw_names_field_and_code_point(synthetic_form: Path) -> None:
    with pytest.raises(FillError) as exc:
        acroform.fill(synthetic_form, {"name": "Anna 😀"})
    assert exc.value.field == "name"
    assert "U+1F600" in str(exc.value)
    assert "field 'name'" in str(exc.value)


def test_unknown_field_suggests_the_closest_name(synthetic_form: Path) -> None:
    with pytest.raises(FillError) as exc:
        acroform.fill(synthetic_form, {"nmae": "Anna"})
    assert _problems(exc) == {"nmae": "no such field in this form; did you mean 'name'?"}


def test_every_problem_is_reported_at_once(synthetic_form: Path) -> None:
    values = {"answer": "maybe", "country": "Frankreich", "bogus": 1, "agree": "yes"}
    with pytest.raises(FillError) as exc:
        acroform.fill(synthetic_form, values)
    problems = _problems(exc)
    assert set(problems) == {"answer", "country", "bogus", "agree"}
    assert "'maybe' is not one of its options ('ja', 'nein', 'vielleicht')" in problems["answer"]
    assert "Frankreich" in problems["country"] and "Deutschland" in problems["country"]
    assert "not one of its options" in problems["agree"]


def test_invalid_option_suggests_a_close_one(synthetic_form: Path) -> None:
    with pytest.raises(FillError) as exc:
        acroform.fill(synthetic_form, {"country": "Polén"})
    assert "did you mean 'Polen'?" in _problems(exc)["country"]


def test_list_for_a_single_choice_and_wrong_types(synthetic_form: Path) -> None:
    with pytest.raises(FillError) as exc:
        acroform.fill(
            synthetic_form,
            {"country": ["Polen", "Türkei"], "name": {"a": 1}, "answer": True, "agree": 3},
        )
    problems = _problems(exc)
    assert "takes one option" in problems["country"]
    assert "expects text" in problems["name"]
    assert "not true" in problems["answer"]
    assert "expects true or false" in problems["agree"]


def test_text_longer_than_max_length(synthetic_form: Path) -> None:
    with pytest.raises(FillError) as exc:
        acroform.fill(synthetic_form, {"limited": "12345678901"})
    assert _problems(exc) == {"limited": "11 characters, but the field allows at most 10"}
    out = acroform.fill(synthetic_form, {"limited": "12345678901"}, truncate=True)
    assert PdfReader(io.BytesIO(out)).get_fields()["limited"]["/V"] == "1234567890"


def test_push_buttons_cannot_be_filled(corpus_pdf: Callable[[str], Path]) -> None:
    path = corpus_pdf("fancy_fields.pdf")
    with pytest.raises(FillError) as exc:
        acroform.fill(path, {"Eject 📼": "x"})
    assert _problems(exc) == {"Eject 📼": "is a button field and cannot be filled in"}


def test_nothing_is_returned_for_a_failed_fill(synthetic_form: Path) -> None:
    # A valid value next to an invalid one must not produce a partly filled file.
    with pytest.raises(FillError):
        acroform.fill(synthetic_form, {"name": "Anna", "answer": "maybe"})


def test_password_protected_template(tmp_path: Path, synthetic_form: Path) -> None:
    writer = PdfWriter(clone_from=synthetic_form)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as out:
        writer.write(out)
    with pytest.raises(TemplateError, match="password-protected"):
        acroform.list_fields(locked)


def test_owner_password_only_can_be_listed_but_not_filled(
    tmp_path: Path, synthetic_form: Path
) -> None:
    writer = PdfWriter(clone_from=synthetic_form)
    writer.encrypt(user_password="", owner_password="owner")
    locked = tmp_path / "restricted.pdf"
    with locked.open("wb") as out:
        writer.write(out)
    assert "name" in {f.name for f in acroform.list_fields(locked)}
    with pytest.raises(TemplateError, match="encrypted"):
        acroform.fill(locked, {"name": "Anna"})


def test_not_a_pdf_and_missing_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("just text")
    with pytest.raises(TemplateError, match="not a PDF file"):
        acroform.list_fields(text)
    with pytest.raises(TemplateError, match="cannot read"):
        acroform.fill(tmp_path / "missing.pdf", {})
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(TemplateError):
        acroform.fill(truncated, {"a": "b"})


def test_form_without_fields(tmp_path: Path, form_drawer: Callable[..., Path]) -> None:
    path = form_drawer(tmp_path / "flat.pdf", lambda pdf: pdf.drawString(50, 800, "Kein Formular"))
    assert acroform.list_fields(path) == []
    with pytest.raises(TemplateError, match="no fillable form fields"):
        acroform.fill(path, {"x": "y"})
