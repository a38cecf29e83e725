"""Command line: `assistant ingest|articles|remove|status|ask|ui|eval|bench` and the `ask` shortcut.

argparse, not click: it imports in milliseconds, and `ask` is started for every question.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from .errors import AssistantError

EXAMPLE_QUESTION = "What did Putin tell the FSB?"


def _settings(args=None):
    from dataclasses import replace

    from .config import load_settings

    settings = load_settings()
    if args is not None and getattr(args, "mode", None):
        settings = replace(settings, mode=args.mode)
    return settings


def _assistant(args=None, collection: str | None = None):
    from .pipeline import Assistant

    return Assistant(_settings(args), collection)


# ---- ingest / status -------------------------------------------------------
def cmd_ingest(args) -> int:
    assistant = _assistant()
    with _progress(args.quiet or args.json) as progress:
        report = assistant.ingest([Path(p) for p in args.paths], prune=args.prune, progress=progress)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(json.dumps(report.to_dict()) if args.json else report.summary())
    return 1 if report.problems else 0


class _progress:
    """A rich progress bar over files with article and chunk counts (stderr, TTY or not)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def __enter__(self):
        if self.quiet:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files · {task.fields[info]}"), TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = None
        return self.update

    def update(self, event: str, info: dict) -> None:
        if event == "start":
            self.task = self.bar.add_task("ingest", total=info["files"], info="")
        elif event in ("file", "batch") and self.task is not None:
            elapsed = self.bar.tasks[0].elapsed or 1e-9
            info_text = f"{info['articles']} articles, {info['chunks']} chunks, {info['chunks'] / elapsed:.0f} chunks/s"
            self.bar.update(self.task, advance=1 if event == "file" else 0, info=info_text)

    def __exit__(self, *exc):
        if not self.quiet:
            self.bar.stop()
        return False


def cmd_status(args) -> int:
    info = _assistant().status()
    if args.json:
        print(json.dumps(info))
    else:
        for key, value in info.items():
            print(f"{key:>16}: {', '.join(value) if isinstance(value, list) else value}")
    return 0


def cmd_articles(args) -> int:
    from .index import articles

    wanted = [s.lower() for s in args.source or []]
    found = [a for a in articles(_assistant().store) if not wanted or any(w in a["source"].lower() for w in wanted)]
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    for a in found:
        print(f"{a['published_at'] or 'undated':<10}  {a['source'] or 'unknown outlet'} · “{a['title']}” ({a['chunks']} chunk{'s' if a['chunks'] != 1 else ''})\n            {a['id']}")
    print(f"{len(found)} article{'s' if len(found) != 1 else ''}" + (f" from outlets matching {', '.join(args.source)}" if wanted else ""))
    return 0


def cmd_remove(args) -> int:
    from .index import remove

    chunks, n = remove(_assistant().store, args.ids), len(set(args.ids))
    print(f"removed {n} article{'s' if n != 1 else ''} ({chunks} chunks); ingesting their files again would bring them back")
    return 0


# ---- ask -------------------------------------------------------------------
def cmd_ask(args) -> int:
    from .pipeline import check_question
    from .types import Answer

    question = check_question(" ".join(args.question))
    assistant = _assistant(args)
    scope = assistant.retriever.scope(args.source, args.since, args.until)
    if args.json:
        print(json.dumps(assistant.ask(question, scope=scope).to_dict(), ensure_ascii=False))
        return 0
    from .cite import render

    answer, wrote, after_short = None, False, False
    for event in assistant.ask_stream(question, scope=scope):
        if isinstance(event, Answer):
            answer = event
            break
        sys.stdout.write(("\n" if after_short else " " if wrote else "") + render(event))
        sys.stdout.flush()
        wrote, after_short = True, event.short
    if wrote:
        sys.stdout.write("\n")
    print(format_sources(answer, streamed=wrote))
    if answer.notice:
        print(f"note: {answer.notice}", file=sys.stderr)
    return 0


