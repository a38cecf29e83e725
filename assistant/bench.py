"""`assistant bench multihop`: retrieval on MultiHop-RAG, scored with the benchmark's own rule.

The figures come from exactly the product's retrieval (`Retriever.search` on our chunks,
embedder and store), and the LlamaIndex baselines run on the very same chunks, so the
comparison measures retrieval, not chunking. Official rule: a retrieved chunk is a hit if some
gold fact, spaces and newlines removed, is a substring of the chunk text likewise squashed.
We match the chunk BODY (`Hit.text`, the article's own words), never the metadata header,
for every retriever alike.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

from .config import Settings
from .errors import ConfigError, InputError

TOP_K = 10
METRICS = ("hits@10", "hits@4", "map@10", "mrr@10", "evidence_recall@10", "complete@10")


# ---- scoring -----------------------------------------------------------------
def squash(text: str) -> str:
    """The benchmark's normalisation: only spaces and newlines are removed."""
    return text.replace(" ", "").replace("\n", "")


def score_query(retrieved: list[str], facts: list[str]) -> dict:
    """Metrics of one query from its ranked chunk texts and its gold facts.

    As in MultiHop-RAG's retrieval_evaluate.py (ranks 1..10, duplicates of a fact kept):
      hits@k  = 1 if some chunk within rank k holds a gold fact;
      mrr@10  = 1 / rank of the first such chunk (0 if none);
      map@10  = sum over hit ranks r of (facts first found at r) / r, divided by
                min(len(facts), 10)  -- not textbook AP: a fact already found earlier adds 0.
    Ours: evidence_recall@10 = distinct facts found / distinct facts; complete@10 = all found.
    """
    gold = [squash(f) for f in facts]
    texts = [squash(t) for t in retrieved[:TOP_K]]
    first, ap, found = None, 0.0, []
    for rank, text in enumerate(texts, 1):
        new = [g for g in dict.fromkeys(gold) if g in text and g not in found]
        first = first or (rank if new else None)  # the first hit always brings new facts
        found += new
        ap += len(new) / rank
    distinct = set(gold)
    return {
        "hits@10": float(first is not None),
        "hits@4": float(first is not None and first <= 4),
        "map@10": ap / min(len(gold), 10),
        "mrr@10": 1.0 / first if first else 0.0,
        "evidence_recall@10": len(found) / len(distinct),
        "complete@10": float(len(found) == len(distinct)),
    }


def summarise(rows: list[dict]) -> dict:
    return {m: round(float(np.mean([r[m] for r in rows])), 4) if rows else 0.0 for m in METRICS} | {"queries": len(rows)}


def by_type(rows: list[dict], queries: list[dict]) -> dict:
    types = sorted({q["type"] for q in queries})
    return {t: summarise([r for r, q in zip(rows, queries) if q["type"] == t]) for t in types}


def latency(ms: list[float], warmup: float) -> dict:
    return {"p50": round(float(np.percentile(ms, 50)), 1), "p95": round(float(np.percentile(ms, 95)), 1), "warmup": round(warmup, 1)}


def run_retriever(search, queries: list[dict], name: str = "ours") -> tuple[list[dict], list[float], float]:
    """Score `search(question) -> [chunk body texts]` on every query; one untimed warm-up call
    first (it builds or loads indexes), so latency is the steady state."""
    t = time.perf_counter()
    search(queries[0]["query"])
    warmup = (time.perf_counter() - t) * 1000
    rows, ms = [], []
    for i, q in enumerate(queries, 1):
        t = time.perf_counter()
        texts = search(q["query"])
        ms.append((time.perf_counter() - t) * 1000)
        rows.append(score_query(texts, q["facts"]))
        if i % 50 == 0 or i == len(queries):
            say(f"{name}: {i}/{len(queries)} queries")
    return rows, ms, warmup


