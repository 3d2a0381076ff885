"""``wizard i18n draft``: machine-translated drafts with Argos Translate (optional extra).

Only this module touches Argos Translate, and only inside functions: the app
and every other command work without the ``[translate]`` extra.

A draft fills *untranslated* entries only (never a human translation, not even
a stale one), marks each ``fuzzy`` with the translator comment "machine
translation — review needed", and so never reaches users before a person
has looked at it (compiled catalogs leave fuzzy entries out).

Offline by design. Argos fetches its package index and sentence-splitting
models from the internet on its own, and retries the index forever when
offline. So: models are looked up only among installed packages; the
index/download functions are replaced by ones that fail with instructions;
sentences are split here (a small rule-based splitter — form texts are short)
instead of by Stanza/MiniSBD, which would download models; and every model call
runs under a time limit. Installing models stays an explicit step:
``argospm update && argospm install translate-de_en``.

Translation goes directly (de→X) when such a model is installed, else through
English (de→en→X); UI strings are English already (en→X). There are no public
Argos models for Pashto, Kurmanji and Tigrinya; Dari uses the Persian model.
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import catalogs, languages, plurals
from .catalogs import FORMS, MESSAGES, MT_COMMENT
from .masking import mask, unmask
from .update import COPY_SOURCE

PIVOT = "en"
SOURCE_OF = {MESSAGES: "en", FORMS: "de"}
"""The language of the msgids per domain."""
MODEL_CODE = {"fa_AF": "fa"}
"""Our code → Argos language code where they differ (Dari: the Persian model)."""
NO_PUBLIC_MODEL = {"ps", "ku", "ti"}
TIMEOUT_SECONDS = 120.0
"""Longest a single model call may take (loading a model included)."""

INSTALL_EXTRA = (
    "Machine drafts need the optional extra. Install torch first (CPU wheel), then the rest:\n"
    "    .venv/bin/pip install torch==2.13.0\n"
    "    .venv/bin/pip install -e '.[translate]'"
)


class MachineTranslationError(Exception):
    """A draft cannot be made; the message says why and what to do."""


@dataclass
class DraftResult:
    locale: str
    domain: str
    path: Path
    route: str = ""
    drafted: int = 0
    lost_placeholders: list[str] = field(default_factory=list)
    skipped: str = ""


# --------------------------------------------------------------------------- Argos, offline


def _argos_package() -> Any:
    """``argostranslate.package``, imported with the network switched off."""
    os.environ["ARGOS_CHUNK_TYPE"] = "MINISBD"  # never SPACY: that downloads at import
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    try:
        import argostranslate.networking as networking
        import argostranslate.package as package
    except ImportError as exc:
        raise MachineTranslationError(INSTALL_EXTRA) from exc

    def _refuse(*_args: object, **_kwargs: object) -> Any:
        raise MachineTranslationError(
            "Argos Translate tried to reach its package index; `wizard i18n draft` works "
            "offline. Install models explicitly: argospm update && argospm install <package>"
        )

    package.update_package_index = _refuse
    package.get_available_packages = _refuse
    package.install_package_for_language_pair = _refuse
    networking.get = _refuse
    networking.get_from = _refuse
    return package


def installed_packages(package_dirs: list[Path] | None = None) -> list[Any]:
    """The installed Argos translation packages (``ARGOS_PACKAGES_DIR`` or the default)."""
    package = _argos_package()
    dirs = package_dirs
    if dirs is None:
        from argostranslate import settings

        dirs = list(settings.package_dirs)
    found = []
    for directory in (Path(d) for d in dirs):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if (path / "metadata.json").is_file():  # skip anything that is not a package
                pkg = package.Package(path)
                if pkg.type == "translate":
                    found.append(pkg)
    return found


def model_code(locale: str) -> str:
    return MODEL_CODE.get(locale, locale)


class MissingModel(MachineTranslationError):
    """No installed route from ``source`` to ``target``; ``packages`` would make one."""

    def __init__(self, source: str, target: str, packages: list[str]) -> None:
        self.source, self.target, self.packages = source, target, packages
        super().__init__(missing_models_message([self]))


def find_route(source: str, target: str, packages: list[Any]) -> list[Any]:
    """Packages to chain from ``source`` to ``target``: direct, else through English."""
    by_pair = {(p.from_code, p.to_code): p for p in packages}
    if (source, target) in by_pair:
        return [by_pair[source, target]]
    if (source, PIVOT) in by_pair and (PIVOT, target) in by_pair:
        return [by_pair[source, PIVOT], by_pair[PIVOT, target]]
    pairs = [(source, target)] if PIVOT in (source, target) else [(source, PIVOT), (PIVOT, target)]
    raise MissingModel(
        source, target, [f"translate-{a}_{b}" for a, b in pairs if (a, b) not in by_pair]
    )


def missing_models_message(missing: list[MissingModel]) -> str:
    """One message for every missing route: what is impossible, and what to install."""
    names = {lang.code: lang.english for lang in languages.LANGUAGES}
    lines, install = [], []
    for m in missing:
        what = f"{names.get(m.source, m.source)} → {names.get(m.target, m.target)}"
        if m.target in NO_PUBLIC_MODEL:
            lines.append(
                f"No machine translation for {what}: Argos Translate publishes no model for "
                f"{names.get(m.target, m.target)} ({m.target}). Translate these entries by hand."
            )
        else:
            lines.append(f"No Argos Translate model for {what} is installed.")
            install += [p for p in m.packages if p not in install]
    if install:
        lines.append("Install (needs the internet, once):")
        lines.append("    .venv/bin/argospm update")
        lines += [f"    .venv/bin/argospm install {name}" for name in install]
    return "\n".join(lines)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Abort the block after ``seconds`` (main thread on POSIX; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _expired(_signum: int, _frame: object) -> None:
        raise MachineTranslationError(f"machine translation took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- translating

# A piece ending like this does not end a sentence: "z.", "B." (z. B.), "Nr.", "e.g."
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-zÄÖÜäöü]\.|\b(?:bzw|ca|Nr|Str|usw|vgl|ggf|inkl|evtl|etc|Dr|Hr|Fr|Abs|Art|Tel)\."
    r"|\be\.g\.|\bi\.e\.)$"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of one line, split after . ! ? before a capital or digit (not after z. B.)."""
    pieces = re.split(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ0-9„\"⟦(])", text)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s for s in sentences if s.strip()]


