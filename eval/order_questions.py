"""Score the answers to questions about order in time (assistant/timeline.py) on questions built
from a corpus's own articles, so the feature is measured beyond the hand-made tests.

    python eval/order_questions.py --corpus ../shared/bench/multihop-rag/corpus.json [--n 60] [--seed 1]

Run it with ASSISTANT_HOME pointing at a store holding the corpus (as `assistant bench multihop`
builds it). Pairs of articles from different days are drawn at random; each pair gives one
question of each kind, with one article's headline as each side (commas, colons and question
marks taken out, so the headline stays one side):
- "Did <outlet A> report <headline A> before|after <outlet B> reported <headline B>?" (the
  relation drawn at random; the expected answer follows from the two publication days);
- "Which was reported first|most recently, <headline A> or <headline B>?" (expected: the headline
  of the earlier or later article, as written in the question).
Printed: for each kind, the share answered right, the share answered from the dates (the answer
shows the days compared) and the share left without an answer (a note says why). Headlines are
the easy case (retrieval indexes them with every chunk); the point is whether the order
machinery holds on many real articles, not a benchmark of its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.bench import collection_name  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402


def clean(title: str) -> str:
    return " ".join(re.sub(r"[,:;?!|]", " ", title).split()).strip(" .'\"‘’“”")


def questions(corpus: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    articles = [a for a in corpus if a.get("title") and a.get("source") and a.get("published_at")]
    out = []
    while len(out) < 2 * n:
        a, b = rng.sample(articles, 2)
        day_a, day_b = a["published_at"][:10], b["published_at"][:10]
        if day_a == day_b or clean(a["title"]) == clean(b["title"]):
            continue
        relation = rng.choice(["before", "after"])
        holds = (day_a < day_b) if relation == "before" else (day_a > day_b)
        out.append({"kind": "did A before/after B", "question": f"Did {a['source']} report {clean(a['title'])} {relation} {b['source']} reported {clean(b['title'])}?", "expected": "Yes" if holds else "No"})
        latest = rng.random() < 0.5
        first = max(a, b, key=lambda x: x["published_at"]) if latest else min(a, b, key=lambda x: x["published_at"])
        word = "most recently" if latest else "first"
        out.append({"kind": "which first/latest", "question": f"Which was reported {word}, {clean(a['title'])} or {clean(b['title'])}?", "expected": clean(first["title"])})
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", required=True)
    p.add_argument("--n", type=int, default=60, help="article pairs (two questions each)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    corpus = json.loads(Path(args.corpus).read_text(encoding="utf-8"))
    settings = load_settings()
    assistant = Assistant(settings, collection=collection_name(Path(args.corpus), settings))
    rows = []
    for q in questions(corpus, args.n, args.seed):
        answer = assistant.ask(q["question"], mode="extractive")
        basis = bool(answer.sentences and answer.sentences[0].short and " — " in answer.sentences[0].text)
        rows.append({**q, "got": answer.short, "right": (answer.short or "") == q["expected"], "by_dates": basis, "unanswered": answer.short is None, "note": answer.notice})
    for kind in sorted({r["kind"] for r in rows}):
        mine = [r for r in rows if r["kind"] == kind]
        share = lambda key: sum(r[key] for r in mine) / len(mine)  # noqa: E731
        print(f"{kind:<24} n={len(mine):<4} right {share('right'):.3f} · by dates {share('by_dates'):.3f} · no answer {share('unanswered'):.3f}")
    wrong = [r for r in rows if not r["right"]]
    for r in wrong[:12]:
        print(f"  wrong: {r['question']} -> {r['got']!r} (expected {r['expected']!r}) {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
