"""Train the reranker's weights (assistant/rerank.json) on a MultiHop-RAG queries file.

    python eval/train_rerank.py --corpus ../shared/bench/multihop-rag/corpus.json \
        --queries ../shared/bench/multihop-rag/queries_dev.json [--out assistant/rerank.json]

For every non-null query, the candidates are the chunks of the product's own searches
(Retriever.searches: the union of each list's top CANDIDATES), described by rerank.features;
a candidate's label is 1 when it holds a gold fact by the benchmark's rule (bench.squash).
The model is linear over standardised features, fitted by a listwise softmax loss (for each
claim, the gold chunks among the candidates it may propose against the others) with L2, in
plain numpy. Even/odd index the non-null queries in file order (bench.load_queries). The
weights are fitted on the first searches' candidates; the figures score what the product
chooses, which for a question asking for a name is among the bridged searches' candidates
(Retriever.bridged), ranked by the first searches' confidence (rerank.select's `order`).
Run it with the product's environment (ASSISTANT_HOME pointing at a store holding the corpus).

Honesty: the figures printed are 2-fold cross-validated (train on the even-indexed queries,
score the odd ones, and vice versa), beside the current rank fusion on the same halves; the
shipped weights are then fitted on all queries.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import rerank  # noqa: E402
from assistant.bench import METRICS, TOP_K, collection_name, load_queries, score_query, squash, summarise  # noqa: E402
from assistant.rerank import PER_ARTICLE, merge  # noqa: E402
from assistant.retrieve import CANDIDATES  # noqa: E402

L2 = 0.1
STEPS = 600
LEARNING_RATE = 0.1


# ---- data ------------------------------------------------------------------------
def collect(corpus: Path, queries_path: Path, pool: int = CANDIDATES) -> dict:
    """Per query: candidates, features, labels, the fusion's own top-k and the gold facts."""
    from assistant.config import load_settings
    from assistant.pipeline import Assistant

    settings = load_settings()
    assistant = Assistant(settings, collection=collection_name(corpus, settings))
    retriever = assistant.retriever
    retriever.candidates = pool
    index = retriever.index()
    texts = dict(zip(*assistant.store.all_chunks()[:2]))
    bodies = [squash(texts[cid]) for cid in index.ids]
    rows = []
    for q in load_queries(queries_path):
        found = retriever.searches(q["query"])
        candidates, X, allowed = rerank.candidates_of(found)
        gold = {squash(f) for f in q["facts"]}
        labels = np.asarray([any(g in bodies[c] for g in gold) for c in candidates], dtype=float)
        bridged = retriever.bridged(found, q["query"])  # the product chooses among these when there are any
        rows.append({"candidates": candidates, "X": X, "allowed": allowed, "y": labels, "whole": found.whole,
                     "bridged": rerank.candidates_of(bridged) if bridged else None,
                     "current": merge([(ranked[:CANDIDATES], w) for ranked, w in found.lists()], TOP_K, index.articles), "facts": q["facts"]})
    return {"rows": rows, "articles": index.articles, "bodies": [texts[cid] for cid in index.ids]}


