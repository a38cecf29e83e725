"""The scale-out paths against real servers on 127.0.0.1: the `openai` LLM backend through
llama.cpp's OpenAI-compatible server, and the store on a `chroma run` server."""

import json

from assistant.cli import ask_main, main
from assistant.generate import bundled_gguf
from conftest import SEEDS
from servers import chroma_server, llama_server


def test_openai_backend_against_a_real_compatible_server(seeded, tmp_path, monkeypatch, capsys):
    with llama_server(bundled_gguf(), tmp_path / "llama.log") as base_url:
        monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
        monkeypatch.setenv("OPENAI_BASE_URL", base_url)
        monkeypatch.setenv("ASSISTANT_LLM_MODEL", "smollm2")
        assert ask_main(["--json", "What did Putin tell the FSB?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["refused"] and answer["citations"]
    assert {"first_token_ms", "llm_ms"} <= set(answer["timings_ms"])  # the model streamed its answer back
    log = (tmp_path / "llama.log").read_text()
    assert "/v1/chat/completions" in log  # the answer went through the server


def test_store_on_a_chroma_server(tmp_path, monkeypatch, capsys):
    with chroma_server(tmp_path / "chroma-data", tmp_path / "chroma.log") as port:
        monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("ASSISTANT_CHROMA_PORT", str(port))
        assert main(["ingest", "--quiet", str(SEEDS)]) == 0
        assert main(["status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert status["articles"] == 6 and status["store"].startswith(f"http://127.0.0.1:{port}")
        assert ask_main(["--json", "--mode", "extractive", "How many jellyfish were put in the tank?"]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert not answer["refused"] and "jellyfish" in answer["answer"].lower()
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", str(port))  # server gone: a clear error
    assert main(["status"]) == 5
    assert "Cannot reach the Chroma server" in capsys.readouterr().err
