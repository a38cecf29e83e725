"""`assistant bench multihop --answers`: the whole pipeline (retrieval, short answer, LLM,
verification) on MultiHop-RAG questions, scored per question type.

Our own scoring, because the benchmark only defines the lenient rule:
- strict accuracy: the normalised gold answer equals the short answer; for yes/no golds the
  polarity must match ("consistent", "same" and "true" count as yes; "inconsistent",
  "different", "contradictory" and "false" as no). A null query is right only when refused;
  a refused answerable query is wrong.
- lenient accuracy: the benchmark's rule, the lower-cased answer and gold share a whitespace
  token; the answer is the short answer when there is one, else the whole text, and
  "insufficient information" when refused.
- citation precision: share of the quotes an answer cites that overlap a gold evidence fact
  (one contains the other, spaces removed); evidence recall: share of a question's gold facts
  that some cited quote overlaps. Both over answered, answerable questions. Also reported, as a
  looser reading of "support": citation_article_precision, the share of quotes taken from one
  of the question's gold evidence articles.
- verified sentence share: explanation sentences (not the short answer) that passed the verifier.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import numpy as np

from .bench import say, squash

POLARITY = {
    "yes": "yes", "true": "yes", "consistent": "yes", "consistently": "yes", "same": "yes", "similar": "yes",
    "no": "no", "false": "no", "inconsistent": "no", "different": "no", "contradictory": "no",
}
REFUSED = "insufficient information"
METRICS = ("strict_accuracy", "lenient_accuracy", "refusal_recall", "false_refusal_rate", "citation_precision", "citation_article_precision", "evidence_recall", "verified_sentence_share")
HEADS = ("strict", "lenient", "refusal_rec", "false_refusal", "cite_prec", "cite_article", "ev_recall", "verified")


def normalise(text: str) -> str:
    text = re.sub(r"[^\w\s$%.-]", " ", (text or "").lower().replace("’", "'"))
    return " ".join(w.strip(".") for w in text.split() if w not in {"a", "an", "the"}).strip()


def strict_correct(gold: str, null: bool, answer: dict) -> bool:
    if null or answer["refused"]:
        return null and answer["refused"]
    g, got = normalise(gold), normalise(answer.get("short_answer") or "")
    return POLARITY.get(got) == POLARITY[g] if g in POLARITY else bool(got) and got == g


def lenient_correct(gold: str, answer: dict) -> bool:
    """MultiHop-RAG's own rule: at least one shared whitespace token, lower-cased."""
    text = REFUSED if answer["refused"] else answer.get("short_answer") or answer["answer"]
    return bool(set(text.lower().split()) & set(gold.lower().split()))


def overlaps(quote: str, fact: str) -> bool:
    q, f = squash(quote), squash(fact)
    return bool(q and f) and (q in f or f in q)


def score_answer(query: dict, answer: dict) -> dict:
    quotes = [c["quote"] for c in answer["citations"]]
    urls = [c.get("url", "") for c in answer["citations"]]
    explained = [s for s in answer["sentences"] if not s.get("short")]
    answered = not query["null"] and not answer["refused"]
    return {
        "strict": strict_correct(query["answer"], query["null"], answer),
        "lenient": lenient_correct(query["answer"], answer),
        "null": query["null"],
        "refused": answer["refused"],
        "precise": [any(overlaps(q, f) for f in query["facts"]) for q in quotes] if answered else [],
        "from_gold_article": [u in query.get("urls", []) for u in urls] if answered else [],
        "recall": (sum(any(overlaps(q, f) for q in quotes) for f in set(query["facts"])) / len(set(query["facts"]))) if answered else None,
        "verified": [s["verified"] for s in explained],
        "ms": answer["timings_ms"].get("total_ms", 0.0),
    }


def summarise(rows: list[dict]) -> dict:
    def mean(values) -> float:
        values = list(values)
        return round(float(np.mean(values)), 4) if values else 0.0

    nulls, answerable = [r for r in rows if r["null"]], [r for r in rows if not r["null"]]
    return {
        "strict_accuracy": mean(r["strict"] for r in rows),
        "lenient_accuracy": mean(r["lenient"] for r in rows),
        "refusal_recall": mean(r["refused"] for r in nulls),
        "false_refusal_rate": mean(r["refused"] for r in answerable),
        "citation_precision": mean(p for r in rows for p in r["precise"]),
        "citation_article_precision": mean(p for r in rows for p in r["from_gold_article"]),
        "evidence_recall": mean(r["recall"] for r in rows if r["recall"] is not None),
        "verified_sentence_share": mean(v for r in rows for v in r["verified"]),
        "answer_queries": len(rows),
    }


def run_answers(assistant, queries: list[dict], save: Path | None = None) -> dict:
    """Ask every query (null ones included) through `Assistant.ask`, exactly as `ask` would;
    `save`: a JSON Lines file of every question with its full answer, for reading them."""
    rows, answers = [], []
    out = save.open("w", encoding="utf-8") if save else None
    for i, q in enumerate(queries, 1):
        t = time.perf_counter()
        answer = assistant.ask(q["query"]).to_dict()
        answer["timings_ms"].setdefault("total_ms", (time.perf_counter() - t) * 1000)
        rows.append(score_answer(q, answer) | {"type": q["type"]})
        if out:
            out.write(json.dumps({"query": q, "answer": answer, "scores": rows[-1]}, ensure_ascii=False) + "\n")
            out.flush()
        answers.append({"query": q["query"], "type": q["type"], "gold": q["answer"], "short_answer": answer["short_answer"], "refused": answer["refused"], "strict": rows[-1]["strict"]})
        if i % 25 == 0 or i == len(queries):
            say(f"answers: {i}/{len(queries)} questions, strict accuracy so far {np.mean([r['strict'] for r in rows]):.3f}")
    if out:
        out.close()
    ms = [r["ms"] for r in rows]
    return {
        "overall": summarise(rows),
        "by_type": {t: summarise([r for r in rows if r["type"] == t]) for t in sorted({r["type"] for r in rows})},
        "latency_ms": {"p50": round(float(np.percentile(ms, 50)), 1), "p95": round(float(np.percentile(ms, 95)), 1)},
        "answers": answers,
    }


def table(result: dict) -> str:
    lines = [f"{'answers':<18}{'type':<20}{'n':>4}" + "".join(f"{h:>14}" for h in HEADS)]
    for t, m in [("all", result["overall"])] + sorted(result["by_type"].items()):
        lines.append(f"{'ours (pipeline)':<18}{t:<20}{m['answer_queries']:>4}" + "".join(f"{m[c]:>14.4f}" for c in METRICS))
    lines.append(f"answer latency p50 {result['latency_ms']['p50']:.0f} ms, p95 {result['latency_ms']['p95']:.0f} ms")
    return "\n".join(lines)
