"""Retrieval pieces without models: question plans, claims, fusion, rank merging, relevance."""

from datetime import date

import numpy as np

from assistant.plan import Period, aliases, clauses, find_days, find_periods, find_sources, plan, search_words
from assistant import retrieve
from assistant import rerank
from assistant.rerank import merge
from assistant.retrieve import ChunkIndex, Retriever, fuse, relevance, sentence_table, split_sentences, top
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

    def require_articles(self):
        pass


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
    # no year: a publication day is the most recent one in the store (newest article 2023-12-20)
    assert find_days("What did TechCrunch report on October 5?", latest=20231220) == [20231005]
    assert find_days("the article published on December 28", latest=20231220) == [20221228]  # not yet in 2023
    assert find_days("the Hamas attack on October 7", latest=20231220) == []  # when it happened, not when reported
    assert find_days("What did TechCrunch report on October 5?") == []  # an empty store dates nothing
    subs = plan("What did TechCrunch report on October 5?", SOURCES, latest=20231220)
    assert [(s.sources, s.day) for s in subs] == [(["TechCrunch"], 20231005)]


def test_months_and_times_relative_to_today_in_questions():
    today = date(2026, 11, 30)  # a Monday
    periods = lambda text, **kw: [(p.since, p.until, p.phrase) for p in find_periods(text, today=today, **kw)]  # noqa: E731
    # relative times run from the start of the time named to today, a day of slack either side
    assert periods("What did Fortune report last week about Binance?") == [(20261122, 20261201, "last week")]
    assert periods("What happened yesterday in Gaza?") == [(20261128, 20261201, "yesterday")]
    assert periods("What did The Verge report this week?") == [(20261129, 20261201, "this week")]
    assert periods("news from the past 3 days about Apple") == [(20261126, 20261201, "in the last 3 days")]
    assert periods("What has Fortune said this past week?") == [(20261122, 20261201, "in the last week")]
    assert periods("anything in the last 48 hours?") == [(20261127, 20261201, "in the last 48 hours")]
    assert periods("Has TechCrunch covered it this month?") == [(20261031, 20261201, "this month")]
    assert periods("last month's reports on the strike") == [(20260930, 20261201, "last month")]
    assert periods("Did Kirk Cousins play well in last week's game?") == []  # when it happened, not what to read
    assert periods("What did USA Today report?") == [] and periods("Business Today says") == []  # names
    # a month named as a publication time; without a year, the most recent one up to the newest article
    assert periods("What did TechCrunch publish in October 2023 about Google?") == [(20231001, 20231031, "in October 2023")]
    assert periods("TechCrunch's December articles about Google", latest=20231220) == [(20231201, 20231231, "in December 2023")]
    assert periods("Since October, has Apple said more?", latest=20231220) == [(20231001, 0, "since October")]
    assert periods("the attack in October 2023") == [] and periods("May I ask about the strike?") == []
    assert periods("What happened in October 2023?", any_month=True) == [(20231001, 20231031, "in October 2023")]  # a question naming no topic
    assert Period(20231001, 20231031, "in October 2023").describe() == "in October 2023 (2023-10-01 to 2023-10-31)"
    # a year alone, likewise: named as a publication time, or anywhere in a question naming no topic
    assert periods("Which articles did TechCrunch publish during 2023 about Google?") == [(20230101, 20231231, "in 2023")]
    assert periods("Who won the Super Bowl in 2024?") == [] and periods("the 2024 election") == []
    assert periods("What happened in 2024?", any_month=True) == [(20240101, 20241231, "in 2024")]
    (sub,) = plan("What did Fortune report last week about Binance?", SOURCES + ["Fortune"], latest=20231220, today=today)
    assert (sub.sources, sub.day, sub.period.phrase) == (["Fortune"], 0, "last week")
    assert search_words("What did Fortune report last week about Binance?", ["Fortune"]).split() == ["What", "did", "about", "Binance?"]
    assert "week's" in search_words("Did Kirk Cousins play well in last week's game?", [])  # not a filter: still words


