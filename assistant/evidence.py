"""Hits -> evidence: the retrieved sentences that best answer the question, best first.

A sentence that answers a question shares its rarer words, is close to it in meaning, holds
the kind of thing asked (a number for "How many ...?", a date for "When ...?") and comes from
a chunk retrieval ranked high. A sentence that only repeats the question's words ("Needham
said he was puzzled by the claims ...") often gives no answer, so shared words alone rank
badly. A small linear model weighs generic FEATURES (no feature names a word, entity or
outlet), fitted by `eval/train_evidence.py` on the sentences our gold files cite as support
(listwise softmax per question, as rerank.py) and shipped as `evidence.json`. Our own code:
which sentence is quoted is what a reader checks first.

Each gold file left out in turn (eval/gold.jsonl, eval/news_gold{,_2,_3}.jsonl; fitted on the
other three): the first sentence is one the file cites as support 0.68/0.62/0.58/0.50 of the
time when ranked by shared words, 0.77/0.77/0.61/0.68 by the model. Only the PRESELECTED best
by the word features alone are embedded: embedding is the cost.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import cite, short, weigh
from .rerank import Model
from .types import Hit

WEIGHTS = Path(__file__).with_name("evidence.json")
PRESELECTED = 10  # sentences embedded (by the word features' model), the rest stay behind them
# An extractive answer's second sentence: at least this share of the first's probability. Blind
# readers accepted 13 of 59 second explanation sentences of the news sets (first ones: 130 of 239).
# Each news gold file left out (fitted on the other six), shown sentences that support: 0.5 ->
# 0.75 raised it on six of seven (mean 0.51 -> 0.56) and left a supporting one shown for one or two
# fewer questions on three; in the product, citation precision rose on six sets, nothing fell.
SECOND_CHANCE = 0.75
# The cue rules each came from a question whose right sentence shares fewer of its words than a
# wrong one; the gold files hold too few such questions (21) for the fit to weigh them (+0.07), so
# a cue keeps a fixed lead, in logits: a sentence introducing the subject of "What is X?" or
# quoting the speaker of "What did X say?" (`precise`) more than one giving a reason to "Why?"
# (news words such as "after" and "since" give many). Left-out figures with them: the first
# sentence right as often, one more on gold.jsonl and one fewer on news_gold_3.jsonl.
PRECISE_CUE, REASON_CUE = 5.0, 2.0

FEATURES = (
    "shared",  # share of the question's content words in the sentence
    "rare_shared",  # the same, each word weighted by its rarity among the candidate sentences
    "shared_gap",  # shared minus the best candidate's
    "new_words",  # log(1 + content words the question does not have)
    "cue",  # introduces the subject of "Who is X?", quotes the speaker of "What did X say?", gives a reason to "Why?"
    "quote_mark",  # holds a quotation mark
    "holds_kind",  # a number for a number question (a length of time for "How long"), a date for a date question
    "after_best",  # the sentence right after the one sharing the most words (answers follow their lead-in)
    "hit_rank",  # 1 / (1 + its chunk's rank in retrieval)
    "position",  # log(1 + its offset in the article)
    "length",  # log(1 + words)
    "meaning",  # cosine with the question (0 for sentences not embedded)
    "meaning_gap",  # cosine minus the best embedded candidate's
)
WORD_FEATURES = FEATURES[:-2]
_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\b(?:19|20)\d\d\b|\b(?:yesterday|today|tomorrow|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")
_QUOTE_MARK = re.compile(r"[“”\"]")


def word_features(question: str, spans: list[cite.Span], hits: list[Hit], cued: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """WORD_FEATURES of each sentence (spans: whole sentences of the hits), shape (n, features);
    `cued`: their `cues`, when the caller has them already."""
    asked = set(cite.words(question))
    words = [set(cite.words(s.text)) for s in spans]
    rarity = weigh.Rarity(spans)  # the question's words weighted by rarity among these sentences
    kind = short.form(question)
    duration = short.asks_duration(question)
    precise, reason = cued if cued is not None else cues(question, spans, hits)
    shared = np.array([len(asked & w) / max(1, len(asked)) for w in words])
    best = int(np.argmax(shared)) if len(spans) else 0
    lead = spans[best] if spans else None
    rows = []
    for i, (span, w) in enumerate(zip(spans, words)):
        text = span.text
        holds = (kind == "number" and (short.holds_duration(text) if duration else _DIGIT.search(text))) or (kind == "date" and _DATE.search(text))
        after = span.hit_index == lead.hit_index and 0 < span.start - lead.end <= 3
        rows.append([
            shared[i], rarity.share(asked, text), shared[i] - shared[best], math.log1p(len(w - asked)),
            max(precise[i], reason[i], 0.0), float(bool(_QUOTE_MARK.search(text))), float(bool(holds)), float(after),
            1.0 / (1 + span.hit_index), math.log1p(span.start), math.log1p(len(text.split())),
        ])
    return np.array(rows, dtype=float).reshape(len(spans), len(WORD_FEATURES))


def about(question: str, text: str, meaning: dict[str, float]) -> float:
    """How much a sentence is about the question, whatever it answers: half the share of the
    question's words it holds, half its cosine with the question (`meaning`, by text). The
    model's probabilities only compare sentences; "the latest on X" needs every one about X."""
    asked = set(cite.words(question))
    return 0.5 * len(asked & set(cite.words(text))) / max(1, len(asked)) + 0.5 * meaning.get(text, 0.0)


