"""Font coverage, run segmentation, RTL shaping, and the reportlab line layout built on them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.pdf import fonts, rl_text, shaping
from wizard.pdf.rl_text import UncoveredTextError


def line_text(line: rl_text.Line) -> str:
    return "".join(run.text for run in line.runs)


# --- fonts.segment / fonts.uncovered ---------------------------------------------------------


def test_segment_splits_scripts_into_runs_of_one_face() -> None:
    assert fonts.segment("Ali محمد") == [("latin", "Ali "), ("arabic", "محمد")]
    assert fonts.segment("ሰላም Berlin") == [("ethiopic", "ሰላም "), ("latin", "Berlin")]
    assert fonts.segment("Привіт, Київ") == [("latin", "Привіт, Київ")]


def test_segment_keeps_neutrals_in_the_current_run() -> None:
    # Digits and spaces after Arabic stay with the Arabic face that covers them.
    runs = fonts.segment("شارع النيل ١٢")
    assert runs == [("arabic", "شارع النيل ١٢")]


def test_segment_loses_no_visible_character() -> None:
    text = "Name: محمد – ሰላም (Берлін) 10115"
    assert "".join(chunk for _, chunk in fonts.segment(text)) == text


def test_uncovered_reports_each_missing_character_once_in_order() -> None:
    assert fonts.uncovered("王小王 😀") == ["王", "小", "😀"]
    assert fonts.uncovered("Grüße, Привіт, سلام، ሰላም, ẞ € „x“") == []


def test_invisible_format_characters_are_not_uncovered() -> None:
    assert fonts.uncovered("می\u200cخواهم \u200f21/11\u200f \u200d") == []


def test_every_form_the_arabic_shaper_emits_is_in_the_arabic_font() -> None:
    # rl_text.ensure_drawable checks only the logical text; this is why that is enough.
    from arabic_reshaper.letters import LETTERS_ARABIC
    from arabic_reshaper.ligatures import LIGATURES

    forms = {form for variants in LETTERS_ARABIC.values() for form in variants if form}
    forms |= {form for _, (_, variants) in LIGATURES for form in variants if form}
    assert len(forms) > 500
    assert [form for form in forms if fonts.uncovered(form)] == []


# --- shaping.to_visual -----------------------------------------------------------------------


def test_arabic_is_shaped_into_contextual_forms_in_visual_order() -> None:
    # seen initial + lam-alef ligature + isolated meem, drawn right to left.
    assert shaping.to_visual("سلام") == "\ufee1\ufefc\ufeb3"


def test_persian_letters_get_their_forms() -> None:
    # peh initial, dal final, reh isolated.
    assert shaping.to_visual("پدر") == "\ufead\ufeaa\ufb58"
    # The zero-width non-joiner keeps Persian "mi-" apart: yeh takes its final
    # form (U+FBFD) and khah its initial form.
    visual = shaping.to_visual("می\u200cخواهم")
    assert visual.endswith("\ufea7\ufbfd\ufee3")


def test_pashto_text_shapes_to_drawable_glyphs() -> None:
    text = "د افغانستان اسلامي جمهوریت، ښه راغلاست"
    visual = shaping.to_visual(text)
    assert visual.startswith("\ufe96\ufeb3\ufefc")  # last word "راغلاست" drawn leftmost
    assert fonts.uncovered(visual) == []
    assert {face for face, _ in fonts.segment(visual)} == {"arabic"}


def test_mixed_arabic_and_latin_keep_each_word_readable() -> None:
    assert shaping.to_visual("اسمي Ali") == "Ali \ufef2\ufee4\ufeb3\ufe8d"
    # In a left-to-right paragraph the Arabic word stays where it was typed.
    assert shaping.to_visual("Name: محمد", base_rtl=False) == "Name: \ufeaa\ufee4\ufea4\ufee3"


def test_latin_cyrillic_and_geez_pass_through_unchanged() -> None:
    for text in ("Müller-Lüdenscheidt", "Шевченко Олена", "ሳባ ተስፋይ"):
        assert shaping.to_visual(text) == text
        assert not shaping.has_rtl(text)
    assert shaping.has_rtl("Ali محمد")


@pytest.mark.parametrize("control", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
def test_bidi_override_and_isolate_characters_are_stripped(control: str) -> None:
    assert shaping.to_visual(f"{control}abc\u202c") == "abc"
    assert shaping.to_visual(f"{control}سلام\u202c") == "\ufee1\ufefc\ufeb3"


def test_a_right_to_left_override_cannot_reverse_latin_text() -> None:
    # "\u202e" would display "gpj.exe" as "exe.jpg"; it must not survive.
    assert shaping.to_visual("Anlage\u202egpj.exe") == "Anlagegpj.exe"


# --- rl_text: line layout ---------------------------------------------------------------------


def test_mixed_line_is_drawn_with_one_font_per_run() -> None:
    line = rl_text.layout_line("اسمي Ali", 10, rtl=True)
    assert [(run.font, run.text) for run in line.runs] == [
        ("Wizard-latin", "Ali "),
        ("Wizard-arabic", "\ufef2\ufee4\ufeb3\ufe8d"),
    ]
    # Naskh draws small in its em square, so Arabic runs are enlarged.
    assert [run.size for run in line.runs] == [10, pytest.approx(11)]
    assert line.width == pytest.approx(sum(run.width for run in line.runs))


def test_bold_uses_the_bold_files() -> None:
    line = rl_text.layout_line("ሰላም Berlin", 10, bold=True)
    assert [run.font for run in line.runs] == ["Wizard-ethiopic-bold", "Wizard-latin-bold"]


def test_invisible_marks_are_not_drawn() -> None:
    line = rl_text.layout_line("أُنشئ في 21\u200f/11\u200f/2026", 10, rtl=True)
    assert "\u200f" not in line_text(line)
    assert "21/11/2026"[::-1] not in line_text(line)  # numbers keep their order
    assert "2026" in line_text(line)


ARABIC_WORDS = [
    "أريد",
    "أن",
    "أعيش",
    "مع",
    "زوجتي",
    "وأطفالي",
    "في",
    "برلين",
    "منذ",
    "بداية",
    "العام",
    "الماضي",
]


def logical_chunks(
    lines: list[rl_text.Line], words: list[str], rtl: bool = True
) -> list[list[str]]:
    """Which consecutive logical words each visual line shows."""
    chunks, start = [], 0
    for line in lines:
        for end in range(start + 1, len(words) + 1):
            if shaping.to_visual(" ".join(words[start:end]), base_rtl=rtl) == line_text(line):
                chunks.append(words[start:end])
                start = end
                break
        else:
            raise AssertionError(f"line {line_text(line)!r} is not a run of consecutive words")
    assert start == len(words)
    return chunks


def test_rtl_paragraph_breaks_in_reading_order() -> None:
    lines = rl_text.wrap(" ".join(ARABIC_WORDS), 120, 10, rtl=True)
    assert len(lines) >= 3
    chunks = logical_chunks(lines, ARABIC_WORDS)
    # The first line holds the first words a reader meets, not the last ones.
    assert chunks[0][0] == ARABIC_WORDS[0]
    assert all(line.width <= 120 for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(ARABIC_WORDS + ["Ali", "10115", "Berlin"]), min_size=1, max_size=25
    ),
    width=st.integers(min_value=60, max_value=300),
    rtl=st.booleans(),
)
def test_wrapping_never_drops_or_reorders_words(words: list[str], width: int, rtl: bool) -> None:
    lines = rl_text.wrap(" ".join(words), width, 10, rtl=rtl)
    logical_chunks(lines, words, rtl)
    for line in lines:
        assert line.width <= width + 0.01


def test_overlong_token_is_cut_to_fit() -> None:
    url = "https://antragshilfe.example/weiter/" + "7KQ2M9XD" * 10
    lines = rl_text.wrap(url, 100, 10)
    assert len(lines) > 3
    assert all(line.width <= 100 for line in lines)
    assert "".join(line_text(line) for line in lines) == url


def test_no_break_space_keeps_a_postcode_together() -> None:
    lines = rl_text.wrap("Postleitzahl 10\u00a0115 Berlin", 60, 10)
    assert any("10\u00a0115" in line_text(line) for line in lines)


def test_hard_breaks_and_blank_lines_are_kept() -> None:
    lines = rl_text.wrap("Erster Absatz.\n\nZweiter Absatz.", 400, 10)
    assert [line_text(line) for line in lines] == ["Erster Absatz.", "", "Zweiter Absatz."]


def test_block_metrics_make_room_for_arabic() -> None:
    latin = rl_text.block_metrics(rl_text.wrap("Berlin", 100, 10), 10)
    arabic = rl_text.block_metrics(rl_text.wrap("برلين", 100, 10), 10)
    assert arabic.leading > latin.leading and arabic.descent > latin.descent
    assert latin.height(1) == pytest.approx(latin.ascent + latin.descent)
    assert latin.height(3) == pytest.approx(latin.height(1) + 2 * latin.leading)


def test_ensure_drawable_names_where_and_the_code_point() -> None:
    rl_text.ensure_drawable("Müller, محمد, ሳባ, Олена", "summary: answer 1")
    with pytest.raises(UncoveredTextError) as error:
        rl_text.ensure_drawable("Wang 王", "summary: section 2, answer 3")
    assert error.value.where == "summary: section 2, answer 3"
    assert error.value.chars == ("王",)
    assert "U+738B" in str(error.value) and "CJK" in str(error.value)
