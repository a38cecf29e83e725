"""Prompt templates live in `prompts/` as text files, rendered strictly (jinja2 StrictUndefined),
so a template that names a missing variable fails loudly instead of sending a hole to the LLM.

Where the files are: ASSISTANT_PROMPTS_DIR if set; the copy inside the installed package
(the wheel ships `prompts/` as `assistant/prompts`); else the repo's top-level `prompts/`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent


def prompts_dir(override: str = "") -> Path:
    for candidate in (Path(override) if override else None, PACKAGE_DIR / "prompts", PACKAGE_DIR.parent / "prompts"):
        if candidate is not None and candidate.is_dir():
            return candidate
    raise ConfigError(f"Prompt templates not found (looked in {override or PACKAGE_DIR / 'prompts'}). Set ASSISTANT_PROMPTS_DIR to the prompts/ folder.")


@lru_cache(maxsize=32)
def _template(folder: str, name: str):
    from jinja2 import Environment, StrictUndefined

    path = Path(folder) / f"{name}.txt"
    if not path.is_file():
        raise ConfigError(f"Prompt template {path} is missing. Restore it from the repository's prompts/ folder.")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(path.read_text(encoding="utf-8"))


def render(name: str, override: str = "", **values) -> str:
    return _template(str(prompts_dir(override)), name).render(**values).strip()
