"""`assistant eval`: score the assistant on hand-written gold Q&A (eval/gold.jsonl).

Our own scoring, because the metrics are about what we promise: retrieval must find the
supporting sentence, answers must contain the gold answer, citations must point at it, and
questions the articles cannot answer must be refused.

Rules:
- retrieval hit@k: some chunk that `ask` retrieves for the question (`Assistant.retrieve`, the
  searches about time included) contains a gold supporting sentence (whitespace-insensitive);
- answer correct: the gold short answer appears in the answer (normalised), or, for open
  questions, at least half of the gold answer's content words do; refusals are never correct;
- citation correct (per answer): some citation's quote overlaps a gold supporting sentence;
  citation precision: share of all shown citations whose quote overlaps a supporting sentence
  of the same article (for answerable questions);
- refusal accuracy: refused exactly when the gold says unanswerable; warning recall and false
  warning rate: refused or answered with the "may not say" notice (`Answer.unsure`: a name,
  number, date or amount was wanted and none found, or no passage mentions a name asked about),
  among the unanswerable and the answerable questions;
- strict and lenient accuracy, evidence recall: as in `bench multihop --answers`
  (bench_answers.py), over the questions with a gold short answer plus the unanswerable ones;
  evidence recall over the answerable ones (share of gold supporting sentences a quote overlaps,
  by the same rule as citation precision here).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

from .bench_answers import lenient_correct, strict_correct
from .cite import words
from .config import Settings
from .errors import InputError

EVAL_COLLECTION = "eval_gold"


def load_gold(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(f"Gold file {path} not found. Run from the repository root or pass --gold PATH.")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: broken JSON ({e.msg}). Fix that line.") from None
    return items


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9$.%]+", " ", text.lower().replace(",", "")).split())


def answer_correct(item: dict, answer: dict) -> bool:
    if answer["refused"]:
        return False
    text = norm(answer["answer"])
    if item.get("short_answer"):
        return norm(item["short_answer"]) in text
    gold = set(words(item["answer"]))
    return bool(gold) and len(gold & set(words(answer["answer"]))) / len(gold) >= 0.5


def quote_supports(quote: str, supporting: list[str]) -> bool:
    q = squash(quote)
    return any(s and (squash(s) in q or q in squash(s)) for s in supporting)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def score(items: list[dict], results: list[dict]) -> dict:
    answerable = [(i, r) for i, r in zip(items, results) if i["answerable"]]
    unanswerable = [(i, r) for i, r in zip(items, results) if not i["answerable"]]
    shown = [(i, c) for i, r in answerable for c in r["answer"]["citations"]]
    latencies = [r["answer"]["timings_ms"].get("total_ms", 0.0) for r in results]
    first = [r["answer"]["timings_ms"]["first_token_ms"] for r in results if "first_token_ms" in r["answer"]["timings_ms"]]

    def share(pairs, ok) -> float:
        return round(sum(1 for p in pairs if ok(*p)) / len(pairs), 3) if pairs else 0.0

    short = [(i, r) for i, r in zip(items, results) if i.get("short_answer") or not i["answerable"]]

    def recall(i, r) -> float:
        return sum(any(quote_supports(c["quote"], [s]) for c in r["answer"]["citations"]) for s in i["supporting"]) / max(1, len(i["supporting"]))

    return {
        "questions": len(items),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "retrieval_hit_rate": share(answerable, lambda i, r: r["retrieval_hit"]),
        "answer_correctness": share(answerable, lambda i, r: answer_correct(i, r["answer"])),
        "citation_correctness": share([(i, r) for i, r in answerable if not r["answer"]["refused"]], lambda i, r: any(quote_supports(c["quote"], i["supporting"]) for c in r["answer"]["citations"])),
        "citation_precision": share(shown, lambda i, c: quote_supports(c["quote"], i["supporting"])),
        "verified_sentence_share": share([(s, None) for r in results for s in r["answer"]["sentences"] if not s.get("short")], lambda s, _: s["verified"]),
        "strict_accuracy": share(short, lambda i, r: strict_correct(i.get("short_answer") or "", not i["answerable"], r["answer"])),
        "lenient_accuracy": share(short, lambda i, r: lenient_correct(i.get("short_answer") or "insufficient information", r["answer"])),
        "evidence_recall": round(sum(recall(i, r) for i, r in answerable) / len(answerable), 3) if answerable else 0.0,
        "refusal_accuracy": share(list(zip(items, results)), lambda i, r: r["answer"]["refused"] == (not i["answerable"])),
        "refusal_recall": share(unanswerable, lambda i, r: r["answer"]["refused"]),
        "false_refusal_rate": share(answerable, lambda i, r: r["answer"]["refused"]),
        "warning_recall": share(unanswerable, lambda i, r: r["answer"]["refused"] or r["answer"].get("unsure", False)),
        "false_warning_rate": share(answerable, lambda i, r: r["answer"]["refused"] or r["answer"].get("unsure", False)),
        "latency_ms_p50": round(percentile(latencies, 50), 1),
        "latency_ms_p95": round(percentile(latencies, 95), 1),
        "first_token_ms_p50": round(percentile(first, 50), 1) if first else None,
    }


def run_eval(settings: Settings, gold: Path, seeds: Path, out: Path, limit: int = 0, assistant=None) -> dict:
    from .pipeline import Assistant

    items = load_gold(gold)[: limit or None]
    if not seeds.exists():  # ingesting nothing with prune would empty the eval collection
        raise InputError(f"Articles {seeds} not found. Run from the repository root or pass --seeds PATH (a folder of articles or a corpus.json).")
    if assistant is None:
        assistant = Assistant(replace(settings, collection=EVAL_COLLECTION))
    ingest = assistant.ingest([seeds], prune=True)
    assistant.warm()
    k = assistant.settings.top_k
    results = []
    for item in items:
        hits, _, _ = assistant.retrieve(item["question"])
        hit = any(squash(s) in squash(h.text) for h in hits for s in item["supporting"])
        t = time.perf_counter()
        answer = assistant.ask(item["question"]).to_dict()
        answer["timings_ms"].setdefault("total_ms", (time.perf_counter() - t) * 1000)
        results.append({"id": item["id"], "question": item["question"], "retrieval_hit": hit, "answer": answer, "correct": item["answerable"] and answer_correct(item, answer)})
    overall = score(items, results)
    report = {
        "overall": overall,
        "settings": {"mode": assistant.answer_mode(), "llm": assistant.settings.llm_backend, "top_k": k, "refusal_threshold": assistant.settings.refusal_threshold, "support_threshold": assistant.settings.support_threshold},
        "ingest": ingest.to_dict(),
        "results": results,
    }
    report["table"] = table(overall, k)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (out / "report.md").write_text(markdown(report))
    return report


LABELS = [
    ("retrieval_hit_rate", "retrieval hit rate @{k}"),
    ("answer_correctness", "answer correctness"),
    ("citation_correctness", "citation correctness"),
    ("citation_precision", "citation precision"),
    ("evidence_recall", "evidence recall (gold sentences cited)"),
    ("strict_accuracy", "short answer, strict"),
    ("lenient_accuracy", "short answer, lenient"),
    ("verified_sentence_share", "verified sentence share"),
    ("refusal_accuracy", "refusal accuracy"),
    ("refusal_recall", "refusal recall (unanswerable)"),
    ("false_refusal_rate", "false refusal rate"),
    ("warning_recall", "refused or 'may not say' (unanswerable)"),
    ("false_warning_rate", "refused or 'may not say' (answerable)"),
    ("latency_ms_p50", "latency p50 (ms)"),
    ("latency_ms_p95", "latency p95 (ms)"),
    ("first_token_ms_p50", "first token p50 (ms)"),
]


def table(overall: dict, k: int) -> str:
    rows = [(label.format(k=k), overall.get(key)) for key, label in LABELS]
    width = max(len(r[0]) for r in rows)
    head = f"{overall['questions']} questions ({overall['answerable']} answerable, {overall['unanswerable']} unanswerable)"
    return "\n".join([head] + [f"{name:<{width}}  {'-' if value is None else value}" for name, value in rows])


def markdown(report: dict) -> str:
    o, k = report["overall"], report["settings"]["top_k"]
    lines = ["# Eval report", "", f"Settings: `{json.dumps(report['settings'])}`", "", "| metric | value |", "|---|---|"]
    lines += [f"| {label.format(k=k)} | {o.get(key)} |" for key, label in LABELS]
    lines += ["", "## Questions", "", "| id | question | refused | correct | short answer | answer |", "|---|---|---|---|---|---|"]
    for r in report["results"]:
        answer = r["answer"]["answer"].replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r['id']} | {r['question']} | {r['answer']['refused']} | {r['correct']} | {r['answer']['short_answer'] or ''} | {answer[:200]} |")
    return "\n".join(lines) + "\n"
