"""The evidence ranker (assistant/evidence.py): its features on hand-made sentences, the shipped
weights, and what it puts first."""

import numpy as np

from assistant import evidence
from assistant.cite import Citer
from assistant.types import Hit

BODY = (
    "Epic Games said on Thursday that it would lay off employees across the company. "
    "The publisher cut 830 jobs, about 16% of its staff. "
    "Chief executive Tim Sweeney said costs had outgrown revenue. "
    "The company was founded in 1991."
)


def spans_and_hits():
    hits = [Hit("a-0000", BODY, {"article_id": "a", "title": "Layoffs", "source": "Wire", "published_at": "2023-09-29", "start": 0}, 0.9)]
    return Citer(hits, 0.5).spans, hits


def column(X, name):
    return X[:, evidence.WORD_FEATURES.index(name)]


def test_word_features_read_the_question_kind_the_lead_in_and_the_shared_words():
    spans, hits = spans_and_hits()
    X = evidence.word_features("How many employees did Epic Games lay off?", spans, hits)
    assert X.shape == (4, len(evidence.WORD_FEATURES))
    assert list(column(X, "holds_kind")) == [0.0, 1.0, 0.0, 1.0]  # numbers: "830", "1991"
    assert np.argmax(column(X, "shared")) == 0 and column(X, "shared_gap")[0] == 0.0  # the lead-in repeats the question
    assert list(column(X, "after_best")) == [0.0, 1.0, 0.0, 0.0]  # the sentence right after it
    assert column(X, "new_words")[0] < column(X, "new_words")[2]
    when = evidence.word_features("When was Epic Games founded?", spans, hits)
    assert list(column(when, "holds_kind")) == [1.0, 0.0, 0.0, 1.0]  # "Thursday", "1991"
    why = evidence.word_features("What did Tim Sweeney say about the layoffs?", spans, hits)
    assert list(column(why, "cue")) == [0.0, 0.0, 1.0, 0.0]  # quotes the speaker asked about


def test_meaning_features_are_zero_for_sentences_not_embedded():
    X = np.zeros((3, len(evidence.WORD_FEATURES)))
    full = evidence.with_meaning(X, np.array([0.5, 0.7]), np.array([2, 0]))
    assert full.shape == (3, len(evidence.FEATURES))
    assert list(full[:, -2]) == [0.7, 0.0, 0.5] and list(np.round(full[:, -1], 6)) == [0.0, 0.0, -0.2]


def test_shipped_weights_match_the_features():
    full, words = evidence.shipped()
    assert full.names == list(evidence.FEATURES) and words.names == list(evidence.WORD_FEATURES)
    assert np.all(np.isfinite(full.weights)) and np.any(full.weights)


def test_the_sentence_giving_the_number_asked_outranks_the_one_repeating_the_question():
    spans, hits = spans_and_hits()
    same = lambda texts: np.tile(np.eye(1, 8), (len(texts), 1))  # every sentence equally close in meaning
    ranked, meaning = evidence.rank("How many employees did Epic Games lay off?", spans, hits, same)
    assert ranked[0][0].text.startswith("The publisher cut 830 jobs")
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-9 and all(a[1] >= b[1] for a, b in zip(ranked, ranked[1:]))
    assert set(meaning) == {s.text for s in spans}  # four sentences: all embedded
    assert evidence.rank("How many?", [], hits, same) == ([], {})


def test_about_is_half_shared_words_half_meaning():
    question = "What is the latest on the Halden strike?"
    assert evidence.about(question, "The Halden strike ended.", {"The Halden strike ended.": 0.6}) == 0.5 * 2 / 3 + 0.3
    assert evidence.about(question, "Ferries run less often.", {}) == 0.0  # not embedded, no shared word


def test_an_extractive_answer_shows_a_second_sentence_only_at_three_quarters_of_the_firsts_score():
    assert evidence.shown([0.5, 0.4, 0.1], 2) == [0, 1] and evidence.shown([0.6, 0.3, 0.1], 2) == [0]
    assert evidence.shown([1.0, 1.0, 1.0, 1.0], 3) == [0, 1, 2] and evidence.shown([], 2) == []


def test_a_sentence_announcing_a_reason_ranks_below_the_one_giving_it():
    body = ("Jada Pinkett Smith has revealed why she and Will Smith never signed a prenuptial agreement. "
            "She said they did not sign a prenup because they knew divorce was not in the cards. "
            "That's why we don't need a prenup, she added.")
    hits = [Hit("j-0000", body, {"article_id": "j", "title": "Prenup", "source": "Wire", "published_at": "2023-10-16", "start": 0}, 0.9)]
    spans = Citer(hits, 0.5).spans
    precise, reason = evidence.cues("Why did Jada Pinkett Smith and Will Smith never sign a prenup?", spans, hits)
    assert list(reason) == [-1.0, 1.0, 0.0]  # announces one, gives one ("because"), refers back to one
    assert list(evidence.cues("What did Jada Pinkett Smith reveal?", spans, hits)[1]) == [0.0, 0.0, 0.0]  # only for "Why ...?"
    same = lambda texts: np.tile(np.eye(1, 8), (len(texts), 1))  # noqa: E731
    ranked, _ = evidence.rank("Why did Jada Pinkett Smith and Will Smith never sign a prenup?", spans, hits, same)
    assert "because" in ranked[0][0].text
    assert column(evidence.word_features("Why did they never sign a prenup?", spans, hits), "cue").min() == 0.0  # the model never sees -1


def test_how_long_holds_a_length_of_time():
    spans, hits = spans_and_hits()
    X = evidence.word_features("How long did Epic Games take to lay off employees?", spans, hits)
    assert list(column(X, "holds_kind")) == [0.0, 0.0, 0.0, 0.0]  # "830 jobs" and "1991" are no length of time
