#!/usr/bin/env python3
"""A reader's audit of citation precision: does each cited quote support what it is cited for?

The benchmark's automatic rule (the quote overlaps a gold evidence fact) counts a quote wrong
whenever it is another sentence than the one the benchmark's authors picked, even when it says
the same thing ("Google spent $26.3 billion in 2021 making itself the default search engine" is
in two articles; one is gold). The issue allows the other reading, "a quote a reader would accept
as support", and no model here can judge that, so a person does, on a random sample:

    assistant bench multihop --corpus C --queries Q --answers --save-answers answers.jsonl
    python eval/audit_citations.py sample answers.jsonl --n 60 --seed 1 > eval/citation_audit.jsonl
    (a person fills in every "verdict": "supports" or "does not", and a "why" for each "does not")
    python eval/audit_citations.py score eval/citation_audit.jsonl

The rule the reader applies:
- an explanation sentence the model wrote: the quote states what the sentence says (a
  paraphrase is fine; a quote that is only on the same topic is not);
- an explanation sentence that is itself the quote (extractive, and the fallback when no model
  sentence passes): the quote states one of the question's claims, or its opposite, as the
  question attributes it (outlet), or, for a question asking for a name, holds the answer and
  states something the question says about it. Without this rule such rows would pass by
  construction; it was added during the first audit, when most explanation sentences turned
  out to be quotes;
- a short answer to a yes/no question: the quote, from the outlet the question names for that
  claim, states one of the question's claims (the answer rests on several quotes, each for one
  claim); a "No" may also rest on a quote that states the opposite of a claim;
- a short answer that is a name, number or date: the quote holds it and states something the
  question says about it.
The sample is drawn from answered, answerable questions, one citation of one sentence per row,
with the automatic fact-overlap verdict kept beside it for comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

VERDICTS = ("supports", "does not")


def rows(answers: Path) -> list[dict]:
    """One row per (answer sentence, citation) of answered, answerable questions."""
    from assistant.bench_answers import overlaps

    out = []
    for line in answers.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        q, a = item["query"], item["answer"]
        if q["null"] or a["refused"]:
            continue
        cited = {c["n"]: c for c in a["citations"]}
        for s in a["sentences"]:
            for n in s["citations"]:
                c = cited[n]
                out.append({
                    "question": q["query"], "gold_answer": q["answer"],
                    "sentence": ("Answer: " if s.get("short") else "") + s["text"],
                    "quote": c["quote"], "source": c["source"], "title": c["title"], "published_at": c["published_at"],
                    "support": c["support"], "fact_overlap": any(overlaps(c["quote"], f) for f in q["facts"]),
                    "verdict": None, "why": "",
                })
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % interval of a share measured on a sample of n."""
    if not n:
        return 0.0, 0.0
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def score(audit: Path) -> dict:
    items = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines() if line.strip()]
    undecided = [i for i, x in enumerate(items, 1) if x.get("verdict") not in VERDICTS]
    if undecided:
        raise SystemExit(f"{audit}: rows {undecided[:10]} have no verdict ({' or '.join(VERDICTS)}); judge them first.")
    out = {"sample": len(items)}
    for name, group in (("all", items), ("short answer", [x for x in items if x["sentence"].startswith("Answer: ")]), ("explanation", [x for x in items if not x["sentence"].startswith("Answer: ")])):
        k = sum(x["verdict"] == "supports" for x in group)
        low, high = wilson(k, len(group))
        out[name] = {"n": len(group), "reader_precision": round(k / max(1, len(group)), 3), "interval_95": [round(low, 3), round(high, 3)],
                     "fact_overlap_precision": round(sum(x["fact_overlap"] for x in group) / max(1, len(group)), 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sample", help="draw citations to judge from a --save-answers file")
    p.add_argument("answers", type=Path)
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("score", help="reader precision of a judged sample")
    p.add_argument("audit", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        pool = rows(args.answers)
        for row in random.Random(args.seed).sample(pool, min(args.n, len(pool))):
            print(json.dumps(row, ensure_ascii=False))
        print(f"{min(args.n, len(pool))} of {len(pool)} citations sampled", file=sys.stderr)
    else:
        print(json.dumps(score(args.audit), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
