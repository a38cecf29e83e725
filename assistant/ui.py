"""The chat in the browser: Gradio's ChatInterface with streamed, verified answers, the cited
sources under each answer, follow-ups that use the conversation, and a panel to add articles.

`create_app()` builds the app without serving it (tests use it); `launch()` serves it.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
from pathlib import Path

from .cite import join
from .config import Settings
from .errors import AssistantError
from .ingest import FORMATS, SUFFIXES
from .types import Answer

SOURCES_HEADING = "\n\n**Sources**"
EXTRACTIVE_NOTE = "\n*(extractive answer: the articles' own sentences)*"
CLOSEST_HEADING = "\nClosest passages (they do not answer the question):"
EXAMPLES = ["What did Putin tell the FSB?", "How much is Shohei Ohtani's contract worth?", "What can jellyfish learn without brains?", "What did TechCrunch report in December 2023?"]


def _text(content) -> str:
    """Gradio 6 gives message content as a string or a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    if isinstance(content, (list, tuple)):
        return " ".join(_text(c) for c in content)
    return ""


def history_for_llm(history: list) -> list[dict]:
    """Chat history without the sources blocks we appended to earlier answers."""
    out = []
    for m in history or []:
        role, content = (m.get("role"), m.get("content")) if isinstance(m, dict) else (getattr(m, "role", ""), getattr(m, "content", ""))
        text = _text(content).split(SOURCES_HEADING)[0]
        if role == "assistant":  # our own markdown: drop the notes and closest passages, undo the escaping
            text = html.unescape(text.split(EXTRACTIVE_NOTE)[0].split(CLOSEST_HEADING)[0]).replace("**", "")
        text = text.strip()
        if role in ("user", "assistant") and text:
            out.append({"role": role, "content": text})
    return out


def answer_markdown(answer: Answer) -> str:
    """The answer with its sources; each quote is shown highlighted as it stands in the article."""
    if answer.refused:
        lines = [f"**{answer.text}**"]
        if answer.notice:
            lines.append(f"\n⚠️ {_esc(answer.notice)}")
        if answer.closest:
            lines.append(CLOSEST_HEADING)
            for hit in answer.closest:
                m = hit.metadata
                lines.append(f"- {_esc(m.get('source') or 'unknown outlet')}, *{_esc(m.get('title', ''))}* ({m.get('published_at') or 'undated'}): {_esc(' '.join(hit.text.split())[:200])}…")
        return "\n".join(lines)
    lines = [_answer_text(answer.text)]
    if answer.mode == "extractive":
        lines.append(EXTRACTIVE_NOTE)
    if answer.notice:
        lines.append(f"\n⚠️ {_esc(answer.notice)}")
    lines.append(SOURCES_HEADING)
    for c in answer.citations:
        title = f"[{_esc(c.title)}](<{c.url}>)" if c.url else _esc(c.title)
        lines.append(f"\n[{c.n}] **{_esc(c.source or 'unknown outlet')}** · {title} · {c.published_at or 'undated'} · paragraph {c.paragraph}\n> <mark>{_esc(c.quote)}</mark>")
    return "\n".join(lines)


def _answer_text(text: str) -> str:
    """The short answer ("Answer: ...") in bold on its own line, then the explanation."""
    lines = [_esc(line) for line in text.split("\n")]
    if text.startswith("Answer: "):
        lines[0] = f"**{lines[0]}**"
    return "\n\n".join(lines)


_MARKDOWN = re.compile(r"([\\`*_{}#|~$])")


