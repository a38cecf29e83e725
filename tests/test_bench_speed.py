"""`assistant bench speed`: one real run on a tiny slice (real embedder, Chroma and LlamaIndex;
no LLM, so it stays fast), and the input errors people get."""

import json
from pathlib import Path

import pytest

from assistant.bench_speed import pick
from assistant.cli import main
from assistant.errors import InputError

MINI = Path(__file__).parent / "data" / "multihop_mini"


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_speed_bench_on_a_tiny_slice(tmp_path, capsys):
    corpus = _write(tmp_path / "corpus.json", json.loads((MINI / "corpus.json").read_text(encoding="utf-8")))
    queries = _write(tmp_path / "queries.json", json.loads((MINI / "queries.json").read_text(encoding="utf-8")))
    argv = ["bench", "speed", "--corpus", str(corpus), "--questions", str(queries), "--articles", "5", "--limit", "2", "--cold-runs", "1", "--no-llm", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert "ratio = our throughput" in captured.err and "llamaindex_retrieval" in captured.err  # the table, for people

    ingest = result["ingest"]
    for side in ("ours", "llamaindex"):
        assert ingest[side]["articles"] == 5 and ingest[side]["chunks"] >= 5
        assert ingest[side]["seconds"] > 0 and ingest[side]["articles_per_s"] > 0 and ingest[side]["chunks_per_s"] > 0
    assert isinstance(ingest["ratio"], float) and ingest["ratio"] > 0

    ask = result["ask"]
    assert set(ask) == {"ours_extractive", "ours_retrieval", "llamaindex_retrieval", "ratios"}  # no LLM engines
    for name in ("ours_extractive", "ours_retrieval", "llamaindex_retrieval"):
        assert ask[name]["n"] == 2 and 0 < ask[name]["p50_ms"] <= ask[name]["p95_ms"]
    assert ask["ours_extractive"]["refused"] == 0  # the questions' evidence articles were ingested first
    ratios = [r for pair in ask["ratios"].values() for r in pair.values()] + list(result["cold_start"]["ratios"].values())
    assert len(ratios) == 5 and all(isinstance(r, float) and r > 0 for r in ratios)
    assert result["cold_start"]["ours_extractive"]["p50_s"] > 0 and len(result["cold_start"]["llamaindex_retrieval"]["runs_s"]) == 1
    assert result["settings"]["articles"] == 5 and result["settings"]["questions"] == 2 and result["settings"]["llm"] is None


def test_evidence_articles_come_first():
    records = [{"url": f"u{i}", "body": "x"} for i in range(6)]
    queries = [{"query": "q", "urls": ["u4", "u2"]}]
    assert [r["url"] for r in pick(records, queries, 3)] == ["u2", "u4", "u0"]


@pytest.mark.parametrize(
    "extra,needle",
    [
        (["--articles", "0"], "--articles must be at least 1"),
        (["--limit", "-1"], "--limit must be at least 1"),
        (["--cold-runs", "-1"], "--cold-runs must be at least 0"),
        (["--corpus", "missing.json"], "does not exist"),
        (["--corpus", "broken.json"], "broken JSON"),
        (["--corpus", "corpus.json", "--questions", "missing.json"], "does not exist"),
    ],
)
def test_bad_input_is_an_input_error(extra, needle, tmp_path, capsys):
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    _write(tmp_path / "corpus.json", [{"title": "T", "body": "Text.", "url": "u"}])
    assert main(["bench", "speed", "--corpus", "corpus.json", *extra]) == InputError.exit_code
    assert needle in capsys.readouterr().err
