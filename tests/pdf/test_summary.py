"""The bilingual summary PDF, checked with poppler and qpdf in every shipped language.

Sample content (short, realistic strings per language) is at the end of this
module; every language answers the same questions, so the German column can be
checked the same way for all of them.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import segno
from corpus_paths import ink, pdffonts, pdftotext, qpdf_check, render_gray, require_tool, write_pdf
from pypdf import PdfReader

from wizard.pdf.rl_text import UncoveredTextError
from wizard.pdf.summary import (
    QR_SIZE,
    SummaryAnswer,
    SummaryDocument,
    SummaryLabels,
    SummarySection,
    render_summary,
)

LANGUAGES = ["de", "en", "uk", "ar", "fa", "ps", "ti", "tr", "ku"]
RTL = {"ar", "fa", "ps"}
LATIN_OR_CYRILLIC = {"de", "en", "uk", "tr", "ku"}
OUR_FONTS = {
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoNaskhArabic-Regular",
    "NotoNaskhArabic-Bold",
    "NotoSansEthiopic-Regular",
    "NotoSansEthiopic-Bold",
}
PAGE_MIDDLE = 595.28 / 2
URL = "https://antragshilfe.example/weiter/7KQ2-M9XD"


def flat(text: str) -> str:
    return " ".join(text.split())


def logical(text: str) -> str:
    """poppler's text with shaped Arabic back in base letters and without bidi marks.

    poppler wraps text on pages it deems right-to-left in embedding marks.
    """
    text = unicodedata.normalize("NFKC", text)
    return flat(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text))


def squash(text: str) -> str:
    """Without any spaces: poppler attaches an Arabic comma to the following word."""
    return "".join(text.split())


def words(path: Path, page: int = 1) -> list[tuple[str, float, float]]:
    """(word, x0, x1) on a page, as poppler finds them."""
    require_tool("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
    return [(html.unescape(t), float(a), float(b)) for a, b, t in re.findall(pattern, out)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("summary")
    return {
        lang: write_pdf(folder, render_summary(sample_document(lang)), f"{lang}.pdf")
        for lang in LANGUAGES
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_is_valid_pdf_with_only_our_embedded_fonts(
    rendered: dict[str, Path], lang: str
) -> None:
    path = rendered[lang]
    qpdf_check(path)
    fonts = pdffonts(path)
    assert {f["name"].split("+")[-1] for f in fonts} <= OUR_FONTS
    assert all(f["embedded"] == "yes" for f in fonts)
    reader = PdfReader(path)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)
    assert reader.metadata is not None and "Aufenthaltstitels" in str(reader.metadata.title)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_german_column_holds_every_german_answer(rendered: dict[str, Path], lang: str) -> None:
    text = logical(pdftotext(rendered[lang]))
    for key, (question, fixed) in GERMAN.items():
        assert question in text, (lang, key)
        answer = fixed or SAMPLES[lang]["answers"][key][1]
        assert flat(answer) in text, (lang, key)
    assert "Seite 1 von" in text


@pytest.mark.parametrize("lang", sorted(LATIN_OR_CYRILLIC))
def test_latin_and_cyrillic_user_text_is_extractable(rendered: dict[str, Path], lang: str) -> None:
    sample = SAMPLES[lang]
    text = flat(pdftotext(rendered[lang]))
    assert flat(sample["title"]) in text
    for key in ("born_in", "nationality", "reason"):
        assert flat(sample["answers"][key][0]) in text, key
    for question in sample["questions"].values():
        assert question in text
    pages = len(PdfReader(rendered[lang]).pages)
    assert sample["labels"].page.format(page=pages, pages=pages) in text
    assert flat(sample["submit"][1]) in text
    for item, _ in sample["checklist"]:
        assert item in text


@pytest.mark.parametrize("lang", sorted(RTL))
def test_arabic_script_is_embedded_shaped_and_reads_back_in_order(
    rendered: dict[str, Path], lang: str
) -> None:
    path = rendered[lang]
    page = PdfReader(path).pages[0]
    base_fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("NotoNaskhArabic" in name for name in base_fonts)
    # poppler turns the drawn presentation forms back into logical text; if the
    # shaping or the visual order were wrong, these words would not come back.
    text = logical(pdftotext(path))
    sample = SAMPLES[lang]
    assert sample["sections"][0] in text
    assert sample["questions"]["born_in"] in text
    assert sample["answers"]["reason"][0].replace("\u200c", "") in text
    assert squash(sample["answers"]["born_in"][0]) in squash(text)
    image = render_gray(path, 1, 50)
    assert ink(image, (300, 100, 240, 600), 50) > 500, "the user column is inked"


def test_tigrinya_uses_the_ethiopic_font(rendered: dict[str, Path]) -> None:
    path = rendered["ti"]
    assert any("NotoSansEthiopic" in f["name"] for f in pdffonts(path))
    text = flat(pdftotext(path))
    sample = SAMPLES["ti"]
    assert sample["title"] in text
    assert sample["answers"]["born_in"][0] in text
    assert sample["answers"]["reason"][0] in text


@pytest.mark.parametrize("lang", ["ar", "fa", "en", "uk"])
def test_layout_mirrors_for_right_to_left_languages(rendered: dict[str, Path], lang: str) -> None:
    found = words(rendered[lang])
    german_question = [w for w in found if w[0] == "Staatsangehörigkeit"]
    german_item = [w for w in found if w[0] == "Reisepass"]
    assert german_question and german_item
    if lang in RTL:
        assert german_question[0][2] < PAGE_MIDDLE and german_item[0][2] < PAGE_MIDDLE
    else:
        assert german_question[0][1] > PAGE_MIDDLE and german_item[0][1] > PAGE_MIDDLE


def test_latin_answer_in_an_arabic_column_is_right_aligned(rendered: dict[str, Path]) -> None:
    haddad = sorted(w for w in words(rendered["ar"]) if w[0] == "Haddad")
    assert len(haddad) == 2, "once per column"
    user = max(haddad, key=lambda w: w[1])
    assert user[1] > PAGE_MIDDLE
    table_right = 595.28 - 18 * 72 / 25.4
    assert table_right - 8 < user[2] <= table_right


def test_german_only_summary_shows_each_answer_once(rendered: dict[str, Path]) -> None:
    text = flat(pdftotext(rendered["de"]))
    assert text.count("Nowak") == 1
    assert text.count("Seite 1 von 1") == 1


def test_eighty_answers_split_across_pages_with_repeated_headers(tmp_path: Path) -> None:
    path = write_pdf(tmp_path, render_summary(sample_document("en", extra_answers=80)))
    qpdf_check(path)
    pages = len(PdfReader(path).pages)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = flat(pdftotext(path, page=page))
        assert f"Page {page} of {pages}" in text
        assert f"Seite {page} von {pages}" in text
    # Every page the long section runs over starts with its column headers and
    # title again.
    continued = [
        p for p in range(2, pages + 1) if "Weitere Angaben" in flat(pdftotext(path, page=p))
    ]
    assert len(continued) >= 1
    for page in continued:
        text = flat(pdftotext(path, page=page))
        assert text.index("Your answer") < text.index("Weitere Angaben") < text.index("Vornamen")
    all_text = flat(pdftotext(path))
    # Once in the first section, then every seventh of the 80 repeated answers.
    assert all_text.count("Family name") == 1 + len(range(0, 80, 7))


def test_an_answer_longer_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    story = " ".join(f"Satz {n}: Ich habe in Aleppo als Lehrerin gearbeitet." for n in range(160))
    long_answer = SummaryAnswer("Your story", story, "Ihre Geschichte", story)
    doc = sample_document("en")
    doc = replace(doc, sections=[SummarySection("Story", "Geschichte", [long_answer])])
    path = write_pdf(tmp_path, render_summary(doc))
    assert len(PdfReader(path).pages) >= 3
    text = flat(pdftotext(path))
    assert text.count("Satz 159: Ich habe in Aleppo als Lehrerin gearbeitet.") == 2


def qr_modules(path: Path) -> set[tuple[int, int]] | None:
    """Dark modules of the QR code drawn on the last page, read from its rectangles."""
    reader = PdfReader(path)
    page = reader.pages[-1]
    operations = page.get_contents().operations  # type: ignore[union-attr]
    expected = segno.make(URL, error="m")
    module = QR_SIZE / (len(expected.matrix) + 8)
    cells = set()
    for operands, operator in operations:
        if operator == b"re" and abs(float(operands[3]) - module) < 1e-6:
            x, y, w = (float(v) for v in operands[:3])
            row = round((QR_SIZE - y) / module) - 1
            first = round(x / module)
            cells |= {(row, first + i) for i in range(round(w / module))}
    return cells or None


def test_qr_code_encodes_the_resume_url(tmp_path: Path) -> None:
    path = write_pdf(tmp_path, render_summary(sample_document("ar")))
    expected = {
        (r, c)
        for r, row in enumerate(segno.make(URL, error="m").matrix_iter(border=4))
        for c, dark in enumerate(row)
        if dark
    }
    assert qr_modules(path) == expected
    text = flat(pdftotext(path))
    assert "7KQ2-M9XD" in text and URL in text


def test_no_qr_code_without_url(tmp_path: Path) -> None:
    path = write_pdf(tmp_path, render_summary(sample_document("en", resume_url=None)))
    assert qr_modules(path) is None
    assert "7KQ2-M9XD" in flat(pdftotext(path))


def test_markup_in_user_text_is_drawn_literally(tmp_path: Path) -> None:
    tricky = "<b>Ali & Söhne</b> &amp; <font name=Courier>GmbH</font>"
    doc = sample_document("en")
    answers = [SummaryAnswer("Employer", tricky, "Arbeitgeber", tricky)]
    doc = replace(doc, sections=[SummarySection("Work", "Arbeit", answers)])
    text = flat(pdftotext(write_pdf(tmp_path, render_summary(doc))))
    assert text.count(tricky) == 2


def test_uncovered_character_fails_naming_the_answer() -> None:
    doc = sample_document("en")
    section = doc.sections[0]
    answers = list(section.answers)
    answers[1] = replace(answers[1], answer_user="Wang 王")
    doc = replace(doc, sections=[replace(section, answers=answers), *doc.sections[1:]])
    with pytest.raises(UncoveredTextError) as error:
        render_summary(doc)
    where = error.value.where
    assert "section 1" in where and "answer 2" in where and "user language" in where
    assert "U+738B" in str(error.value)


def test_labels_must_carry_their_placeholders() -> None:
    doc = sample_document("en")
    with pytest.raises(ValueError, match="page"):
        render_summary(replace(doc, labels=replace(doc.labels, page="Page {page}")))
    with pytest.raises(ValueError, match="generated_on"):
        render_summary(replace(doc, labels=replace(doc.labels, generated_on="Generated {day}")))


def test_multi_paragraph_text_keeps_a_blank_line_between_paragraphs(
    rendered: dict[str, Path],
) -> None:
    path = rendered["uk"]
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    tops = {
        word: float(top)
        for top, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(\w+)<', out)
    }
    # Body text is 10 pt on a 13 pt pitch: the second paragraph starts two
    # pitches below the first (which fits on one line).
    assert tops["Заздалегідь"] - tops["Подайте"] == pytest.approx(26, abs=0.5)


# --- sample content --------------------------------------------------------------------------

# German side, identical for every language: (question, answer).
GERMAN = {
    "family": ("Familienname", None),
    "given": ("Vornamen", None),
    "born_on": ("Geburtsdatum", "14.03.1991"),
    "born_in": ("Geburtsort", None),
    "nationality": ("Staatsangehörigkeit", None),
    "address": ("Anschrift in Deutschland", "Müllerstraße 12, 13353 Berlin"),
    "reason": ("Zweck des Aufenthalts", None),
}

# Per language: title, section titles, questions, answers (user, German), labels,
# checklist, submit and next texts, resume label.
SAMPLES: dict[str, dict] = {
    "ar": {
        "title": "طلب تصريح إقامة – ملخص إجاباتك",
        "sections": ("البيانات الشخصية", "السكن في ألمانيا"),
        "questions": {
            "family": "اسم العائلة",
            "given": "الاسم الأول",
            "born_on": "تاريخ الميلاد",
            "born_in": "مكان الميلاد",
            "nationality": "الجنسية",
            "address": "العنوان في ألمانيا",
            "reason": "الغرض من الإقامة",
        },
        "answers": {
            "family": ("Haddad", "Haddad"),
            "given": ("رامي", "Rami"),
            "born_in": ("حلب، سوريا", "Aleppo, Syrien"),
            "nationality": ("سورية", "syrisch"),
            "reason": (
                "أريد أن أعيش مع زوجتي وأطفالي في برلين.",
                "Ich möchte mit meiner Ehefrau und meinen Kindern in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="الصفحة {page} من {pages}",
            column_user="إجابتك",
            column_de="بالألمانية",
            generated_on="أُنشئ في {date}",
            draft_notice="الترجمة العربية مسودة آلية. النص الألماني هو المعتمد لدى السلطات.",
        ),
        "generated_on": "21\u200f/11\u200f/2026",
        "checklist_heading": "ما يجب إحضاره",
        "checklist": [
            ("جواز سفر ساري المفعول", "Gültiger Reisepass"),
            ("صورة بيومترية حديثة", "Aktuelles biometrisches Lichtbild"),
            ("عقد الإيجار", "Mietvertrag"),
        ],
        "submit": (
            "أين وكيف تقدّم الطلب",
            "قدّم الطلب شخصياً في مكتب شؤون الأجانب (LEA) في برلين.\n\n"
            "احجز موعداً عبر الإنترنت مسبقاً وأحضر جميع المستندات الأصلية.",
        ),
        "next": ("ماذا يحدث بعد ذلك", "ستصلك رسالة من السلطة. قد يستغرق ذلك عدة أسابيع."),
        "resume": "رمز المتابعة",
    },
    "fa": {
        "title": "درخواست اجازهٔ اقامت – خلاصهٔ پاسخ‌های شما",
        "sections": ("مشخصات فردی", "محل سکونت در آلمان"),
        "questions": {
            "family": "نام خانوادگی",
            "given": "نام",
            "born_on": "تاریخ تولد",
            "born_in": "محل تولد",
            "nationality": "تابعیت",
            "address": "نشانی در آلمان",
            "reason": "هدف از اقامت",
        },
        "answers": {
            "family": ("Ahmadi", "Ahmadi"),
            "given": ("مریم", "Maryam"),
            "born_in": ("هرات، افغانستان", "Herat, Afghanistan"),
            "nationality": ("افغانستانی", "afghanisch"),
            "reason": (
                "می‌خواهم با خانواده‌ام در برلین زندگی کنم.",
                "Ich möchte mit meiner Familie in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="صفحهٔ {page} از {pages}",
            column_user="پاسخ شما",
            column_de="به آلمانی",
            generated_on="تاریخ ایجاد: {date}",
            draft_notice="ترجمهٔ فارسی پیش‌نویس است. متن آلمانی معتبر است.",
        ),
        "generated_on": "۱۴۰۵/۸/۳۰",
        "checklist_heading": "مدارک لازم",
        "checklist": [
            ("پاسپورت معتبر", "Gültiger Reisepass"),
            ("عکس بیومتریک جدید", "Aktuelles biometrisches Lichtbild"),
        ],
        "submit": (
            "محل و نحوهٔ تحویل",
            "درخواست را حضوری در ادارهٔ امور اتباع خارجی برلین (LEA) تحویل دهید.",
        ),
        "next": ("مراحل بعدی", "اداره از طریق نامه با شما تماس می‌گیرد."),
        "resume": "کد ادامه",
    },
    "ps": {
        "title": "د استوګنې اجازې غوښتنلیک – ستاسو د ځوابونو لنډیز",
        "sections": ("شخصي معلومات", "په آلمان کې استوګنځی"),
        "questions": {
            "family": "کورنۍ نوم",
            "given": "نوم",
            "born_on": "د زیږېدو نېټه",
            "born_in": "د زیږېدو ځای",
            "nationality": "تابعیت",
            "address": "په آلمان کې پته",
            "reason": "د استوګنې موخه",
        },
        "answers": {
            "family": ("Karimi", "Karimi"),
            "given": ("احمد", "Ahmad"),
            "born_in": ("کابل، افغانستان", "Kabul, Afghanistan"),
            "nationality": ("افغان", "afghanisch"),
            "reason": (
                "زه غواړم له خپلې کورنۍ سره په برلین کې ژوند وکړم.",
                "Ich möchte mit meiner Familie in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="مخ {page} له {pages}",
            column_user="ستاسو ځواب",
            column_de="په الماني",
            generated_on="جوړ شوی: {date}",
            draft_notice="دا ژباړه مسوده ده. آلماني متن معتبر دی.",
        ),
        "generated_on": "2026/11/21",
        "checklist_heading": "اړین اسناد",
        "checklist": [("باوري پاسپورټ", "Gültiger Reisepass")],
        "submit": (
            "چیرې او څنګه یې وسپارئ",
            "غوښتنلیک په برلین کې د بهرنیانو دفتر ته په شخصي توګه وسپارئ.",
        ),
        "next": ("وروسته څه کېږي", "اداره به تاسو ته لیک درولېږي."),
        "resume": "د دوام کوډ",
    },
    "ti": {
        "title": "ሕቶ ፍቓድ መንበሪ – ጽማቕ መልስታትኩም",
        "sections": ("ውልቃዊ ሓበሬታ", "መንበሪ ኣብ ጀርመን"),
        "questions": {
            "family": "ስም ስድራ",
            "given": "ስም",
            "born_on": "ዕለተ ልደት",
            "born_in": "ቦታ ልደት",
            "nationality": "ዜግነት",
            "address": "ኣድራሻ ኣብ ጀርመን",
            "reason": "ዕላማ መንበሪ",
        },
        "answers": {
            "family": ("Tesfay", "Tesfay"),
            "given": ("ሳባ", "Saba"),
            "born_in": ("ኣስመራ፡ ኤርትራ", "Asmara, Eritrea"),
            "nationality": ("ኤርትራዊት", "eritreisch"),
            "reason": (
                "ምስ ስድራይ ኣብ በርሊን ክነብር እደሊ።",
                "Ich möchte mit meiner Familie in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="ገጽ {page} ካብ {pages}",
            column_user="መልስኹም",
            column_de="ብጀርመንኛ",
            generated_on="ዝተዳለወሉ ዕለት፦ {date}",
            draft_notice="እዚ ትርጉም ንድፊ እዩ። እቲ ብጀርመንኛ ዘሎ ጽሑፍ ወሳኒ እዩ።",
        ),
        "generated_on": "21.11.2026",
        "checklist_heading": "ዘድልዩ ሰነዳት",
        "checklist": [
            ("ዝሰርሕ ፓስፖርት", "Gültiger Reisepass"),
            ("ሓድሽ ባዮሜትሪክ ስእሊ", "Aktuelles biometrisches Lichtbild"),
        ],
        "submit": (
            "ኣበይን ብኸመይን ከም እተቕርብዎ",
            "ነቲ ሕቶ ብኣካል ኣብ ቤት ጽሕፈት ጉዳያት ወጻእተኛታት በርሊን (LEA) ኣቕርብዎ።",
        ),
        "next": ("ቀጺሉ እንታይ ይኸውን", "እቲ ቤት ጽሕፈት ብደብዳቤ ክሕብረኩም እዩ።"),
        "resume": "ኮድ ምቕጻል",
    },
    "uk": {
        "title": "Заява на дозвіл на проживання – підсумок ваших відповідей",
        "sections": ("Особисті дані", "Житло в Німеччині"),
        "questions": {
            "family": "Прізвище",
            "given": "Ім’я",
            "born_on": "Дата народження",
            "born_in": "Місце народження",
            "nationality": "Громадянство",
            "address": "Адреса в Німеччині",
            "reason": "Мета перебування",
        },
        "answers": {
            "family": ("Шевченко", "Shevchenko"),
            "given": ("Олена", "Olena"),
            "born_in": ("Харків, Україна", "Charkiw, Ukraine"),
            "nationality": ("українське", "ukrainisch"),
            "reason": (
                "Я хочу жити разом із сином у Берліні.",
                "Ich möchte mit meinem Sohn in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="Сторінка {page} з {pages}",
            column_user="Ваша відповідь",
            column_de="Німецькою",
            generated_on="Створено {date}",
            draft_notice="Український переклад є чернеткою. Чинним є німецький текст.",
        ),
        "generated_on": "21.11.2026",
        "checklist_heading": "Що взяти з собою",
        "checklist": [
            ("Дійсний закордонний паспорт", "Gültiger Reisepass"),
            ("Актуальне біометричне фото", "Aktuelles biometrisches Lichtbild"),
        ],
        "submit": (
            "Куди і як подати",
            "Подайте заяву особисто у відомстві у справах іноземців (LEA) в Берліні.\n\n"
            "Заздалегідь запишіться на прийом онлайн.",
        ),
        "next": ("Що буде далі", "Відомство надішле вам лист. Це може тривати кілька тижнів."),
        "resume": "Код для продовження",
    },
    "tr": {
        "title": "Oturma izni başvurusu – cevaplarınızın özeti",
        "sections": ("Kişisel bilgiler", "Almanya'daki konut"),
        "questions": {
            "family": "Soyadı",
            "given": "Adı",
            "born_on": "Doğum tarihi",
            "born_in": "Doğum yeri",
            "nationality": "Uyruğu",
            "address": "Almanya'daki adres",
            "reason": "Kalış amacı",
        },
        "answers": {
            "family": ("Yılmaz", "Yılmaz"),
            "given": ("Ayşe", "Ayşe"),
            "born_in": ("İzmir, Türkiye", "Izmir, Türkei"),
            "nationality": ("Türk", "türkisch"),
            "reason": (
                "Eşimle birlikte Berlin'de yaşamak istiyorum.",
                "Ich möchte mit meinem Ehemann in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="Sayfa {page} / {pages}",
            column_user="Cevabınız",
            column_de="Almanca",
            generated_on="Oluşturulma tarihi: {date}",
            draft_notice="Türkçe çeviri bir taslaktır. Almanca metin geçerlidir.",
        ),
        "generated_on": "21.11.2026",
        "checklist_heading": "Yanınıza alın",
        "checklist": [("Geçerli pasaport", "Gültiger Reisepass")],
        "submit": (
            "Nereye ve nasıl başvurulur",
            "Başvurunuzu Berlin Yabancılar Dairesi'ne (LEA) şahsen teslim edin.",
        ),
        "next": ("Sonra ne olacak", "Daire size mektupla bilgi verecektir."),
        "resume": "Devam kodu",
    },
    "ku": {
        "title": "Serlêdana destûra rûniştinê – kurteya bersivên we",
        "sections": ("Agahiyên kesane", "Xanî li Almanyayê"),
        "questions": {
            "family": "Paşnav",
            "given": "Nav",
            "born_on": "Dîroka jidayikbûnê",
            "born_in": "Cihê jidayikbûnê",
            "nationality": "Hemwelatî",
            "address": "Navnîşan li Almanyayê",
            "reason": "Armanca rûniştinê",
        },
        "answers": {
            "family": ("Xelîl", "Khalil"),
            "given": ("Rojîn", "Rojin"),
            "born_in": ("Qamişlo, Sûriye", "Qamischli, Syrien"),
            "nationality": ("Sûrî", "syrisch"),
            "reason": (
                "Ez dixwazim bi malbata xwe re li Berlînê bijîm.",
                "Ich möchte mit meiner Familie in Berlin leben.",
            ),
        },
        "labels": SummaryLabels(
            page="Rûpel {page} ji {pages}",
            column_user="Bersiva we",
            column_de="Bi almanî",
            generated_on="Hate amadekirin: {date}",
            draft_notice="Wergera kurdî pêşnûme ye. Nivîsa almanî derbasdar e.",
        ),
        "generated_on": "21.11.2026",
        "checklist_heading": "Çi bi xwe re bînin",
        "checklist": [("Pasaporta derbasdar", "Gültiger Reisepass")],
        "submit": (
            "Li ku û çawa radest bikin",
            "Serlêdanê bi xwe li Nivîsgeha Biyaniyan a Berlînê (LEA) radest bikin.",
        ),
        "next": ("Paşê çi dibe", "Nivîsgeh dê bi nameyê we agahdar bike."),
        "resume": "Koda berdewamkirinê",
    },
    "en": {
        "title": "Residence permit application – summary of your answers",
        "sections": ("Personal details", "Home in Germany"),
        "questions": {
            "family": "Family name",
            "given": "First names",
            "born_on": "Date of birth",
            "born_in": "Place of birth",
            "nationality": "Nationality",
            "address": "Address in Germany",
            "reason": "Purpose of stay",
        },
        "answers": {
            "family": ("Okafor", "Okafor"),
            "given": ("Grace", "Grace"),
            "born_in": ("Lagos, Nigeria", "Lagos, Nigeria"),
            "nationality": ("Nigerian", "nigerianisch"),
            "reason": ("I want to study at TU Berlin.", "Ich möchte an der TU Berlin studieren."),
        },
        "labels": SummaryLabels(
            page="Page {page} of {pages}",
            column_user="Your answer",
            column_de="In German",
            generated_on="Generated on {date}",
            draft_notice="The English translation is a draft. The German text is binding.",
        ),
        "generated_on": "21 November 2026",
        "checklist_heading": "What to bring",
        "checklist": [("Valid passport", "Gültiger Reisepass")],
        "submit": (
            "Where and how to submit",
            "Hand in the application in person at the Berlin immigration office (LEA).",
        ),
        "next": ("What happens next", "The office will write to you by post."),
        "resume": "Resume code",
    },
    "de": {
        "title": "Antrag auf Erteilung eines Aufenthaltstitels – Ihre Angaben",
        "sections": ("Persönliche Angaben", "Wohnung in Deutschland"),
        "questions": {key: question for key, (question, _) in GERMAN.items()},
        "answers": {
            "family": ("Nowak", "Nowak"),
            "given": ("Zofia", "Zofia"),
            "born_in": ("Krakau, Polen", "Krakau, Polen"),
            "nationality": ("polnisch", "polnisch"),
            "reason": ("Erwerbstätigkeit", "Erwerbstätigkeit"),
        },
        "labels": SummaryLabels(
            page="Seite {page} von {pages}",
            column_user="Ihre Angabe",
            column_de="Deutsch",
            generated_on="Erstellt am {date}",
        ),
        "generated_on": "21.11.2026",
        "checklist_heading": "Bitte mitbringen",
        "checklist": [("Gültiger Reisepass", "Gültiger Reisepass")],
        "submit": (
            "Wo und wie Sie den Antrag abgeben",
            "Geben Sie den Antrag persönlich im Landesamt für Einwanderung (LEA) ab.",
        ),
        "next": ("Wie es weitergeht", "Das Amt schreibt Ihnen einen Brief."),
        "resume": "Fortsetzungscode",
    },
}

SECTION_KEYS = (("family", "given", "born_on", "born_in", "nationality"), ("address", "reason"))


def answer(lang: str, key: str) -> SummaryAnswer:
    sample = SAMPLES[lang]
    question_de, fixed_de = GERMAN[key]
    user, german = sample["answers"].get(key, (fixed_de, fixed_de))
    return SummaryAnswer(sample["questions"][key], user, question_de, german)


def sample_document(
    lang: str,
    *,
    extra_answers: int = 0,
    resume_url: str | None = "https://antragshilfe.example/weiter/7KQ2-M9XD",
) -> SummaryDocument:
    """The sample for ``lang``; ``extra_answers`` repeats the answers to force page breaks."""
    sample = SAMPLES[lang]
    sections = []
    for index, keys in enumerate(SECTION_KEYS):
        answers = [answer(lang, key) for key in keys]
        sections.append(
            SummarySection(
                sample["sections"][index], ("Persönliche Angaben", "Wohnung")[index], answers
            )
        )
    if extra_answers:
        keys = [key for group in SECTION_KEYS for key in group]
        filler = [answer(lang, keys[i % len(keys)]) for i in range(extra_answers)]
        sections.append(SummarySection(sample["sections"][0], "Weitere Angaben", filler))
    return SummaryDocument(
        language=lang,
        rtl=lang in RTL,
        title_user=sample["title"],
        title_de="Antrag auf Erteilung eines Aufenthaltstitels",
        sections=sections,
        labels=sample["labels"],
        generated_on=sample["generated_on"],
        checklist_heading=sample["checklist_heading"],
        checklist=sample["checklist"],
        submit_heading=sample["submit"][0],
        submit_text=sample["submit"][1],
        next_heading=sample["next"][0],
        next_text=sample["next"][1],
        resume_label=sample["resume"],
        resume_code="7KQ2-M9XD",
        resume_url=resume_url,
    )
