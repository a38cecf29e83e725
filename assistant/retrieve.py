"""Question -> Hits: hybrid lexical (BM25) + dense retrieval, per claim, fused by rank.

News questions are full of names, outlets and dates that BM25 matches exactly, while the dense
model catches paraphrase; a plain rank fusion of the two loses to BM25 alone on news
(see ../shared/bench), so each search's score is weighted towards the lexical side. Multi-hop
questions need a chunk per claim, so each claim of the question gets its own search and the
searches' rankings are fused (rerank.merge); rerank.py then picks the top k among the fused
candidates. A question asking for a name is searched a second time with the name its first
chunks point to (`Retriever.bridged`): the chunks stating a multi-hop question's facts name its
answer. The in-memory index (BM25, every chunk's vector and its sentences as token ids) is
derived from the Chroma collection and cached on disk, keyed by the store's generation (and the
BM25 parameters), so any ingest (from any process) invalidates it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from .errors import InputError
from . import short
from .cite import spans_of
from .plan import STOPWORDS, Scope, SubQuery, aliases, iso_day, plan, search_words
from .rerank import PER_ARTICLE, merge, select
from .types import Hit

LEXICAL_WEIGHT = 0.6
BM25_B = 0.4  # BM25 length normalisation, below the usual 0.75: see ChunkIndex.build
CANDIDATES = 50  # chunks each search proposes to the rank fusion
WHOLE_QUESTION_WEIGHT = 0.5  # the whole question's list counts half as much as each claim's
SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z0-9\"“‘'(])|\n+")
SENTENCE_ARRAYS = ("sentence_tokens", "sentence_starts", "chunk_sentences")
INDEX_VERSION = 3  # bump when ChunkIndex's cached content changes
# A question word stored in at most this share of the articles is rare enough that the article an
# answer is taken from should hold it (news gold sets 1-11, the short answers' articles: of words in
# at most 1 of 150 articles, missing ones marked 16 wrong or unanswerable answers and 3 right ones)
RARE_WORD_SHARE = 1 / 150
BRIDGE_HITS = 10  # chunks of the first searches whose names may bridge a question's claims (`Retriever.bridged`)


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]):
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False)


def split_sentences(text: str) -> list[str]:
    """A chunk's sentences for the reranker's features (`sentence_table`): a plain split at
    sentence ends. cite.split_sentences, which the quotes use, also keeps "Mr." or "Oct." inside
    a sentence; used here it moved MultiHop-RAG dev's evidence recall@10 from 0.776 / 0.780 to
    0.778 / 0.7725 (2-fold cross-validated), so the reranker keeps its own."""
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def sentence_table(texts: list[str], tokenizer, vocab: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every chunk's sentences as BM25 token ids: (tokens, sentence starts into tokens,
    chunk starts into sentences), each starts array one longer than what it indexes."""
    sentences, chunk_starts = [], [0]
    for text in texts:
        sentences += split_sentences(text)
        chunk_starts.append(len(sentences))
    tokens, starts = [], [0]
    for words in tokenizer(sentences) if sentences else []:
        tokens += [vocab[w] for w in words if w in vocab]
        starts.append(len(tokens))
    return np.asarray(tokens, np.int32), np.asarray(starts, np.int64), np.asarray(chunk_starts, np.int64)


