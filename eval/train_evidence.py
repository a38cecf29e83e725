"""Train the evidence sentence ranker's weights (assistant/evidence.json) on gold files.

    python eval/train_evidence.py                # the four gold files, their articles by default
    python eval/train_evidence.py --gold eval/news_gold.jsonl=../shared/bench/multihop-rag/corpus.json ...

For every answerable gold question, the candidates are the sentences the pipeline ranks (the
quotable sentences of the chunks `Assistant.retrieve` finds, as `Assistant.evidence` sees
them); a sentence's label is the gold file's own citation rule (evaluate.quote_supports: it
holds a supporting string or lies inside one). Two linear models, listwise softmax per question
(numpy, as eval/train_rerank.py): one over the word features, which picks the sentences to
embed, and one over all features. Every sentence is embedded here, so both are fitted on all.

Honesty: the figures printed leave each gold file out in turn (fit on the others, score it),
beside the ranking by shared words alone; the shipped weights are then fitted on all files.
The figures leave out the fixed lead the product gives the cue rules (evidence.PRECISE_CUE,
REASON_CUE), whose effect was measured apart: see evidence.py.
MultiHop-RAG's dev questions are not used: their facts are what a multi-hop question's claims
each need, not what answers it, and adding them lowered the left-out figures of the other files.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import evidence  # noqa: E402
from assistant.rerank import Model  # noqa: E402
from train_rerank import listwise  # noqa: E402  (this folder: the script's own)

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE.parent / "shared/bench/multihop-rag/corpus.json"
DEFAULT_GOLD = [f"{HERE / 'eval/gold.jsonl'}={HERE / 'seeds'}"] + [f"{HERE / 'eval' / n}={CORPUS}" for n in ("news_gold.jsonl", "news_gold_2.jsonl", "news_gold_3.jsonl")]
L2, STEPS, LEARNING_RATE = 0.05, 400, 0.1


def collect(gold: Path, seeds: Path) -> list[dict]:
    """Per answerable question: the candidate sentences' features (every one embedded) and labels."""
    from assistant import cite
    from assistant.bench import collection_name
    from assistant.config import load_settings
    from assistant.evaluate import EVAL_COLLECTION, load_gold, quote_supports
    from assistant.pipeline import Assistant, unique

    if not gold.is_file() or not seeds.exists():
        raise SystemExit(f"{gold if not gold.is_file() else seeds} not found: pass --gold GOLD.jsonl=SEEDS with paths that exist.")
    settings = load_settings()  # a corpus.json goes to the benchmark's own collection, ingested once
    assistant = Assistant(replace(settings, collection=collection_name(seeds, settings) if seeds.is_file() else EVAL_COLLECTION))
    assistant.ingest([seeds], prune=seeds.is_dir())
    assistant.warm()
    rows = []
    for item in load_gold(gold):
        if not item["answerable"]:
            continue
        hits, topic, _ = assistant.retrieve(item["question"])
        spans = [s for s in unique(cite.Citer(hits, 1.0).spans) if cite.quotable(s.text)]
        if not spans:
            continue
        vectors = assistant.embedder.embed([topic] + [s.text for s in spans])
        X = evidence.with_meaning(evidence.word_features(topic, spans, hits), vectors[1:] @ vectors[0], np.arange(len(spans)))
        rows.append({"X": X, "y": np.array([quote_supports(s.text, item["supporting"]) for s in spans], dtype=float)})
    return rows


def fit(rows: list[dict], columns: int) -> Model:
    """Listwise softmax over each question's sentences (eval/train_rerank.py's `listwise`),
    on the first `columns` features."""
    groups = [(r["X"][:, :columns], r["y"] / r["y"].sum()) for r in rows if r["y"].any()]
    return listwise(groups, evidence.FEATURES[:columns], L2, STEPS, LEARNING_RATE)


def shown(row: dict, full: Model, words: Model) -> list[int]:
    """What an extractive answer shows (`evidence.order` with these models, without the cue
    rules' lead, then `evidence.shown`)."""
    n = len(evidence.WORD_FEATURES)
    chosen, chance, _ = evidence.order(row["X"][:, :n], lambda picked: row["X"][picked, n], np.zeros(len(row["X"])), (full, words))
    return [int(chosen[i]) for i in evidence.shown(chance, 2)]


def figures(rows: list[dict], pick) -> dict:
    rows = [r for r in rows if r["y"].any()]
    picked = [pick(r) for r in rows]
    return {
        "first": round(float(np.mean([r["y"][p[0]] for r, p in zip(rows, picked)])), 3),
        "shown_precision": round(float(np.mean([r["y"][i] for r, p in zip(rows, picked) for i in p])), 3),
        "any_shown": round(float(np.mean([r["y"][p].max() for r, p in zip(rows, picked)])), 3),
        "questions": len(rows),
    }


def by_shared_words(row: dict) -> list[int]:
    return [int(np.argmax(row["X"][:, 0]))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gold", action="append", help="GOLD.jsonl=SEEDS (a folder or a corpus.json); repeat. Default: the four gold files")
    p.add_argument("--out", default=str(evidence.WEIGHTS))
    p.add_argument("--no-write", action="store_true", help="only print the left-out figures")
    args = p.parse_args()
    files = {}
    for spec in args.gold or DEFAULT_GOLD:
        gold, seeds = spec.split("=", 1)
        files[Path(gold).name] = collect(Path(gold), Path(seeds))
    n = len(evidence.WORD_FEATURES)
    print(f"{'left out':<20}{'ranker':<14}{'first':>8}{'shown_prec':>12}{'any_shown':>11}{'n':>5}")
    for name, rows in files.items():
        train = [r for other, rs in files.items() if other != name for r in rs]
        full, words = fit(train, len(evidence.FEATURES)), fit(train, n)
        for label, pick in (("shared words", by_shared_words), ("model", lambda r: shown(r, full, words))):
            f = figures(rows, pick)
            print(f"{name:<20}{label:<14}{f['first']:>8.3f}{f['shown_precision']:>12.3f}{f['any_shown']:>11.3f}{f['questions']:>5}")
    if not args.no_write:
        everything = [r for rs in files.values() for r in rs]
        full, words = fit(everything, len(evidence.FEATURES)), fit(everything, n)
        Path(args.out).write_text(json.dumps({"full": full.to_json(), "words": words.to_json()}, indent=1) + "\n")
        print(f"wrote {args.out}: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(full.names, full.weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
