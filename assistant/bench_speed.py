"""`assistant bench speed`: our ingest and `ask` timed against plain LlamaIndex, in one process,
on the same machine, articles, embedding model and LLM.

The LlamaIndex side is what its docs show: Documents -> SentenceSplitter(256, 32) ->
VectorStoreIndex over a fresh Chroma collection, then `as_query_engine()`. Models are loaded and
warmed before any timing, the two sides take turns going first (ingest runs, questions, cold
starts), so neither pays a load or rides on the other's warm caches. Every ratio is our
throughput over LlamaIndex's (its time / our time): above 1 we are faster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .bench import load_corpus, load_queries, say
from .config import Settings
from .errors import AssistantError, InputError

SPLITTER = {"chunk_size": 256, "chunk_overlap": 32}
BASELINE_COLLECTION = "llamaindex"
METADATA = ("title", "source", "published_at")  # what our chunk header holds, so both embed the same


# ---- input -------------------------------------------------------------------
def load_articles(corpus: Path) -> list[dict]:
    """A MultiHop-RAG style corpus.json, or a folder of articles (read by our reader, untimed)."""
    if corpus.is_dir():
        from .ingest import find_files, read_file

        files = find_files([corpus])[0]
        articles = [a for f in files for a in read_file(f) if hasattr(a, "body")]
        if not articles:
            raise InputError(f"{corpus} holds no readable article. Pass a corpus.json with --corpus.")
        return [{"title": a.title, "body": a.body, "source": a.source, "published_at": a.published_at, "url": a.url} for a in articles]
    return load_corpus(corpus)


def pick(records: list[dict], queries: list[dict], n: int) -> list[dict]:
    """N articles, the questions' evidence articles first, so the questions are about the store."""
    wanted = {u for q in queries for u in q["urls"]}
    first = [r for r in records if r.get("url") in wanted]
    return (first + [r for r in records if r.get("url") not in wanted])[:n]


def questions_for(args, corpus: Path, records: list[dict]) -> tuple[list[dict], str]:
    """--questions, else a queries file beside the corpus, else one question per article title."""
    path = Path(args.questions) if args.questions else next((p for p in (corpus.parent / "queries.json", corpus.parent / "queries_dev.json") if corpus.is_file() and p.is_file()), None)
    if path:
        return load_queries(path, args.limit), str(path)
    titled = [r["title"] for r in records[: args.articles] if r.get("title")][: args.limit]
    return [{"query": f"What happened in “{t}”?", "urls": []} for t in titled], "article titles"


def check(args) -> None:
    for flag, value, least in (("--articles", args.articles, 1), ("--limit", args.limit, 1), ("--repeats", args.repeats, 1), ("--cold-runs", args.cold_runs, 0)):
        if value < least:
            raise InputError(f"{flag} must be at least {least}, not {value}.")
    if not Path(args.corpus).exists():
        raise InputError(f"The corpus {args.corpus} does not exist. Pass a corpus.json (or a folder of articles) with --corpus.")


# ---- LlamaIndex, as its docs show it -----------------------------------------
def li_embed_model(embedder):
    """HuggingFaceEmbedding on the bundled MiniLM when that integration is installed; else our
    embedder behind LlamaIndex's embedding interface (the same network and weights)."""
    from .embed import bundled_model_dir

    try:
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    except ImportError:
        from .bench import embed_model

        return embed_model(embedder), "ours (MiniLM) wrapped as a LlamaIndex BaseEmbedding: llama-index-embeddings-huggingface is not installed"
    return HuggingFaceEmbedding(model_name=str(bundled_model_dir()), device="cpu"), "HuggingFaceEmbedding(bundled all-MiniLM-L6-v2)"


def li_llm(llm, settings: Settings):
    """Our LLM object (same model file, threads, max tokens, temperature, chat template) as a
    LlamaIndex CustomLLM, so both sides generate with the very same llama.cpp instance."""
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata
    from llama_index.core.llms.callbacks import llm_completion_callback
    from pydantic import PrivateAttr

    class AssistantLLM(CustomLLM):
        _llm: object = PrivateAttr()

        def __init__(self, llm):
            super().__init__()
            self._llm = llm

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=settings.context_tokens, num_output=settings.max_tokens, model_name=getattr(self._llm, "name", "llm"))

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
            return CompletionResponse(text="".join(self._llm.stream([{"role": "user", "content": prompt}])))

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
            text = ""
            for piece in self._llm.stream([{"role": "user", "content": prompt}]):
                text += piece
                yield CompletionResponse(text=text, delta=piece)

    return AssistantLLM(llm)


def li_store(home: Path, settings: Settings):
    """A fresh Chroma collection for LlamaIndex (through store.py, the one chromadb importer)."""
    from .store import Store

    return Store(replace(settings, home=home, chroma_host=""), "llamaindex", BASELINE_COLLECTION).collection


