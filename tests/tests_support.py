"""Small shared test utilities (importable from every test folder)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("WIZARD_PDF_CORPUS") or ROOT / ".." / "shared" / "pdf-corpus")


def corpus_available(name: str) -> bool:
    return (CORPUS / name).is_file()
