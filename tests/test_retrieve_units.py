"""Retrieval pieces without models: question plans, claims, fusion, rank merging, relevance."""

import numpy as np

from assistant.plan import aliases, clauses, find_days, find_sources, plan, search_words
from assistant import retrieve
from assistant.retrieve import ChunkIndex, Retriever, fuse, merge, relevance, top
from assistant.types import Hit

SOURCES = ["TechCrunch", "The Verge", "Sporting News", "The Independent - Life and Style", "Cnbc | World Business News Leader", "Fortune"]


class FakeStore:
    """Three chunks: a short one and a long one that both name the drone once, and one that does not."""

    name = "fake"
    ids = ["a-0000", "b-0000", "c-0000"]
    docs = ["The drone fell.", "The drone fell " + "while officials met in the city hall to discuss budgets " * 6, "Rain in Paris."]

    def all_chunk_vectors(self):
        metas = [{"source": "S", "date_num": 20231001, "article_id": i[0], "header": "S"} for i in self.ids]
        return self.ids, self.docs, metas, [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]

    def generation(self):
        return "g1"


def hit(cid, article, score=0.0, text="", dense=0.0):
    return Hit(cid, text, {"article_id": article, "header": ""}, score, dense=dense)


def test_outlet_aliases_and_mentions():
    assert aliases(SOURCES)["the independent"] == {"The Independent - Life and Style"}
    assert aliases(SOURCES)["cnbc"] == {"Cnbc | World Business News Leader"}
    q = "Did The Verge and the 'TechCrunch' article agree, while The Independent and CNBC disagreed about fortune?"
    names = [n for _, _, n in find_sources(q, SOURCES)]
    assert names == [["The Verge"], ["TechCrunch"], ["The Independent - Life and Style"], ["Cnbc | World Business News Leader"]]  # not "fortune"


def test_dates_in_questions():
    assert find_days("published on October 7, 2023 and 2023-12-01, or Sept. 3") == [20231007, 20231201]
    assert find_days("on March 3rd", default_year=2024) == [20240303]
    assert find_days("on February 30, 2023") == []


def test_clauses_cut_claims_and_keep_attributions_and_dates_attached():
    q = "Who is the person accused of fraud by prosecutors, as reported by The Verge, and has also pleaded not guilty to seven charges, while facing a criminal trial on October 3, 2023?"
    assert clauses(q, {"verge"}) == [
        "Who is the person accused of fraud by prosecutors, as reported by The Verge",
        "and has also pleaded not guilty to seven charges",
        "while facing a criminal trial on October 3, 2023",
    ]
    assert clauses("Which company, according to TechCrunch, sells phones?", {"techcrunch"}) == ["Which company according to TechCrunch sells phones"]
    assert clauses("Is it?") == ["Is it?"]  # nothing substantial: the question itself


def test_plan_searches_each_claim_among_its_outlets_and_days():
    q = "Does the TechCrunch article published on October 2, 2023 say the founder faces fraud charges, while The Verge article says the exchange misused customer funds, and also mentions the exchange's bankruptcy filing?"
    subs = plan(q, SOURCES)
    assert [(s.sources, s.day) for s in subs] == [(["TechCrunch"], 20231002), (["The Verge"], 0), (["TechCrunch", "The Verge"], 0)]
    assert subs[1].text == "while The Verge article says the exchange misused customer funds"
    assert (subs[0].sources, subs[0].days()) == (["TechCrunch"], [20231001, 20231002, 20231003])
    assert [(s.sources, s.day) for s in plan("What did Putin tell the FSB about the drones?", SOURCES)] == [([], 0)]
    one = plan("How did TechCrunch report on October 31, 2023 and December 15, 2023 on Google's search deals?", SOURCES)
    assert [s.day for s in one] == [20231031, 20231215]


def test_search_words_drop_outlets_dates_and_boilerplate():
    q = "Does the TechCrunch article published on October 2, 2023 report that The Verge's founder faces fraud charges?"
    assert search_words(q, SOURCES) == "Does the on that 's founder faces fraud charges?"
    assert search_words("fortune favours the bold", SOURCES) == "fortune favours the bold"  # a plain word, not the outlet
    assert search_words("The Verge article", SOURCES) == ""


def test_fusion_weights_lexical_and_dense():
    fused = fuse(np.array([10.0, 5.0, 0.0]), np.array([0.2, 0.0, 0.9]), lexical_weight=0.6)
    assert np.allclose(fused, [0.6 + 0.4 * 0.2, 0.3, 0.36])
    assert np.allclose(fuse(np.zeros(2), np.array([0.5, -0.3]), 0.6), [0.2, 0.0])  # no lexical match, negative cosine floored


def test_top_ranks_within_a_mask():
    scores = np.array([0.1, 0.9, 0.5, 0.7])
    assert top(scores, 3) == [1, 3, 2]
    assert top(scores, 3, mask=np.array([True, False, True, False])) == [2, 0]
    assert top(scores, 2, mask=np.zeros(4, bool)) == []


def test_merge_fuses_ranks_and_caps_one_article():
    articles = ["A", "A", "A", "B", "C"]
    # chunk 3 is second in both claim lists: it beats chunk 4, first in one list only
    assert merge([([0, 3], 1.0), ([4, 3], 1.0)], 2, articles) == [3, 0]
    # at most two chunks of article A while others remain; A's third chunk fills the last place
    assert merge([([0, 1, 2, 3], 1.0)], 4, articles, per_article=2) == [0, 1, 3, 2]
    # a list's weight scales its votes
    assert merge([([4], 0.5), ([3], 1.0)], 1, articles) == [3]


def test_relevance_rises_with_shared_content_words():
    q = "What did Putin tell the FSB?"
    assert relevance(q, [hit("x", "A", text="Putin told the FSB to act.", dense=0.5)]) > relevance(q, [hit("y", "B", text="Rain fell in Paris.", dense=0.5)])
    assert relevance(q, []) == 0.0


def test_bm25_length_normalisation_is_weak(monkeypatch):
    def short_over_long(b):
        monkeypatch.setattr(retrieve, "BM25_B", b)
        scores = ChunkIndex.build(FakeStore()).lexical("drone")
        assert scores[2] == 0.0
        return scores[0] / scores[1]

    assert 1.0 < short_over_long(retrieve.BM25_B) < short_over_long(0.75)  # the short chunk still wins, by less


def test_index_is_cached_per_generation_and_bm25_parameters(tmp_path):
    stale = tmp_path / "chunk-index" / "fake" / "g1"  # built by an older version, without the BM25 key
    stale.mkdir(parents=True)
    index = Retriever(FakeStore(), None, tmp_path).index()
    folders = [p.name for p in (tmp_path / "chunk-index" / "fake").iterdir()]
    assert folders == [f"g1-b{retrieve.BM25_B}"]
    again = Retriever(FakeStore(), None, tmp_path).index()  # loaded from disk
    assert again.ids == index.ids and np.allclose(again.lexical("drone"), index.lexical("drone"))