def li_ingest(records: list[dict], home: Path, settings: Settings, embed_model):
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    collection = li_store(home, settings)
    docs = [Document(text=r["body"], metadata={k: str(r.get(k) or "") for k in METADATA}) for r in records]
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embed_model, transformations=[SentenceSplitter(**SPLITTER)])
    return index, collection.count()


def li_engine(index, llm=None):
    """The default query engine with our LLM, or without an LLM the default retriever (no text)."""
    return index.as_query_engine(llm=llm).query if llm else index.as_retriever().retrieve


def cold_llamaindex(home: str, question: str, with_llm: str) -> None:
    """The cold baseline process: import LlamaIndex, open the store, build the engine, answer."""
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from .config import load_settings
    from .embed import get_embedder
    from .generate import get_llm

    settings = load_settings()
    store = ChromaVectorStore(chroma_collection=li_store(Path(home), settings))
    index = VectorStoreIndex.from_vector_store(store, embed_model=li_embed_model(get_embedder(settings))[0])
    llm = li_llm(get_llm(settings), settings) if with_llm == "llm" else None
    print(li_engine(index, llm)(question))


# ---- ours --------------------------------------------------------------------
def our_ingest(records: list[dict], home: Path, settings: Settings):
    """Assistant(...).ingest of the articles as a corpus.json file, as `assistant ingest` does."""
    from .pipeline import Assistant

    path = home / "articles.json"
    home.mkdir(parents=True)
    path.write_text(json.dumps(records), encoding="utf-8")
    t = time.perf_counter()
    assistant = Assistant(replace(settings, home=home, chroma_host="", collection="articles"))
    report = assistant.ingest([path])
    seconds = time.perf_counter() - t
    for problem in report.problems[:5]:
        say(f"ingest: skipped {problem}")
    return assistant, report.chunks_written, seconds


class Counting:
    """An LLM proxy that counts what one side asks of the shared model."""

    def __init__(self, llm):
        self.llm, self.name, self.calls, self.pieces, self.prompt_chars = llm, getattr(llm, "name", "llm"), 0, 0, 0

    def stream(self, messages: list[dict], max_tokens: int | None = None):
        self.calls += 1
        self.prompt_chars += sum(len(m["content"]) for m in messages)
        for piece in self.llm.stream(messages, max_tokens):
            self.pieces += 1
            yield piece

    def usage(self) -> dict:
        n = max(self.calls, 1)
        return {"llm_calls": self.calls, "pieces_per_call": round(self.pieces / n, 1), "prompt_chars_per_call": round(self.prompt_chars / n)}


# ---- timing ------------------------------------------------------------------
def rate(seconds: float, articles: int, chunks: int) -> dict:
    return {"seconds": round(seconds, 2), "articles": articles, "chunks": chunks, "articles_per_s": round(articles / seconds, 2), "chunks_per_s": round(chunks / seconds, 1)}


def ingest_both(records: list[dict], work: Path, settings: Settings, embed_model, repeats: int) -> tuple[dict, object, object]:
    """Alternate who goes first; each run on a fresh store. Returns figures and the last stores."""
    runs = {"ours": [], "llamaindex": []}
    for r in range(repeats):
        order = ("llamaindex", "ours") if r % 2 == 0 else ("ours", "llamaindex")
        for side in order:
            home = work / f"{side}-{r}"
            say(f"ingest run {r + 1}/{repeats}: {side}, {len(records)} articles")
            if side == "ours":
                ours, chunks, seconds = our_ingest(records, home, settings)
            else:
                t = time.perf_counter()
                index, chunks = li_ingest(records, home, settings, embed_model)
                seconds = time.perf_counter() - t
            runs[side].append(rate(seconds, len(records), chunks) | {"first": side == order[0]})
            say(f"ingest: {side} {seconds:.1f}s, {chunks} chunks")
    out = {side: rate(float(np.median([x["seconds"] for x in rs])), len(records), rs[-1]["chunks"]) | {"runs": rs} for side, rs in runs.items()}
    out["ratio"] = round(out["llamaindex"]["seconds"] / out["ours"]["seconds"], 2)
    return out, ours, index


