"""Candidates -> top-k: a small learned reranker over the rank fusion's candidates.

The rank fusion of the question's searches (`merge`) finds most gold chunks among its
candidates but orders them poorly: a fact-bearing chunk often sits just below the top 10,
frequently in an article already chosen through another chunk. So each claim of the question
rescores the candidates it may propose (its outlets and days) with a linear model over generic
features: ranks in its own and the other searches, BM25, dense cosine, how much of the claim's
rare words one sentence of the chunk holds, adjacent word pairs, position in the article. No
feature names a word, entity or outlet, so nothing is keyed to particular questions. The top k
are then picked greedily by the best claim score, a claim losing SERVED_PENALTY per chunk
already taken for it, so that every claim gets its evidence (MultiHop-RAG dev, 2-fold
cross-validated: MRR@10 +0.04/+0.07, evidence recall@10 +0.02/+0.01, complete@10 +0.03/+0.01 on
the two halves), and ranked by how clearly each stands out for its claim (`confidence`).
The weights are learnt by `eval/train_rerank.py` (listwise softmax per claim, numpy only) and
shipped as `rerank.json`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("rerank.json")
SERVED_PENALTY = 0.5  # greedy: score a claim's candidates lose per chunk already taken for it
PER_ARTICLE = 4  # at most this many chunks of one article in the top-k while others compete
RANK_OFFSET = 2  # rank fusion: a chunk at rank r (0-based) of a list earns weight / (r + RANK_OFFSET)

FEATURES = (
    "claim_rank",  # 1 / (rank in this claim's list + 2), 0 if absent
    "other_claim_rank",  # the same, best over the question's other claims
    "claim_bm25",  # this claim's BM25 / its best
    "coverage",  # IDF-weighted share of the claim's words in the chunk
    "sentence_coverage",  # the same within the chunk's best sentence
    "sentence_weight",  # that sentence's IDF sum of claim words / the best candidate's
    "bigrams",  # share of the claim's adjacent word pairs adjacent in the chunk
    "question_coverage",  # sentence_coverage of the whole question's words
    "fusion",  # reciprocal-rank fusion score of all the searches (`rank_fusion`)
    "whole_rank",  # 1 / (rank in the whole question's list + 2), 0 if absent
    "whole_bm25",  # whole-question BM25 / its best
    "dense",  # cosine with the question
    "dense_gap",  # cosine minus the best candidate's
    "first_chunk",  # 1 for an article's first chunk
    "position",  # log(1 + position in the article)
    "sibling_above",  # another chunk of the same article ranks higher in the fusion
    "length",  # chunk tokens / 100
)


# ---- the searches' lists merged ----------------------------------------------------
def merge(lists: list[tuple[list[int], float]], k: int, articles, per_article: int = PER_ARTICLE) -> list[int]:
    """Weighted reciprocal-rank fusion of ranked lists of chunk indices, then the top k with at
    most `per_article` chunks of one article (unless nothing else is left): ranks, unlike
    scores, compare across searches with different filters and query lengths."""
    score = rank_fusion(lists)
    return capped(sorted(score, key=lambda i: -score[i]), k, articles, per_article)


def rank_fusion(lists: list[tuple[list[int], float]]) -> dict[int, float]:
    """Chunk index -> sum over the lists holding it of weight / (rank + RANK_OFFSET)."""
    score: dict[int, float] = {}
    for ranked, weight in lists:
        for rank, i in enumerate(ranked):
            score[i] = score.get(i, 0.0) + weight / (rank + RANK_OFFSET)
    return score


def capped(order: list[int], k: int, articles, per_article: int = PER_ARTICLE) -> list[int]:
    """The first k of `order` with at most `per_article` chunks of one article, unless nothing
    else is left."""
    out, spill, counts = [], [], {}
    for i in order:
        if counts.get(articles[i], 0) >= per_article:
            spill.append(i)
            continue
        counts[articles[i]] = counts.get(articles[i], 0) + 1
        out.append(i)
        if len(out) == k:
            return out
    return out + spill[: k - len(out)]


# ---- how much of a claim a chunk holds ------------------------------------------
def pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return first.astype(np.int64) * (1 << 32) + second.astype(np.int64)


def gather(chunks: list[int], table) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The chunks' tokens laid end to end: (tokens, their sentence 0..S-1, each sentence's
    chunk 0..n-1, each chunk's first sentence (n + 1 entries))."""
    tokens, starts, chunk_starts = table
    chunks = np.asarray(chunks, dtype=np.int64)
    first, last = chunk_starts[chunks], chunk_starts[chunks + 1]
    per_chunk = last - first
    sentences = np.concatenate([np.arange(lo, hi) for lo, hi in zip(first, last)]) if len(chunks) else np.zeros(0, np.int64)
    lengths = starts[sentences + 1] - starts[sentences]
    offsets = np.repeat(starts[sentences] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) if len(sentences) else np.zeros(0, np.int64)
    laid = tokens[np.arange(int(lengths.sum())) + offsets]
    sentence_of = np.repeat(np.arange(len(sentences)), lengths)
    chunk_of_sentence = np.repeat(np.arange(len(chunks)), per_chunk)
    return laid, sentence_of, chunk_of_sentence, np.concatenate(([0], np.cumsum(per_chunk)))


