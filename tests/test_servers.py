"""The scale-out paths against real servers on 127.0.0.1: the `openai` LLM backend through
llama.cpp's OpenAI-compatible server, and the store on a `chroma run` server."""

import json

import pytest

from assistant.cli import ask_main, main
from assistant.generate import bundled_gguf
from conftest import SEEDS
from servers import chroma_server, llama_server, misbehaving_llm


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


@pytest.mark.parametrize("kind,said", [("badsse", "not an OpenAI-compatible completion"), ("html", "ended its reply before finishing it (no text at all: is OPENAI_BASE_URL its API"),
                                       ("cut", "ended its reply before finishing it"), ("drip", "did not finish its answer within 3 s")])
def test_an_llm_server_that_misbehaves_gives_a_note_and_the_articles_own_sentences(seeded, monkeypatch, capsys, kind, said):
    """Broken JSON had been a traceback; a web page or a cut stream an answer with no word of
    why the LLM wrote nothing; a server trickling tokens forever a hang."""
    import time

    with misbehaving_llm(kind) as base_url:
        monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
        monkeypatch.setenv("OPENAI_BASE_URL", base_url)
        monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "3")
        started = time.monotonic()
        assert ask_main(["--json", "What did Putin tell the FSB?"]) == 0
        took = time.monotonic() - started
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert said in answer["notice"] and "Traceback" not in err
    assert answer["mode"] == "extractive" and answer["citations"] and not answer["refused"]
    assert took < 30  # one timeout of 3 s, not a hang