def percentiles(ms: list[float], warmup_ms: float) -> dict:
    return {"p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1), "mean_ms": round(float(np.mean(ms)), 1), "warmup_ms": round(warmup_ms, 1), "n": len(ms)}


def ask_all(engines: dict, questions: list[str]) -> dict:
    """Every engine answers every question; the order rotates per question, after one untimed
    warm-up call each (it loads indexes and caches)."""
    names, ms, warm, results = list(engines), {n: [] for n in engines}, {}, {n: [] for n in engines}
    for name in names:
        t = time.perf_counter()
        engines[name](questions[0])
        warm[name] = (time.perf_counter() - t) * 1000
    for i, q in enumerate(questions):
        for name in names[i % len(names):] + names[: i % len(names)]:
            t = time.perf_counter()
            results[name].append(engines[name](q))
            ms[name].append((time.perf_counter() - t) * 1000)
        if (i + 1) % 5 == 0 or i + 1 == len(questions):
            say(f"ask: {i + 1}/{len(questions)} questions")
    return {n: percentiles(ms[n], warm[n]) | {"results": results[n]} for n in names}


def cold_runs(commands: dict, env: dict, runs: int) -> dict:
    """Wall time of whole processes, alternating which command goes first."""
    names, seconds = list(commands), {n: [] for n in commands}
    for r in range(runs):
        for name in names if r % 2 == 0 else names[::-1]:
            t = time.perf_counter()
            done = subprocess.run(commands[name], env=env, capture_output=True, text=True, timeout=600)
            seconds[name].append(round(time.perf_counter() - t, 2))
            if done.returncode:
                raise AssistantError(f"The cold start of {name} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return {n: {"p50_s": float(np.median(s)), "runs_s": s} for n, s in seconds.items()}


def ask_command(mode: str, question: str) -> list[str]:
    script = Path(sys.executable).with_name("ask")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "assistant", "ask"]
    return base + ["--mode", mode, question]


def li_command(home: Path, question: str, with_llm: str) -> list[str]:
    code = "import sys; from assistant.bench_speed import cold_llamaindex; cold_llamaindex(*sys.argv[1:])"
    return [sys.executable, "-c", code, str(home), question, with_llm]


# ---- the run -----------------------------------------------------------------
def run_speed(settings: Settings, args) -> dict:
    check(args)
    corpus = Path(args.corpus)
    records = load_articles(corpus)
    queries, questions_from = questions_for(args, corpus, records)
    if not queries:
        raise InputError("There is no question to ask: pass --questions (a MultiHop-RAG queries JSON).")
    records, questions = pick(records, queries, args.articles), [q["query"] for q in queries]
    load_before = os.getloadavg()[0]

    from .embed import get_embedder
    from .generate import get_llm

    say("warming up: embedding model, LlamaIndex, Chroma" + ("" if args.no_llm else ", LLM"))
    embedder = get_embedder(settings)
    embed_model, embed_name = li_embed_model(embedder)
    embedder.embed(["warm up"], bulk=True)
    getattr(embedder, "warm", lambda: None)()  # our questions on torch's float32 kernels, as in the chat server
    embed_model.get_text_embedding_batch(["warm up"])
    llm = None if args.no_llm else get_llm(settings)
    if llm:
        "".join(llm.stream([{"role": "user", "content": "Say hi."}], max_tokens=4))

    settings.home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-speed-", dir=settings.home) as tmp:
        work = Path(tmp)
        ingest, ours, index = ingest_both(records, work, settings, embed_model, args.repeats)
        ask = ask_phase(ours, index, questions, llm, settings)
        cold = cold_phase(ours.settings.home, work / f"llamaindex-{args.repeats - 1}", questions[0], llm is not None, args.cold_runs)

    result = {
        "ingest": ingest,
        "ask": ask,
        "cold_start": cold,
        "settings": {
            "corpus": str(corpus), "articles": len(records), "questions": len(questions), "questions_from": questions_from,
            "embedding": embed_name, "embed_batch_llamaindex": embed_model.embed_batch_size, "embed_batch_ours": settings.embed_batch,
            "splitter_llamaindex": SPLITTER, "chunking_ours": {"chunk_tokens": settings.chunk_tokens, "chunk_overlap": settings.chunk_overlap},
            "llm": getattr(llm, "name", None), "threads": settings.threads or os.cpu_count(), "max_tokens": settings.max_tokens,
            "temperature": settings.temperature, "top_k_ours": settings.top_k, "repeats": args.repeats, "cold_runs": args.cold_runs,
            "cpus": os.cpu_count(), "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        },
    }
    result["table"] = table(result)
    print(result["table"], file=sys.stderr)
    return result


def ask_phase(ours, index, questions: list[str], llm, settings: Settings) -> dict:
    """Warm, in process: our answers (and our retrieval alone) against LlamaIndex's retriever and,
    with an LLM, its default query engine, both LLM sides on the one shared model."""
    engines = {
        "ours_extractive": lambda q: ours.ask(q, mode="extractive"),
        "ours_retrieval": lambda q: ours.retriever.search(q, settings.top_k),
        "llamaindex_retrieval": li_engine(index),
    }
    if llm:
        ours._llm, li_side = Counting(llm), Counting(llm)
        engines["ours_generative"] = lambda q: ours.ask(q, mode="generative")
        engines["llamaindex_llm"] = li_engine(index, li_llm(li_side, settings))
    say(f"ask: {len(questions)} questions, {len(engines)} engines, after one warm-up question each")
    asked = ask_all(engines, questions)
    ask = {name: {k: v for k, v in figures.items() if k != "results"} for name, figures in asked.items()}
    for name in ("ours_extractive", "ours_generative"):
        if name in asked:
            answers = asked[name]["results"]
            ask[name] |= {
                "refused": sum(a.refused for a in answers),
                "llm_ran": sum("first_token_ms" in a.timings_ms for a in answers),
                "retrieve_p50_ms": round(float(np.median([a.timings_ms["retrieve_ms"] for a in answers])), 1),
            }
    if llm:
        ask["ours_generative"] |= ours._llm.usage()
        ask["llamaindex_llm"] |= li_side.usage()
    ask["ratios"] = ratios(ask)
    return ask


def cold_phase(our_home: Path, li_home: Path, question: str, with_llm: bool, runs: int) -> dict:
    """`ask` as a new process against a new process that imports LlamaIndex, opens its store,
    builds the default engine and answers: what a person at a terminal waits for."""
    if not runs:
        return {}
    say(f"cold start: {runs} runs of each process")
    env = os.environ | {"ASSISTANT_HOME": str(our_home), "ASSISTANT_COLLECTION": "articles", "ASSISTANT_CHROMA_HOST": "", "HF_HUB_OFFLINE": "1"}
    commands = {"ours_extractive": ask_command("extractive", question), "llamaindex_retrieval": li_command(li_home, question, "retrieval")}
    if with_llm:
        commands |= {"ours_generative": ask_command("generative", question), "llamaindex_llm": li_command(li_home, question, "llm")}
    cold = cold_runs(commands, env, runs)
    cold["ratios"] = {m: round(cold[f"llamaindex_{b}"]["p50_s"] / cold[f"ours_{m}"]["p50_s"], 2) for m, b in PAIRS if f"ours_{m}" in cold}
    return cold


PAIRS = (("retrieval", "retrieval"), ("extractive", "retrieval"), ("generative", "llm"))  # ours vs the LlamaIndex engine it is held against


def ratios(ask: dict) -> dict:
    out = {}
    for mode, baseline in PAIRS:
        ours, li = ask.get(f"ours_{mode}"), ask.get(f"llamaindex_{baseline}")
        if ours and li:
            out[f"{mode}_vs_llamaindex_{baseline}"] = {p: round(li[p] / ours[p], 2) for p in ("p50_ms", "p95_ms")}
    return out


# ---- report ------------------------------------------------------------------
def table(result: dict) -> str:
    s, ing, ask, cold = result["settings"], result["ingest"], result["ask"], result["cold_start"]
    lines = [
        f"Speed against plain LlamaIndex, same process: {s['articles']} articles, {s['questions']} questions ({s['questions_from']}), "
        f"{s['cpus']} CPUs, load average {s['load_average_before_after'][0]} -> {s['load_average_before_after'][1]}",
        f"embedding: {s['embedding']}; LLM: {s['llm'] or 'none (--no-llm)'}",
        "ratio = our throughput / LlamaIndex's (its time / ours): above 1 we are faster",
        "",
        f"{'ingest':<24}{'seconds':>10}{'articles/s':>12}{'chunks':>8}{'chunks/s':>10}",
    ]
    for side in ("ours", "llamaindex"):
        x = ing[side]
        lines.append(f"{side:<24}{x['seconds']:>10.1f}{x['articles_per_s']:>12.2f}{x['chunks']:>8}{x['chunks_per_s']:>10.1f}")
    lines += [f"{'ratio (articles/s)':<24}{ing['ratio']:>10.2f}", "", f"{'ask (warm, in process)':<24}{'p50 ms':>10}{'p95 ms':>10}{'warm-up ms':>12}"]
    for name, x in ask.items():
        if name != "ratios":
            lines.append(f"{name:<24}{x['p50_ms']:>10.1f}{x['p95_ms']:>10.1f}{x['warmup_ms']:>12.1f}")
    for name, x in ask["ratios"].items():
        lines.append(f"{'ratio ' + name.split('_vs_')[0]:<24}{x['p50_ms']:>10.2f}{x['p95_ms']:>10.2f}   vs {name.split('_vs_')[1]}")
    if cold:
        lines += ["", f"{'cold start (process)':<24}{'p50 s':>10}  runs"]
        for name, x in cold.items():
            if name != "ratios":
                lines.append(f"{name:<24}{x['p50_s']:>10.2f}  {x['runs_s']}")
        lines += [f"{'ratio ' + m:<24}{r:>10.2f}" for m, r in cold["ratios"].items()]
    return "\n".join(lines)
