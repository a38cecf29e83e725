"""Questions about order in time (`timeline.py`), on hand-made dated evidence: which questions
are about order, how each side is found, and the answer the publication days give."""

import pytest

from assistant import short, timeline, weigh
from assistant.cite import spans_of
from assistant.types import Hit

OUTLETS = ["TechCrunch", "Fortune", "BBC News"]


def hit(n: int, text: str, source: str, published: str) -> Hit:
    return Hit(chunk_id=f"c{n}", text=text, metadata={"article_id": f"a{n}", "source": source, "start": 0, "published_at": published}, score=1.0)


HITS = [
    hit(0, "Beeper Mini is back in operation after Apple tried to shut it down.", "TechCrunch", "2023-12-11"),
    hit(1, "Container shipping carriers face losses as freight rates collapse.", "Fortune", "2023-11-12"),
    hit(2, "Everton chairman Bill Kenwright has died at the age of 78.", "BBC News", "2023-10-24"),
    hit(3, "The Dodgers signed Shohei Ohtani to a record contract worth $700 million.", "", "2023-12-09"),
]
SPANS = spans_of(HITS)


def ask(question: str) -> weigh.ShortAnswer | None:
    return short.short_answer(question, SPANS, SPANS, HITS, OUTLETS, 0.2)


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Did TechCrunch report that Beeper Mini was back before Fortune reported on shipping losses?", ("before", "Fortune")),
        ("After TechCrunch reported that Beeper Mini was back, did Fortune report shipping losses?", ("after", "TechCrunch")),
        ("Was the Ohtani contract signed after Kenwright died?", ("after", "Kenwright died")),
        ("Was Kenwright's death reported before or after the Ohtani contract?", ("either", "the Ohtani contract")),
        # a leading clause holding a date's comma runs to the comma before the question's verb
        ("After TechCrunch reported on December 5, 2023, that Beeper Mini was back, did Fortune report shipping losses?", ("after", "TechCrunch")),
        # "published before" asks about order whatever else the question says ("the same film")
        ("Was the Fortune report on the film published before TechCrunch said the same film had flopped?", ("before", "TechCrunch")),
        # not order: a time inside a claim, or a question about whether coverage stayed the same
        ("Does the Times say the team must improve before the end of the season?", None),
        ("After TechCrunch reported on Beeper Mini, was Fortune's coverage consistent?", None),
        ("Which company did TechCrunch cover after Apple?", None),
    ],
)
def test_which_yes_no_questions_ask_about_order(question, expected):
    readings = timeline.order_claims(question, OUTLETS)
    if expected is None:
        assert readings == []
    else:  # (relation of the first side to the second, how the second side starts), first reading
        assert readings[0][1] == expected[0] and readings[0][2].strip(" ?").startswith(expected[1]), readings


def test_a_side_holding_before_or_after_itself_reads_the_two_reports_compared_first():
    question = "Did TechCrunch report that Beeper Mini was back after Apple tried to shut it down before Fortune reported shipping losses?"
    assert [r[1] for r in timeline.order_claims(question, OUTLETS)] == ["before", "after"]  # "after Apple tried ..." names an event too
    found = ask(question)  # the reading comparing two outlets' reports comes first
    assert found.text == "No" and found.basis == "2023-12-11 (TechCrunch) is after 2023-11-12 (Fortune)"


def test_yes_or_no_comes_from_the_publication_days_of_each_side():
    no = ask("Did TechCrunch report that Beeper Mini was back before Fortune reported on shipping losses?")
    assert no.text == "No" and no.basis == "2023-12-11 (TechCrunch) is after 2023-11-12 (Fortune)"
    assert [HITS[s.hit_index].chunk_id for s in no.spans] == ["c0", "c1"]  # each side's sentence, quoted
    yes = ask("Did Fortune report on shipping losses before TechCrunch reported that Beeper Mini was back?")
    assert yes.text == "Yes" and yes.form == "yesno"
    after = ask("After Fortune reported shipping losses, did TechCrunch report that Beeper Mini was back?")
    assert after.text == "Yes"
    assert ask("Was Kenwright's death reported before or after the Ohtani contract was signed?").text == "Before"
    # a side no sentence states: not an answer by dates, so the usual yes/no rule answers (No)
    missing = ask("Did TechCrunch report that Beeper Mini was back before Fortune reported on jellyfish brains?")
    assert missing.text == "No" and not missing.basis


