"""The only module that talks to Chroma: an embedded store under ASSISTANT_HOME, or a
`chroma run` server when ASSISTANT_CHROMA_HOST is set (several processes or machines)."""

from __future__ import annotations

import os
from collections import defaultdict

from .config import Settings
from .errors import ConfigError, EmptyStoreError, ServerUnavailable
from .types import Chunk, Hit

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Store:
    def __init__(self, settings: Settings, embedder_id: str, collection: str | None = None):
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if settings.chroma_host:
            try:
                self.client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
                self.client.heartbeat()
            except Exception as e:
                raise ServerUnavailable(
                    f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({e}). "
                    "Start it with `chroma run --path DIR --port N` or unset ASSISTANT_CHROMA_HOST."
                ) from None
            self.location = f"http://{settings.chroma_host}:{settings.chroma_port}"
        else:
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
            self.location = str(settings.chroma_path)
        self.name = collection or settings.collection
        self.embedder_id = embedder_id
        self.collection = self.client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine", "embedder": embedder_id}
        )
        self._meta = self.client.get_or_create_collection(f"{self.name}__meta")
        stored = (self.collection.metadata or {}).get("embedder")
        if stored and stored != embedder_id:
            raise ConfigError(
                f"The collection '{self.name}' was built with the embedding model {stored}, but the settings "
                f"select {embedder_id}. Use the same ASSISTANT_EMBED_* settings, or another ASSISTANT_COLLECTION."
            )

    def count(self) -> int:
        return self.collection.count()

    def require_articles(self) -> None:
        if self.count() == 0:
            raise EmptyStoreError(f"No articles ingested yet in {self.location} (collection '{self.name}'). Run: assistant ingest PATH (or use 'Add articles' in the chat).")

    def upsert(self, chunks: list[Chunk], embeddings) -> None:
        """Write one article's chunks in a single call, so an interrupted ingest never leaves half an article behind."""
        self.collection.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=[list(map(float, v)) for v in embeddings],
            documents=[c.text for c in chunks],
            metadatas=[c.metadata for c in chunks],
        )

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    def catalogue(self) -> dict[str, dict]:
        """article_id -> {"hash", "ids", metadata of its first chunk}: what the store holds."""
        out: dict[str, dict] = defaultdict(lambda: {"ids": [], "hashes": set()})
        for ids, metas in self._pages(include=["metadatas"]):
            for cid, meta in zip(ids, metas):
                entry = out[meta.get("article_id", "")]
                entry["ids"].append(cid)
                entry["hashes"].add(meta.get("content_hash", ""))
                entry.setdefault("meta", meta)
        return dict(out)

    def all_chunks(self) -> tuple[list[str], list[str], list[dict]]:
        all_ids, docs, metas = [], [], []
        for ids, page_metas, page_docs in self._pages(include=["metadatas", "documents"]):
            all_ids += ids
            metas += page_metas
            docs += page_docs
        return all_ids, docs, metas

    def all_chunk_vectors(self) -> tuple[list[str], list[str], list[dict], list[list[float]]]:
        """Every chunk's id, text, metadata and stored vector in one pass, for retrieval's
        in-memory index."""
        all_ids, docs, metas, vectors = [], [], [], []
        for ids, page_metas, page_docs, page_vectors in self._pages(include=["metadatas", "documents", "embeddings"]):
            all_ids += ids
            metas += page_metas
            docs += page_docs
            vectors += list(page_vectors)
        return all_ids, docs, metas, vectors

    def _pages(self, include: list[str], size: int = 5000):
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=size, offset=offset)
            if not page["ids"]:
                return
            row = [page["ids"], page["metadatas"]] + [page[extra] for extra in ("documents", "embeddings") if extra in include]
            yield tuple(row)
            offset += len(page["ids"])

    def hits(self, ids: list[str]) -> list[Hit]:
        """Chunks by id (text and metadata, no vectors), in the order asked."""
        if not ids:
            return []
        res = self.collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {cid: Hit(cid, doc, meta, 0.0) for cid, doc, meta in zip(res["ids"], res["documents"], res["metadatas"])}
        return [by_id[i] for i in ids if i in by_id]

    # The generation changes whenever an ingest writes; caches derived from the store
    # (the BM25 index) are keyed by it. It lives in Chroma so that a server shares it.
    def generation(self) -> str:
        res = self._meta.get(ids=["generation"], include=["documents"])
        return res["documents"][0] if res["ids"] else "0"

    def bump_generation(self) -> None:
        import uuid

        self._meta.upsert(ids=["generation"], documents=[uuid.uuid4().hex], embeddings=[[0.0]])

    def drop(self) -> None:
        self.client.delete_collection(self.name)
        self.client.delete_collection(f"{self.name}__meta")
