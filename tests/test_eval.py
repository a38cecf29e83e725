"""The eval runner on the gold set: it runs, scores and writes its report (the figures
themselves are for people to read, see README)."""

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from assistant.cli import main
from assistant.config import load_settings
from assistant.evaluate import EVAL_COLLECTION, answer_correct, quote_supports, score
from assistant.pipeline import Assistant
from conftest import ROOT, SHARED


def test_gold_file_is_valid():
    subprocess.run([sys.executable, str(ROOT / "eval" / "check_gold.py")], check=True)


@pytest.mark.parametrize("name", ["news_gold.jsonl", "news_gold_2.jsonl", "news_gold_3.jsonl", "news_gold_4.jsonl", "news_gold_5.jsonl", "news_gold_6.jsonl", "news_gold_7.jsonl", "news_gold_8.jsonl", "news_gold_9.jsonl", "news_gold_10.jsonl", "news_gold_11.jsonl", "news_gold_12.jsonl"])
def test_news_gold_files_are_valid_against_the_multihop_corpus(name):
    corpus = SHARED / "bench" / "multihop-rag" / "corpus.json"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is not here (the benchmark data sits beside the repository)")
    subprocess.run([sys.executable, str(ROOT / "eval" / "check_gold.py"), str(ROOT / "eval" / name), str(corpus)], check=True)


@pytest.mark.parametrize("name,count", [("multihop_written.json", 120), ("multihop_written_2.json", 80), ("multihop_written_3.json", 120)])
def test_written_multihop_questions_are_valid_against_the_multihop_corpus(name, count):
    """eval/multihop_written*.json: the benchmark's format, every fact in its article word for
    word (the official rule: spaces and newlines removed), the article's metadata as stored."""
    from assistant.bench import load_queries, squash

    corpus = SHARED / "bench" / "multihop-rag" / "corpus.json"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is not here (the benchmark data sits beside the repository)")
    articles = {a["url"]: a for a in json.loads(corpus.read_text())}
    path = ROOT / "eval" / name
    assert len(load_queries(path, include_null=True)) == count  # the bench command reads every one
    queries = json.loads(path.read_text())
    assert len({q["query"] for q in queries}) == count
    for q in queries:
        null = q["question_type"] == "null_query"
        assert null == (not q["evidence_list"]) and (q["answer"] == "Insufficient information.") == null, q["query"]
        assert null or len({e["url"] for e in q["evidence_list"]}) >= 2, q["query"]  # multi-hop: two articles or more
        for e in q["evidence_list"]:
            article = articles[e["url"]]
            assert squash(e["fact"]) in squash(article["body"]), e["fact"]
            assert (e["title"], e["source"]) == (article["title"], article["source"])


def test_eval_runs_on_the_gold_set_and_writes_its_report(tmp_path, capsys):
    report_dir = tmp_path / "report"
    code = main(["eval", "--mode", "extractive", "--gold", str(ROOT / "eval" / "gold.jsonl"), "--seeds", str(ROOT / "seeds"), "--report", str(report_dir), "--json"])
    assert code == 0
    overall = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text().splitlines() if line.strip()]
    assert overall["questions"] == len(gold) and overall["unanswerable"] >= 5
    for key in ("retrieval_hit_rate", "answer_correctness", "citation_correctness", "citation_precision", "refusal_accuracy"):
        assert 0.0 <= overall[key] <= 1.0, key
    assert overall["retrieval_hit_rate"] >= 0.8  # real retrieval over the real seeds
    assert overall["latency_ms_p95"] >= overall["latency_ms_p50"] > 0
    saved = json.loads((report_dir / "report.json").read_text())
    assert saved["overall"] == overall and len(saved["results"]) == len(gold)
    md = (report_dir / "report.md").read_text()
    assert "| retrieval hit rate @10 |" in md and "| g01 |" in md
    # articles that are not there: a clear error, and the eval collection keeps what it holds
    missing = tmp_path / "no-such-folder"
    assert main(["eval", "--mode", "extractive", "--gold", str(ROOT / "eval" / "gold.jsonl"), "--seeds", str(missing), "--report", str(report_dir)]) == 2
    assert f"Articles {missing} not found" in capsys.readouterr().err
    assert Assistant(replace(load_settings(), collection=EVAL_COLLECTION)).status()["articles"] > 0


def test_eval_scoring_rules():
    item = {"answerable": True, "short_answer": "$700 million", "answer": "", "supporting": ["He signed a $700 million deal."]}
    assert answer_correct(item, {"refused": False, "answer": "Ohtani signed for $700 million [1]."})
    assert not answer_correct(item, {"refused": True, "answer": "The articles do not say."})
    assert quote_supports("He signed a $700  million deal.", item["supporting"])
    results = [{"retrieval_hit": True, "answer": {"refused": False, "answer": "$700 million", "citations": [{"quote": "He signed a $700 million deal."}], "sentences": [{"verified": True}], "timings_ms": {"total_ms": 5.0}}}]
    unanswerable = {"answerable": False, "supporting": []}
    results.append({"retrieval_hit": False, "answer": {"refused": True, "answer": "", "citations": [], "sentences": [], "timings_ms": {"total_ms": 1.0}}})
    o = score([item, unanswerable], results)
    assert (o["answer_correctness"], o["citation_precision"], o["refusal_accuracy"], o["refusal_recall"]) == (1.0, 1.0, 1.0, 1.0)
    # an answer that says the articles may not say is no refusal, but it is a warning
    results[1]["answer"] = {"refused": False, "unsure": True, "answer": "Closest.", "citations": [], "sentences": [], "timings_ms": {"total_ms": 1.0}}
    o = score([item, unanswerable], results)
    assert (o["refusal_recall"], o["warning_recall"], o["false_warning_rate"]) == (0.0, 1.0, 0.0)