def _esc(text: str) -> str:
    """Article text shown as is: no HTML, no markdown emphasis, no fake [n] markers."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False)).replace("[", "&#91;").replace("]", "&#93;")


class ChatBackend:
    """The functions the page calls. Questions run side by side (retrieval, short answers and
    extractive answers need no turn); the in-process llama.cpp model serves one completion at a
    time (generate.LocalLLM's lock), an OpenAI-compatible server all of them. Uploads are
    ingested one at a time."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.lock = threading.Lock()  # uploads

    def respond(self, message, history, sources=None, since="", until=""):
        """One chat turn; `sources`, `since` and `until` are the Filters panel (outlets, days)."""
        question = _text(message)
        streamed = []
        try:
            scope = self.assistant.retriever.scope(sources, since, until)
            for event in self.assistant.ask_stream(question, history_for_llm(history), scope=scope):
                if isinstance(event, Answer):
                    yield answer_markdown(event)
                    return
                streamed.append(event)
                yield _answer_text(join(streamed))
        except AssistantError as e:
            yield f"⚠️ {_esc(str(e))}"

    def add_articles(self, files) -> str:
        uploads = [Path(f if isinstance(f, str) else getattr(f, "name", str(f))) for f in files or []]
        if not uploads:
            return f"Choose one or more article files first ({FORMATS})."
        # Gradio hands us files in a temporary folder that changes with the content; keeping a
        # copy under the data folder by file name makes a re-uploaded edit replace the old version.
        folder = self.assistant.settings.home / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for upload in uploads:
            paths.append(folder / upload.name)
            shutil.copyfile(upload, paths[-1])
        try:
            with self.lock:
                report = self.assistant.ingest(paths)
        except AssistantError as e:
            return f"⚠️ {e}"
        lines = [report.summary()] + [f"- {p.where.rsplit('/', 1)[-1]}: {p.message}" for p in report.notes]
        lines += [f"- skipped {p.where.rsplit('/', 1)[-1]}: {p.message}" for p in report.problems]
        return "\n".join(lines)

    def outlets(self):
        """The Filters panel's outlet choices: the store's outlets, after an upload too."""
        import gradio as gr

        return gr.Dropdown(choices=self.assistant.status()["sources"])

    def status(self) -> str:
        info = self.assistant.status()
        return f"{info['articles']} articles, {info['chunks']} chunks · {len(info['sources'])} outlets · {info['earliest'] or '?'} to {info['latest'] or '?'}"


def create_app(settings: Settings, assistant=None):
    import gradio as gr

    if assistant is None:
        from .pipeline import Assistant

        assistant = Assistant(settings)
    threading.Thread(target=assistant.warm, daemon=True).start()  # the first questions need not wait for it
    backend = ChatBackend(assistant)
    with gr.Blocks(title="News assistant") as app:
        gr.Markdown("## News assistant\nAnswers come only from your articles; every sentence is cited to the words it came from, checked by code.")
        filters = [
            gr.Dropdown(choices=assistant.status()["sources"], value=[], multiselect=True, label="Only these outlets (none: all)", render=False),
            gr.Textbox(value="", label="Published on or after (YYYY-MM-DD)", placeholder="e.g. 2023-10-01", render=False),
            gr.Textbox(value="", label="Published on or before (YYYY-MM-DD)", render=False),
        ]
        gr.ChatInterface(
            fn=backend.respond,
            additional_inputs=filters,
            additional_inputs_accordion=gr.Accordion("Filters: outlets and dates", open=False, render=False),
            examples=[[q] for q in EXAMPLES],  # the filters as they are
            cache_examples=False,
            chatbot=gr.Chatbot(height=520, label="Answers", sanitize_html=True),
            textbox=gr.Textbox(placeholder="Ask about your articles…", submit_btn=True),
        )
        with gr.Accordion("Add articles", open=False):
            files = gr.File(file_count="multiple", file_types=sorted(SUFFIXES), label="Article files")
            add = gr.Button("Ingest")
            result = gr.Markdown()
            added = add.click(backend.add_articles, inputs=files, outputs=result)
        status = gr.Markdown()
        app.load(backend.status, outputs=status)
        added.then(backend.status, outputs=status).then(backend.outlets, outputs=filters[0])  # once the upload is in
    app.backend = backend
    return app


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    app = create_app(settings)
    app.queue(default_concurrency_limit=4).launch(server_name=host or settings.ui_host, server_port=port or settings.ui_port, show_error=True)