class Step:
    """One installed package: SentencePiece/BPE tokens through a CTranslate2 model."""

    def __init__(self, package: Any) -> None:
        self.package = package
        self._translator: Any = None

    def translate(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        import ctranslate2

        if self._translator is None:
            self._translator = ctranslate2.Translator(
                str(Path(self.package.package_path) / "model"), device="cpu", inter_threads=1
            )
        tokens = [self.package.tokenizer.encode(s) for s in sentences]
        prefix = getattr(self.package, "target_prefix", "") or ""
        results = self._translator.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            beam_size=4,
            num_hypotheses=1,
            length_penalty=0.2,
            replace_unknowns=True,
            max_decoding_length=max(16, 3 * max(len(t) for t in tokens)),
        )
        out = []
        for result in results:
            value = self.package.tokenizer.decode(result.hypotheses[0])
            if prefix and value.startswith(prefix):
                value = value[len(prefix) :]
            out.append(value.strip())
        return out


class Engine:
    """Translates masked text line by line, sentence by sentence, along a route of packages."""

    def __init__(self, route: list[Any], timeout: float = TIMEOUT_SECONDS) -> None:
        self.steps = [Step(p) for p in route]
        self.timeout = timeout
        codes = [route[0].from_code] + [p.to_code for p in route]
        self.description = " → ".join(codes)

    def translate(self, text: str) -> tuple[str, list[str]]:
        """(translation, placeholders the model lost and that were appended)."""
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        masked = mask(text.strip())
        lines = []
        for line in masked.text.split("\n"):
            sentences = split_sentences(line)
            for step in self.steps:
                with time_limit(self.timeout):
                    sentences = step.translate(sentences)
            lines.append(" ".join(sentences))
        result, lost = unmask("\n".join(lines), masked.pieces)
        return lead + result + trail, lost