def age(path: Path) -> float:
    """Seconds since `path` last changed; 0 when another process has just removed it."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def idf(doc_freq: np.ndarray, n_docs: int) -> np.ndarray:
    return np.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class ChunkIndex:
    """Every chunk of the store in memory for scoring: BM25 (bm25s) over its header and text,
    its vector, outlet, day and article. A question is scored against all chunks at once (a
    few ms), so each sub-search costs no store round trip, nor does serving the winners (`records`)."""

    def __init__(self, ids: list[str], sources: list[str], days: list[int], articles: list[str], vectors: np.ndarray, bm25, positions: list[int], sentences, records):
        self.ids = ids
        self.records = records  # every chunk's (text, metadata): `Records`, so hits need no store round trip
        self.positions = np.asarray(positions, dtype=np.int64)
        self.sentences = sentences  # sentence_table: every chunk's sentences as token ids
        self.chunk_sources = np.asarray(sources, dtype=object)
        self.outlets = sorted(set(sources) - {""})
        self.source_code = {name: i for i, name in enumerate(self.outlets)}
        self.source_codes = np.asarray([self.source_code.get(name, -1) for name in sources], dtype=np.int32)  # masks compare ints, not strings
        self.days = np.asarray(days, dtype=np.int64)
        self.articles = np.asarray(articles, dtype=object)
        self.vectors = vectors
        self.bm25 = bm25
        doc_freq = np.diff(np.asarray(bm25.scores["indptr"])) if len(ids) else np.zeros(0)
        self.idf = idf(doc_freq, len(ids))
        self.n_articles = len(set(articles))

    def articles_holding(self, token: str) -> set[str]:
        """The articles whose chunks hold a BM25 token (stemmed, as `tokenize` gives it); none for
        a token the store does not hold."""
        t = self.bm25.vocab_dict.get(token) if self.ids else None
        if t is None:
            return set()
        indptr, docs = self.bm25.scores["indptr"], self.bm25.scores["indices"]
        return set(self.articles[docs[indptr[t] : indptr[t + 1]]].tolist())

    def token_ids(self, text: str) -> np.ndarray:
        vocab = self.bm25.vocab_dict
        return np.asarray([vocab[t] for t in tokenize([text])[0] if t in vocab], dtype=np.int32) if self.ids else np.zeros(0, np.int32)

    @classmethod
    def build(cls, store) -> "ChunkIndex":
        """BM25 with weak length normalisation (BM25_B): chunks are cut to one size, so a short
        one is an article's tail, not a more focused passage (MultiHop-RAG dev, b 0.75 -> 0.4:
        evidence recall 0.738 -> 0.747, complete 0.471 -> 0.489)."""
        import bm25s

        ids, docs, metas, vectors = store.all_chunk_vectors()
        corpus = [f"{m.get('header', '')}\n{d}" for d, m in zip(docs, metas)]
        bm25 = bm25s.BM25(b=BM25_B)
        if corpus:
            bm25.index(bm25s.tokenize(corpus, stopwords="en", stemmer=_stemmer(), show_progress=False), show_progress=False)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        sentences = sentence_table(corpus, tokenize, bm25.vocab_dict if corpus else {})
        positions = [int(m.get("position", 0)) for m in metas]
        return cls(ids, [m.get("source", "") for m in metas], [int(m.get("date_num", 0)) for m in metas], [m.get("article_id", "") for m in metas], vectors, bm25, positions, sentences, Records(list(zip(docs, metas))))

    def save(self, folder: Path) -> None:
        """Written to a folder of this process's own, then renamed into place: readers never see
        a half-written index, and processes building the same index at once (users asking right
        after an ingest) do not write into each other's files. The first to finish wins."""
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
        self.bm25.save(str(tmp))
        meta = {"ids": self.ids, "sources": list(self.chunk_sources), "days": self.days.tolist(), "articles": list(self.articles), "positions": self.positions.tolist()}
        (tmp / "chunks.json").write_text(json.dumps(meta))
        np.save(tmp / "vectors.npy", self.vectors)
        for name, array in zip(SENTENCE_ARRAYS, self.sentences):
            np.save(tmp / f"{name}.npy", array)
        self.records.save(tmp)
        try:
            tmp.rename(folder)
        except OSError:  # another process saved this index first (same generation, same content)
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> "ChunkIndex":
        import bm25s

        meta = json.loads((folder / "chunks.json").read_text())
        vectors = np.load(folder / "vectors.npy")
        sentences = tuple(np.load(folder / f"{name}.npy") for name in SENTENCE_ARRAYS)
        return cls(meta["ids"], meta["sources"], meta["days"], meta["articles"], vectors, bm25s.BM25.load(str(folder)), meta["positions"], sentences, Records.load(folder))

    def hits(self, chosen: list[int]) -> list[Hit]:
        """The chunks at these positions as Hits (text and metadata), in the order given."""
        return [Hit(self.ids[i], text, meta, 0.0) for i, (text, meta) in zip(chosen, self.records.get(chosen))]

    def lexical(self, text: str, sub: SubQuery | None = None) -> np.ndarray:
        """BM25 of every chunk for `text`, 0 outside the sub-query's outlets and days."""
        scores = np.zeros(len(self.ids), dtype=np.float32)
        tokens = [t for t in tokenize([text])[0] if t in self.bm25.vocab_dict] if self.ids else []
        if tokens:
            scores = self.bm25.get_scores(tokens).astype(np.float32)
        mask = self.mask(sub)
        return scores if mask is None else scores * mask

    def mask(self, sub: SubQuery | None) -> np.ndarray | None:
        if sub is None or not (sub.sources or sub.day or sub.period):
            return None
        keep = self.of_sources(sub.sources)
        if sub.day:
            keep &= np.isin(self.days, sub.days())
        elif sub.period:
            keep &= (self.days >= sub.period.since) & ((self.days <= sub.period.until) if sub.period.until else True)
        return keep

    def of_sources(self, sources) -> np.ndarray:
        """The chunks of these outlets (all chunks when none is given)."""
        if not sources:
            return np.ones(len(self.ids), bool)
        wanted = np.zeros(len(self.outlets) + 1, bool)  # the last slot: chunks without an outlet (code -1)
        for name in sources:
            if name in self.source_code:
                wanted[self.source_code[name]] = True
        return wanted[self.source_codes]

    def within(self, scope: Scope | None) -> np.ndarray | None:
        """The chunks inside the person's scope (None: no scope, every chunk); InputError when it
        holds none."""
        if not scope:
            return None
        keep = self.of_sources(scope.sources)
        if scope.since or scope.until:
            keep &= (self.days > 0) & (self.days >= scope.since) & ((self.days <= scope.until) if scope.until else True)
        if not keep.any():
            raise InputError(f"No stored article is {scope.describe()}. Widen the outlets or dates (see `assistant status`).")
        return keep

    def plan(self, question: str, any_month: bool = False) -> list[SubQuery]:
        """plan.plan against this index's outlets, a day named without a year dated by its newest article."""
        return plan(question, self.outlets, int(self.days.max(initial=0)), any_month=any_month)

    def dense(self, vector) -> np.ndarray:
        return self.vectors @ np.asarray(vector, dtype=np.float32) if len(self.ids) else np.zeros(0, np.float32)


