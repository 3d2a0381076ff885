"""``wizard i18n compile``: every .po to the .mo the app loads.

The .mo files are build output (``*.mo`` is git-ignored): ``make run`` and
``make test`` compile them, so a fresh clone works after either.

What reaches a .mo is what the user may see, so two kinds of entries are left
out and the user gets the source text instead:

* fuzzy entries (machine drafts, translations of an older source text);
* entries whose placeholders are broken (see :mod:`.placeholders`): a missing
  or renamed ``%(date)s`` would show wrong text or crash the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from . import catalogs, placeholders
from .catalogs import MESSAGES


@dataclass
class CompileResult:
    locale: str
    domain: str
    path: Path
    translated: int = 0
    fuzzy: int = 0
    rejected: list[str] = field(default_factory=list)
    """``msgctxt|msgid: problem`` of entries left out for broken placeholders."""
    changed: bool = False


def compile_all(
    root: Path = catalogs.TRANSLATIONS_DIR, locales: list[str] | None = None
) -> list[CompileResult]:
    """Compile the catalog of every shipped language and domain that exists."""
    results = []
    for domain in catalogs.DOMAINS:
        for locale in catalogs.shipped_locales(domain):
            if locales is not None and locale not in locales:
                continue
            po = catalogs.po_path(locale, domain, root)
            if po.exists():
                results.append(compile_catalog(po, locale, domain))
    return results


def compile_catalog(po: Path, locale: str, domain: str) -> CompileResult:
    catalog = catalogs.read_catalog(po, locale=locale, domain=domain)
    result = CompileResult(locale, domain, po.with_suffix(".mo"))
    usable = usable_catalog(catalog, domain, result)
    buf = io.BytesIO()
    write_mo(buf, usable, use_fuzzy=False)
    data = buf.getvalue()
    if not result.path.exists() or result.path.read_bytes() != data:
        catalogs.write_atomic(result.path, data)
        result.changed = True
    return result


def usable_catalog(catalog: Catalog, domain: str, result: CompileResult) -> Catalog:
    """A copy of ``catalog`` without what the user must not see (fuzzy, broken placeholders)."""
    out = catalogs.WizardCatalog(locale=catalog.locale, domain=domain, fuzzy=False)
    out.mime_headers = catalog.mime_headers
    for message in catalog:
        if not message.id or not catalogs.is_translated_text(message):
            continue
        if message.fuzzy:
            result.fuzzy += 1
            continue
        broken = placeholders.problems(message, percent=domain == MESSAGES)
        if broken:
            result.rejected.append(f"{_label(message)}: {'; '.join(broken)}")
            continue
        out[message.id] = message
        result.translated += 1
    return out


def _label(message: object) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    return f"{context}|{msgid}" if context else str(msgid)
