"""Benchmark the AcroForm filler against pypdf's plain fill, and its scaling.

1. The official NRW housing-benefit form (wohngeldantrag_nrw.pdf: 137 terminal
   fields, 139 as pypdf counts them) with every field filled, text in Latin and
   Cyrillic, appearance streams for all of them: our fill (template parsed once
   and cached) against pypdf's plain path (``PdfWriter(clone_from=...)`` +
   ``update_page_form_field_values`` + ``write``), measured in the same run.
   Every run fills different names, so nothing but the parsed template is reused.
2. Synthetic forms with 250 to 2000 text fields (drawn with reportlab): time per
   field must stay flat, i.e. filling is linear in the number of fields. The
   per-field figure uses the fastest run, the one least disturbed by other load
   on the machine; p50 is shown beside it. The
   per-field figure uses the fastest run, which is the least disturbed by other
   load on the machine; p50 is shown beside it.

Run: ``.venv/bin/python bench/bench_pdf_fill.py`` (the corpus part is skipped,
with a message, when ../shared/pdf-corpus is absent).
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader, PdfWriter  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from wizard.pdf import acroform, templates  # noqa: E402

CORPUS = Path(os.environ.get("WIZARD_PDF_CORPUS") or ROOT.parent / "shared" / "pdf-corpus")
FORM = CORPUS / "wohngeldantrag_nrw.pdf"
NAMES = ["Müller", "Иванов", "Schröder", "Петрова", "Wójcik", "Кузнецов", "Öztürk", "Смирнов"]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _time(run: Callable[[int], object], repeat: int) -> list[float]:
    samples = []
    for index in range(repeat):
        start = time.perf_counter()
        run(index)
        samples.append(time.perf_counter() - start)
    return samples


def _corpus_values(index: int) -> tuple[dict[str, object], dict[str, object]]:
    """Our values and the same fill for pypdf (which wants on-state names)."""
    ours: dict[str, object] = {}
    plain: dict[str, object] = {}
    tpl = templates.load(FORM)
    for count, field in enumerate(acroform.list_fields(FORM)):
        name = NAMES[(index + count) % len(NAMES)]
        if field.type == "text":
            text = f"{name} {NAMES[(index + 1) % len(NAMES)]} {index}"
            if field.max_length:
                text = str(10**field.max_length - 1 - index)[: field.max_length]
            ours[field.name] = plain[field.name] = text
        elif field.type == "checkbox":
            ours[field.name] = True
            plain[field.name] = tpl.fields[field.name].on_states()[0]
        elif field.type == "radio":
            states = tpl.fields[field.name].on_states()
            ours[field.name] = field.options[index % len(field.options)]
            plain[field.name] = states[index % len(states)]
    return ours, plain


def bench_corpus() -> None:
    if not FORM.is_file():
        print(f"corpus benchmark skipped: {FORM} not found (set WIZARD_PDF_CORPUS)\n")
        return
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about non-WinAnsi text
    start = time.perf_counter()
    templates.load(FORM)
    parse_ms = (time.perf_counter() - start) * 1000
    variants = [_corpus_values(i) for i in range(8)]
    filled = len(variants[0][0])

    def ours(index: int) -> bytes:
        return acroform.fill(FORM, variants[index % len(variants)][0])

    def plain(index: int) -> bytes:
        writer = PdfWriter(clone_from=FORM)
        for page in writer.pages:
            writer.update_page_form_field_values(page, variants[index % len(variants)][1])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    for run in (ours, plain):  # warm up: imports, font loading
        run(0)
    ours_samples, plain_samples = _time(ours, 200), _time(plain, 20)
    ours_p50, ours_p99 = _percentiles(ours_samples)
    plain_p50, plain_p99 = _percentiles(plain_samples)
    check = PdfReader(io.BytesIO(ours(0))).get_fields()
    assert all(check[name].get("/V") is not None for name in variants[0][0])
    print(f"wohngeldantrag_nrw.pdf: {filled} fields filled (Latin + Cyrillic), appearance")
    print(f"streams for every widget; template parsed once in {parse_ms:.0f} ms and cached\n")
    print(f"{'fill path':<44}{'p50 ms':>9}{'p99 ms':>9}{'min ms':>9}")
    rows = (
        ("wizard.pdf.acroform.fill (incremental)", ours_p50, ours_p99, min(ours_samples)),
        ("pypdf clone + update_page_form_field_values", plain_p50, plain_p99, min(plain_samples)),
    )
    for label, p50, p99, fastest in rows:
        print(f"{label:<44}{p50:>9.1f}{p99:>9.1f}{fastest * 1000:>9.1f}")
    print(f"{'speed-up (p50)':<44}{plain_p50 / ours_p50:>8.1f}x\n")


def _synthetic(path: Path, count: int) -> None:
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    per_page = 50
    for index in range(count):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        pdf.acroForm.textfield(
            name=f"field_{index:05d}",
            x=40 + 270 * (slot % 2),
            y=800 - 30 * (slot // 2),
            width=250,
            height=20,
            maxlen=None,
            borderWidth=1,
        )
    pdf.showPage()
    pdf.save()


def bench_scaling() -> None:
    print(
        f"{'synthetic form':<16}{'parse ms':>10}{'fill p50 ms':>13}{'fill min ms':>13}"
        f"{'µs/field (min)':>16}{'flatten p50 ms':>16}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for count in (250, 500, 1000, 2000):
            path = Path(folder) / f"form_{count}.pdf"
            _synthetic(path, count)
            start = time.perf_counter()
            templates.load(path)
            parse_ms = (time.perf_counter() - start) * 1000
            values = [
                {f"field_{i:05d}": f"{NAMES[(i + r) % len(NAMES)]} {i}" for i in range(count)}
                for r in range(4)
            ]
            acroform.fill(path, values[0])
            repeat = max(7, 8000 // count)
            samples = _time(lambda r, p=path, v=values: acroform.fill(p, v[r % 4]), repeat)
            p50, _p99 = _percentiles(samples)
            fastest = min(samples) * 1000
            flat, _ = _percentiles(
                _time(lambda r, p=path, v=values: acroform.fill(p, v[r % 4], flatten=True), 5)
            )
            print(
                f"{count:>6} fields   {parse_ms:>10.0f}{p50:>13.1f}{fastest:>13.1f}"
                f"{fastest * 1000 / count:>16.1f}{flat:>16.1f}"
            )


if __name__ == "__main__":
    bench_corpus()
    bench_scaling()
