#!/usr/bin/env python3
"""Calibrate ASSISTANT_SUPPORT_THRESHOLD on data: how often the verifier accepts a true quote,
and how often it accepts the most convincing wrong one, at each threshold.

Pairs come from eval/gold.jsonl and the articles in seeds/:
- positive: each sentence of a gold answer (written by hand, in our own words) against the best
  of its gold supporting sentences;
- negative: the same sentence against the sentence of any seed article, other than the gold
  ones, that the verifier scores highest (the hardest wrong quote there is).

    python eval/calibrate_support.py
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.cite import split_sentences, support
from assistant.ingest import read_file

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def pairs(gold: Path = ROOT / "eval" / "gold.jsonl", seeds: Path = ROOT / "seeds") -> tuple[list[float], list[float]]:
    """(support of the true quote, support of the hardest wrong quote) for every gold answer sentence."""
    sentences = []
    for path in sorted(seeds.iterdir()):
        for article in read_file(path):
            if hasattr(article, "body"):
                sentences += [article.body[s:e] for s, e in split_sentences(article.body)]
    positive, negative = [], []
    for line in gold.read_text(encoding="utf-8").splitlines():
        item = json.loads(line) if line.strip() else None
        if not item or not item["answerable"]:
            continue
        wrong = [s for s in sentences if not any(s in g or g in s for g in item["supporting"])]
        for start, end in split_sentences(item["answer"]):
            claim = item["answer"][start:end]
            positive.append(max(support(claim, g) for g in item["supporting"]))
            negative.append(max(support(claim, s) for s in wrong))
    return positive, negative


def curve(positive: list[float], negative: list[float]) -> list[tuple[float, float, float]]:
    """(threshold, share of true quotes accepted, share of claims whose hardest wrong quote is accepted)."""
    return [(t, sum(p >= t for p in positive) / len(positive), sum(n >= t for n in negative) / len(negative)) for t in THRESHOLDS]


if __name__ == "__main__":
    pos, neg = pairs()
    print(f"{len(pos)} gold answer sentences")
    print("threshold  true quote accepted  hardest wrong quote accepted")
    for t, accepted, wrong in curve(pos, neg):
        print(f"{t:>9.2f}  {accepted:>19.2f}  {wrong:>28.2f}")
