"""Shared test fixtures: paths of the project, the shipped forms and the PDF corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
CORPUS = Path(os.environ.get("WIZARD_PDF_CORPUS", ROOT.parent / "shared" / "pdf-corpus"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "README.md").is_file():
        pytest.skip(f"real PDF corpus not found at {CORPUS} (set WIZARD_PDF_CORPUS)")
    return CORPUS