class Records:
    """Every chunk's text and metadata, in index order: in memory once built, or read from the
    cache folder a few at a time (one JSON line per chunk, found by its byte offset), so a cold
    `ask` reads its ten chunks, not the whole store."""

    def __init__(self, rows: list[tuple[str, dict]] | None = None, path: Path | None = None, offsets: np.ndarray | None = None):
        self.rows, self.path, self.offsets = rows, path, offsets

    def get(self, chosen: list[int]) -> list[tuple[str, dict]]:
        if self.rows is not None:
            return [self.rows[i] for i in chosen]
        out = []
        with self.path.open("rb") as f:
            for i in chosen:
                f.seek(int(self.offsets[i]))
                text, meta = json.loads(f.readline())
                out.append((text, meta))
        return out

    def save(self, folder: Path) -> None:
        offsets, at = [], 0
        with (folder / "records.jsonl").open("wb") as f:
            for row in self.rows:
                line = (json.dumps(list(row), ensure_ascii=False) + "\n").encode("utf-8")
                offsets.append(at)
                at += f.write(line)
        np.save(folder / "record_offsets.npy", np.asarray(offsets, dtype=np.int64))

    @classmethod
    def load(cls, folder: Path) -> "Records":
        offsets, path = np.load(folder / "record_offsets.npy"), folder / "records.jsonl"
        if len(offsets) and path.stat().st_size <= offsets[-1]:
            raise ValueError(f"{path} is shorter than its offsets")  # a damaged cache is rebuilt, not read
        return cls(path=path, offsets=offsets)


