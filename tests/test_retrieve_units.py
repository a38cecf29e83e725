"""Retrieval pieces without models: question plans, fusion, diversity, merging, relevance."""

from assistant.plan import aliases, find_days, find_sources, plan
from assistant.retrieve import diversify, fuse, interleave, relevance
from assistant.types import Hit

SOURCES = ["TechCrunch", "The Verge", "Sporting News", "The Independent - Life and Style", "Cnbc | World Business News Leader", "Fortune"]


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


def test_plan_splits_on_outlets_and_dates():
    q = "Does the TechCrunch article published on October 2, 2023 say X about fraud, while The Verge article says Y about customer funds?"
    subs = plan(q, SOURCES)
    assert [(s.sources, s.day) for s in subs] == [(["TechCrunch"], 20231002), (["The Verge"], 0)]
    assert subs[1].text.startswith("The Verge article says Y")
    assert subs[0].where() == {"$and": [{"source": {"$in": ["TechCrunch"]}}, {"date_num": {"$in": [20231001, 20231002, 20231003]}}]}
    assert plan("What did Putin tell the FSB?", SOURCES) == []
    one = plan("How did TechCrunch report on October 31, 2023 and December 15, 2023 on Google, according to TechCrunch?", SOURCES)
    assert [s.day for s in one] == [20231031, 20231215]


def test_fusion_weights_lexical_and_dense():
    fused = fuse([("a", 10.0), ("b", 5.0)], {"a": 0.2, "c": 0.9}, lexical_weight=0.6)
    assert round(fused["a"], 3) == round(0.6 + 0.4 * 0.2, 3)
    assert round(fused["b"], 3) == 0.3 and round(fused["c"], 3) == 0.36


def test_diversify_caps_one_article_unless_nothing_else():
    ranked = [hit(f"a{i}", "A") for i in range(5)] + [hit("b0", "B")]
    assert [h.chunk_id for h in diversify(ranked, 4, per_article=2)] == ["a0", "a1", "b0", "a2"]


def test_interleave_gives_each_list_its_turn():
    lists = [[hit("a", "A"), hit("b", "B")], [hit("c", "C"), hit("a", "A")], [hit("d", "D")]]
    assert [h.chunk_id for h in interleave(lists, 4)] == ["a", "c", "d", "b"]


def test_relevance_rises_with_shared_content_words():
    q = "What did Putin tell the FSB?"
    assert relevance(q, [hit("x", "A", text="Putin told the FSB to act.", dense=0.5)]) > relevance(q, [hit("y", "B", text="Rain fell in Paris.", dense=0.5)])
    assert relevance(q, []) == 0.0
