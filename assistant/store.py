"""The only module that talks to Chroma: an embedded store under ASSISTANT_HOME, or a
`chroma run` server when ASSISTANT_CHROMA_HOST is set (several processes or machines)."""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
import uuid
from collections import defaultdict

from .config import Settings
from .errors import AssistantError, ConfigError, EmptyStoreError, ServerUnavailable
from .types import Chunk

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
READ_ATTEMPTS = 3  # reading every chunk for the index, while another process may be writing


class Store:
    """Chroma is opened on first use: a question answered from retrieval's cached index (see
    `generation`) never imports chromadb, which is most of a cold `ask`'s time."""

    def __init__(self, settings: Settings, embedder_id: str, collection: str | None = None):
        self.settings = settings
        self.name = collection or settings.collection
        self.embedder_id = embedder_id
        self.location = f"http://{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_path)
        # Embedded store only: the last finished write's generation, in a file beside Chroma's own
        # (a server may be written by other machines: there, always ask Chroma).
        self.generation_file = None if settings.chroma_host else settings.chroma_path / f"{self.name}.generation.json"
        self._opened = None
        self._lock = threading.Lock()
        self._writing = False

    def _open(self):
        with self._lock:  # chat users arriving together open it once
            if self._opened is None:
                self._opened = self._connect()
            return self._opened

    @property
    def client(self):
        return self._open()[0]

    @property
    def collection(self):
        return self._open()[1]

    @property
    def _meta(self):
        return self._open()[2]

    def _connect(self):
        import chromadb

        settings = self.settings
        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if settings.chroma_host:
            try:
                client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
                client.heartbeat()
            except Exception as e:
                raise ServerUnavailable(
                    f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({e}). "
                    "Start it with `chroma run --path DIR --port N` or unset ASSISTANT_CHROMA_HOST."
                ) from None
            collection, meta = self._collections(client)
        else:
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            # Processes opening a new store at once would each create its tables ("table
            # collections already exists"): one at a time, the others then find them.
            with open(settings.chroma_path / ".open.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
                collection, meta = self._collections(client)
        stored = (collection.metadata or {}).get("embedder")
        if stored and stored != self.embedder_id:
            raise ConfigError(
                f"The collection '{self.name}' was built with the embedding model {stored}, but the settings "
                f"select {self.embedder_id}. Use the same ASSISTANT_EMBED_* settings, or another ASSISTANT_COLLECTION."
            )
        return client, collection, meta

    def _collections(self, client):
        collection = client.get_or_create_collection(self.name, metadata={"hnsw:space": "cosine", "embedder": self.embedder_id})
        return collection, client.get_or_create_collection(f"{self.name}__meta")

    def count(self) -> int:
        return self.collection.count()

    def require_articles(self) -> None:
        if self.count() == 0:
            raise EmptyStoreError(f"No articles ingested yet in {self.location} (collection '{self.name}'). Run: assistant ingest PATH (or use 'Add articles' in the chat).")

    def upsert(self, chunks: list[Chunk], embeddings) -> None:
        """Write one article's chunks in a single call, so an interrupted ingest never leaves half an article behind."""
        self._begin_writes()
        self.collection.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=[list(map(float, v)) for v in embeddings],
            documents=[c.text for c in chunks],
            metadatas=[c.metadata for c in chunks],
        )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._begin_writes()
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    def catalogue(self) -> dict[str, dict]:
        """article_id -> {"ids": its chunks, "hashes": their `content_hash` values (chunk.signature), "meta":
        its first chunk's metadata}: what the store holds."""
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
        in-memory index. Read again when it fails: Chroma can fail a page whose rows another
        process's ingest has just replaced ("Error finding id")."""
        attempt = 1
        while True:
            try:
                return self._all_chunk_vectors()
            except AssistantError:
                raise
            except Exception as e:  # noqa: BLE001 - chromadb's errors have no common base worth naming
                if attempt == READ_ATTEMPTS:
                    raise ServerUnavailable(f"The store at {self.location} failed while being read ({e}); if another ingest is writing to it, ask again when it is done.") from e
                time.sleep(0.2 * attempt)
                attempt += 1

    def _all_chunk_vectors(self) -> tuple[list[str], list[str], list[dict], list[list[float]]]:
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

    # The generation changes whenever an ingest writes; caches derived from the store
    # (retrieval's in-memory index) are keyed by it. It lives in Chroma so that a server shares
    # it; an embedded store also keeps the last finished write's generation in a file, read
    # without opening Chroma. The file is removed before any write and written back only when
    # the writes are done, so during an ingest, or after a killed one, readers ask Chroma.
    def generation(self) -> str:
        known = self._generation_from_file()
        if known:
            return known
        res = self._meta.get(ids=["generation"], include=["documents"])
        return res["documents"][0] if res["ids"] else "0"

    def _generation_from_file(self) -> str:
        if self.generation_file is None or self._opened is not None:
            return ""
        try:
            data = json.loads(self.generation_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        # another embedding model's store is Chroma's to refuse (ConfigError)
        return str(data.get("generation", "")) if data.get("embedder") == self.embedder_id else ""

    def _begin_writes(self) -> None:
        """Before the first write: readers ask Chroma, whose generation changes, until `end_writes`."""
        if not self._writing:
            if self.generation_file is not None:
                self.generation_file.unlink(missing_ok=True)
            self._bump()
            self._writing = True

    def end_writes(self) -> None:
        """After an ingest or a removal: a new generation if anything was written (or an earlier
        write never finished: its file is missing), and the file for readers. An ingest that
        changed nothing keeps every cache."""
        if self._writing or (self.generation_file is not None and not self.generation_file.exists()):
            generation = self._bump()
        else:
            generation = self.generation()
        self._writing = False
        if self.generation_file is not None:
            tmp = self.generation_file.with_suffix(f".{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")  # ingests ending at once
            tmp.write_text(json.dumps({"generation": generation, "embedder": self.embedder_id}), encoding="utf-8")
            tmp.replace(self.generation_file)

    def _bump(self) -> str:
        generation = uuid.uuid4().hex
        self._meta.upsert(ids=["generation"], documents=[generation], embeddings=[[0.0]])
        return generation

    def drop(self) -> None:
        if self.generation_file is not None:
            self.generation_file.unlink(missing_ok=True)
        self.client.delete_collection(self.name)
        self.client.delete_collection(f"{self.name}__meta")
