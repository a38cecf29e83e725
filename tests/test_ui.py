"""The browser chat (assistant/ui.py): in process, over HTTP with gradio_client, and in a real
Chromium driven by tests/browser/chat.spec.mjs.

Each test builds its app over its own copy of the seeded store (conftest `seeded`) under
tmp_path, with the real Chroma store, the bundled embedding model and, in generative mode
(the default), the bundled LLM through llama.cpp.

The browser test needs, once per machine (CI installs them; the test fails, not skips,
without them):
    apt-get install -y chromium                 # /usr/bin/chromium
    cd tests/browser && npm ci                  # tests/browser/node_modules/playwright-core
Set UI_SCREENSHOT_DIR to keep the browser's screenshot (default: the test's tmp_path).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from conftest import ROOT, SEED_ARTICLE, SEEDS, seed_text
from servers import free_port

PUTIN = "What did Putin tell the FSB?"
REFUSAL = "The articles do not say."
BROWSER_DIR = ROOT / "tests" / "browser"
CHROMIUM = Path("/usr/bin/chromium")


# ---- helpers -----------------------------------------------------------------------------


@cache
def llm_problem() -> str:
    """'' when the bundled LLM runs here. Checked in a child process: a llama.cpp build for
    the wrong CPU dies with SIGILL, which would take the whole pytest run down with it."""
    code = (
        "from llama_cpp import Llama; from assistant.generate import bundled_gguf; "
        "l = Llama(model_path=str(bundled_gguf()), verbose=False); "
        "print(l.create_chat_completion(messages=[{'role': 'user', 'content': 'hi'}], max_tokens=5)['choices'][0])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode == 0:
        return ""
    how = f"killed by {signal.Signals(-proc.returncode).name}" if proc.returncode < 0 else f"exit code {proc.returncode}"
    return f"the bundled LLM (llama.cpp) does not run here ({how}; SIGILL = built for another CPU)\n{proc.stderr[-2000:]}"


def require_llm() -> None:
    if problem := llm_problem():
        pytest.fail(f"Generative mode cannot be tested: {problem}\nInstall a llama-cpp-python wheel built for this CPU.")


def make_app(monkeypatch, mode: str = "generative"):
    from assistant.config import load_settings
    from assistant.ui import create_app

    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("ASSISTANT_MODE", mode)
    if mode == "generative":
        require_llm()
    return create_app(load_settings())


@contextmanager
def served(app, concurrency: int = 1):
    port = free_port()
    app.queue(default_concurrency_limit=concurrency).launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def split_answer(markdown: str) -> tuple[str, str]:
    """(answer text, sources block) of a final answer."""
    assert "\n\n**Sources**" in markdown, f"no Sources block in:\n{markdown}"
    answer, _, sources = markdown.partition("\n\n**Sources**")
    return answer, sources


def quotes_of(markdown: str) -> list[str]:
    """The highlighted quotes, as the reader sees them (markdown escaping undone)."""
    return [html.unescape(q) for q in re.findall(r"<mark>(.*?)</mark>", markdown, re.S)]


def seed_corpus() -> str:
    """Every seed article's text; .jsonl bodies as the JSON decodes them."""
    import json

    texts = [SEED_ARTICLE.read_text(encoding="utf-8")]
    for line in (SEEDS / "multihop_sample.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts.append(f"{record['title']}\n\n{record['body']}")
    return "\n\n".join(texts)


def assert_sourced_answer_of_the_seed(markdown: str) -> None:
    """Sources shown, at least one quote from the Putin article, every quote verbatim from a
    seed article, and every [n] in the answer pointing at a listed source."""
    answer, sources = split_answer(markdown)
    assert answer.strip() and REFUSAL not in answer
    quotes = quotes_of(sources)
    assert quotes, f"no quote in the Sources block:\n{sources}"
    corpus = seed_corpus()
    for q in quotes:
        assert len(q.split()) >= 3 and q in corpus, f"quote is not the articles' own words: {q!r}"
    assert any(q in seed_text() for q in quotes), f"no quote from {SEED_ARTICLE.name}: {quotes}"
    markers = {int(n) for n in re.findall(r"&#91;(\d+)&#93;", answer)}
    listed = {int(n) for n in re.findall(r"^\[(\d+)\] \*\*", sources, re.M)}
    assert markers and markers == listed == set(range(1, len(quotes) + 1)), (markers, listed, markdown)


def assert_streams(outputs: list[str]) -> None:
    """More than one update, each one growing the previous one."""
    assert len(outputs) >= 2, f"not streamed: {outputs}"
    for before, after in zip(outputs, outputs[1:]):
        assert after.startswith(before) and len(after) > len(before), (before, after)


def gradio_history(turns: list[tuple[str, str]]) -> list[dict]:
    """History as gradio 6 hands it to the chat fn after a round trip through the browser:
    the Chatbot's own postprocess -> JSON -> preprocess, i.e. message dicts whose content is a
    list of typed parts: [{"type": "text", "text": ...}] (plus metadata/options keys)."""
    import gradio as gr

    messages = [m for q, a in turns for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]
    chatbot = gr.Chatbot()
    payload = chatbot.data_model.model_validate_json(chatbot.postprocess(messages).model_dump_json())
    return chatbot.preprocess(payload)


# ---- in process --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["generative", "extractive"])
def test_chat_turn_streams_a_sourced_answer_quoting_the_seed(seeded, monkeypatch, mode):
    app = make_app(monkeypatch, mode)
    outputs = list(app.backend.respond(PUTIN, []))
    assert_streams(outputs)
    final = outputs[-1]
    assert_sourced_answer_of_the_seed(final)
    assert "2025-02-28" in final and "paragraph" in final
    assert "⚠️" not in final


def test_short_answer_is_shown_first_in_bold(seeded, monkeypatch):
    app = make_app(monkeypatch, "extractive")
    outputs = list(app.backend.respond("How much is Shohei Ohtani's contract worth?", []))
    assert outputs[0] == "**Answer: \\$700 million &#91;1&#93;**"  # streamed before the explanation ($ escaped for markdown)
    final = outputs[-1]
    head, explanation = final.split("\n\n", 1)
    assert head == outputs[0] and "\\$700 million" in explanation and "<mark>" in final


def test_verified_sentences_show_while_the_llm_is_still_writing(seeded, monkeypatch):
    """The UI side of streaming, with a scripted LLM (the bundled one's sentences often fail
    verification, and then the whole answer comes at once from the extractive fallback)."""
    from assistant.config import load_settings
    from assistant.ui import create_app

    class Scripted:
        pieces = ["Putin told his FSB chiefs to disrupt any attempts ", "to break up the rapprochement [1]. ", "Some western elites are still ",
                  "determined to maintain instability in the world [1]. ", "He also ordered the army to invade Finland [2]."]
        pulled = 0

        def stream(self, messages, max_tokens=None):
            for piece in self.pieces:
                self.pulled += 1
                yield piece

    monkeypatch.setenv("ASSISTANT_MODE", "generative")
    app = create_app(load_settings())
    llm = app.backend.assistant._llm = Scripted()
    outputs, pulled_at = [], []
    for out in app.backend.respond(PUTIN, []):
        outputs.append(out)
        pulled_at.append(llm.pulled)
    assert_streams(outputs)
    assert pulled_at[0] < len(Scripted.pieces), pulled_at  # the first sentence was shown before the LLM finished
    assert "disrupt any attempts" in outputs[0] and "Finland" not in outputs[-1]  # the unsupported claim is dropped
    assert_sourced_answer_of_the_seed(outputs[-1])
    assert "extractive answer" not in outputs[-1]


def test_follow_up_with_gradio_history_is_answered_or_refused(seeded, monkeypatch):
    from assistant.ui import answer_markdown, history_for_llm

    app = make_app(monkeypatch)
    first = answer_markdown(app.backend.assistant.ask(PUTIN, mode="extractive"))  # turn 1 without the LLM, to save time
    split_answer(first)
    history = gradio_history([(PUTIN, first)])
    assert isinstance(history[0]["content"], list) and history[0]["content"][0]["text"] == PUTIN  # what gradio 6 passes

    # What the LLM gets: plain text, without our sources block, escaping or highlighting.
    for_llm = history_for_llm(history)
    assert [m["role"] for m in for_llm] == ["user", "assistant"] and for_llm[0]["content"] == PUTIN
    assert not re.search(r"Sources|&#\d+;|<mark>|extractive answer", for_llm[1]["content"]), for_llm[1]
    assert "[1]" in for_llm[1]["content"]

    assistant = app.backend.assistant
    condensed = []
    condense = assistant.condense
    monkeypatch.setattr(assistant, "condense", lambda q, h, m=None: condensed.append((q, h, condense(q, h, m))) or condensed[-1][2])
    outputs = list(app.backend.respond("What did he say about the new American administration?", history))
    assert condensed and condensed[0][1] == for_llm, condensed  # the conversation reached the pipeline, cleaned
    final = outputs[-1]
    assert "⚠️" not in final, final
    if REFUSAL in final:
        assert "**Sources**" not in final
    else:
        assert_streams(outputs)
        answer, sources = split_answer(final)
        corpus = seed_corpus()
        assert quotes_of(sources) and all(q in corpus for q in quotes_of(sources))

    # The API passes the history as plain strings (test_served_app_... sends a follow-up that way).
    plain = [{"role": "user", "content": PUTIN}, {"role": "assistant", "content": first}]
    assert history_for_llm(plain) == for_llm


def test_unanswerable_question_is_refused_without_sources(seeded, monkeypatch):
    app = make_app(monkeypatch)
    outputs = list(app.backend.respond("Who won the 2022 World Cup?", []))
    final = outputs[-1]
    assert REFUSAL in final
    assert all("Sources" not in o and "<mark>" not in o for o in outputs), outputs
    # The closest passages are listed one per line (a paragraph break would split the list).
    closest = final.partition("Closest passages")[2]
    assert all(line.startswith("- ") for line in closest.splitlines()[1:] if line), final
    # a time the question names with no article of its days is said beside the refusal
    last_week = list(app.backend.respond("Who won the World Cup last week?", []))[-1]
    assert REFUSAL in last_week and "⚠️ No stored article was published last week (" in last_week


def test_the_filters_panel_keeps_the_answer_inside_its_outlets_and_days(seeded, monkeypatch):
    app = make_app(monkeypatch, mode="extractive")
    final = list(app.backend.respond("What are shipping carriers worried about?", [], ["Fortune"], "", ""))[-1]
    _, sources = split_answer(final)
    assert re.findall(r"^\[\d+\] \*\*(.+?)\*\*", sources, re.M) and set(re.findall(r"^\[\d+\] \*\*(.+?)\*\*", sources, re.M)) == {"Fortune"}
    recent = list(app.backend.respond("Which leaders visited the White House?", [], [], "2025-01-01", ""))[-1]
    assert set(re.findall(r" · (\d{4}-\d{2}-\d{2}) · paragraph", recent)) == {"2025-02-28"}
    bad = list(app.backend.respond("What happened?", [], [], "yesterday", ""))[-1]
    assert bad.startswith("⚠️") and "is not a date; write it as YYYY-MM-DD" in bad


def test_add_articles_grows_the_store_and_reports_bad_files(tmp_path, monkeypatch):
    app = make_app(monkeypatch, "extractive")  # fresh, empty store under tmp_path
    backend = app.backend
    assert backend.status().startswith("0 articles")
    nothing = list(backend.respond("What did the octopuses open?", []))
    assert len(nothing) == 1 and "No articles ingested yet" in nothing[0]  # a clear message, no exception
    filtered = list(backend.respond("What did the octopuses open?", [], ["Fortune"], "2023-01-01", ""))
    assert len(filtered) == 1 and "No articles ingested yet" in filtered[0]  # filters too

    article = tmp_path / "octopus.txt"
    article.write_text(
        "Octopuses Open Jars in Naples Aquarium\n\n"
        "Octopuses at the Naples aquarium learned to open screw-top jars within ten minutes, keepers said on Monday.\n\n"
        "The keepers said the animals watched each other before trying.\n",
        encoding="utf-8",
    )
    report = backend.add_articles([str(article)])
    assert "1 added" in report and "skipped" not in report, report
    assert backend.status().startswith("1 articles"), backend.status()
    final = list(backend.respond("What did the octopuses at the Naples aquarium learn?", []))[-1]
    assert "screw-top jars" in " ".join(quotes_of(split_answer(final)[1]))

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    report = backend.add_articles([str(empty)])
    assert "skipped empty.txt" in report and "empty" in report.split("skipped empty.txt")[1], report
    assert backend.status().startswith("1 articles")
    assert "Choose one or more article files" in backend.add_articles([])


# ---- served ------------------------------------------------------------------------------


def chat_endpoint(client) -> str:
    """The ChatInterface's API endpoint: named after the chat fn (gradio 6: '/respond'); its first
    parameter is the message, the others the Filters panel (all with defaults)."""
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    names = [name for name, info in endpoints.items() if [p["parameter_name"] for p in info["parameters"]][:1] == ["message"]]
    assert len(names) == 1, f"expected one chat endpoint, got {list(endpoints)}"
    return names[0]


def test_served_app_answers_through_the_chat_api(seeded, monkeypatch):
    from gradio_client import Client

    app = make_app(monkeypatch)
    with served(app) as url:
        client = Client(url, verbose=False)
        endpoint = chat_endpoint(client)
        job = client.submit(PUTIN, api_name=endpoint)
        final = job.result(timeout=180)
        assert_sourced_answer_of_the_seed(final)
        assert job.outputs()[-1] == final and len(job.outputs()) >= 2  # streamed over the wire too
        # Same client session: the server keeps the conversation and passes it as history
        # (asked alone, "What did he urge it to do?" is refused: test_ask's follow-up test).
        follow_up = client.predict("What did he urge it to do?", api_name=endpoint)
        assert isinstance(follow_up, str) and "⚠️" not in follow_up and REFUSAL not in follow_up
        assert "**Sources**" in follow_up and "he told the FSB" in follow_up


def test_twenty_users_at_once_while_articles_are_added_all_get_their_answers(seeded, monkeypatch, tmp_path):
    """Twenty chat sessions ask at the same moment, over HTTP, as `assistant ui` serves them (4
    handlers at a time, the model behind one lock), while an upload is ingested: every one gets
    its own sourced answer, and the upload is stored."""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    app = make_app(monkeypatch, mode="extractive")
    questions = [PUTIN, "How much is Shohei Ohtani's contract worth?", "What can jellyfish learn without brains?", "Who is Beeper's CEO?"]
    upload = tmp_path / "harbour.txt"
    upload.write_text("Title: Port closes\nSource: The Ledger\n\nThe harbour authority closed the port for repairs on Monday.\n")
    with served(app, concurrency=4) as url:
        clients = [Client(url, verbose=False) for _ in range(20)]
        endpoint = chat_endpoint(clients[0])
        jobs = [client.submit(questions[i % len(questions)], api_name=endpoint) for i, client in enumerate(clients)]
        with ThreadPoolExecutor(1) as pool:
            added = pool.submit(app.backend.add_articles, [str(upload)])
            answers = [job.result(timeout=600) for job in jobs]
            assert "1 added" in added.result(timeout=600)
    for i, answer in enumerate(answers):
        assert "⚠️" not in answer and "**Sources**" in answer, (questions[i % len(questions)], answer)
    assert all(REFUSAL not in a for a in answers[0::4]) and all("$700 million" in a for a in answers[1::4])
    assert app.backend.assistant.status()["articles"] == 7  # the 6 seed articles and the upload


def test_browser_chat_shows_the_answer_with_highlighted_quotes(seeded, monkeypatch, tmp_path):
    node = shutil.which("node")
    missing = []
    if not node:
        missing.append("Node.js 20+ with npm (`apt-get install -y nodejs npm`)")
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (`apt-get update && apt-get install -y chromium`)")
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        missing.append("playwright-core (`cd tests/browser && npm ci`)")
    if missing:
        pytest.fail("The browser test needs: " + "; ".join(missing))

    shots = Path(os.environ.get("UI_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    screenshot = shots / "chat.png"
    app = make_app(monkeypatch)
    with served(app) as url:
        env = {**os.environ, "APP_URL": url, "ARTICLE_PATH": str(SEED_ARTICLE), "SCREENSHOT_PATH": str(screenshot), "QUESTION": PUTIN}
        t = time.monotonic()
        proc = subprocess.run([node, str(BROWSER_DIR / "chat.spec.mjs")], env=env, capture_output=True, text=True, timeout=240, cwd=ROOT)
    report = f"exit {proc.returncode} after {time.monotonic() - t:.0f}s\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}\nscreenshot: {screenshot}"
    assert proc.returncode == 0, report
    assert screenshot.is_file() and screenshot.stat().st_size > 10_000, report