def test_clauses_cut_claims_and_keep_attributions_and_dates_attached():
    q = "Who is the person accused of fraud by prosecutors, as reported by The Verge, and has also pleaded not guilty to seven charges, while facing a criminal trial on October 3, 2023?"
    assert clauses(q, {"verge"}) == [
        "Who is the person accused of fraud by prosecutors, as reported by The Verge",
        "and has also pleaded not guilty to seven charges",
        "while facing a criminal trial on October 3, 2023",
    ]
    assert clauses("Which company, according to TechCrunch, sells phones?", {"techcrunch"}) == ["Which company, according to TechCrunch, sells phones?"]  # one claim: the question
    assert clauses("Is it?") == ["Is it?"]  # nothing substantial: the question itself
    # a question's short head names what every claim is about: it joins the first claim
    head = "Which global cryptocurrency exchange, reported by TechCrunch as the largest of its kind, withdrew assets from FTX?"
    assert clauses(head, {"techcrunch"}) == ["Which global cryptocurrency exchange reported by TechCrunch as the largest of its kind", "withdrew assets from FTX"]
    assert clauses("Which global crypto exchange chief, famous for quick growth, was jailed?")[0] == "Which global crypto exchange chief"  # four words stand alone


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
    assert folders == [f"g1-b{retrieve.BM25_B}-v{retrieve.INDEX_VERSION}"]
    again = Retriever(FakeStore(), None, tmp_path).index()  # loaded from disk
    assert again.ids == index.ids and np.allclose(again.lexical("drone"), index.lexical("drone"))
    assert all(np.array_equal(a, b) for a, b in zip(again.sentences, index.sentences))
    assert [(h.chunk_id, h.text, h.metadata) for h in again.hits([1, 0])] == [(h.chunk_id, h.text, h.metadata) for h in index.hits([1, 0])]  # texts from the cache
    records = tmp_path / "chunk-index" / "fake" / folders[0] / "records.jsonl"
    records.write_bytes(records.read_bytes()[:5])  # a damaged cache (disk full, a stray edit) is rebuilt, not read
    rebuilt = Retriever(FakeStore(), None, tmp_path).index()
    assert rebuilt.hits([1])[0].text == index.hits([1])[0].text



def test_processes_building_the_same_index_at_once_all_get_it(tmp_path):
    """Users asking right after an ingest each build the index (one Retriever per process): none
    may write into another's files, and none may fail."""
    import threading

    for round_ in range(5):
        home = tmp_path / str(round_)
        start, results, errors = threading.Barrier(6), [], []

        def ask():
            start.wait()
            try:
                results.append(Retriever(FakeStore(), None, home).index())
            except Exception as e:  # noqa: BLE001 - the test reports any failure
                errors.append(e)

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and len(results) == 6
        assert [p.name for p in (home / "chunk-index" / "fake").iterdir()] == [f"g1-b{retrieve.BM25_B}-v{retrieve.INDEX_VERSION}"]  # no half-written copy left
        assert Retriever(FakeStore(), None, home).index().ids == results[0].ids


# ---- reranking ------------------------------------------------------------------
def test_sentences_become_token_ids_per_chunk():
    assert split_sentences("Header line\nThe drone fell. Officials met! \"Why?\" he asked.") == ["Header line", "The drone fell.", "Officials met!", '"Why?" he asked.']
    vocab = {"drone": 0, "fell": 1, "rain": 2}
    tokens, starts, chunks = sentence_table(["The drone fell. Rain.", "", "Rain fell."], lambda ss: [s.lower().strip(".").split() for s in ss], vocab)
    assert tokens.tolist() == [0, 1, 2, 2, 1]  # "the" is not in the vocabulary
    assert starts.tolist() == [0, 2, 3, 5] and chunks.tolist() == [0, 2, 2, 3]  # the empty chunk has no sentence


def test_coverage_weighs_claim_words_per_chunk_and_best_sentence():
    # chunk 0: sentences [1 2] [3]; chunk 1: [3 1 2]; chunk 2: [4]
    table = (np.array([1, 2, 3, 3, 1, 2, 4], np.int32), np.array([0, 2, 3, 6, 7]), np.array([0, 2, 3, 4]))
    weights = np.array([0.0, 1.0, 1.0, 2.0, 5.0])
    laid = rerank.gather([1, 0, 2], table)  # any order of candidates
    held = rerank.coverage(laid, np.array([1, 2, 3], np.int32), weights)
    assert np.allclose(held["coverage"], [1.0, 1.0, 0.0])
    assert np.allclose(held["sentence_coverage"], [1.0, 0.5, 0.0])  # chunk 0 splits the claim over two sentences
    assert np.allclose(held["sentence_weight"], [4.0, 2.0, 0.0])
    assert np.allclose(held["bigrams"], [0.5, 0.5, 0.0])  # "1 2" adjacent in both; "2 3" only across chunk 0's sentences
    assert not rerank.coverage(laid, np.zeros(0, np.int32), weights)["coverage"].any()