# ---- input -------------------------------------------------------------------
def _load_json(path: Path, what: str, flag: str):
    if not path.is_file():
        raise InputError(f"The {what} file {path} does not exist. Pass an existing file with {flag}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as e:  # unreadable, not UTF-8, or broken JSON
        raise InputError(f"The {what} file {path} is unreadable or broken JSON: {e}.") from None
    if not isinstance(data, list) or not data:
        raise InputError(f"The {what} file {path} must be a non-empty JSON list.")
    return data


def load_corpus(path: Path) -> list[dict]:
    if path.suffix.lower() != ".json":
        raise InputError(f"The corpus {path} must be a .json file (a JSON list of articles, like MultiHop-RAG's corpus.json).")
    records = _load_json(path, "corpus", "--corpus")
    for i, rec in enumerate(records):
        if not isinstance(rec, dict) or not isinstance(rec.get("body"), str):
            raise InputError(f"{path}[{i}]: expected an article object with a 'body' text (title, body, source, published_at, url).")
    return records


def load_queries(path: Path, limit: int = 0, include_null: bool = False) -> list[dict]:
    """Queries as {query, type, facts, answer, null}. Null queries (no evidence) are skipped, as
    the benchmark's retrieval scoring does, unless `include_null` (answers are scored on them:
    the right answer is a refusal); `limit` applies to what is kept."""
    if limit < 0:
        raise InputError(f"--limit must be 0 (all) or a positive number, not {limit}.")
    out = []
    for i, q in enumerate(_load_json(path, "queries", "--queries")):
        if not isinstance(q, dict) or not isinstance(q.get("query"), str) or not isinstance(q.get("evidence_list", []), list):
            raise InputError(f"{path}[{i}]: expected an object with 'query', 'question_type' and 'evidence_list'.")
        facts = [e.get("fact") for e in q.get("evidence_list") or [] if isinstance(e, dict)]
        facts = [f for f in facts if isinstance(f, str) and squash(f)]  # an empty fact would match anything
        null = q.get("question_type") == "null_query"
        if (null and not include_null) or (not null and not facts):
            continue
        answer = q.get("answer") if isinstance(q.get("answer"), str) else ""
        urls = sorted({e.get("url") for e in q.get("evidence_list") or [] if isinstance(e, dict) and isinstance(e.get("url"), str)})
        out.append({"query": q["query"], "type": q.get("question_type") or "unknown", "facts": facts, "answer": answer, "null": null, "urls": urls})
    if not out:
        raise InputError(f"{path} has no query to score (all null or with an empty evidence_list).")
    return out[:limit] if limit else out


# ---- ingest ------------------------------------------------------------------
def collection_name(corpus: Path, settings: Settings) -> str:
    """One collection per (corpus content, chunking, embedder): reruns reuse it, and a change
    to any of them gets fresh chunks instead of mixing old and new."""
    from .embed import embedder_id

    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()
    key = f"{digest}/{settings.chunk_tokens}/{settings.chunk_overlap}/{embedder_id(settings)}"
    return "mh_" + hashlib.sha256(key.encode()).hexdigest()[:16]


class _Progress:
    """Progress as plain stderr lines (fine in a log file). The Indexer only reports whole
    files and the corpus is one file, so we also count the store's upserts (one per article)."""

    def __init__(self, store, total: int):
        self.total, self.articles, self.chunks, self.last, self.t0 = total, 0, 0, 0.0, time.perf_counter()
        self._upsert, store.upsert = store.upsert, self.upsert  # on this Store instance only

    def upsert(self, chunks, embeddings) -> None:
        self._upsert(chunks, embeddings)
        self.articles, self.chunks = self.articles + 1, self.chunks + len(chunks)
        self.tick()

    def tick(self, force: bool = False) -> None:
        elapsed = time.perf_counter() - self.t0
        if force or elapsed - self.last >= 10:
            self.last, rate = elapsed, self.chunks / max(elapsed, 1e-9)
            say(f"ingest: {self.articles}/{self.total} articles written, {self.chunks} chunks, {rate:.0f} chunks/s, {elapsed:.0f}s")

    def __call__(self, event: str, info: dict) -> None:
        if event == "start":
            say(f"ingest: chunking and embedding {self.total} articles (unchanged ones are skipped)")
        elif event == "done":
            self.tick(force=True)


def say(message: str) -> None:  # progress goes to stderr: stdout's last line is the JSON
    print(f"bench: {message}", file=sys.stderr, flush=True)


def ensure_ingested(assistant, corpus: Path, records: list[dict]) -> tuple[float, bool]:
    """Ingest unless the collection already holds every article; returns (seconds, cached)."""
    t0 = time.perf_counter()
    urls = [str(r.get("url") or "").strip() for r in records]  # the article ids ingest will use
    expected = len({u if u.lower() not in ("", "none", "null") else f"#{i}" for i, u in enumerate(urls)})
    if assistant.store.count() and len(assistant.store.catalogue()) == expected:
        return time.perf_counter() - t0, True
    report = assistant.ingest([corpus], progress=_Progress(assistant.store, expected))
    for problem in report.problems[:10]:
        say(f"ingest: skipped {problem}")
    if not assistant.store.count():
        raise InputError(f"No article of {corpus} could be ingested; see the problems above.")
    return time.perf_counter() - t0, False


# ---- baselines ---------------------------------------------------------------
def embed_model(embedder):
    """Our embedder as a LlamaIndex embed model, so the dense baseline uses the same vectors."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class AssistantEmbedding(BaseEmbedding):
        _embedder: object = PrivateAttr()

        def __init__(self, embedder, **kwargs):
            super().__init__(model_name=getattr(embedder, "name", "assistant"), **kwargs)
            self._embedder = embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0].tolist()

        _get_text_embedding = _get_query_embedding  # the model treats both alike

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(texts, bulk=True).tolist()  # a batch at a time, as at ingest

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        _aget_text_embedding = _aget_query_embedding

    return AssistantEmbedding(embedder)


def require_baselines() -> None:
    """The dense baseline needs LlamaIndex's Chroma adapter, a test extra, not a dependency."""
    try:
        import llama_index.vector_stores.chroma  # noqa: F401
    except ImportError:
        raise ConfigError("--baseline needs LlamaIndex's Chroma vector store, which is not installed. Install it with `bash scripts/install.sh --test` (or `pip install llama-index-vector-stores-chroma`), or run without --baseline.") from None


def run_baselines(assistant, queries: list[dict]) -> dict:
    """LlamaIndex dense (VectorStoreIndex over our Chroma collection) and BM25Retriever (over
    header + body of our chunks), top-10, scored on our chunk bodies looked up by id."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever
    from llama_index.vector_stores.chroma import ChromaVectorStore

    ids, docs, metas = assistant.store.all_chunks()
    body, mismatched = dict(zip(ids, docs)), 0
    store = ChromaVectorStore(chroma_collection=assistant.store.collection)
    dense = VectorStoreIndex.from_vector_store(store, embed_model=embed_model(assistant.embedder)).as_retriever(similarity_top_k=TOP_K)

    def dense_search(question: str) -> list[str]:
        nonlocal mismatched
        nodes = dense.retrieve(question)
        # Our records lack LlamaIndex's _node_content: ChromaVectorStore falls back to
        # TextNode(text=document, id_=chunk id); check that it really is our chunk text.
        mismatched += sum(n.node.get_content() != body.get(n.node.node_id) for n in nodes)
        return [body.get(n.node.node_id, n.node.get_content()) for n in nodes]

    nodes = [TextNode(id_=cid, text=f"{m.get('header', '')}\n{d}") for cid, d, m in zip(ids, docs, metas)]
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=TOP_K)
    out = {}
    for name, search in (("dense", dense_search), ("bm25", lambda q: [body[n.node.node_id] for n in bm25.retrieve(q)])):
        rows, ms, warmup = run_retriever(search, queries, f"llamaindex {name}")
        out[name] = summarise(rows) | {"by_type": by_type(rows, queries), "latency_ms": latency(ms, warmup)}
    out["dense"]["node_text_mismatches"] = mismatched
    return out


# ---- report ------------------------------------------------------------------
def table(result: dict) -> str:
    s = result["settings"]
    lines = [
        f"MultiHop-RAG retrieval: {result['overall']['queries']} queries, {result['chunks']} chunks "
        f"({result['chunk_tokens']} tokens, overlap {result['chunk_overlap']}), top-k {TOP_K}, "
        f"candidates {s['candidates']}, embedder {s['embedder']}, ingest {result['ingest_s']:.1f}s"
        f"{' (cached)' if s['ingest_cached'] else ''}; hits match the chunk body",
        f"{'retriever':<18}{'type':<20}{'n':>4}" + "".join(f"{c.replace('evidence_recall', 'ev_recall'):>13}" for c in METRICS) + f"{'p50 ms':>9}{'p95 ms':>9}",
    ]
    retrieval = {t: m for t, m in result["by_type"].items() if "hits@10" in m}  # null queries have answer metrics only
    runs = [("ours (hybrid)", result["overall"], retrieval, result["latency_ms"])]
    runs += [(f"llamaindex {n}", b, b["by_type"], b["latency_ms"]) for n, b in result["baseline"].items()]
    for name, overall, types, lat in runs:
        for t, m in [("all", overall)] + sorted(types.items()):
            timing = f"{lat['p50']:>9.1f}{lat['p95']:>9.1f}" if t == "all" else ""
            lines.append(f"{name:<18}{t:<20}{m['queries']:>4}" + "".join(f"{m[c]:>13.4f}" for c in METRICS) + timing)
    return "\n".join(lines)


def run_multihop(settings: Settings, args) -> dict:
    """Ingest (cached), retrieve top-10 for every non-null query, score; optionally baselines."""
    from .embed import embedder_id
    from .pipeline import Assistant
    from .rerank import PER_ARTICLE
    from .retrieve import LEXICAL_WEIGHT

    corpus, queries_path = Path(args.corpus), Path(args.queries)
    if getattr(args, "baseline", False):
        require_baselines()  # before the ingest and our run, not after them
    records = load_corpus(corpus)
    queries = load_queries(queries_path, getattr(args, "limit", 0) or 0)
    name = collection_name(corpus, settings)
    assistant = Assistant(settings, collection=name)
    ingest_s, cached = ensure_ingested(assistant, corpus, records)
    assistant.warm()  # as in the chat server, whether or not this run ingested

    rows, ms, warmup = run_retriever(lambda q: [h.text for h in assistant.retriever.search(q, TOP_K)], queries)
    result = {
        "overall": summarise(rows),
        "by_type": by_type(rows, queries),
        "baseline": run_baselines(assistant, queries) if getattr(args, "baseline", False) else {},
        "latency_ms": latency(ms, warmup),
        "chunk_tokens": settings.chunk_tokens, "chunk_overlap": settings.chunk_overlap,
        "ingest_s": round(ingest_s, 2), "chunks": assistant.store.count(),
        "settings": {
            "top_k": TOP_K, "candidates": settings.candidates, "embedder": embedder_id(settings),
            "lexical_weight": LEXICAL_WEIGHT, "per_article": PER_ARTICLE, "ingest_cached": cached,
            "collection": name, "store": assistant.store.location, "corpus": str(corpus), "queries_file": str(queries_path),
            "match": "chunk body (Hit.text), header excluded; spaces and newlines removed",
        },
    }
    result["table"] = table(result)
    if getattr(args, "answers", False):
        from .bench_answers import run_answers, table as answers_table

        save = Path(args.save_answers) if getattr(args, "save_answers", None) else None
        answers = run_answers(assistant, load_queries(queries_path, getattr(args, "limit", 0) or 0, include_null=True), save)
        result["overall"].update(answers["overall"])
        for t, metrics in answers["by_type"].items():
            result["by_type"].setdefault(t, {}).update(metrics)
        result["answers"] = {"latency_ms": answers["latency_ms"], "mode": assistant.answer_mode(), "llm": settings.llm_backend, "top_k": settings.top_k, "questions": answers["answers"]}
        result["table"] += "\n" + answers_table(answers)
    if getattr(args, "json", False):  # the JSON line is for machines; show people the table too
        print(result["table"], file=sys.stderr)
    return result
