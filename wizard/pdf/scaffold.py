"""Start a form definition from an official PDF: `wizard pdf scaffold FILE`.

One question per fillable field, ids normalised the way a2j's field maps are
(umlauts transliterated, snake_case, unique), German labels from the field's
tooltip, types guessed, and the `pdf:` mapping filled in. The draft passes
`wizard check`; an author then rewrites labels in plain language, groups
questions into sensible steps, and adds conditions and the checklist.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .acroform import PdfField, list_fields

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_DATE_WORDS = ("datum", "date", "geburtstag", "tag des", "geboren", "gültig bis", "gueltig bis")
PER_STEP = 8


def normalise(text: str, *, max_length: int = 60) -> str:
    """`Straße Hausnummer ZusätzeRow1` → `strasse_hausnummer_zusaetze_row1`."""
    text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not text or not text[0].isalpha():
        text = f"f_{text}" if text else "feld"
    return text[:max_length].rstrip("_")


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"_{n}"
        candidate = base[: 62 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _code(option: str) -> str:
    code = normalise(option, max_length=40)
    return code if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}", code) else "option"


def _is_date(field: PdfField, label: str) -> bool:
    """A date when the name says so, or a short tooltip does (long ones list several things)."""
    text = field.name if len(label) > 40 else f"{field.name} {label}"
    return any(word in text.lower() for word in _DATE_WORDS)


def _question(field: PdfField, fid: str) -> tuple[dict, dict] | None:
    """(question, mapping) for one PDF field; None for fields nobody fills in."""
    label = (field.tooltip or field.name).strip()
    label = re.sub(r"_Row_\d+$", "", label) or field.name
    question: dict = {"id": fid, "label": label, "required": False}
    mapping: dict = {"field": field.name, "value": fid}
    if field.type in ("signature", "button"):
        return None
    if field.type == "checkbox":
        question["type"] = "yesno"
        mapping["format"] = "checkbox"
    elif field.type in ("radio", "choice"):
        options = [str(o) for o in field.options or []]
        if not options:
            return None
        codes: dict[str, str] = {}
        taken: set[str] = set()
        for option in options:
            codes[_unique(_code(option), taken)] = option
        multi = "multiselect" in (field.flags or [])
        question["type"] = "multichoice" if multi else "choice"
        question["choices"] = [{"code": c, "label": o} for c, o in codes.items()]
        if any(c != o for c, o in codes.items()):
            mapping["map"] = {c: o for c, o in codes.items()}
    elif _is_date(field, label):
        question["type"] = "date"
        comb = "comb" in (field.flags or []) and field.max_length == 8
        mapping["format"] = "date_compact" if comb else "date"
    else:
        multiline = "multiline" in (field.flags or [])
        question["type"] = "longtext" if multiline else "text"
        if field.max_length:
            question["max_length"] = field.max_length
    return question, mapping


def scaffold(pdf: Path, form_id: str | None = None) -> str:
    """The draft form YAML for ``pdf``, as text."""
    fields = list_fields(pdf)
    form_id = form_id or normalise(pdf.stem)
    taken: set[str] = set()
    questions: list[tuple[int, dict]] = []
    mappings: list[dict] = []
    skipped: list[str] = []
    for field in fields:
        fid = _unique(normalise(field.tooltip or field.name), taken)
        made = _question(field, fid)
        if made is None:
            skipped.append(field.name)
            taken.discard(fid)
            continue
        question, mapping = made
        questions.append((field.page or 1, question))
        mappings.append(mapping)
    steps = []
    for page in sorted({p for p, _ in questions}):
        on_page = [q for p, q in questions if p == page]
        chunks = [on_page[i : i + PER_STEP] for i in range(0, len(on_page), PER_STEP)]
        for n, chunk in enumerate(chunks, start=1):
            title = f"Seite {page}" + (f" ({n}/{len(chunks)})" if len(chunks) > 1 else "")
            steps.append({"id": f"seite_{page}_{n}", "title": title, "fields": chunk})
    document = {
        "id": form_id,
        "version": "entwurf",
        "title": pdf.stem.replace("_", " "),
        "description": "ENTWURF – bitte in einfacher Sprache beschreiben, wofür dieser Antrag ist.",
        "authority": {"name": "ENTWURF – Behörde eintragen", "kind": "behoerde"},
        "steps": steps,
        "pdf": [
            {
                "id": "amtlich",
                "title": pdf.stem.replace("_", " "),
                "template": str(pdf.resolve()),
                "fields": mappings,
            }
        ],
    }
    header = [
        "# yaml-language-server: $schema=../schema/form.schema.json",
        f"# Draft made by `wizard pdf scaffold {pdf.name}`. Rewrite the labels in plain",
        "# language, group the questions, set `required`, add conditions and documents.",
        f"# Save as forms/{form_id}.yaml (the file name must match the id).",
    ]
    if skipped:
        header.append("# Not asked (signatures and buttons): " + ", ".join(skipped))
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n" + body
