"""`assistant bench multihop`: the official MultiHop-RAG scoring rule on hand-made rankings, and
one end-to-end run on a small committed slice of the corpus (real embedder, real Chroma)."""

import json
from pathlib import Path

import pytest

from assistant.bench import load_queries, score_query, squash, summarise
from assistant.errors import InputError
FILLER = "Nothing relevant in this chunk."


def ranking(**at: str) -> list[str]:
    """Ten (or more) chunk texts: filler, except the given ranks (r1, r2, ...)."""
    n = max([10] + [int(k[1:]) for k in at])
    return [at.get(f"r{i}", FILLER) for i in range(1, n + 1)]


CASES = [
    # facts at ranks 2 and 4 (rank 4 also repeats the first fact); whitespace differs
    (["Alpha beta gamma.", "Delta epsilon."], ranking(r2="x Alpha  beta\ngamma. y", r4="Delta epsilon. Alpha beta gamma.")),
    # one of three facts at rank 5; another only at rank 11, past the cut-off
    (["Fact one here.", "Fact two here.", "Fact three here."], ranking(r5="Fact two here.", r11="Fact three here.")),
    # a duplicated fact found at rank 1 (the benchmark divides MAP by len(facts), duplicates included)
    (["Same fact.", "Same fact."], ranking(r1="The Same fact. again")),
    # nothing found
    (["Missing fact."], ranking(r3="Missing\tfact.")),  # a tab is not removed by the official rule
]
EXPECTED = [
    {"hits@10": 1, "hits@4": 1, "mrr@10": 1 / 2, "map@10": (1 / 2 + 1 / 4) / 2, "evidence_recall@10": 1, "complete@10": 1},
    {"hits@10": 1, "hits@4": 0, "mrr@10": 1 / 5, "map@10": (1 / 5) / 3, "evidence_recall@10": 1 / 3, "complete@10": 0},
    {"hits@10": 1, "hits@4": 1, "mrr@10": 1, "map@10": 1 / 2, "evidence_recall@10": 1, "complete@10": 1},
    {"hits@10": 0, "hits@4": 0, "mrr@10": 0, "map@10": 0, "evidence_recall@10": 0, "complete@10": 0},
]


@pytest.mark.parametrize("case,expected", list(zip(CASES, EXPECTED)))
def test_score_query_by_hand(case, expected):
    facts, texts = case
    assert score_query(texts, facts) == pytest.approx(expected)


def test_summary_averages_over_queries():
    rows = [score_query(texts, facts) for facts, texts in CASES]
    got = summarise(rows)
    assert got["queries"] == 4
    assert got["hits@10"] == 0.75 and got["hits@4"] == 0.5 and got["complete@10"] == 0.5
    assert got["mrr@10"] == pytest.approx((0.5 + 0.2 + 1 + 0) / 4, abs=1e-4)
    assert got["map@10"] == pytest.approx((0.375 + 0.2 / 3 + 0.5) / 4, abs=1e-4)
    assert got["evidence_recall@10"] == pytest.approx((1 + 1 / 3 + 1) / 4, abs=1e-4)


def test_load_queries_skips_null_and_limits(tmp_path):
    items = [
        {"query": "q0", "question_type": "null_query", "evidence_list": []},
        {"query": "q1", "question_type": "inference_query", "evidence_list": [{"fact": "A."}]},
        {"query": "q2", "question_type": "comparison_query", "evidence_list": []},
        {"query": "q3", "question_type": "temporal_query", "evidence_list": [{"fact": "B."}, {"fact": "C."}]},
        {"query": "q4", "question_type": "temporal_query", "evidence_list": [{"fact": "D."}]},
    ]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(items))
    assert [q["query"] for q in load_queries(path)] == ["q1", "q3", "q4"]
    assert [(q["query"], q["facts"]) for q in load_queries(path, limit=2)] == [("q1", ["A."]), ("q3", ["B.", "C."])]
    # answers are scored on null queries too (a refusal is the right answer); empty evidence is still skipped
    assert [(q["query"], q["null"]) for q in load_queries(path, include_null=True)] == [("q0", True), ("q1", False), ("q3", False), ("q4", False)]
    assert load_queries(path)[0]["urls"] == []  # these facts name no article