def fuse(lexical: np.ndarray, dense: np.ndarray, lexical_weight: float = LEXICAL_WEIGHT) -> np.ndarray:
    """Weighted score fusion: BM25 scaled by its best score, cosine as is (both in 0..1)."""
    top = float(lexical.max(initial=0.0)) or 1.0
    return lexical_weight * lexical / top + (1 - lexical_weight) * np.clip(dense, 0.0, None)


def named_period(index: "ChunkIndex", subs: list[SubQuery], keep: np.ndarray | None) -> np.ndarray | None:
    """The chunks published in the one range of days the question names ("last week", "in October
    2023"), as a mask for all its searches, not only its claim's: the person asked what was
    published then. None when it names no range, or several, or none of the chunks in `keep` falls
    in it (the answer then says so: Retriever.unmatched)."""
    periods = {sub.period for sub in subs if sub.period}
    if len(periods) != 1:
        return None
    mask = index.mask(SubQuery("", period=periods.pop()))
    return mask if both(mask, keep).any() else None


def anywhere(masks: list[np.ndarray | None]) -> np.ndarray | None:
    """Masks (None: everything) as one: the chunks any of them keeps."""
    return None if any(m is None for m in masks) or not masks else np.logical_or.reduce(masks)


def both(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Two masks (None: everything) as one."""
    return b if a is None else a if b is None else a & b


def top(scores: np.ndarray, n: int, mask: np.ndarray | None = None) -> list[int]:
    """Indices of the n best scores (only where `mask`), best first."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    n = min(n, int(np.isfinite(scores).sum()))
    if n <= 0:
        return []
    best = np.argpartition(-scores, n - 1)[:n]
    return [int(i) for i in best[np.argsort(-scores[best], kind="stable")]]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and len(w) > 1}