def format_sources(answer, streamed: bool = True) -> str:
    from .cite import OPENING_MARKS

    lines = [] if streamed else [answer.text]
    if answer.refused:
        lines.append("The closest passages (they do not answer the question):" if answer.closest else "")
        for hit in answer.closest:
            m = hit.metadata
            lines.append(f"  - {m.get('source') or 'unknown outlet'}, “{m.get('title', '')}” ({m.get('published_at') or 'undated'}): {_clip(hit.text)}")
        return "\n".join(lines)
    if answer.mode == "extractive":
        lines.append("(extractive answer: the articles' own sentences)")
    lines.append("\nSources")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.source or 'unknown outlet'} · “{c.title}” · {c.published_at or 'undated'} · paragraph {c.paragraph}")
        lines.append(f"    {c.quote}" if c.quote.startswith(OPENING_MARKS) else f"    “{c.quote}”")  # a quotation is already marked
        if c.url:
            lines.append(f"    {c.url}")
    return "\n".join(lines)


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- ui / eval / bench -----------------------------------------------------
def cmd_ui(args) -> int:
    from .ui import launch

    launch(_settings(), host=args.host, port=args.port)
    return 0


def cmd_eval(args) -> int:
    from .evaluate import run_eval

    report = run_eval(_settings(args), gold=Path(args.gold), seeds=Path(args.seeds), out=Path(args.report), limit=args.limit)
    print(json.dumps(report["overall"]) if args.json else report["table"])
    return 0


def cmd_bench(args) -> int:
    from .bench import run_multihop

    result = run_multihop(_settings(args), args)
    print(json.dumps(result) if args.json else result["table"])
    return 0


def cmd_bench_speed(args) -> int:
    from .bench_speed import run_speed

    result = run_speed(_settings(), args)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "table"}))
    return 0


