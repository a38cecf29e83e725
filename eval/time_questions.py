"""Check questions that name a time to read (plan.find_periods, digest.py) on a corpus's own
articles, so the filters are measured beyond the hand-made tests.

    python eval/time_questions.py --corpus ../shared/bench/multihop-rag/corpus.json [--n 40] [--seed 1]

Run it with ASSISTANT_HOME pointing at a store holding the corpus (as `assistant bench multihop`
builds it). Articles are drawn at random; each gives three questions, with its outlet and the
month it was published:
- "What did <outlet> report in <Month YYYY>?" (a digest: every citation must be of that outlet and
  month, the newest such article first);
- "What did <outlet> publish in <Month YYYY> about <headline>?" (a search kept to that month:
  every citation must be of that month, and the drawn article among them);
- "What did <outlet> report in <a month with no article of that outlet> about <headline>?" (the
  answer must say that no stored article of the outlet was published then).
Printed: for each kind, the share of answers that hold, and the first failures. The expected
answers follow from the articles' metadata alone; nothing here was tuned on these questions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant.bench import collection_name  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from order_questions import clean  # noqa: E402  (headlines made one side of a question, as there)

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def questions(corpus: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    articles = [a for a in corpus if a.get("title") and a.get("source") and re.match(r"\d{4}-\d{2}", a.get("published_at", ""))]
    months = {(a["source"], a["published_at"][:7]) for a in articles}
    out = []
    for a in rng.sample(articles, n):
        year, month = int(a["published_at"][:4]), int(a["published_at"][5:7])
        when = f"{MONTH_NAMES[month - 1]} {year}"
        out.append({"kind": "digest of an outlet's month", "question": f"What did {a['source']} report in {when}?", "source": a["source"], "month": a["published_at"][:7]})
        out.append({"kind": "topic kept to a month", "question": f"What did {a['source']} publish in {when} about {clean(a['title'])}?", "source": a["source"], "month": a["published_at"][:7], "url": a.get("url", "")})
        empty = next(f"{y}-{m:02d}" for y in range(year - 1, year - 3, -1) for m in range(12, 0, -1) if (a["source"], f"{y}-{m:02d}") not in months)
        out.append({"kind": "a month with no article", "question": f"What did {a['source']} report in {MONTH_NAMES[int(empty[5:]) - 1]} {empty[:4]} about {clean(a['title'])}?", "source": a["source"], "month": empty})
    return out


def holds(q: dict, answer) -> tuple[bool, str]:
    cited = [(c.source, (c.published_at or "")[:7], c.url) for c in answer.citations]
    if q["kind"] == "a month with no article":
        ok = answer.notice.startswith(f"No stored article from {q['source']} was published in")
        return ok, f"notice {answer.notice[:90]!r}"
    if answer.refused or not cited:
        return False, "refused or nothing cited"
    wrong = [c for c in cited if c[1] != q["month"] or (q["kind"] == "digest of an outlet's month" and c[0] != q["source"])]
    if q["kind"] == "topic kept to a month" and not wrong and q["url"] not in {url for _, _, url in cited}:
        return False, "kept to the month, but the article asked about is not cited (retrieval)"
    return not wrong, f"cited outside the month or outlet: {wrong[:3]}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", required=True)
    p.add_argument("--n", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    corpus_path = Path(args.corpus)
    corpus = json.loads(corpus_path.read_text(encoding="utf-8"))
    settings = load_settings()
    assistant = Assistant(settings, collection=collection_name(corpus_path, settings))
    assistant.warm()
    results: dict[str, list] = {}
    for q in questions(corpus, args.n, args.seed):
        ok, why = holds(q, assistant.ask(q["question"], mode="extractive"))
        results.setdefault(q["kind"], []).append((ok, q["question"], why))
    print(f"{len(corpus)} articles, {args.n} drawn (seed {args.seed}), today {date.today()}")
    for kind, rows in results.items():
        right = sum(ok for ok, _, _ in rows)
        print(f"{kind:<30} {right}/{len(rows)} = {right / len(rows):.2f}")
        outside = sum(not ok and "outside" in why for ok, _, why in rows)
        if kind != "a month with no article":
            print(f"{'':<30} of which cited outside the month or outlet: {outside}")
        for ok, question, why in [r for r in rows if not r[0]][:3]:
            print(f"    miss: {question}\n          {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
