"""Article -> Chunks: sentence-aligned pieces with overlap, each with its offsets in the body.

LlamaIndex's SentenceSplitter does the splitting; the size budget counts the embedding
model's own tokens, metadata header included, so no chunk is cut short when embedded.
"""

from __future__ import annotations

import hashlib
from typing import Callable

from .types import Article, Chunk


def header(title: str, source: str, published_at: str) -> str:
    """The metadata line embedded and indexed with every chunk (names, outlets, dates match)."""
    parts = [p for p in (title, source, published_at) if p]
    return " | ".join(parts)


def chunk_id(article_id: str, position: int) -> str:
    return f"{hashlib.sha1(article_id.encode()).hexdigest()[:16]}-{position:04d}"


def content_hash(article: Article) -> str:
    key = "\x1f".join((article.title, article.source, article.author, article.published_at, article.url, article.body))
    return hashlib.sha1(key.encode()).hexdigest()


def signature(article: Article, chunk_tokens: int, overlap: int) -> str:
    """Changes when the article or the chunking changes: either means new chunks. Every chunk
    carries it as "content_hash", so an ingest skips articles whose chunks are stored as they are."""
    return hashlib.sha1(f"{content_hash(article)}/{chunk_tokens}/{overlap}".encode()).hexdigest()


def paragraph_of(body: str, offset: int) -> int:
    """1-based paragraph number of a character offset in the body."""
    return body.count("\n\n", 0, offset) + 1


class Chunker:
    def __init__(self, chunk_tokens: int, overlap: int, count_tokens: Callable[[str], int]):
        from llama_index.core.node_parser import SentenceSplitter

        self.chunk_tokens = chunk_tokens
        self.count_tokens = count_tokens
        self.overlap = overlap
        self._splitter_for = lambda size: SentenceSplitter(
            chunk_size=size,
            chunk_overlap=min(overlap, size // 4),
            paragraph_separator="\n\n",
            tokenizer=lambda text: [0] * count_tokens(text),
        )

    def split(self, article: Article) -> list[Chunk]:
        head = header(article.title, article.source, article.published_at)
        budget = max(32, self.chunk_tokens - self.count_tokens(head) - 4)
        pieces = self._splitter_for(budget).split_text(article.body)
        digest = signature(article, self.chunk_tokens, self.overlap)
        chunks, cursor = [], 0
        for position, text in enumerate(pieces):
            start, end = locate(article.body, text, cursor)
            cursor = start + 1
            meta = {
                "article_id": article.article_id,
                "title": article.title,
                "source": article.source,
                "author": article.author,
                "published_at": article.published_at,
                "date_num": int(article.published_at.replace("-", "")) if article.published_at else 0,
                "url": article.url,
                "origin": article.origin,
                "position": position,
                "start": start,
                "end": end,
                "paragraph": paragraph_of(article.body, start),
                "content_hash": digest,
                "header": head,
            }
            chunks.append(Chunk(chunk_id(article.article_id, position), article.article_id, position, article.body[start:end], start, end, meta))
        return chunks


def locate(body: str, piece: str, cursor: int) -> tuple[int, int]:
    """Offsets of a splitter piece in the body. The splitter only trims whitespace, so a direct
    search works; if it ever rewrites spacing, match word by word instead."""
    piece = piece.strip()
    at = body.find(piece, max(0, cursor - 1))
    if at < 0:
        at = body.find(piece)
    if at >= 0:
        return at, at + len(piece)
    words = piece.split()
    start = body.find(words[0], max(0, cursor - 1))
    pos = start
    for w in words:
        pos = body.find(w, pos) + len(w)
    return start, pos