# ---- wiring ----------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from .ingest import FORMATS  # the formats we read, named once

    parser = argparse.ArgumentParser(prog="assistant", description="Ask questions about news articles and get answers cited to the exact words, verified.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help=f"add or update articles from files and folders ({FORMATS})", description="Add or update articles. Unchanged articles are skipped; changed ones replaced.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    p.add_argument("--prune", action="store_true", help="also remove stored articles that are not in PATHs")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("status", help="what the store holds", description="Articles, chunks, outlets, date range, embedding model and store location.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("articles", help="list the stored articles, newest first", description="List the stored articles: date, outlet, title, chunks and id (a URL, or the file path).")
    p.add_argument("--source", action="append", metavar="OUTLET", help="only outlets whose name contains this (repeatable)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("remove", help="remove stored articles by id", description="Remove stored articles (all their chunks) by the id `assistant articles` shows.")
    p.add_argument("ids", nargs="+", metavar="ID", help="article id: its URL, or its file path")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("ask", help="answer a question with verified citations", description="Answer a question from the ingested articles, citing the exact words.")
    _ask_arguments(p)

    p = sub.add_parser("ui", help="open the chat in the browser", description="Serve the Gradio chat (127.0.0.1 by default).")
    p.add_argument("--host", default=None, help="address to listen on (ASSISTANT_UI_HOST)")
    p.add_argument("--port", type=int, default=None, help="port (ASSISTANT_UI_PORT)")
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("eval", help="score the assistant on the gold questions", description="Ingest the seed articles into a separate collection and score answers on gold Q&A.")
    p.add_argument("--gold", default="eval/gold.jsonl", help="gold questions (JSON Lines)")
    p.add_argument("--seeds", default="seeds", help="articles the gold questions are about")
    p.add_argument("--report", default="reports/eval", help="folder for report.json and report.md")
    p.add_argument("--mode", choices=["auto", "generative", "extractive"], help="answer mode (ASSISTANT_MODE)")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions")
    p.add_argument("--json", action="store_true", help="print the overall figures as JSON")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="external benchmarks (MultiHop-RAG)", description="Run an external benchmark.")
    bench = p.add_subparsers(dest="bench", required=True, metavar="BENCH")
    b = bench.add_parser("multihop", help="MultiHop-RAG retrieval benchmark", description="Ingest a MultiHop-RAG corpus into its own collection and score retrieval with the official rule.")
    b.add_argument("--corpus", required=True, help="corpus.json")
    b.add_argument("--queries", required=True, help="queries JSON (list of {query, question_type, evidence_list})")
    b.add_argument("--limit", type=int, default=0, help="only the first N queries (non-null ones for retrieval; all, null included, for --answers)")
    b.add_argument("--baseline", action="store_true", help="also run LlamaIndex dense and BM25 baselines on the same chunks")
    b.add_argument("--answers", action="store_true", help="also answer every query (null ones included) with the full pipeline and score the answers")
    b.add_argument("--mode", choices=["auto", "generative", "extractive"], help="answer mode for --answers (ASSISTANT_MODE)")
    b.add_argument("--save-answers", metavar="FILE", help="with --answers: also write each question, its gold answer and facts, and the full answer (citations included) as JSON Lines")
    b.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    b.set_defaults(func=cmd_bench)
    b = bench.add_parser("speed", help="ingest and ask speed against plain LlamaIndex", description="Time our ingest and ask against plain LlamaIndex (SentenceSplitter, VectorStoreIndex on Chroma, as_query_engine) in one process, on the same articles, embedding model and LLM.")
    b.add_argument("--corpus", default="seeds", help="corpus.json (MultiHop-RAG form) or a folder of articles (default: seeds)")
    b.add_argument("--articles", type=int, default=200, help="articles to ingest (the questions' evidence articles first; default 200)")
    b.add_argument("--questions", metavar="FILE", help="queries JSON (MultiHop-RAG form; default: queries.json or queries_dev.json beside the corpus, else one question per article title)")
    b.add_argument("--limit", type=int, default=20, help="questions to ask (default 20)")
    b.add_argument("--repeats", type=int, default=1, help="ingest runs per side, alternating which side goes first (default 1)")
    b.add_argument("--cold-runs", type=int, default=3, help="cold process starts per command, 0 to skip (default 3)")
    b.add_argument("--no-llm", action="store_true", help="skip generative mode and LlamaIndex's LLM query engine")
    b.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    b.set_defaults(func=cmd_bench_speed)
    return parser


def _ask_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="+", help=f'the question, e.g. "{EXAMPLE_QUESTION}"')
    p.add_argument("--json", action="store_true", help="print one JSON object instead of streaming text")
    p.add_argument("--mode", choices=["auto", "generative", "extractive"], help="generative (LLM, verified), extractive (article sentences, no LLM) or auto (the default: extractive on the bundled 135M model, generative with an LLM you configure)")
    p.add_argument("--source", action="append", metavar="OUTLET", help="only articles from this outlet (repeat for several; see `assistant status`)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    p.set_defaults(func=cmd_ask)


def _terminated(signum, frame):
    raise KeyboardInterrupt(signum)  # `kill`, a service manager stopping us: as Ctrl-C, with a message


def run(argv: list[str], parser: argparse.ArgumentParser) -> int:
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return args.func(args)
    except AssistantError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt as e:
        signum = e.args[0] if e.args and isinstance(e.args[0], int) else signal.SIGINT
        after = "; the articles stored so far are whole: run the same ingest again to add the rest" if args.func is cmd_ingest else ""
        print(f"interrupted ({signal.Signals(signum).name}){after}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:  # `ask ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


def main(argv: list[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv, build_parser())


def ask_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ask", description="Answer a question from the ingested articles, citing the exact words.")
    _ask_arguments(parser)
    return run(sys.argv[1:] if argv is None else argv, parser)


if __name__ == "__main__":
    sys.exit(main())