def coverage(laid, claim: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """For each gathered chunk (`gather`), how much of the claim (its token ids in order) it
    holds: "coverage", the IDF-weighted share of the claim's distinct tokens in the chunk;
    "sentence_coverage", the same in its best sentence, and "sentence_weight", that sentence's
    IDF sum; "bigrams", the share of the claim's adjacent token pairs adjacent in a sentence."""
    tokens, sentence_of, chunk_of_sentence, first_sentence = laid
    n, n_sentences = len(first_sentence) - 1, len(chunk_of_sentence)
    out = {name: np.zeros(n) for name in ("coverage", "sentence_coverage", "sentence_weight", "bigrams")}
    distinct = np.unique(claim)
    total = float(weights[distinct].sum()) if len(distinct) else 0.0
    if not total or not len(tokens):
        return out
    present = np.isin(tokens, distinct)
    pairs = np.unique(pair_keys(sentence_of[present], tokens[present]))
    pair_sentences, pair_tokens = pairs >> 32, pairs & 0xFFFFFFFF
    per_sentence = np.bincount(pair_sentences, weights=weights[pair_tokens], minlength=n_sentences)
    in_chunk = np.unique(pair_keys(chunk_of_sentence[pair_sentences], pair_tokens))
    out["coverage"] = np.bincount(in_chunk >> 32, weights=weights[in_chunk & 0xFFFFFFFF], minlength=n) / total
    best = np.zeros(n)
    np.maximum.at(best, chunk_of_sentence, per_sentence)
    out["sentence_weight"], out["sentence_coverage"] = best, best / total
    if len(claim) > 1:
        bigrams = np.unique(pair_keys(claim[:-1], claim[1:]))
        same = sentence_of[:-1] == sentence_of[1:]
        keys = pair_keys(tokens[:-1], tokens[1:])
        found = same & np.isin(keys, bigrams)
        which = np.searchsorted(bigrams, keys[found])
        held = np.unique(chunk_of_sentence[sentence_of[:-1][found]] * len(bigrams) + which)
        out["bigrams"] = np.bincount(held // len(bigrams), minlength=n) / len(bigrams)
    return out


# ---- features ------------------------------------------------------------------
def reciprocal(rank: dict[int, int], i: int) -> float:
    return 1.0 / (rank[i] + 2) if i in rank else 0.0


def features(found, candidates: list[int], fusion: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """FEATURES of every (claim, candidate chunk) pair of a question (retrieve.Searches
    `found`), shape (claims, candidates, features), and which candidates each claim may
    propose (its outlets and days), shape (claims, candidates). Claims are the searches with
    a non-empty list."""
    index = found.index
    claims = [k for k, ranked in enumerate(found.claims) if ranked]
    cand = np.asarray(candidates, dtype=np.int64)
    laid = gather(candidates, index.sentences)
    shared = chunk_features(found, candidates, fusion, cand, laid)
    claim_ranks = [{c: r for r, c in enumerate(found.claims[k])} for k in claims]
    ranks = np.array([[reciprocal(rank, c) for c in candidates] for rank in claim_ranks]).reshape(len(claims), len(candidates))
    X = np.zeros((len(claims), len(candidates), len(FEATURES)))
    allowed = np.ones((len(claims), len(candidates)), dtype=bool)
    col = {name: j for j, name in enumerate(FEATURES)}
    for row, k in enumerate(claims):
        sub, lex = found.subs[k], found.claim_lexical[k]
        X[row, :, col["claim_rank"]] = ranks[row]
        X[row, :, col["other_claim_rank"]] = np.delete(ranks, row, axis=0).max(axis=0, initial=0.0)
        X[row, :, col["claim_bm25"]] = lex[cand] / (float(lex.max()) or 1.0)
        held = coverage(laid, index.token_ids(found.words[k]), index.idf)
        held["sentence_weight"] /= held["sentence_weight"].max(initial=0.0) or 1.0
        for name, values in held.items():
            X[row, :, col[name]] = values
        mask = index.mask(sub)
        if mask is not None:
            allowed[row] = mask[cand]
        for name, values in shared.items():
            X[row, :, col[name]] = values
    return X, allowed


def chunk_features(found, candidates: list[int], fusion: dict[int, float], cand: np.ndarray, laid) -> dict[str, np.ndarray]:
    """The features that do not depend on the claim."""
    index = found.index
    order = sorted(candidates, key=lambda i: -fusion[i])
    best_of_article: dict[str, int] = {}
    for c in order:
        best_of_article.setdefault(index.articles[c], c)
    whole_rank = {c: r for r, c in enumerate(found.whole)}
    tokens, starts, chunk_starts = index.sentences
    position = index.positions[cand]
    return {
        "question_coverage": coverage(laid, index.token_ids(found.question_words), index.idf)["sentence_coverage"],
        "fusion": np.asarray([fusion[c] for c in candidates]),
        "whole_rank": np.asarray([reciprocal(whole_rank, c) for c in candidates]),
        "whole_bm25": found.lexical[cand] / (float(found.lexical.max()) or 1.0),
        "dense": found.dense[cand],
        "dense_gap": found.dense[cand] - found.dense[cand].max(initial=0.0),
        "first_chunk": (position == 0).astype(float),
        "position": np.log1p(position),
        "sibling_above": np.asarray([best_of_article[index.articles[c]] != c for c in candidates], dtype=float),
        "length": (starts[chunk_starts[cand + 1]] - starts[chunk_starts[cand]]) / 100.0,
    }


# ---- model ---------------------------------------------------------------------
class Model:
    """Linear scores over standardised features: w . (x - mean) / scale."""

    def __init__(self, mean, scale, weights, names=FEATURES):
        self.names = list(names)
        self.mean, self.scale, self.weights = (np.asarray(a, dtype=float) for a in (mean, scale, weights))

    def score(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.weights

    def to_json(self) -> dict:
        return {"features": self.names, "mean": self.mean.tolist(), "scale": self.scale.tolist(), "weights": self.weights.tolist()}

    @classmethod
    def from_json(cls, data: dict, names=FEATURES) -> "Model":
        if list(data["features"]) != list(names):
            raise ValueError(f"weights were trained on other features: {data['features']}, not {list(names)}")
        return cls(data["mean"], data["scale"], data["weights"], names)


@lru_cache(maxsize=1)
def shipped() -> Model:
    return Model.from_json(json.loads(WEIGHTS.read_text()))


def select(found, k: int, per_article: int, model: Model | None = None, penalty: float = SERVED_PENALTY, order=None) -> list[int]:
    """The top k chunk indices of a question's searches (retrieve.Searches): the rank
    fusion's candidates, reranked (`choose`); with `order` (other searches of the same question,
    retrieve.Retriever.bridged's first ones), ranked by their `confidence` instead."""
    model = model or shipped()
    chosen = choose(*candidates_of(found), found.index.articles, k, per_article, model, penalty)
    return chosen if order is None else ranked_by(chosen, *candidates_of(order), model)


def candidates_of(found) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The rank fusion's candidates of a question's searches, best first, with their `features`."""
    fusion = rank_fusion(found.lists())
    candidates = sorted(fusion, key=lambda i: -fusion[i])
    return (candidates, *features(found, candidates, fusion))


def ranked_by(chosen: list[int], candidates: list[int], X: np.ndarray, allowed: np.ndarray, model: Model) -> list[int]:
    """`chosen` ranked by their `confidence` among other candidates (those not among them last,
    in their own order)."""
    sure = dict(zip(candidates, confidence(claim_scores(X, allowed, model))))
    return sorted(chosen, key=lambda c: -sure.get(c, -1.0))


def choose(candidates: list[int], X: np.ndarray, allowed: np.ndarray, articles, k: int, per_article: int, model: Model, penalty: float = SERVED_PENALTY) -> list[int]:
    """Candidates (best fusion first) scored per claim by the model, picked by `greedy`, and
    ranked by `confidence`; any slot left (no claim may propose more) goes to the fusion's order."""
    scores = claim_scores(X, allowed, model)
    sure = confidence(scores)
    picked = sorted(greedy(scores, [articles[c] for c in candidates], k, per_article, penalty), key=lambda j: -sure[j])
    chosen = [candidates[j] for j in picked]
    taken = set(chosen)
    return capped(chosen + [c for c in candidates if c not in taken], k, articles, per_article)


def claim_scores(X: np.ndarray, allowed: np.ndarray, model: Model) -> np.ndarray:
    """The model's score of every (claim, candidate) pair, -inf where the claim may not propose it."""
    scores = np.full(allowed.shape, -np.inf)
    for row, (x, ok) in enumerate(zip(X, allowed)):
        scores[row, ok] = model.score(x[ok])
    return scores


def confidence(scores: np.ndarray) -> np.ndarray:
    """Each candidate's highest probability under one claim's softmax over the candidates that
    claim may propose (claims x candidates scores, -inf where it may not). Raw scores do not
    compare across claims (each has its own candidates and words); how clearly a chunk stands
    out for its claim does, and ranks the chosen chunks better than the order greedy took them in
    (MultiHop-RAG dev, 2-fold cross-validated: MRR@10 +0.004/+0.013, MAP@10 +0.001/+0.010,
    Hits@4 +0.018/+0.009 on the two halves; the chunks chosen are the same)."""
    top = scores.max(axis=1, keepdims=True)
    weights = np.exp(scores - np.where(np.isfinite(top), top, 0.0))
    total = weights.sum(axis=1, keepdims=True)
    return (weights / np.where(total > 0, total, 1.0)).max(axis=0, initial=0.0)


def greedy(scores: np.ndarray, articles: list, k: int, per_article: int, penalty: float) -> list[int]:
    """Up to k candidate positions from per-claim scores (claims x candidates, -inf where a
    claim may not propose the candidate): each step takes the candidate with the best score
    for some claim, less `penalty` for every chunk already taken for that claim, so that once
    a claim has its chunks the other claims' chunks come forward; at most `per_article` chunks
    of one article."""
    if not scores.size:
        return []
    taken_for = np.zeros(len(scores))
    open_ = np.isfinite(scores).any(axis=0)
    counts: dict = {}
    out: list[int] = []
    while len(out) < k:
        adjusted = scores - penalty * taken_for[:, None]
        best = np.where(open_, adjusted.max(axis=0), -np.inf)
        j = int(np.argmax(best))
        if not np.isfinite(best[j]):
            break
        out.append(j)
        open_[j] = False
        taken_for[int(np.argmax(adjusted[:, j]))] += 1
        counts[articles[j]] = counts.get(articles[j], 0) + 1
        if counts[articles[j]] >= per_article:
            open_ &= np.asarray([a != articles[j] for a in articles])
    return out
