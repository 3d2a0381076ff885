"""A tiny Argos Translate package built inside the tests: no download, a few kB.

The package is what ``argospm install`` would unpack: ``metadata.json``, a
SentencePiece model and a CTranslate2 Transformer under ``model/``. Its weights
are not trained but set by hand so that the model *copies* its input: with
one-hot token embeddings and one-hot positions, the decoder's cross-attention
at step t looks only at source position t and passes that token's embedding
to the output layer. A copy model makes the tests meaningful: whatever the
drafting code feeds in (masked placeholders included) must come back, so the
tests see exactly what survives tokenisation, decoding and unmasking. Source
pieces the SentencePiece model does not know (``⟦``) come out as ``<unk>`` and
are restored by CTranslate2's ``replace_unknowns`` — as with real models.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

SENTENCES = [
    "Wann sind Sie eingezogen?",
    "Geben Sie die Adresse der Wohnung an.",
    "Seite 1 von 2. Person 3: Name und Vorname.",
    "Enter your name. Choose one option.",
    "The date must be on or after today.",
    "Page 12 of 20, entry 7 of 9.",
    "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz",
    "Ja Nein Yes No Kind Kinder child children äöüß ÄÖÜ .,;:!?()-",
]
MAX_POSITIONS = 96


def train_sentencepiece() -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(SENTENCES * 30),
        model_writer=buf,
        vocab_size=120,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return buf.getvalue()


def copy_model_spec(vocab: list[str]) -> Any:
    """A one-layer Transformer whose output is its input, token for token."""
    from ctranslate2.specs import transformer_spec

    size = len(vocab)
    d_model = size + MAX_POSITIONS  # token one-hots, then position one-hots
    pos = slice(size, d_model)
    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    spec.config.add_source_eos = True  # the copied </s> ends decoding
    ffn = 4

    emb = np.zeros((size, d_model), np.float32)
    emb[np.arange(size), np.arange(size)] = 1.0
    positions = np.zeros((MAX_POSITIONS, d_model), np.float32)
    positions[np.arange(MAX_POSITIONS), size + np.arange(MAX_POSITIONS)] = 1.0

    def norm(layer: Any) -> None:
        layer.gamma = np.ones(d_model, np.float32)
        layer.beta = np.zeros(d_model, np.float32)

    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = emb
    enc.position_encodings.encodings = positions
    dec.embeddings.weight = emb
    dec.position_encodings.encodings = positions
    dec.scale_embeddings = False
    enc.scale_embeddings = False
    for layer_norm in (enc.layer_norm, dec.layer_norm):
        norm(layer_norm)
    for layer in (enc.layer[0], dec.layer[0]):
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = np.zeros((3 * d_model, d_model), np.float32)
        layer.self_attention.linear[1].weight = np.zeros((d_model, d_model), np.float32)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = np.zeros((ffn, d_model), np.float32)
        layer.ffn.linear_1.weight = np.zeros((d_model, ffn), np.float32)
    cross = dec.layer[0].attention
    norm(cross.layer_norm)
    query = np.zeros((d_model, d_model), np.float32)
    query[pos, pos] = 60.0 * np.eye(MAX_POSITIONS)  # sharp: position t looks at source t
    key_value = np.zeros((2 * d_model, d_model), np.float32)
    key_value[pos, pos] = np.eye(MAX_POSITIONS)
    key_value[d_model + np.arange(size), np.arange(size)] = 1.0  # values: the token
    cross.linear[0].weight = query
    cross.linear[1].weight = key_value
    cross.linear[2].weight = 40.0 * np.eye(d_model, dtype=np.float32)
    projection = np.zeros((size, d_model), np.float32)
    projection[np.arange(size), np.arange(size)] = 1.0
    dec.projection.weight = projection
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_package(directory: Path, from_code: str, to_code: str) -> Path:
    """Write ``translate-<from>_<to>.argosmodel`` (a zip, as argospm downloads) into ``directory``."""
    import sentencepiece as spm

    sp_model = train_sentencepiece()
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    name = f"translate-{from_code}_{to_code}"
    staging = directory / f"{name}-build"
    (staging / name / "model").mkdir(parents=True)
    spec = copy_model_spec(vocab)
    spec.validate()
    spec.optimize()
    spec.save(str(staging / name / "model"))
    (staging / name / "sentencepiece.model").write_bytes(sp_model)
    metadata = {
        "package_version": "0.0.1",
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
    }
    (staging / name / "metadata.json").write_text(json.dumps(metadata))
    archive = directory / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((staging / name).rglob("*")):
            zf.write(path, path.relative_to(staging).as_posix())
    return archive


def argos_sandbox(tmp_path: Path, monkeypatch: Any) -> Path:
    """Point Argos Translate at an empty package folder under ``tmp_path``; returns it.

    Its data, config and cache directories move there too, so no test sees (or
    changes) packages installed on the machine.
    """
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    packages = tmp_path / "packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    from argostranslate import settings

    monkeypatch.setattr(settings, "package_dirs", [packages])
    return packages