def test_which_came_first_is_the_option_published_first_or_last():
    assert timeline.options("Which came most recently: Kenwright's death, the Ohtani contract or the Beeper Mini return?") == [
        "Kenwright's death", "the Ohtani contract", "the Beeper Mini return"]
    assert timeline.options("Which company, reported by TechCrunch, was first to sue Google?") == []
    first = ask("Which was reported first, the Ohtani contract or Kenwright's death?")
    assert first.text == "Kenwright's death" and first.form == "order" and len(first.spans) == 2
    assert first.basis == "earliest of 2023-10-24 (BBC News), 2023-12-09 (unknown outlet)"  # the answer first
    latest = ask("Which came most recently: Kenwright's death, the Ohtani contract or the Beeper Mini return?")
    assert latest.text == "the Beeper Mini return" and len(latest.spans) == 3


def test_days_that_cannot_order_the_sides_give_no_answer_and_say_why():
    same_day = [hit(0, "Beeper Mini is back in operation.", "TechCrunch", "2023-12-11"), hit(1, "Carriers face shipping losses this winter.", "Fortune", "2023-12-11")]
    spans = spans_of(same_day)
    found = short.short_answer("Did TechCrunch report that Beeper Mini was back before Fortune reported shipping losses?", spans, spans, same_day, OUTLETS, 0.2)
    assert found.text == "" and "2023-12-11" in found.note
    undated = [same_day[0], hit(1, "Carriers face shipping losses this winter.", "Fortune", "")]
    spans = spans_of(undated)
    found = short.short_answer("Which came first, Beeper Mini being back or the shipping losses?", spans, spans, undated, OUTLETS, 0.2)
    assert found.text == "" and "cannot be told" in found.note
    unstated = short.short_answer("Which came first, Beeper Mini being back or the jellyfish study?", SPANS, SPANS, HITS, OUTLETS, 0.2)
    assert unstated.text == "" and "jellyfish study" in unstated.note


@pytest.mark.parametrize(
    "question,latest,topic",
    [
        ("What's the latest on Beeper Mini?", True, "Beeper Mini?"),
        ("What is the latest news on the Ohtani contract?", True, "What is the on the Ohtani contract?"),
        ("What did the most recent report say about Maersk?", True, "What did the say about Maersk?"),
        # something that is itself the latest, not the newest coverage
        ("What is the latest Chromebook model?", False, None),
        ("Which team did she represent in her most recent tournament?", False, None),
    ],
)
def test_which_questions_ask_for_the_latest_news(question, latest, topic):
    assert timeline.wants_latest(question) is latest
    if latest:
        assert " ".join(timeline.without_recency(question).split()) == topic
        assert short.form(question) is None  # news, not a name


def test_the_latest_news_is_the_newest_of_the_relevant_chunks_and_sentences():
    hits = [hit(0, "Maersk cut jobs.", "Fortune", "2023-11-12"), hit(1, "Maersk cut more jobs.", "Fortune", "2023-12-20"), hit(2, "Maersk.", "BBC News", ""), hit(3, "Maersk hired.", "TechCrunch", "2023-12-01")]
    assert [h.chunk_id for h in timeline.newest(hits, 3)] == ["c1", "c3", "c0"]  # undated last, cut at k
    spans = spans_of(hits)
    ranked = [(spans[0], 0.9), (spans[3], 0.8), (spans[1], 0.5)]
    # the newest of those scoring at least 0.6, then the rest in their order
    assert [s.hit_index for s, _ in timeline.newest_first(ranked, hits, 0.6)] == [3, 0, 1]


def test_which_outlet_first_reported_and_when_are_the_earliest_article_stating_it():
    hits = [
        hit(0, "Apple shut down Beeper Mini on Friday, citing security risks.", "TechCrunch", "2023-12-09"),
        hit(1, "Apple shut down Beeper Mini, the iMessage app for Android.", "Fortune", "2023-12-08"),
        hit(2, "Beeper Mini is back after Apple shut it down.", "BBC News", "2023-12-11"),
        hit(3, "Apple released a new iPhone.", "BBC News", "2023-09-12"),  # older, but does not state it
    ]
    spans = spans_of(hits)

    def ask_(question):
        return short.short_answer(question, spans, spans, hits, OUTLETS, 0.2)

    first = ask_("Which outlet first reported that Apple shut down Beeper Mini?")
    assert first.text == "Fortune" and first.basis == "2023-12-08, the earliest of 3 days with an article stating it"
    assert [hits[s.hit_index].chunk_id for s in first.spans] == ["c1"]
    assert ask_("Which outlet reported most recently that Apple shut down Beeper Mini?").text == "BBC News"
    when = ask_("When was Apple shutting down Beeper Mini first reported?")
    assert when.text == "2023-12-08" and when.form == "date"
    assert ask_("When did TechCrunch first report that Apple shut down Beeper Mini?").text == "2023-12-09"  # TechCrunch's articles only
    # without "first" or "reported", the usual rules: the outlet of the best sentence; a date in the text
    assert ask_("Which outlet reported that Apple shut down Beeper Mini?").basis == ""
    assert not timeline.asks_reported("When did Apple shut down Beeper Mini?", "date")