def test_bad_input_is_an_input_error(tmp_path, capsys):
    from assistant.cli import main

    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    good = tmp_path / "q.json"
    good.write_text(json.dumps([{"query": "q", "question_type": "inference_query", "evidence_list": [{"fact": "A."}]}]))
    corpus_ok = _write(tmp_path / "c.json", [{"title": "T", "body": "Text.", "url": "u"}])
    cases = [(tmp_path / "none.json", good, "does not exist"), (broken, good, "broken JSON"), (corpus_ok, broken, "broken JSON"), (good, good, "'body' text")]
    for corpus, queries, needle in cases:
        assert main(["bench", "multihop", "--corpus", str(corpus), "--queries", str(queries)]) == InputError.exit_code
        assert needle in capsys.readouterr().err
    with pytest.raises(InputError, match="no query to score"):
        load_queries(_write(tmp_path / "n.json", [{"query": "q", "question_type": "null_query", "evidence_list": []}]))


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def small_multihop(tmp_path):
    """tests/data/multihop_mini: the first 4 non-null dev queries, their evidence articles
    (cut to the paragraphs near the facts) and 10 short other articles, committed so that
    the test needs nothing outside the repo."""
    mini = Path(__file__).parent / "data" / "multihop_mini"
    articles = json.loads((mini / "corpus.json").read_text(encoding="utf-8"))
    queries = json.loads((mini / "queries.json").read_text(encoding="utf-8"))
    facts = [e["fact"] for q in queries for e in q["evidence_list"]]
    assert all(any(squash(f) in squash(a["body"]) for a in articles) for f in facts)
    return _write(tmp_path / "corpus.json", articles), _write(tmp_path / "queries.json", queries), len(articles)