# ---- model -----------------------------------------------------------------------
def claim_groups(rows: list[dict], align: bool = False) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, target distribution) of every claim that has a gold candidate among those it
    may propose. With `align`, a gold chunk counts only for the claims whose words its best
    sentence covers most (a multi-hop question's facts each answer one claim)."""
    groups = []
    cov = rerank.FEATURES.index("sentence_coverage")
    for r in rows:
        gold = r["y"] > 0
        best = (r["X"][:, :, cov] * r["allowed"]).max(axis=0) if len(r["X"]) else None
        for X, ok in zip(r["X"], r["allowed"]):
            y = gold & ok
            if align:
                y &= X[:, cov] >= best - 1e-9
            if y.any():
                groups.append((X[ok], y[ok] / y[ok].sum()))
    return groups


def fit(rows: list[dict], l2: float = L2, steps: int = STEPS, lr: float = LEARNING_RATE, align: bool = False) -> rerank.Model:
    """Listwise softmax over each claim's candidates (`listwise`)."""
    return listwise(claim_groups(rows, align), rerank.FEATURES, l2, steps, lr)


def listwise(groups: list[tuple[np.ndarray, np.ndarray]], names, l2: float, steps: int, lr: float) -> rerank.Model:
    """A linear model over standardised features that maximises the mean log-probability of each
    group's target distribution under softmax(scores) over the group's rows; full-batch gradient
    descent with momentum. `groups`: (features, target distribution) pairs. Also used by
    eval/train_evidence.py."""
    X_all = np.vstack([X for X, _ in groups])
    mean, scale = X_all.mean(0), X_all.std(0)
    scale[scale == 0] = 1.0
    Xs = [(X - mean) / scale for X, _ in groups]
    w, velocity = np.zeros(X_all.shape[1]), np.zeros(X_all.shape[1])
    for _ in range(steps):
        grad = l2 * w
        for X, (_, y) in zip(Xs, groups):
            s = X @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += X.T @ (p - y) / len(Xs)
        velocity = 0.9 * velocity - lr * grad
        w = w + velocity
    return rerank.Model(mean, scale, w, names)


def evaluate(rows: list[dict], data: dict, order_of) -> dict:
    """Benchmark metrics of the top-k each row's `order_of(row)` gives (chunk indices)."""
    return summarise([score_query([data["bodies"][c] for c in order_of(r)[:TOP_K]], r["facts"]) for r in rows])


def reranked(model: rerank.Model, articles, penalty: float = rerank.SERVED_PENALTY):
    """The product's choice (rerank.select) from a row's cached features: among the bridged
    searches' candidates when there are any (retrieve.Retriever.bridged), ranked by the first
    searches' confidence."""

    def choice(r):
        if r.get("bridged") is None:
            return rerank.choose(r["candidates"], r["X"], r["allowed"], articles, TOP_K, PER_ARTICLE, model, penalty)
        chosen = rerank.choose(*r["bridged"], articles, TOP_K, PER_ARTICLE, model, penalty)
        return rerank.ranked_by(chosen, r["candidates"], r["X"], r["allowed"], model)

    return choice


def halves(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    return rows[0::2], rows[1::2]


def cross_validate(data: dict, **kw) -> dict:
    even, odd = halves(data["rows"])
    out = {}
    for name, train, test in (("odd (trained on even)", even, odd), ("even (trained on odd)", odd, even)):
        model = fit(train, **kw)
        out[name] = {"current": evaluate(test, data, lambda r: r["current"]), "reranked": evaluate(test, data, reranked(model, data["articles"]))}
    return out


def show(results: dict) -> None:
    print(f"{'half':<24}{'method':<10}" + "".join(f"{m.replace('evidence_recall', 'ev_recall'):>12}" for m in METRICS))
    for half, methods in results.items():
        for method, m in methods.items():
            print(f"{half:<24}{method:<10}" + "".join(f"{m[k]:>12.4f}" for k in METRICS))


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default=str(here.parent / "shared/bench/multihop-rag/corpus.json"))
    p.add_argument("--queries", default=str(here.parent / "shared/bench/multihop-rag/queries_dev.json"))
    p.add_argument("--out", default=str(here / "assistant" / "rerank.json"))
    p.add_argument("--cache", help="pickle of the collected features, reused if present (for experiments)")
    p.add_argument("--pool", type=int, default=CANDIDATES, help="chunks each search proposes to the reranker")
    p.add_argument("--fit-on", choices=("all", "even", "odd"), default="all", help="queries the written weights are fitted on (halves: to check the product end to end on the other half)")
    p.add_argument("--no-write", action="store_true", help="only print the cross-validated figures")
    args = p.parse_args()
    if args.cache and Path(args.cache).is_file():
        data = pickle.loads(Path(args.cache).read_bytes())
    else:
        data = collect(Path(args.corpus), Path(args.queries), args.pool)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(data))
    show(cross_validate(data))
    if not args.no_write:
        model = fit({"all": data["rows"], "even": halves(data["rows"])[0], "odd": halves(data["rows"])[1]}[args.fit_on])
        Path(args.out).write_text(json.dumps(model.to_json(), indent=1) + "\n")
        print(f"wrote {args.out}: " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(model.names, model.weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
