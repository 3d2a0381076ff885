"""Free-text answers: a German machine translation when the model is installed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from wizard.i18n import freetext


def test_without_the_extra_or_for_german_nothing_is_offered(monkeypatch) -> None:
    freetext.reset()
    assert freetext.available("de") is False
    monkeypatch.setattr(freetext, "extra_installed", lambda: False)
    freetext.reset()
    assert freetext.available("ar") is False
    assert freetext.to_german("ar", "مرحبا") is None


def test_installed_model_gives_a_german_text(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("argostranslate", reason="optional extra [translate] not installed")
    pytest.importorskip("ctranslate2", reason="optional extra [translate] not installed")
    from argos_tiny import argos_sandbox, build_package

    packages = argos_sandbox(tmp_path, monkeypatch)
    freetext.reset()
    assert freetext.available("uk") is False  # no model yet: the user is asked to write German
    with zipfile.ZipFile(build_package(tmp_path, "uk", "de")) as archive:
        archive.extractall(packages)
    freetext.reset()
    assert freetext.available("uk") is True
    # the tiny test model copies its input: what matters is the plumbing, not the words
    assert freetext.to_german("uk", "Ich wohne seit 2022 hier.") == "Ich wohne seit 2022 hier."
    freetext.reset()