def test_cli_bench_end_to_end(small_multihop, tmp_path, monkeypatch, capsys):
    from assistant.bench import collection_name, ensure_ingested
    from assistant.cli import main
    from assistant.config import load_settings
    from assistant.pipeline import Assistant

    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "bench_home"))
    assert load_settings().home == tmp_path / "bench_home"
    corpus, queries, n_articles = small_multihop
    assert main(["bench", "multihop", "--corpus", str(corpus), "--queries", str(queries), "--limit", "3", "--baseline", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    keys = {"hits@10", "hits@4", "map@10", "mrr@10", "evidence_recall@10", "complete@10", "queries"}
    assert keys <= set(result["overall"]) and result["overall"]["queries"] == 3
    assert set(result["baseline"]) == {"dense", "bm25"}
    for figures in [result["overall"], *result["by_type"].values(), *result["baseline"].values()]:
        assert keys <= set(figures)
        assert all(0.0 <= figures[k] <= 1.0 for k in keys - {"queries"})
    assert sum(t["queries"] for t in result["by_type"].values()) == 3
    assert result["overall"]["hits@10"] > 0 and result["baseline"]["bm25"]["hits@10"] > 0
    assert result["baseline"]["dense"]["node_text_mismatches"] == 0
    assert result["chunks"] > n_articles and result["chunk_tokens"] == 256 and result["chunk_overlap"] == 32
    assert result["latency_ms"]["p50"] > 0 and not result["settings"]["ingest_cached"]
    assert result["settings"]["collection"].startswith("mh_") and "ours" in result["table"]

    # a second run reuses the collection (checked without re-running the queries: it is the slow part)
    assistant = Assistant(load_settings(), collection=collection_name(corpus, load_settings()))
    assert assistant.store.name == result["settings"]["collection"]
    seconds, cached = ensure_ingested(assistant, corpus, json.loads(corpus.read_text(encoding="utf-8")))
    assert cached and assistant.store.count() == result["chunks"]


# ---- answers (--answers) -------------------------------------------------------
def _answer(short=None, refused=False, quotes=(), sentences=(), url="u1"):
    return {"answer": "Answer: x", "short_answer": short, "refused": refused, "citations": [{"quote": q, "url": url} for q in quotes], "sentences": list(sentences), "timings_ms": {"total_ms": 5.0}}


@pytest.mark.parametrize(
    "gold,null,answer,strict,lenient",
    [
        ("Sam Bankman-Fried", False, _answer("Sam Bankman-Fried"), True, True),
        ("Sam Bankman-Fried", False, _answer("Bankman-Fried"), False, True),  # lenient: one shared token
        ("Yes", False, _answer("Yes"), True, True),
        ("consistent", False, _answer("Yes"), True, False),  # same polarity; the benchmark's rule says no
        ("no", False, _answer("Yes"), False, False),
        ("Google", False, _answer(None), False, False),  # no short answer: the whole text is compared
        ("Google", False, _answer("Google", refused=True), False, False),
        ("Insufficient information.", True, _answer(refused=True), True, True),
        ("Insufficient information.", True, _answer("Google"), False, False),
    ],
)
def test_answer_rules(gold, null, answer, strict, lenient):
    from assistant.bench_answers import lenient_correct, strict_correct

    assert strict_correct(gold, null, answer) is strict
    assert lenient_correct(gold, answer) is lenient


def test_answer_scores_by_hand():
    from assistant.bench_answers import score_answer, summarise

    q = {"answer": "Yes", "null": False, "facts": ["Google paid $26 billion.", "Apple took the money."], "urls": ["u1", "u2"]}
    good = _answer("Yes", quotes=["Google paid $26 billion.", "Something else entirely."], sentences=[{"short": True, "verified": True}, {"verified": True}, {"verified": False}])
    rows = [score_answer(q, good), score_answer({"answer": "Insufficient information.", "null": True, "facts": []}, _answer("Yes"))]
    got = summarise(rows)
    assert got["strict_accuracy"] == 0.5 and got["refusal_recall"] == 0.0 and got["false_refusal_rate"] == 0.0
    assert got["citation_precision"] == 0.5 and got["evidence_recall"] == 0.5 and got["citation_article_precision"] == 1.0
    assert got["verified_sentence_share"] == 0.5 and got["answer_queries"] == 2


def test_cli_bench_answers_through_the_openai_path(small_multihop, tmp_path, monkeypatch, capsys):
    """--answers runs the whole pipeline; here the LLM is SmolLM2 behind llama.cpp's
    OpenAI-compatible server on loopback, so the OpenAI code path is the one scored."""
    from assistant.cli import main
    from assistant.generate import bundled_gguf
    from servers import llama_server

    corpus, queries, _ = small_multihop
    items = json.loads(queries.read_text(encoding="utf-8"))
    items.append({"query": "What did the Bloomberg article say about the Global Financing Group's new partnership with a fintech startup?", "answer": "Insufficient information.", "question_type": "null_query", "evidence_list": []})
    _write(queries, items)
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "bench_home"))
    with llama_server(bundled_gguf(), tmp_path / "llama.log") as base_url:
        monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
        monkeypatch.setenv("OPENAI_BASE_URL", base_url)
        monkeypatch.setenv("ASSISTANT_LLM_MODEL", "smollm2")
        saved = tmp_path / "answers.jsonl"
        assert main(["bench", "multihop", "--corpus", str(corpus), "--queries", str(queries), "--answers", "--json", "--save-answers", str(saved)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    lines = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert [x["query"]["query"] for x in lines] == [q["query"] for q in items]
    assert any(x["answer"]["citations"] for x in lines)
    bodies = [" ".join(r["body"].split()) for r in json.loads(corpus.read_text(encoding="utf-8"))]
    for x in lines:  # every cited quote saved is the article's own words, with its support
        for c in x["answer"]["citations"]:
            assert any(" ".join(c["quote"].split()) in body for body in bodies) and 0.0 <= c["support"] <= 1.0
    keys = {"strict_accuracy", "lenient_accuracy", "refusal_recall", "false_refusal_rate", "citation_precision", "citation_article_precision", "evidence_recall", "verified_sentence_share"}
    assert keys <= set(result["overall"]) and result["overall"]["answer_queries"] == len(items)
    for figures in [result["overall"], *result["by_type"].values()]:
        assert keys <= set(figures) and all(0.0 <= figures[k] <= 1.0 for k in keys)
    assert "null_query" in result["by_type"] and "hits@10" not in result["by_type"]["null_query"]
    assert result["answers"]["llm"] == "openai" and result["answers"]["latency_ms"]["p50"] > 0
    questions = result["answers"]["questions"]
    assert all(q["short_answer"] in ("Yes", "No") for q in questions if q["type"] != "null_query" and not q["refused"])  # the slice is yes/no questions
    assert "/v1/chat/completions" in (tmp_path / "llama.log").read_text()


def test_baseline_without_its_package_says_what_to_install_before_ingesting(small_multihop, tmp_path, monkeypatch, capsys):
    """--baseline needs a test extra (LlamaIndex's Chroma adapter); without it the run stops at
    once with the command that installs it, not with a traceback after our own run."""
    import sys

    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "bench_home"))
    monkeypatch.setitem(sys.modules, "llama_index.vector_stores.chroma", None)  # import fails
    corpus, queries, _ = small_multihop
    assert main(["bench", "multihop", "--corpus", str(corpus), "--queries", str(queries), "--baseline"]) == 2
    err = capsys.readouterr().err
    assert "--baseline needs" in err and "scripts/install.sh --test" in err and "Traceback" not in err
    assert not (tmp_path / "bench_home").exists() or not any((tmp_path / "bench_home").rglob("chroma.sqlite3"))
