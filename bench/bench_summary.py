"""Benchmark: a two-page bilingual (Arabic | German) summary PDF.

The budget is 60 ms per summary once fonts are registered. The baseline,
measured in the same run on the same machine, is the same table drawn with
reportlab's own Paragraph and Table in built-in Helvetica with Latin-only text,
so the table shows what our mixed-script layer (shaping, bidi, per-run fonts,
embedded subsets) costs on top of plain reportlab.

Run: .venv/bin/python bench/bench_summary.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from wizard.pdf.summary import (  # noqa: E402
    SummaryAnswer,
    SummaryDocument,
    SummaryLabels,
    SummarySection,
    render_summary,
)

RUNS = 50
BUDGET_MS = 60.0

# (question ar, answer ar, question de, answer de)
ROWS = [
    ("اسم العائلة", "Haddad", "Familienname", "Haddad"),
    ("الاسم الأول", "رامي", "Vornamen", "Rami"),
    ("تاريخ الميلاد", "14.03.1991", "Geburtsdatum", "14.03.1991"),
    ("مكان الميلاد", "حلب، سوريا", "Geburtsort", "Aleppo, Syrien"),
    ("الجنسية", "سورية", "Staatsangehörigkeit", "syrisch"),
    ("الحالة الاجتماعية", "متزوج منذ 2015", "Familienstand", "verheiratet seit 2015"),
    (
        "العنوان في ألمانيا",
        "Müllerstraße 12, 13353 Berlin",
        "Anschrift",
        "Müllerstraße 12, 13353 Berlin",
    ),
    ("رقم جواز السفر", "N 0123456", "Passnummer", "N 0123456"),
    ("تاريخ الدخول إلى ألمانيا", "02.09.2022", "Einreisedatum", "02.09.2022"),
    (
        "الغرض من الإقامة",
        "أريد أن أعيش مع زوجتي وأطفالي في برلين وأن أعمل في مهنتي كمهندس.",
        "Zweck des Aufenthalts",
        "Ich möchte mit meiner Ehefrau und meinen Kindern in Berlin leben "
        "und in meinem Beruf als Ingenieur arbeiten.",
    ),
]


def arabic_document(run: int | None = None) -> SummaryDocument:
    """The summary; with ``run``, every answer and the resume URL are unique to it.

    Questions, headings and labels are the same for every applicant of a form,
    so line layouts of those are cached across summaries; answers are not.
    """
    tag = "" if run is None else f" {run}"
    answers = [SummaryAnswer(q_ar, a_ar + tag, q_de, a_de + tag) for q_ar, a_ar, q_de, a_de in ROWS]
    sections = [
        SummarySection("البيانات الشخصية", "Persönliche Angaben", answers),
        SummarySection("بيانات الزوج/الزوجة", "Angaben zum Ehegatten", answers),
    ]
    return SummaryDocument(
        language="ar",
        rtl=True,
        title_user="طلب تصريح إقامة – ملخص إجاباتك",
        title_de="Antrag auf Erteilung eines Aufenthaltstitels",
        sections=sections,
        labels=SummaryLabels(
            page="الصفحة {page} من {pages}",
            column_user="إجابتك",
            column_de="بالألمانية",
            generated_on="أُنشئ في {date}",
            draft_notice="الترجمة العربية مسودة آلية. النص الألماني هو المعتمد لدى السلطات.",
        ),
        generated_on="21\u200f/11\u200f/2026",
        checklist_heading="ما يجب إحضاره",
        checklist=[("جواز سفر ساري المفعول", "Gültiger Reisepass"), ("عقد الإيجار", "Mietvertrag")],
        submit_heading="أين وكيف تقدّم الطلب",
        submit_text="قدّم الطلب شخصياً في مكتب شؤون الأجانب (LEA) في برلين.",
        next_heading="ماذا يحدث بعد ذلك",
        next_text="ستصلك رسالة من السلطة. قد يستغرق ذلك عدة أسابيع.",
        resume_label="رمز المتابعة",
        resume_code=f"7KQ2-M9XD{tag.strip()}",
        resume_url=f"https://antragshilfe.example/weiter/7KQ2-M9XD{tag.strip()}",
    )


def helvetica_baseline() -> bytes:
    """The same rows, German text in both columns, reportlab Paragraph + Helvetica."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    question = ParagraphStyle("q", fontName="Helvetica-Bold", fontSize=8.5, leading=11)
    title = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=17, leading=21)
    width = A4[0] - 2 * 18 * mm
    story: list = [Paragraph("Antrag auf Erteilung eines Aufenthaltstitels", title)]
    for section_rows in (ROWS, ROWS):
        rows = [[Paragraph("Ihre Antwort", question), Paragraph("Deutsch", question)]]
        for _, _, q_de, a_de in section_rows:
            cell = [Paragraph(q_de, question), Paragraph(a_de, body)]
            rows.append([cell, list(cell)])
        style = TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, "#b8c2cc"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
        story.append(Table(rows, colWidths=[width / 2] * 2, repeatRows=1, style=style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm).build(story)
    return buffer.getvalue()


def measure(render: Callable[[int], bytes]) -> tuple[float, list[float], int]:
    start = time.perf_counter()
    pdf = render(0)
    cold = (time.perf_counter() - start) * 1000
    timings = []
    for run in range(1, RUNS + 1):
        start = time.perf_counter()
        render(run)
        timings.append((time.perf_counter() - start) * 1000)
    return cold, sorted(timings), len(PdfReader(io.BytesIO(pdf)).pages)


def percentile(sorted_ms: list[float], fraction: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(fraction * (len(sorted_ms) - 1)))]


def main() -> int:
    same = arabic_document()
    cases = [
        ("baseline: Helvetica, Latin only", lambda run: helvetica_baseline()),
        ("summary ar|de, same document", lambda run: render_summary(same)),
        ("summary ar|de, new answers+URL", lambda run: render_summary(arabic_document(run))),
    ]
    results = [(name, *measure(render)) for name, render in cases]
    base_p50 = statistics.median(results[0][2])
    print(f"{'case':34} {'pages':>5} {'first':>9} {'p50':>9} {'p99':>9} {'p50/base':>9}")
    for name, cold, timings, pages in results:
        p50, p99 = statistics.median(timings), percentile(timings, 0.99)
        print(
            f"{name:34} {pages:5d} {cold:7.1f}ms {p50:7.1f}ms {p99:7.1f}ms {p50 / base_p50:8.1f}x"
        )
    print(f"\n{RUNS} runs per case after one first (cold) run; budget {BUDGET_MS:.0f} ms")
    for name, _, timings, pages in results[1:]:
        p50 = statistics.median(timings)
        verdict = "within" if p50 <= BUDGET_MS else "OVER"
        print(f"  {name}: p50 {p50:.1f} ms, {verdict} budget")
        if pages != 2:
            print(f"  note: {name} has {pages} pages, not 2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