def test_greedy_serves_every_claim_and_caps_articles():
    inf = -np.inf
    scores = np.array([[3.0, 2.9, 2.8, inf], [inf, inf, inf, 2.5]])  # claim 0 wants 0-2, claim 1 wants 3
    articles = ["A", "B", "C", "D"]
    assert rerank.greedy(scores, articles, 2, 4, penalty=0.0) == [0, 1]
    assert rerank.greedy(scores, articles, 2, 4, penalty=0.5) == [0, 3]  # claim 0 already served
    assert rerank.greedy(scores, ["A", "A", "B", "C"], 3, 1, penalty=0.0) == [0, 2, 3]
    assert rerank.greedy(np.zeros((0, 4)), articles, 2, 4, 0.5) == []


def test_choose_fills_from_fusion_order_when_claims_run_out():
    model = rerank.Model(np.zeros(2), np.ones(2), np.array([1.0, 0.0]), names=("a", "b"))
    X = np.array([[[0.1, 0.0], [0.9, 0.0], [0.5, 0.0], [0.0, 0.0]]])
    allowed = np.array([[True, True, False, False]])  # the claim may only propose 10 and 11
    assert rerank.choose([10, 11, 12, 13], X, allowed, {10: "A", 11: "B", 12: "C", 13: "D"}, 3, 4, model) == [11, 10, 12]


def test_chosen_chunks_rank_by_how_clearly_each_stands_out_for_its_claim():
    inf = -np.inf
    # claim 0 has two close candidates (raw scores 3.0, 2.9); claim 1 one clear winner (2.5 against 0.0)
    scores = np.array([[3.0, 2.9, inf, inf], [inf, inf, 2.5, 0.0]])
    sure = rerank.confidence(scores)
    assert sure[2] > sure[0] > sure[1] > sure[3] and np.isclose(sure[:2].sum(), 1.0)
    assert rerank.confidence(np.full((1, 3), inf)).tolist() == [0.0, 0.0, 0.0]  # a claim with no candidate
    model = rerank.Model(np.zeros(1), np.ones(1), np.ones(1), names=("a",))
    X = scores[:, :, None].copy()
    X[~np.isfinite(X)] = 0.0
    chosen = rerank.choose([10, 11, 12, 13], X, np.isfinite(scores), {10: "A", 11: "B", 12: "C", 13: "D"}, 3, 4, model, penalty=0.5)
    assert chosen == [12, 10, 11]  # greedy took 10 first (highest raw score); the clear winner of claim 1 ranks first


def test_model_scores_standardised_features_and_checks_its_feature_list():
    model = rerank.Model([1.0, 0.0], [2.0, 1.0], [1.0, -1.0], names=rerank.FEATURES[:2])
    assert np.allclose(model.score(np.array([[3.0, 1.0], [1.0, 0.0], [7.0, 1.0], [1.0, 3.0]])), [0.0, 0.0, 2.0, -3.0])
    try:
        rerank.Model.from_json(model.to_json())
    except ValueError as e:
        assert "other features" in str(e)
    else:
        raise AssertionError("weights for other features were accepted")
    shipped = rerank.shipped()
    assert shipped.names == list(rerank.FEATURES) and len(shipped.weights) == len(rerank.FEATURES)


class ArchiveStore(FakeStore):
    """300 one-chunk articles: one on lecanemab's price, one on donanemab, the rest filler."""

    name = "archive"

    def __init__(self, n: int = 300):
        self.ids = [f"a{i}-0000" for i in range(n)]
        self.docs = ["Lilly's rival priced lecanemab at $26,500 a year.", "Donanemab slowed decline in trials."] + [f"Filler story {i} about weather and traffic." for i in range(2, n)]

    def all_chunk_vectors(self):
        metas = [{"source": "S", "date_num": 20231001, "article_id": i.split("-")[0], "header": "S"} for i in self.ids]
        return self.ids, self.docs, metas, [[1.0, 0.0]] * len(self.ids)


def test_rare_question_words_the_answers_article_lacks(tmp_path):
    retriever = Retriever(ArchiveStore(), None, tmp_path)
    question = "What is the list price of donanemab in the weather?"
    assert retriever.rare_words_missing(question, {"a0"}) == ["donanemab"]  # "weather" is common, "list" stored nowhere
    assert retriever.rare_words_missing(question, {"a1"}) == ["price"]  # the price article is the other one
    assert retriever.rare_words_missing(question, {"a0", "a1"}) == []
    small = Retriever(ArchiveStore(100), None, tmp_path / "small")  # too few articles for any word to count as rare
    assert small.rare_words_missing(question, {"a0"}) == []