def test_eval_scores_the_retrieval_the_answer_was_made_from(settings, tmp_path):
    """"What's the latest on X?" is answered from the newest of a wider search, not the best
    match: the retrieval hit is counted on those chunks (Assistant.retrieve), the ones the answer
    used, not on a plain search of the question."""
    from assistant.evaluate import run_eval
    from conftest import assistant_with

    older = {"title": "Harbour ferry fares rise", "source": "Harbour Post", "published_at": "2023-10-01", "url": "https://example.test/fares",
             "body": "The harbour ferry fares rose by ten percent on Monday, the council said.\n\nHarbour ferry fares had not risen since 2019, and riders of the harbour ferry complained about the fares."}
    newer = {"title": "Ferry service to pause", "source": "Harbour Post", "published_at": "2023-11-20", "url": "https://example.test/pause",
             "body": "The harbour ferry will stop running in December while its pier is repaired, the council said.\n\nBuses will replace it until the spring."}
    assistant = assistant_with([older, newer], replace(settings, top_k=1), tmp_path)
    question = "What's the latest on the harbour ferry fares?"
    supporting = "The harbour ferry will stop running in December while its pier is repaired, the council said."
    assert [h.article_id for h in assistant.retriever.search(question, 1)] == ["https://example.test/fares"]  # the best match is the older article
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "t1", "question": question, "answer": "The ferry will stop running in December.", "short_answer": None, "answerable": True, "supporting": [supporting]}) + "\n")
    report = run_eval(assistant.settings, gold, tmp_path / "articles.jsonl", tmp_path / "report", assistant=assistant)
    assert report["results"][0]["retrieval_hit"] is True
    assert report["overall"]["retrieval_hit_rate"] == 1.0


def test_citation_audit_samples_every_cited_sentence_and_scores_the_reader_verdicts(tmp_path):
    """eval/audit_citations.py: one row per (sentence, citation) of answered, answerable
    questions; scoring refuses a sample with rows left unjudged and reports the share judged
    to support, beside the automatic fact-overlap share of the same rows."""
    import runpy
    from pathlib import Path

    audit = runpy.run_path(str(Path(__file__).resolve().parent.parent / "eval" / "audit_citations.py"))
    quote = "Google spent $26.3 billion in 2021 to be the default search engine."
    cite = {"n": 1, "quote": quote, "source": "TechCrunch", "title": "t", "published_at": "2023-11-13", "support": 0.6}
    answered = {"query": {"query": "Did Google pay to be the default?", "answer": "Yes", "null": False, "facts": ["Something else entirely."]},
                "answer": {"refused": False, "citations": [cite], "sentences": [{"text": "Yes", "citations": [1], "short": True}, {"text": "Google paid.", "citations": [1]}]}}
    null = {"query": {"query": "Q?", "answer": "Insufficient information.", "null": True, "facts": []},
            "answer": {"refused": False, "citations": [cite], "sentences": [{"text": "x", "citations": [1]}]}}
    saved = tmp_path / "answers.jsonl"
    saved.write_text("\n".join(json.dumps(x) for x in (answered, null)))
    rows = audit["rows"](saved)
    assert [r["sentence"] for r in rows] == ["Answer: Yes", "Google paid."] and not any(r["fact_overlap"] for r in rows)
    judged = tmp_path / "audit.jsonl"
    judged.write_text("\n".join(json.dumps(r) for r in rows))
    with pytest.raises(SystemExit, match="no verdict"):
        audit["score"](judged)
    rows[0]["verdict"], rows[1]["verdict"] = "supports", "does not"
    judged.write_text("\n".join(json.dumps(r) for r in rows))
    result = audit["score"](judged)
    assert result["all"]["reader_precision"] == 0.5 and result["short answer"]["reader_precision"] == 1.0
    assert result["all"]["fact_overlap_precision"] == 0.0
    low, high = result["all"]["interval_95"]
    assert 0.0 < low < 0.5 < high < 1.0


def test_refusal_calibration_keeps_the_null_recall_goal_then_counts_errors():
    """eval/calibrate_refusal.py: the fewest errors (null answered + answerable refused) among the
    thresholds refusing at least 90 % of the null queries; of equal ones the highest."""
    import runpy

    calibrate = runpy.run_path(str(ROOT / "eval" / "calibrate_refusal.py"))
    nulls = [(0.20 + 0.01 * i, True) for i in range(10)]  # 0.20 .. 0.29
    answerable = [(0.28, False), (0.31, False), (0.40, False), (0.50, False)]
    rows = nulls + answerable
    assert calibrate["errors"](rows, 0.30) == (0, 1)  # every null refused, 0.28 refused too
    assert calibrate["errors"](rows, 0.29) == (1, 1)
    # 0.29 has 2 errors but refuses 9 of 10 nulls; 0.30 and 0.31 have 1 (0.31 is refused only at 0.32)
    assert calibrate["choose"](rows) == 0.31
    # a null above every answerable one cannot be refused; 0.28 to 0.31 tie at 2 errors, the highest wins
    moved = [(0.60, True)] + nulls[:-1] + answerable
    assert calibrate["errors"](moved, 0.29) == (1, 1) and calibrate["choose"](moved) == 0.31
