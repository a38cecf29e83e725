"""Shared fixtures. Every test gets its own ASSISTANT_HOME under tmp_path and no ASSISTANT_*
settings from the developer's environment; models are the real bundled ones, offline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_eea4275ae8fda62b.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def clean_env(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("ASSISTANT_") or key in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)  # no stray .env from the repo or the developer
    yield


@pytest.fixture
def settings():
    from assistant.config import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory):
    """A store with the seed articles, built once; tests copy it rather than share it."""
    from assistant.config import load_settings
    from assistant.pipeline import Assistant

    home = tmp_path_factory.mktemp("seeded")
    env = {"ASSISTANT_HOME": str(home)}
    assistant = Assistant(load_settings(env=env))
    report = assistant.ingest([SEEDS])
    assert not report.problems, report.problems
    del assistant
    return home


@pytest.fixture
def seeded(seeded_home, tmp_path, monkeypatch):
    """Settings pointing at a private copy of the seeded store."""
    from assistant.config import load_settings

    home = tmp_path / "seeded"
    shutil.copytree(seeded_home, home)
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    return load_settings()


def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


def one_article(settings, folder, title: str, body: str, published_at: str = "2023-11-05"):
    """An Assistant over a store holding one made-up article (`assistant_with`)."""
    slug = "-".join(title.lower().split()[:3])
    return assistant_with([{"title": title, "source": "Harbour Post", "published_at": published_at, "url": f"https://example.test/{slug}", "body": body}], settings, folder)


def assistant_with(records: list[dict], settings, folder):
    """An Assistant over a store holding `records` (title, source, published_at, url, body),
    ingested from a JSON Lines file in `folder`."""
    import json

    from assistant.pipeline import Assistant

    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assistant = Assistant(settings)
    assistant.ingest([path])
    return assistant
