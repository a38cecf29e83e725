"""Bridging (retrieve.Retriever.bridged): a question asking for a name is searched again with the
name its first chunks point to, so a claim whose article states it in other words is found."""

import numpy as np

from assistant import rerank
from conftest import assistant_with


def test_a_claim_stated_in_other_words_is_found_through_the_answers_name(settings, tmp_path):
    records = [
        {"title": "Acme fined", "source": "Daily Ledger", "published_at": "2023-10-02", "url": "https://example.test/acme-fine",
         "body": "Regulators fined Acme Corp for hiding defects in its heaters. Acme Corp said it would appeal."},
        {"title": "Acme chief quits", "source": "Metro Wire", "published_at": "2023-10-20", "url": "https://example.test/acme-ceo",
         "body": "Acme Corp's chief executive resigned on Friday, the company said in a filing."},
    ] + [
        {"title": f"{name} leadership", "source": "Metro Wire", "published_at": f"2023-10-{10 + i}", "url": f"https://example.test/boss-{i}",
         "body": f"The boss of {name} will step down at the end of the year, and the board has begun to look for a successor to the boss."}
        for i, name in enumerate(["Beta Ltd", "Gamma Inc", "Delta Group", "Epsilon Bank"])
    ]
    assistant = assistant_with(records, settings, tmp_path)
    retriever = assistant.retriever
    question = "Which company, fined for hiding defects according to the Daily Ledger, saw its boss step down according to Metro Wire?"
    found = retriever.searches(question)
    index = found.index
    resign = [i for i in range(len(index.ids)) if index.hits([i])[0].metadata["url"].endswith("acme-ceo")]
    step_down = next(k for k, sub in enumerate(found.subs) if sub.sources == ["Metro Wire"])
    bridged = retriever.bridged(found, question)
    assert bridged is not None  # "Acme Corp", named by the first chunks
    # the Metro Wire claim's own words ("boss", "step down") point at the other bosses; with the name, Acme's article leads
    assert found.claims[step_down].index(resign[0]) > bridged.claims[step_down].index(resign[0]) == 0
    # the product chooses among the bridged searches' candidates, in the first searches' order
    chosen = rerank.select(bridged, 4, 4, order=found)
    assert [h.chunk_id for h in retriever.search(question, 4)] == [index.ids[i] for i in chosen]
    assert retriever.bridged(retriever.searches("Did Acme Corp appeal the fine?"), "Did Acme Corp appeal the fine?") is None  # not a name question


def test_chosen_chunks_keep_the_first_searches_order():
    model = rerank.Model(np.zeros(1), np.ones(1), np.ones(1), names=("a",))
    X = np.array([[[0.2], [3.0], [0.0]]])  # the first searches' candidates 11, 12, 13: 12 stands out
    allowed = np.ones((1, 3), dtype=bool)
    assert rerank.ranked_by([10, 11, 12], [11, 12, 13], X, allowed, model) == [12, 11, 10]  # 10 was not among them: last
