"""Question -> Hits: hybrid lexical (BM25) + dense (Chroma) retrieval, fused and diversified.

News questions are full of names, outlets and dates that BM25 matches exactly, while the dense
model catches paraphrase; a plain rank fusion of the two loses to BM25 alone on news
(see ../shared/bench), so the fusion is weighted towards the lexical side.
The BM25 index is derived from the Chroma collection and cached on disk, keyed by the store's
generation, so any ingest (from any process) invalidates it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np

from .plan import SubQuery, plan
from .types import Hit

LEXICAL_WEIGHT = 0.6
PER_ARTICLE = 3  # at most this many chunks of one article in the top-k while others compete


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]):
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)


class LexicalIndex:
    """BM25 (bm25s) over the header and text of every chunk in the store, with each chunk's
    outlet and day so that a search can be limited to them."""

    def __init__(self, ids: list[str], sources: list[str], days: list[int], bm25):
        self.ids = ids
        self.chunk_sources = np.asarray(sources, dtype=object)
        self.days = np.asarray(days, dtype=np.int64)
        self.sources = sorted(set(sources) - {""})
        self.bm25 = bm25

    @classmethod
    def build(cls, ids: list[str], docs: list[str], metas: list[dict]) -> "LexicalIndex":
        import bm25s

        corpus = [f"{m.get('header', '')}\n{d}" for d, m in zip(docs, metas)]
        bm25 = bm25s.BM25()
        if corpus:
            bm25.index(tokenize(corpus), show_progress=False)
        return cls(ids, [m.get("source", "") for m in metas], [int(m.get("date_num", 0)) for m in metas], bm25)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        self.bm25.save(str(tmp))
        meta = {"ids": self.ids, "sources": list(self.chunk_sources), "days": self.days.tolist()}
        (tmp / "chunks.json").write_text(json.dumps(meta))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)  # readers never see a half-written index

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        meta = json.loads((folder / "chunks.json").read_text())
        return cls(meta["ids"], meta["sources"], meta["days"], bm25s.BM25.load(str(folder)))

    def search(self, question: str, k: int, sub: SubQuery | None = None) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        tokens = tokenize([question])
        if not tokens.vocab:
            return []
        mask = None
        if sub is not None and (sub.sources or sub.day):
            keep = np.isin(self.chunk_sources, sub.sources) if sub.sources else np.ones(len(self.ids), bool)
            if sub.day:
                keep &= np.isin(self.days, sub.days())
            mask = keep.astype(np.float32)
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1, weight_mask=mask)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


def fuse(lexical: list[tuple[str, float]], dense: dict[str, float], lexical_weight: float = LEXICAL_WEIGHT) -> dict[str, float]:
    """Weighted score fusion: BM25 scaled by its best score, cosine as is (both in 0..1)."""
    top = max((s for _, s in lexical), default=0.0) or 1.0
    lex = {cid: s / top for cid, s in lexical}
    return {cid: lexical_weight * lex.get(cid, 0.0) + (1 - lexical_weight) * max(dense.get(cid, 0.0), 0.0) for cid in set(lex) | set(dense)}


def diversify(ranked: list[Hit], k: int, per_article: int = PER_ARTICLE) -> list[Hit]:
    """Top-k with at most `per_article` chunks of one article, unless nothing else is left."""
    chosen, spill, counts = [], [], {}
    for hit in ranked:
        n = counts.get(hit.article_id, 0)
        if n < per_article:
            chosen.append(hit)
            counts[hit.article_id] = n + 1
        else:
            spill.append(hit)
        if len(chosen) == k:
            return chosen
    return chosen + spill[: k - len(chosen)]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and len(w) > 1}


STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between both but by
    can did do does doing down during each few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your yours yourself
    yourselves said says say tell told according also""".split()
)


class Retriever:
    """The product's retrieval, used by `ask`, the chat, eval and the benchmark alike."""

    def __init__(self, store, embedder, cache_dir: Path, candidates: int = 30):
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self.candidates = candidates
        self._lexical: LexicalIndex | None = None
        self._generation: str | None = None

    def lexical(self) -> LexicalIndex:
        generation = self.store.generation()
        if self._lexical is not None and generation == self._generation:
            return self._lexical
        folder = self.cache_dir / "bm25" / self.store.name / generation
        try:
            self._lexical = LexicalIndex.load(folder)
        except (OSError, ValueError, KeyError):
            self._lexical = LexicalIndex.build(*self.store.all_chunks())
            folder.parent.mkdir(parents=True, exist_ok=True)
            for old in folder.parent.iterdir():
                if old.name != generation and not old.name.endswith(".tmp"):
                    shutil.rmtree(old, ignore_errors=True)
            self._lexical.save(folder)
        self._generation = generation
        return self._lexical

    def search(self, question: str, k: int) -> list[Hit]:
        """The question as asked, plus one search per outlet (and date) it names; the lists
        are merged taking each list's best in turn, so every named outlet gets its share.
        Sub-searches match their stretch of the question lexically but the whole question
        densely: one embedding per question (measured on MultiHop-RAG dev: same quality as
        embedding each stretch, p95 141 ms instead of 255 ms)."""
        vector = self.embedder.embed([question])[0]
        index = self.lexical()  # once per question: checking the store's generation is a round trip
        general = self._search(index, question, vector, k)
        subs = plan(question, index.sources)
        if not subs:
            return general
        lists = [self._search(index, s.text, vector, k, s) or self._search(index, s.text, vector, k, SubQuery(s.text, s.sources)) for s in subs]
        return interleave(lists + [general], k)

    def _search(self, index: LexicalIndex, question: str, vector, k: int, sub: SubQuery | None = None) -> list[Hit]:
        where = sub.where() if sub else None
        dense_hits = self.store.query(vector, self.candidates, where)
        lexical = index.search(question, self.candidates, sub)
        hits = {h.chunk_id: h for h in dense_hits}
        missing = [cid for cid, _ in lexical if cid not in hits]
        for h, v in self.store.get(missing) if missing else []:
            h.dense = float(np.dot(np.asarray(v, dtype=np.float32), vector))
            hits[h.chunk_id] = h
        lex_scores = dict(lexical)
        fused = fuse(lexical, {cid: h.dense for cid, h in hits.items()})
        for cid, h in hits.items():
            h.lexical = lex_scores.get(cid, 0.0)
            h.score = fused[cid]
        ranked = sorted(hits.values(), key=lambda h: h.score, reverse=True)
        return diversify(ranked, k)


def interleave(lists: list[list[Hit]], k: int) -> list[Hit]:
    """Round-robin over ranked lists, skipping chunks already taken."""
    out, seen = [], set()
    for rank in range(max((len(x) for x in lists), default=0)):
        for hits in lists:
            if rank < len(hits) and hits[rank].chunk_id not in seen:
                seen.add(hits[rank].chunk_id)
                out.append(hits[rank])
                if len(out) == k:
                    return out
    return out


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


__all__ = ["Retriever", "LexicalIndex", "fuse", "diversify", "interleave", "relevance"]
