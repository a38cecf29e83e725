"""One settings object, read from ASSISTANT_* environment variables and a `.env` file.

Defaults work offline on the bundled models. Every setting is listed in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError

LLM_BACKENDS = ("local", "openai")
EMBED_BACKENDS = ("local", "openai")
MODES = ("auto", "generative", "extractive")


def _default_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "news-assistant")


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: Path(_default_home()))
    collection: str = "articles"
    chroma_host: str = ""  # set to use a `chroma run` server instead of the embedded store
    chroma_port: int = 8000
    embed_backend: str = "local"
    embed_model: str = ""  # openai backend: embedding model name
    embed_batch: int = 32
    llm_backend: str = "local"
    llm_model_path: str = ""  # local backend: a .gguf file; default the bundled SmolLM2
    llm_model: str = "gpt-4o-mini"  # openai backend: model name
    openai_base_url: str = ""
    openai_api_key: str = ""
    llm_timeout: float = 60.0
    threads: int = 0  # llama.cpp threads; 0 = all cores
    context_tokens: int = 2048
    max_tokens: int = 160
    temperature: float = 0.0
    mode: str = "auto"  # see answer_mode()
    chunk_tokens: int = 256
    chunk_overlap: int = 32
    top_k: int = 10  # chunks the answer is assembled from (short answers need evidence from several articles)
    candidates: int = 50  # chunks each search proposes before rank fusion
    refusal_threshold: float = 0.35  # calibrated by eval/calibrate_refusal.py on MultiHop-RAG dev
    support_threshold: float = 0.75
    yes_threshold: float = 0.2  # calibrated on half of MultiHop-RAG dev, checked on the other half
    prompts_dir: str = ""
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


_ALIASES = {  # settings that keep the names their ecosystems use
    "openai_base_url": ("ASSISTANT_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
    "openai_api_key": ("ASSISTANT_OPENAI_API_KEY", "OPENAI_API_KEY"),
}


def env_names(name: str) -> tuple[str, ...]:
    return _ALIASES.get(name, (f"ASSISTANT_{name.upper()}",))


def load_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments; optional quotes. Real env vars win over the file."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep:
            raise ConfigError(f"{path}:{n}: expected KEY=VALUE, got {line!r}. Fix or remove that line.")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def load_settings(env: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Build and validate the settings once; errors name the variable and the fix."""
    source = dict(load_dotenv(dotenv or Path.cwd() / ".env"))
    source.update(os.environ if env is None else env)
    kwargs = {}
    for f in fields(Settings):
        raw = next((source[n] for n in env_names(f.name) if source.get(n, "") != ""), None)
        if raw is None:
            continue
        kwargs[f.name] = _convert(f.name, raw, f.type)
    settings = Settings(**kwargs)
    _validate(settings)
    return settings


def _convert(name: str, raw: str, kind) -> object:
    var = env_names(name)[0]
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (Path, "Path"):
            return Path(raw).expanduser()
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a valid {kind}. Set it to a number or unset it.") from None
    return raw


def _validate(s: Settings) -> None:
    checks = [
        (s.llm_backend in LLM_BACKENDS, "ASSISTANT_LLM_BACKEND", f"one of {', '.join(LLM_BACKENDS)}"),
        (s.embed_backend in EMBED_BACKENDS, "ASSISTANT_EMBED_BACKEND", f"one of {', '.join(EMBED_BACKENDS)}"),
        (s.mode in MODES, "ASSISTANT_MODE", f"one of {', '.join(MODES)}"),
        (32 <= s.chunk_tokens <= 2048, "ASSISTANT_CHUNK_TOKENS", "between 32 and 2048"),
        (0 <= s.chunk_overlap < s.chunk_tokens, "ASSISTANT_CHUNK_OVERLAP", "at least 0 and below the chunk size"),
        (1 <= s.top_k <= 50, "ASSISTANT_TOP_K", "between 1 and 50"),
        (s.candidates >= s.top_k, "ASSISTANT_CANDIDATES", "at least ASSISTANT_TOP_K"),
        (0.0 <= s.refusal_threshold <= 1.0, "ASSISTANT_REFUSAL_THRESHOLD", "between 0 and 1"),
        (0.0 <= s.support_threshold <= 1.0, "ASSISTANT_SUPPORT_THRESHOLD", "between 0 and 1"),
        (0.0 <= s.yes_threshold <= 1.0, "ASSISTANT_YES_THRESHOLD", "between 0 and 1"),
        (1 <= s.ui_port <= 65535, "ASSISTANT_UI_PORT", "a TCP port"),
        (s.max_tokens >= 1, "ASSISTANT_MAX_TOKENS", "at least 1"),
    ]
    for ok, var, expected in checks:
        if not ok:
            raise ConfigError(f"{var} must be {expected}. Fix it in the environment or .env.")
    if s.embed_backend == "openai" and not s.embed_model:
        raise ConfigError("ASSISTANT_EMBED_BACKEND=openai needs ASSISTANT_EMBED_MODEL (e.g. text-embedding-3-small).")
