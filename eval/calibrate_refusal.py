#!/usr/bin/env python3
"""Calibrate ASSISTANT_REFUSAL_THRESHOLD on a MultiHop-RAG queries file: at each threshold, how
many null queries are answered anyway and how many answerable ones are refused.

    python eval/calibrate_refusal.py --corpus ../shared/bench/multihop-rag/corpus.json \
        --queries ../shared/bench/multihop-rag/queries_dev.json

Every query goes through the product's own retrieval (Assistant.retrieve) and gets the
relevance the pipeline compares with the threshold (retrieve.relevance: half the best chunk's
dense similarity, half the share of the question's content words it holds). Run it with the
product's environment: ASSISTANT_HOME pointing at the store `assistant bench multihop` filled.

The rule: the threshold with the fewest errors (null queries answered + answerable ones
refused; the dev slice holds null queries in the benchmark's own share, 12 %), among those that
refuse at least MIN_RECALL of the null queries (the issue's goal); of equal ones the highest,
since a refusal costs a reader less than an answer to a question the articles do not answer.

Honesty: the threshold is chosen on the queries it is scored on. Printed beside it: the errors
of a threshold chosen on one half and scored on the other (the even / odd halves, then the mean
over HALVINGS random halvings), against the shipped setting on the same halves.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.bench import collection_name, load_queries  # noqa: E402

MIN_RECALL = 0.90
HALVINGS = 300
GRID = [round(0.25 + 0.01 * i, 2) for i in range(21)]  # 0.25 .. 0.45


def relevances(corpus: Path, queries: Path, settings) -> list[tuple[float, bool]]:
    """(relevance, is a null query) for every query of the file."""
    from assistant.pipeline import Assistant

    assistant = Assistant(settings, collection=collection_name(corpus, settings))
    if not assistant.store.count():
        raise SystemExit(f"The store at {settings.home} holds no chunk of {corpus}: run `assistant bench multihop --corpus {corpus} --queries {queries}` first.")
    return [(assistant.retrieve(q["query"])[2], q["null"]) for q in load_queries(queries, include_null=True)]


def errors(rows: list[tuple[float, bool]], threshold: float) -> tuple[int, int]:
    """(null queries answered, answerable queries refused) at this threshold."""
    return sum(null and r >= threshold for r, null in rows), sum(not null and r < threshold for r, null in rows)


def choose(rows: list[tuple[float, bool]]) -> float:
    """The rule of the module docstring."""
    nulls = sum(null for _, null in rows)

    def recall(t: float) -> float:
        return 1 - errors(rows, t)[0] / max(1, nulls)

    allowed = [t for t in GRID if recall(t) >= MIN_RECALL] or GRID
    return min(allowed, key=lambda t: (sum(errors(rows, t)), -t))


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=here.parent / "shared/bench/multihop-rag/corpus.json")
    p.add_argument("--queries", type=Path, default=here.parent / "shared/bench/multihop-rag/queries_dev.json")
    args = p.parse_args()
    from assistant.config import load_settings

    settings = load_settings()
    shipped = settings.refusal_threshold
    rows = relevances(args.corpus, args.queries, settings)
    nulls = sum(null for _, null in rows)
    print(f"{len(rows)} queries, {nulls} null")
    print("threshold  null answered  answerable refused  errors")
    for t in GRID:
        answered, refused = errors(rows, t)
        print(f"{t:>9.2f}  {answered:>13}  {refused:>18}  {answered + refused:>6}")
    halves = (rows[0::2], rows[1::2])
    for i, (fit, test) in enumerate((halves, halves[::-1])):
        t = choose(fit)
        print(f"half {i + 1}: chosen on the other half {t:.2f}: {sum(errors(test, t))} errors; shipped {shipped:.2f}: {sum(errors(test, shipped))}")
    chosen, kept, rng = [], [], random.Random(0)
    for _ in range(HALVINGS):
        shuffled = rng.sample(rows, len(rows))
        for fit, test in ((shuffled[::2], shuffled[1::2]), (shuffled[1::2], shuffled[::2])):
            chosen.append(sum(errors(test, choose(fit))))
            kept.append(sum(errors(test, shipped)))
    n = len(chosen)
    print(f"{HALVINGS} random halvings: errors on the other half {sum(chosen) / n:.2f} chosen, {sum(kept) / n:.2f} shipped; fewer {sum(a < b for a, b in zip(chosen, kept)) / n:.0%}, more {sum(a > b for a, b in zip(chosen, kept)) / n:.0%}")
    best = choose(rows)
    answered, refused = errors(rows, best)
    print(f"chosen: ASSISTANT_REFUSAL_THRESHOLD={best:.2f} (null recall {1 - answered / max(1, nulls):.3f}, false refusals {refused / max(1, len(rows) - nulls):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
