#!/usr/bin/env python3
"""Validate a gold file against the articles it is about: eval/gold.jsonl against seeds/ by
default, or any gold file against a folder of seeds or a corpus.json (MultiHop-RAG form):

    python eval/check_gold.py
    python eval/check_gold.py eval/news_gold.jsonl ../shared/bench/multihop-rag/corpus.json

Stdlib only. Default paths are resolved from this file's location (repo root = parent of
eval/), so it can be run from any working directory.

Checks:
- every line is a JSON object with exactly the gold fields, of the right types;
- ids are unique;
- answerable items name an article that exists (a url from seeds/*.jsonl or the corpus, or
  a .txt file name in seeds/) and have at least one supporting string;
- every supporting string is a verbatim substring of that article's text (the body for
  JSONL articles, the whole file for .txt seeds) and stays within one paragraph;
- unanswerable items have answer "The articles do not say.", short_answer null,
  supporting [] and article null;
- at least 25 items and at least 5 unanswerable ones.
Exits 1 with a list of problems on failure, 0 on success.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold.jsonl"

FIELDS = {"id", "question", "answer", "short_answer", "supporting", "article", "answerable"}
UNANSWERABLE_ANSWER = "The articles do not say."
MIN_ITEMS = 25
MIN_UNANSWERABLE = 5


def load_articles(errors: list[str], source: Path = SEEDS) -> dict[str, str]:
    """Map article key (url or seed file name) -> text that supporting strings must be in."""
    articles: dict[str, str] = {}
    if source.is_file():  # a corpus.json: a list of records with url and body
        for n, obj in enumerate(json.loads(source.read_text(encoding="utf-8"))):
            if isinstance(obj, dict) and isinstance(obj.get("url"), str) and isinstance(obj.get("body"), str):
                articles[obj["url"]] = obj["body"]
            else:
                errors.append(f"{source.name}[{n}]: article lacks a string 'url' or 'body'")
        return articles
    if not source.is_dir():
        errors.append(f"articles not found: {source}")
        return articles
    for path in sorted(source.glob("*.txt")):
        articles[path.name] = path.read_text(encoding="utf-8")
    for path in sorted(source.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{path.name}:{n}: invalid JSON: {e}")
                    continue
                url, body = obj.get("url"), obj.get("body")
                if not isinstance(url, str) or not isinstance(body, str):
                    errors.append(f"{path.name}:{n}: article lacks a string 'url' or 'body'")
                    continue
                if url in articles:
                    errors.append(f"{path.name}:{n}: duplicate article url {url}")
                articles[url] = body
    return articles


def paragraphs(text: str) -> list[str]:
    return [p for p in text.replace("\r\n", "\n").split("\n\n")]


def check_item(item: object, where: str, articles: dict[str, str], errors: list[str]) -> None:
    if not isinstance(item, dict):
        errors.append(f"{where}: not a JSON object")
        return
    keys = set(item)
    if keys != FIELDS:
        missing, extra = sorted(FIELDS - keys), sorted(keys - FIELDS)
        errors.append(f"{where}: wrong fields (missing {missing}, unexpected {extra})")
        return
    if not isinstance(item["id"], str) or not item["id"]:
        errors.append(f"{where}: 'id' must be a non-empty string")
    for k in ("question", "answer"):
        if not isinstance(item[k], str) or not item[k].strip():
            errors.append(f"{where}: '{k}' must be a non-empty string")
    if item["short_answer"] is not None and not isinstance(item["short_answer"], str):
        errors.append(f"{where}: 'short_answer' must be a string or null")
    if not isinstance(item["answerable"], bool):
        errors.append(f"{where}: 'answerable' must be true or false")
        return
    sup = item["supporting"]
    if not isinstance(sup, list) or not all(isinstance(s, str) for s in sup):
        errors.append(f"{where}: 'supporting' must be a list of strings")
        return

    if not item["answerable"]:
        if item["answer"] != UNANSWERABLE_ANSWER:
            errors.append(f"{where}: unanswerable item must have answer {UNANSWERABLE_ANSWER!r}")
        if item["short_answer"] is not None:
            errors.append(f"{where}: unanswerable item must have short_answer null")
        if sup:
            errors.append(f"{where}: unanswerable item must have supporting []")
        if item["article"] is not None:
            errors.append(f"{where}: unanswerable item must have article null")
        return

    art = item["article"]
    if not isinstance(art, str) or art not in articles:
        errors.append(f"{where}: article {art!r} not found among the articles")
        return
    if not sup:
        errors.append(f"{where}: answerable item needs at least one supporting string")
    text = articles[art]
    paras = paragraphs(text)
    for i, s in enumerate(sup):
        if not s.strip():
            errors.append(f"{where}: supporting[{i}] is empty")
        elif s not in text:
            errors.append(f"{where}: supporting[{i}] is not a verbatim substring of {art}: {s[:80]!r}")
        elif not any(s in p for p in paras):
            errors.append(f"{where}: supporting[{i}] spans more than one paragraph of {art}")


def main(argv: list[str]) -> int:
    gold = Path(argv[0]).resolve() if argv else GOLD
    source = Path(argv[1]).resolve() if len(argv) > 1 else SEEDS
    errors: list[str] = []
    articles = load_articles(errors, source)
    if not gold.is_file():
        print(f"FAIL: gold file not found: {gold}", file=sys.stderr)
        return 1

    items: list[object] = []
    with gold.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                errors.append(f"{gold.name}:{n}: invalid JSON: {e}")

    seen: dict[str, int] = {}
    for n, item in items:
        iid = item.get("id") if isinstance(item, dict) else None
        where = f"{gold.name}:{n} ({iid})"
        if isinstance(iid, str):
            if iid in seen:
                errors.append(f"{where}: duplicate id (first on line {seen[iid]})")
            else:
                seen[iid] = n
        check_item(item, where, articles, errors)

    total = len(items)
    unans = sum(1 for _, it in items if isinstance(it, dict) and it.get("answerable") is False)
    if total < MIN_ITEMS:
        errors.append(f"only {total} gold items, need at least {MIN_ITEMS}")
    if unans < MIN_UNANSWERABLE:
        errors.append(f"only {unans} unanswerable items, need at least {MIN_UNANSWERABLE}")

    if errors:
        print(f"FAIL: {len(errors)} problem(s) in {gold}:", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    per_article: dict[str, int] = {}
    for _, it in items:
        if it["answerable"]:
            per_article[it["article"]] = per_article.get(it["article"], 0) + 1
    print(f"OK: {total} gold items ({total - unans} answerable, {unans} unanswerable) "
          f"over {len(per_article)} of {len(articles)} articles")
    for art, k in per_article.items():
        print(f"  {k:2d}  {art}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