def test_a_side_that_is_a_date_is_compared_with_the_other_sides_day():
    assert timeline.order_claims("Did TechCrunch report that Beeper Mini was back before December 15, 2023?", OUTLETS)[0][1] == "before"
    yes = ask("Did TechCrunch report that Beeper Mini was back before December 15, 2023?")
    assert yes.text == "Yes" and yes.basis == "2023-12-11 (TechCrunch) is before 2023-12-15" and len(yes.spans) == 1
    no = ask("Did Fortune report shipping losses after November 20?")  # no year: the article's
    assert no.text == "No" and no.basis == "2023-11-12 (Fortune) is before 2023-11-20"
    same = ask("Did Fortune report shipping losses before November 12?")
    assert same.text == "" and "2023-11-12" in same.note


def test_a_side_naming_an_article_by_its_headline_is_that_article():
    def titled(n, text, source, published, title):
        h = hit(n, text, source, published)
        h.metadata["title"] = title
        return h

    hits = [
        titled(0, "Michigan beat Ohio State again on Saturday.", "Sporting News", "2023-11-25", "Michigan conquers Ohio State again"),
        # another article's sentence holds more of the claim's words than the first article's own
        titled(1, "Michigan conquers Ohio State in an old rivalry, fans recall.", "Sporting News", "2023-09-02", "The ten best college rivalries"),
        titled(2, "The card pays 1.67% cash back on every purchase.", "Fortune", "2023-10-10", "Fifth Third cash back card review"),
    ]
    spans = spans_of(hits)
    found = short.short_answer("Did Sporting News report Michigan conquers Ohio State again after Fortune reported the Fifth Third cash back card?", spans, spans, hits, ["Sporting News", "Fortune"], 0.2)
    assert found.text == "Yes" and found.basis == "2023-11-25 (Sporting News) is after 2023-10-10 (Fortune)"
    assert [hits[s.hit_index].chunk_id for s in found.spans] == ["c0", "c2"]  # each side quoted from its own article


def test_order_questions_built_from_a_corpus_expect_what_the_dates_say():
    """eval/order_questions.py: each pair of articles of different days gives a yes/no and a
    "which first" question whose expected answer follows from their publication days."""
    import runpy
    from pathlib import Path

    build = runpy.run_path(str(Path(__file__).resolve().parent.parent / "eval" / "order_questions.py"))["questions"]
    corpus = [
        {"title": "Apple shuts down Beeper Mini, again?", "source": "TechCrunch", "published_at": "2023-12-09T10:00:00Z"},
        {"title": "Maersk: profits fall", "source": "Fortune", "published_at": "2023-11-12 08:00:00"},
        {"title": "Same day story", "source": "BBC News", "published_at": "2023-11-12 09:00:00"},
    ]
    made = build(corpus, 5, seed=3)
    assert len(made) == 10 and made == build(corpus, 5, seed=3)  # reproducible
    day = {"Apple shuts down Beeper Mini again": "2023-12-09", "Maersk profits fall": "2023-11-12", "Same day story": "2023-11-12"}
    for q in made:
        assert "?" not in q["question"][:-1] and ":" not in q["question"]  # headlines cleaned to stay one side
        named = sorted((q["question"].index(t), t) for t in day if t in q["question"])
        (_, a), (_, b) = named  # the two headlines, in the question's order
        assert day[a] != day[b]  # articles of one day are never paired
        if q["kind"] == "did A before/after B":
            holds = day[a] < day[b] if " before " in q["question"] else day[a] > day[b]
            assert q["expected"] == ("Yes" if holds else "No")
        else:
            assert q["expected"] == (max if "most recently" in q["question"] else min)((a, b), key=day.get)


