"""The parsed-template cache: parsed once, reloaded when the file changes, never
changed by a fill, safe to share between threads; damaged files are repaired."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wizard.pdf import acroform, incremental, templates


def _snapshot(tpl: templates.Template) -> list[bytes]:
    """Every dictionary a fill could copy, serialised."""
    dump = incremental.Serializer(tpl.names.raw).dumps
    out = [dump(tpl.root)] + ([dump(tpl.acroform)] if tpl.acroform is not None else [])
    for node in tpl.fields.values():
        out.append(dump(node.obj))
        out += [dump(w.obj) for w in node.widgets]
    out += [dump(page.obj) for page in tpl.pages]
    return out


def test_cache_parses_once_and_reloads_changed_files(tmp_path: Path, synthetic_form: Path) -> None:
    path = tmp_path / "form.pdf"
    shutil.copy(synthetic_form, path)
    first = templates.load(path)
    assert templates.load(str(path)) is first
    data = path.read_bytes()
    path.write_bytes(data + b"\n")  # same form, new size and mtime
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 10**9, first_ns))
    assert templates.load(path) is not first


def test_fill_never_changes_the_cached_template(synthetic_form: Path) -> None:
    tpl = templates.load(synthetic_form)
    before = _snapshot(tpl)
    one = {"name": "Иванов", "agree": True, "answer": "ja", "languages": ["English", "Español"]}
    two = {"name": "محمد", "agree": False, "answer": "nein", "languages": "Deutsch", "plz": "1"}
    first = acroform.fill(synthetic_form, one)
    acroform.fill(synthetic_form, two)
    acroform.fill(synthetic_form, two, flatten=True)
    assert acroform.fill(synthetic_form, one) == first  # deterministic, unaffected by the others
    assert _snapshot(tpl) == before
    assert PdfReader(io.BytesIO(first)).get_fields()["name"]["/V"] == "Иванов"


def test_fills_in_threads_match_sequential_fills(synthetic_form: Path) -> None:
    names = ["Anna", "Иван", "محمد", "Łukasz", "ሰላም", "Çağrı", "Ölçer", "Zoë"]
    jobs = [
        {"name": name, "notes": name * 20, "answer": ("ja", "nein")[i % 2], "agree": i % 3 == 0}
        for i, name in enumerate(names * 4)
    ]
    templates.CACHE.clear()  # the threads also race to parse the template
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda v: acroform.fill(synthetic_form, v), jobs))
    sequential = [acroform.fill(synthetic_form, v) for v in jobs]
    assert parallel == sequential


def test_reader_and_bytes_sources(synthetic_form: Path) -> None:
    by_path = [f.name for f in acroform.list_fields(synthetic_form)]
    assert [f.name for f in acroform.list_fields(PdfReader(synthetic_form))] == by_path
    data = synthetic_form.read_bytes()
    assert [f.name for f in acroform.list_fields(data)] == by_path
    assert acroform.fill(io.BytesIO(data), {"name": "A"}) == acroform.fill(data, {"name": "A"})


def test_update_is_appended_after_the_untouched_template(synthetic_form: Path) -> None:
    data = synthetic_form.read_bytes()
    out = acroform.fill(synthetic_form, {"name": "Anna"})
    assert out.startswith(data)
    assert out.count(b"startxref") == data.count(b"startxref") + 1


def test_damaged_cross_reference_is_repaired_once(
    tmp_path: Path, synthetic_form: Path, pdf_tools: Any
) -> None:
    data = synthetic_form.read_bytes()
    offset = incremental.find_startxref(data)
    assert offset is not None
    broken = data.replace(b"startxref\n%d" % offset, b"startxref\n%d" % (offset - 7))
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken)
    out = acroform.fill(path, {"name": "Anna", "agree": True})
    assert PdfReader(io.BytesIO(out)).get_fields()["name"]["/V"] == "Anna"
    result = pdf_tools.qpdf_check(out, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["libreoffice_radio_choice.pdf", "wohngeldantrag_nrw.pdf"])
def test_update_uses_the_templates_kind_of_xref(
    name: str, corpus_pdf: Callable[[str], Path]
) -> None:
    path = corpus_pdf(name)
    data = path.read_bytes()
    table = incremental.xref_is_stream(data, incremental.find_startxref(data) or 0)
    out = acroform.fill(path, {acroform.list_fields(path)[1].name: "x"})
    assert incremental.xref_is_stream(out, incremental.find_startxref(out) or 0) == table