class Retriever:
    """The product's retrieval, used by `ask`, the chat, eval and the benchmark alike."""

    def __init__(self, store, embedder, cache_dir: Path, candidates: int = CANDIDATES):
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self.candidates = candidates
        self._index: ChunkIndex | None = None
        self._generation: str | None = None
        self._lock = threading.Lock()  # concurrent questions (the chat) build or load the index once

    def index(self) -> ChunkIndex:
        with self._lock:
            return self._current()

    def _current(self) -> ChunkIndex:
        generation = self.store.generation()
        if self._index is not None and generation == self._generation:
            return self._index
        key = f"{generation}-b{BM25_B}-v{INDEX_VERSION}"  # an index built with other BM25 parameters is stale too
        folder = self.cache_dir / "chunk-index" / self.store.name / key
        try:
            self._index = ChunkIndex.load(folder)
        except (OSError, ValueError, KeyError, EOFError):  # not built yet, removed while read, or broken
            broken = folder.exists()
            self.store.require_articles()  # an empty store has nothing to index: say so
            self._index = ChunkIndex.build(self.store)
            folder.parent.mkdir(parents=True, exist_ok=True)
            if broken:
                shutil.rmtree(folder, ignore_errors=True)
            for old in folder.parent.iterdir():  # other generations' indexes, and builds killed an hour ago
                if old.name != key and (not old.name.endswith(".tmp") or age(old) > 3600):
                    shutil.rmtree(old, ignore_errors=True)
            self._index.save(folder)
        self._generation = generation
        return self._index

    def outlets(self) -> list[str]:
        """The outlets in the index the last search used (no second generation round trip)."""
        return (self._index or self.index()).outlets

    def rare_words_missing(self, question: str, articles: set[str]) -> list[str]:
        """The question's rare words (stored in at most one article in RARE_WORD_SHARE) that none of
        `articles` holds, as the question writes them: "donanemab" when the answer comes from an
        article about lecanemab. Words the store does not hold at all say nothing (a paraphrase)."""
        index = self._index or self.index()
        surfaces = list(dict.fromkeys(re.findall(r"[\w’'-]+", question)))
        out = []
        for surface, tokens in zip(surfaces, tokenize(surfaces) if surfaces else []):
            for token in tokens:
                holding = index.articles_holding(token)
                if holding and len(holding) <= RARE_WORD_SHARE * index.n_articles and not holding & articles:
                    out.append(surface)
        return list(dict.fromkeys(out))

    def scope(self, sources: list[str] | None = None, since: str | None = "", until: str | None = "") -> Scope | None:
        """A Scope from what a person typed (None when nothing was): outlet names as the store has
        them (any case, or a short form such as "The Independent" for "The Independent - Sports")
        and YYYY-MM-DD days."""
        sources, since, until = sources or [], (since or "").strip(), (until or "").strip()
        if not (sources or since or until):
            return None
        stored = self.index().outlets
        table = aliases(stored)
        chosen: set[str] = set()
        for name in sources:
            match = table.get(name.strip().lower()) or {s for s in stored if s.lower() == name.strip().lower()}
            if not match:
                raise InputError(f"No stored article is from '{name}'. Outlets in the store: {', '.join(stored) or 'none yet'}.")
            chosen |= match
        days = []
        for flag, value in (("--since", since), ("--until", until)):
            try:
                days.append(int(date.fromisoformat(value).strftime("%Y%m%d")) if value else 0)
            except ValueError:
                raise InputError(f"{flag} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-10-01.") from None
        if days[0] and days[1] and days[0] > days[1]:
            raise InputError(f"--since {since} is after --until {until}; swap them.")
        return Scope(tuple(sorted(chosen)), days[0], days[1])

    def searches(self, question: str, scope: Scope | None = None) -> "Searches | None":
        """The whole question, plus one search per claim in it (see plan.py: each among the
        outlets and days it names), each a ranked list of chunk indices, all inside the person's
        `scope`. All searches score every chunk in memory with the question's one embedding
        (claims match lexically, on their words other than outlets, dates and boilerplate: see
        `search_words`)."""
        vector = self.embedder.embed([question])[0]
        index = self.index()  # once per question: checking the store's generation is a round trip
        if not index.ids:
            return None
        keep = index.within(scope)
        question_words = search_words(question, index.outlets)
        dense, lexical = index.dense(vector), index.lexical(question_words)
        fused = fuse(lexical, dense)
        subs = index.plan(question)
        keep = both(keep, named_period(index, subs, keep))
        words = [search_words(s.text, index.outlets) for s in subs]
        claim_lexical = [index.lexical(w, s) for w, s in zip(words, subs)]
        claims = [top(fuse(lex, dense), self.candidates, both(index.mask(s), keep)) for lex, s in zip(claim_lexical, subs)]
        return Searches(index, subs, words, question_words, dense, lexical, fused, claim_lexical, claims, top(fused, self.candidates, keep), keep)

    def unmatched(self, question: str, listing: bool = False) -> list[str]:
        """The days and times the question names (plan.py; for a `listing`, any month it names) in
        which no stored article of the outlets named was published, described for a note: their
        searches found nothing, so the answer rests on the whole question's search, over every day."""
        index = self._index or self.index()  # the index the question's search just used (no second generation round trip)
        out = []
        for sub in index.plan(question, any_month=listing):
            mask = index.mask(sub) if (sub.day or sub.period) and index.ids else None
            if mask is not None and not mask.any():
                when = sub.period.describe() if sub.period else f"on {iso_day(sub.day)} (or a day either side)"
                out.append(f"No stored article{' from ' + ' or '.join(sub.sources) if sub.sources else ''} was published {when}.")
        return list(dict.fromkeys(out))

    def listing(self, question: str, k: int, scope: Scope | None = None) -> list[Hit]:
        """The first chunks of the k newest articles in the outlets and days the question names
        (plan.py, any month it names counting; a time no stored article falls in is dropped, and
        `unmatched` says so) and in
        the person's `scope`: for questions that name no topic (digest.py). Undated articles, and
        those dated in the future, come last."""
        index = self.index()
        keep = both(index.within(scope), index.positions == 0)
        subs = index.plan(question, any_month=True)  # "What happened in October?": that month's news
        for named in (anywhere([index.mask(sub) for sub in subs]), anywhere([index.mask(replace(sub, day=0, period=None)) for sub in subs])):
            if named is None or both(named, keep).any():
                keep = both(named, keep)
                break
        today = int(date.today().strftime("%Y%m%d"))
        dated = np.where(index.days <= today, index.days, 0)  # a day in the future is no day (as timeline.published)
        candidates = np.flatnonzero(keep)
        chosen = candidates[np.argsort(-dated[candidates], kind="stable")][:k]  # ties: the order stored
        return index.hits([int(i) for i in chosen])

    def search(self, question: str, k: int, scope: Scope | None = None) -> list[Hit]:
        """The ranked lists of `searches` fused by rank, so a chunk that several claims want
        rises, and the fused candidates reranked per claim (rerank.select); the index's own copy
        of every chunk (`ChunkIndex.records`) serves the k winners, with no store round trip."""
        found = self.searches(question, scope)
        if found is None:
            return []

        index, fused = found.index, found.fused
        bridged = self.bridged(found, question)
        chosen = select(bridged, k, PER_ARTICLE, order=found) if bridged else select(found, k, PER_ARTICLE)
        hits = index.hits(chosen)
        for hit, i in zip(hits, chosen):
            hit.score, hit.dense, hit.lexical = float(fused[i]), float(found.dense[i]), float(found.lexical[i])
        return hits

    def bridged(self, found: "Searches", question: str) -> "Searches | None":
        """For a question asking for a name ("Which company ...", "Who is the individual ..."),
        the searches again with that name: the name the first searches' chunks point to
        (short.pick_entity over the rank fusion's top BRIDGE_HITS, no learned weights) is added to
        every claim's words and each claim searched again. A multi-hop question describes its
        answer through facts from several articles, and the sentences stating those facts name it
        ("It was Bankman-Fried's decision, she said" for "using $1 billion of customer funds for a
        buyout"), not the question's words. Only the claims' ranked lists change: the reranker's
        features still measure the claims' own words, and the chunks chosen keep the first
        searches' order (rerank.select's `order`). MultiHop-RAG dev, 2-fold cross-validated (weights
        fitted on one half, scored on the other): evidence recall@10 0.758 -> 0.771 and 0.762 ->
        0.773, complete@10 0.518 -> 0.536 and 0.495 -> 0.523, MRR@10 0.758 -> 0.758 and 0.758 ->
        0.759. None for other questions, or when no name stands out."""
        if short.form(question) != "entity":
            return None
        index = found.index
        hits = index.hits(merge(found.lists(), BRIDGE_HITS, index.articles))
        name = short.pick_entity(question, spans_of(hits), hits, index.outlets)
        if not name:
            return None
        lexical = [index.lexical(f"{words} {name.text}", sub) for words, sub in zip(found.words, found.subs)]
        claims = [top(fuse(lex, found.dense), self.candidates, both(index.mask(sub), found.keep)) for lex, sub in zip(lexical, found.subs)]
        return replace(found, claims=claims)


