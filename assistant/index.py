"""Articles -> store: an idempotent sync of files into the Chroma collection.

Unchanged articles are skipped (their content hash is stored with every chunk), a changed
article's chunks are overwritten in place and its leftovers deleted, and `prune` removes
articles that were not seen. Each article is written in one upsert, so a killed ingest leaves
whole articles behind and the next run finishes the job.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .chunk import Chunker
from .errors import InputError
from .ingest import Note, Problem, find_files, read_file
from .types import Article, Chunk

EMBED_BATCH_CHUNKS = 64


@dataclass
class IngestReport:
    files: int = 0
    articles: int = 0  # articles read from the files
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0  # articles whose exact text and metadata another path already holds
    chunks_written: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # files of other types, duplicates skipped, moved files followed: not errors
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.chunks_written / self.seconds if self.seconds else 0.0
        text = (
            f"{self.articles} articles from {self.files} files: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed; {self.chunks_written} chunks written "
            f"in {self.seconds:.1f}s ({rate:.0f} chunks/s)"
        )
        if self.duplicates:
            text += f"; {self.duplicates} already stored from another path (kept once)"
        if self.problems:
            text += f"; {len(self.problems)} skipped with problems"
        return text

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("problems", "notes")}
        d["problems"] = [str(p) for p in self.problems]
        d["notes"] = [str(p) for p in self.notes]
        return d


class Indexer:
    def __init__(self, store, embedder, chunker: Chunker, batch: int = 32):
        self.store = store
        self.embedder = embedder
        self.chunker = chunker
        self.batch = batch

    def sync(self, paths: list[Path], prune: bool = False, progress: Callable[[str, dict], None] | None = None) -> IngestReport:
        try:
            return self._sync(paths, prune, progress)
        finally:  # stopped midway (interrupted, the store failed): as if killed, the next reader or writer settles
            self.store.release_writes()

    def _sync(self, paths: list[Path], prune: bool, progress: Callable[[str, dict], None] | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        files, report.problems, report.notes = find_files(paths)
        report.files = len(files)
        progress = progress or (lambda event, info: None)
        progress("start", {"files": len(files)})
        existing = self.store.catalogue()
        # An article is known by its URL or, without one, its file's path, so the same file in
        # two folders (a copied or re-cloned folder) would be stored twice and quoted twice.
        # Identical text and metadata (the content hash) is kept once, under the first id.
        holder = {next(iter(e["hashes"])): aid for aid, e in existing.items() if len(e["hashes"]) == 1}
        seen: dict[str, str] = {}
        kept: set[str] = set()  # stored articles that a skipped duplicate stands for
        moved: list[str] = []  # stored articles whose file is gone and now found at another path
        # Copies of a stored article's text met before that article's own file in this run: if
        # its file now holds other text (a rotated "today.txt"), the first copy is stored after all.
        waiting: dict[str, list[tuple[Article, list[Chunk], Note]]] = {}
        pending: list[tuple[Article, list[Chunk], dict | None]] = []
        for path in files:
            for item in read_file(path):
                if isinstance(item, Note):
                    report.notes.append(item)
                    continue
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                if item.article_id in seen:
                    report.problems.append(Problem(item.origin, f"same article as {seen[item.article_id]} (url or path {item.article_id}); kept the first"))
                    continue
                chunks = self.chunker.split(item)
                sig = chunks[0].metadata["content_hash"]
                twin = holder.setdefault(sig, item.article_id)
                if twin != item.article_id and twin in existing and not origin_exists(existing[twin]):
                    moved.append(twin)  # the file was moved: the article follows it
                    report.notes.append(Note(item.origin, f"moved from {existing[twin]['meta'].get('origin', twin)}; stored under the new path"))
                    holder[sig] = twin = item.article_id
                if twin != item.article_id:
                    note = self._duplicate(item, twin, report)
                    kept.add(twin)  # `prune` keeps the copy we kept
                    if twin in existing and twin not in seen:
                        waiting.setdefault(twin, []).append((item, chunks, note))
                    continue
                old = existing.get(item.article_id)
                if old and old["hashes"] != {sig}:  # changed: its old text is no longer stored under its id
                    stored_from = old["meta"].get("origin", "").split("#")[0]
                    if stored_from and stored_from != item.origin.split("#")[0] and origin_exists(old):  # the same URL in another file
                        report.notes.append(Note(item.origin, f"replaced the article with the same URL stored from {stored_from} ({item.article_id}); an article is known by its URL"))
                    for copy, copy_chunks in self._released(item.article_id, old, holder, waiting, report):
                        seen[copy.article_id] = copy.origin
                        report.articles += 1
                        pending.append((copy, copy_chunks, existing.get(copy.article_id)))
                seen[item.article_id] = item.origin
                report.articles += 1
                if old and old["hashes"] == {sig} and len(old["ids"]) == len(chunks):
                    report.unchanged += 1
                    continue
                pending.append((item, chunks, old))
                if sum(len(c) for _, c, _ in pending) >= EMBED_BATCH_CHUNKS:
                    self._write(pending, report)
                    pending = []
                    progress("batch", {"path": str(path), "articles": report.articles, "chunks": report.chunks_written})
            progress("file", {"path": str(path), "articles": report.articles, "chunks": report.chunks_written})
        self._write(pending, report)
        for twin in moved:  # only now that the new copy is written: a killed run loses nothing
            self.store.delete(existing[twin]["ids"])
        if prune:
            report.removed = self._prune(existing, seen.keys() | kept | set(moved), report.problems)
        self.store.end_writes()
        report.seconds = time.perf_counter() - started
        progress("done", {"articles": report.articles, "chunks": report.chunks_written})
        return report

    @staticmethod
    def _duplicate(item: Article, twin: str, report: IngestReport) -> Note:
        report.duplicates += 1
        note = Note(item.origin, f"skipped: same text as the article stored as {twin}; kept that one")
        report.notes.append(note)
        return note

    def _released(self, article_id: str, old: dict, holder: dict, waiting: dict, report: IngestReport) -> list[tuple[Article, list[Chunk]]]:
        """An article whose text changed in this run no longer holds its old text: the copies of
        that text met earlier in this run (`waiting`) are no longer duplicates. The first is
        stored in its place (returned); the others are duplicates of it."""
        for h in old["hashes"]:
            if holder.get(h) == article_id:
                del holder[h]
        stored = []
        for copy, chunks, note in waiting.pop(article_id, []):
            report.notes.remove(note)
            report.duplicates -= 1
            twin = holder.setdefault(chunks[0].metadata["content_hash"], copy.article_id)
            if twin == copy.article_id:
                stored.append((copy, chunks))
            else:
                self._duplicate(copy, twin, report)
        return stored

    def _write(self, pending: list[tuple[Article, list[Chunk], dict | None]], report: IngestReport) -> None:
        if not pending:
            return
        texts = [f"{c.metadata['header']}\n{c.text}" for _, chunks, _ in pending for c in chunks]
        vectors = self.embedder.embed(texts, batch=self.batch, bulk=True)
        i = 0
        for article, chunks, old in pending:
            self.store.upsert(chunks, vectors[i : i + len(chunks)])
            i += len(chunks)
            new_ids = {c.chunk_id for c in chunks}
            stale = [cid for cid in (old or {}).get("ids", []) if cid not in new_ids]
            if stale:
                self.store.delete(stale)
            report.chunks_written += len(chunks)
            if old:
                report.updated += 1
            else:
                report.added += 1

    def _prune(self, existing: dict, seen, problems: list[Problem]) -> int:
        troubled = {p.where.split(":")[0].split("[")[0] for p in problems}
        troubled = {str(Path(t).resolve()) for t in troubled if t}
        removed = 0
        for article_id, entry in existing.items():
            origin = entry.get("meta", {}).get("origin", "").split("#")[0]
            if article_id in seen or origin in troubled:
                continue  # a file we could not read this time keeps its articles
            self.store.delete(entry["ids"])
            removed += 1
        return removed


def origin_exists(entry: dict) -> bool:
    """Whether a stored article's file is still there (a record's origin is `path#n`)."""
    origin = entry.get("meta", {}).get("origin", "").split("#")[0]
    return not origin or Path(origin).exists()


def articles(store) -> list[dict]:
    """Every stored article, newest first: {"id", "title", "source", "published_at", "chunks", "origin"}."""
    out = [
        {"id": article_id, "title": m.get("title", ""), "source": m.get("source", ""), "published_at": m.get("published_at", ""), "chunks": len(entry["ids"]), "origin": m.get("origin", "")}
        for article_id, entry in store.catalogue().items()
        for m in [entry.get("meta", {})]
    ]
    return sorted(out, key=lambda a: (a["published_at"], a["title"]), reverse=True)


def remove(store, article_ids: list[str]) -> int:
    """Delete the given stored articles (all their chunks); the number of chunks deleted. Raises
    InputError, deleting nothing, when an id is not stored."""
    catalogue = store.catalogue()
    unknown = [a for a in article_ids if a not in catalogue]
    if unknown:
        raise InputError(f"Not stored: {', '.join(unknown)}. `assistant articles` lists the ids (a URL, or the file path).")
    ids = [cid for a in dict.fromkeys(article_ids) for cid in catalogue[a]["ids"]]
    try:
        store.delete(ids)
        store.end_writes()
    finally:
        store.release_writes()
    return len(ids)


def status(store, embedding_model: str) -> dict:
    catalogue = store.catalogue()
    metas = [e["meta"] for e in catalogue.values() if "meta" in e]
    dates = sorted(m["published_at"] for m in metas if m.get("published_at"))
    return {
        "articles": len(catalogue),
        "chunks": sum(len(e["ids"]) for e in catalogue.values()),
        "sources": sorted({m["source"] for m in metas if m.get("source")}),
        "earliest": dates[0] if dates else None,
        "latest": dates[-1] if dates else None,
        "embedding_model": embedding_model,
        "store": f"{store.location} (collection {store.name})",
    }