def test_each_option_of_a_which_first_question_gets_its_turn_of_the_hits():
    a = [hit(0, "a0.", "TechCrunch", ""), hit(1, "a1.", "TechCrunch", ""), hit(2, "a2.", "TechCrunch", "")]
    b = [hit(3, "b0.", "Fortune", ""), hit(1, "a1.", "TechCrunch", "")]
    assert [h.chunk_id for h in timeline.interleave([a, b], 4)] == ["c0", "c3", "c1", "c2"]  # c1 once
    assert timeline.interleave([], 3) == []


def test_an_article_dated_in_the_future_is_neither_the_latest_nor_ordered():
    hostile = [hit(0, "Maersk cut jobs again.", "Fortune", "2099-01-01"), hit(1, "Maersk cut jobs.", "Fortune", "2023-11-12")]
    assert [h.chunk_id for h in timeline.newest(hostile, 2)] == ["c1", "c0"]  # as if undated: last
    spans = spans_of(hostile + [HITS[0]])
    found = short.short_answer("Did Fortune report that Maersk cut jobs again before TechCrunch reported that Beeper Mini was back?", spans, spans, hostile + [HITS[0]], OUTLETS, 0.2)
    assert found.text == "" and "undated" in found.note  # its side has no day to compare


def test_questions_naming_no_topic_ask_for_a_digest():
    from assistant.digest import asks_digest

    outlets = ["TechCrunch", "Fortune", "The New York Times"]
    for question in ("What did TechCrunch report last week?", "What's new?", "Any news from Fortune in December 2023?",
                     "What did The New York Times publish yesterday?", "Tell me the latest headlines", "What happened today?"):
        assert asks_digest(question, outlets), question
    for question in ("What did Putin say last week?", "What did TechCrunch report about Beeper Mini?", "Who won the World Cup?",
                     "What's the latest on Binance?", "Is Fortune worried about shipping?"):
        assert not asks_digest(question, outlets), question


def test_time_questions_built_from_a_corpus_name_each_articles_month_and_an_empty_one():
    """eval/time_questions.py: each drawn article gives a digest of its outlet's month, a search
    kept to that month, and a month in which its outlet published nothing."""
    import runpy
    from pathlib import Path

    script = runpy.run_path(str(Path(__file__).resolve().parent.parent / "eval" / "time_questions.py"))
    corpus = [
        {"title": "Apple shuts down Beeper Mini, again?", "source": "TechCrunch", "published_at": "2023-12-09T10:00:00Z", "url": "u1"},
        {"title": "Maersk cuts jobs", "source": "Fortune", "published_at": "2023-11-12", "url": "u2"},
        {"title": "Fortune's October piece", "source": "Fortune", "published_at": "2022-12-01", "url": "u3"},
    ]
    made = script["questions"](corpus, 3, seed=1)
    assert len(made) == 9 and made == script["questions"](corpus, 3, seed=1)
    fortune = [q for q in made if q["source"] == "Fortune" and "Maersk" in q["question"]]
    assert [q["month"] for q in fortune] == ["2023-11", "2022-11"]  # its month, then the latest month Fortune has nothing in (not 2022-12)
    digest = next(q for q in made if q["kind"] == "digest of an outlet's month" and q["source"] == "TechCrunch")
    assert digest["question"] == "What did TechCrunch report in December 2023?"


def test_a_question_about_a_year_no_article_found_could_report_is_refused():
    """"Who won the Super Bowl in 2024?" over articles of 2023: they cannot say, and a name from
    them ("The 2017 Eagles won a Super Bowl") would be wrong."""
    assert timeline.asked_year("Who won the Super Bowl in 2024?") == 2024
    assert timeline.asked_year("How much did Apple earn during 2024?") == 2024
    assert timeline.asked_year("What was Maersk's profit in 2024?") == 2024
    for question in ("Who is favoured to win the Super Bowl in 2024?", "What did analysts expect in 2024?",
                     "Who will win the Super Bowl in 2024?", "What did Fortune say about the outlook for 2024?",
                     "Did Fortune report job cuts in 2024?", "Who won the Super Bowl?"):
        assert timeline.asked_year(question) == 0, question
    assert "published before 2024 (the newest on 2023-12-11)" in timeline.before_year("Who won the Super Bowl in 2024?", HITS)
    assert timeline.before_year("Who won the Super Bowl in 2023?", HITS) == ""  # an article of that year may say
    assert timeline.before_year("Who is favoured to win the Super Bowl in 2024?", HITS) == ""
    undated = HITS + [hit(4, "The Eagles won.", "", "")]
    assert timeline.before_year("Who won the Super Bowl in 2024?", undated) == ""  # an undated article may be of 2024