@dataclass
class Searches:
    """One question's searches over the index: per claim (sub-query) its search words, BM25
    scores and ranked chunk list, and the whole question's scores and list."""

    index: ChunkIndex
    subs: list[SubQuery]
    words: list[str]
    question_words: str
    dense: np.ndarray
    lexical: np.ndarray
    fused: np.ndarray
    claim_lexical: list[np.ndarray]
    claims: list[list[int]]
    whole: list[int]
    keep: np.ndarray | None = None  # the chunks every search stays within (None: all)

    def lists(self) -> list[tuple[list[int], float]]:
        return [(ranked, 1.0) for ranked in self.claims if ranked] + [(self.whole, WHOLE_QUESTION_WEIGHT)]


def relevance(question: str, hits: list[Hit]) -> float:
    """How likely the hits answer the question (0..1): dense similarity of the best hit,
    raised when the question's content words appear in it. Used for refusal."""
    if not hits:
        return 0.0
    words = content_words(question)
    best = 0.0
    for h in hits:
        overlap = len(words & content_words(h.metadata.get("header", "") + " " + h.text)) / max(1, len(words))
        best = max(best, 0.5 * max(h.dense, 0.0) + 0.5 * overlap)
    return best


__all__ = ["Retriever", "ChunkIndex", "fuse", "top", "relevance"]