# --------------------------------------------------------------------------- drafting


def draft(
    locale: str,
    root: Path = catalogs.TRANSLATIONS_DIR,
    *,
    form: str | None = None,
    domains: tuple[str, ...] = catalogs.DOMAINS,
    package_dirs: list[Path] | None = None,
    limit: int | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> list[DraftResult]:
    """Machine-draft the untranslated entries of ``locale`` (``form`` limits to one form).

    Every route is looked up before anything is translated, so a missing model
    is reported (with all packages to install) before any catalog changes.
    """
    if form is not None:
        domains = tuple(d for d in domains if d == FORMS)
    plans = _plan(locale, root, form, domains, limit)
    packages = installed_packages(package_dirs) if any(p[2] for p in plans) else []
    missing, engines = [], {}
    for result, _catalog, todo in plans:
        if todo:
            try:
                route = find_route(SOURCE_OF[result.domain], model_code(locale), packages)
            except MissingModel as exc:
                missing.append(exc)
                continue
            engines[result.domain] = Engine(route, timeout)
    if missing:
        raise MachineTranslationError(missing_models_message(missing))
    for result, catalog, todo in plans:
        if not todo:
            continue
        engine = engines[result.domain]
        result.route = engine.description
        try:
            for message in todo:
                result.lost_placeholders += _draft_message(message, catalog, locale, engine)
                result.drafted += 1
        finally:  # a timeout keeps what was drafted so far
            if result.drafted:
                catalogs.write_catalog(catalog, result.path, result.domain)
    return [p[0] for p in plans]


def _plan(
    locale: str, root: Path, form: str | None, domains: tuple[str, ...], limit: int | None
) -> list[tuple[DraftResult, Any, list[Any]]]:
    """(result, catalog, entries to draft) per domain."""
    plans = []
    budget = limit
    for domain in domains:
        path = catalogs.po_path(locale, domain, root)
        result = DraftResult(locale, domain, path)
        if locale not in catalogs.shipped_locales(domain):
            result.skipped = "German form texts are the source"
        elif (locale, domain) in COPY_SOURCE:
            result.skipped = "English UI texts are the msgids themselves"
        elif not path.exists():
            raise MachineTranslationError(f"{path} is missing: run `wizard i18n update` first")
        if result.skipped:
            plans.append((result, None, []))
            continue
        catalog = catalogs.read_catalog(path, locale=locale, domain=domain)
        todo = [m for m in catalog if _wanted(m, form)]
        if budget is not None:
            todo, budget = todo[:budget], max(0, budget - len(todo))
        if not todo:
            result.skipped = "nothing untranslated"
        plans.append((result, catalog, todo))
    return plans


def _wanted(message: Any, form: str | None) -> bool:
    if not message.id or catalogs.has_any_text(message):
        return False
    return form is None or (message.context or "").startswith(f"{form}|")


def _draft_message(message: Any, catalog: Any, locale: str, engine: Engine) -> list[str]:
    comments = [MT_COMMENT, f"Argos Translate {engine.description}"]
    if model_code(locale) != locale:
        comments[1] += f" (model for '{model_code(locale)}': adapt to this language)"
    if isinstance(message.id, (list, tuple)):
        singular, lost_one = engine.translate(message.id[0])
        plural, lost_many = engine.translate(message.id[1])
        one = plurals.singular_forms(locale)
        message.string = tuple(singular if i in one else plural for i in range(catalog.num_plurals))
        lost = lost_one + lost_many
    else:
        message.string, lost = engine.translate(message.id)
    if lost:
        comments.append(f"placeholders put at the end, move them: {' '.join(lost)}")
    message.flags.add("fuzzy")
    message.user_comments = [c for c in message.user_comments if c not in comments] + comments
    return lost
