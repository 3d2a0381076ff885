"""Any text a user can type either fills the field or is refused with a
FillError naming the field; it never crashes the filler or breaks the PDF."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from wizard.pdf import acroform, fonts
from wizard.pdf.errors import FillError

# Mostly the scripts our users write, plus anything Unicode has to offer.
_scripts = st.sampled_from(
    ["a", "ß", "Ł", "ğ", "ı", "Ж", "ё", "ب", "ی", "ښ", "ሀ", " ", "\n", "-", "1", "\u064e", "\u200d"]
)
_texts = st.text(alphabet=_scripts | st.characters(), max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts, field=st.sampled_from(["name", "notes", "short", "limited", "plz"]))
def test_random_text_fills_or_is_refused(synthetic_form: Path, text: str, field: str) -> None:
    try:
        out = acroform.fill(synthetic_form, {field: text})
    except FillError as exc:
        assert exc.field == field
        reason = str(exc)
        assert "no embedded font can draw" in reason or "allows at most" in reason
        if "no embedded font" in reason:
            assert fonts.uncovered(text)
        return
    assert not fonts.uncovered(text)
    value = PdfReader(io.BytesIO(out)).get_fields()[field]["/V"]
    assert isinstance(value, str)