def cues(question: str, spans: list[cite.Span], hits: list[Hit]) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: 1.0 where it introduces the subject of "What is X?" or reports what the
    speaker of "What did X say?" said (short.defines, short.attributes); and, for a "Why ...?"
    question, 1.0 where it gives a reason (short.gives_reason), -1.0 where it only announces one
    (short.teases_reason: "has revealed why they never signed a prenup")."""
    subject, who, why = short.definition_subject(question), short.speaker(question), short.asks_why(question)
    precise = [bool((subject and short.defines(s.text, subject)) or (who and short.attributes(s.text, who, hits[s.hit_index].text))) for s in spans]
    reason = [(1.0 if short.gives_reason(s.text) else -1.0 if short.teases_reason(s.text) else 0.0) if why else 0.0 for s in spans]
    return np.array(precise, dtype=float), np.array(reason)


def with_meaning(X: np.ndarray, similarity: np.ndarray, embedded: np.ndarray) -> np.ndarray:
    """X (word features) with the two meaning features: the cosine with the question of the
    `embedded` rows (indices), 0 elsewhere."""
    meaning = np.zeros(len(X))
    meaning[embedded] = similarity
    gap = np.where(np.isin(np.arange(len(X)), embedded), meaning - similarity.max(initial=0.0), 0.0)
    return np.column_stack([X, meaning, gap])


@lru_cache(maxsize=1)
def shipped() -> tuple[Model, Model]:
    """(the model over all FEATURES, the one over WORD_FEATURES that picks what to embed)."""
    data = json.loads(WEIGHTS.read_text())
    return Model.from_json(data["full"], FEATURES), Model.from_json(data["words"], WORD_FEATURES)


def rank(question: str, spans: list[cite.Span], hits: list[Hit], embed) -> tuple[list[tuple[cite.Span, float]], dict[str, float]]:
    """The PRESELECTED sentences, best first, each with the model's probability that it is the
    one answering (a softmax over them), and the embedding similarity of each to the question,
    by text. `embed(texts)` returns unit vectors."""
    if not spans:
        return [], {}
    cued = cues(question, spans, hits)
    lead = PRECISE_CUE * cued[0] + REASON_CUE * cued[1]

    def similarity_of(chosen: np.ndarray) -> np.ndarray:
        vectors = embed([question] + [spans[i].text for i in chosen])
        return vectors[1:] @ vectors[0]

    chosen, chance, similarity = order(word_features(question, spans, hits, cued), similarity_of, lead)
    meaning = {spans[i].text: float(s) for i, s in zip(chosen, similarity)}
    return [(spans[i], float(p)) for i, p in zip(chosen, chance)], meaning


def shown(scores, limit: int) -> list[int]:
    """Which of the first `limit` ranked sentences an extractive answer shows: those scoring at
    least SECOND_CHANCE of the first's (used by the pipeline and by eval/train_evidence.py)."""
    return [i for i, score in enumerate(scores[:limit]) if score >= SECOND_CHANCE * scores[0]]


def order(X: np.ndarray, similarity_of, lead: np.ndarray, models: tuple[Model, Model] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The PRESELECTED rows of X (word features) by the word model, ranked by the full model:
    their indices best first, their probabilities and their similarity to the question.
    `similarity_of(indices)` gives the cosines of those rows; `lead` is added to every row's
    score in both models (the cue rules); `models`: (full, words), the shipped ones by default."""
    full, by_words = models or shipped()
    chosen = np.argsort(-(by_words.score(X) + lead), kind="stable")[:PRESELECTED]
    similarity = similarity_of(chosen)
    scores = full.score(with_meaning(X, similarity, chosen)[chosen]) + lead[chosen]
    chance = np.exp(scores - scores.max())
    chance /= chance.sum()
    best_first = np.argsort(-chance, kind="stable")
    return chosen[best_first], chance[best_first], similarity[best_first]
