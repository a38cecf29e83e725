"""The only module that talks to Chroma: an embedded store under ASSISTANT_HOME, or a
`chroma run` server when ASSISTANT_CHROMA_HOST is set (several processes or machines)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager

from .config import Settings
from .errors import AssistantError, ConfigError, EmptyStoreError, ServerUnavailable
from .types import Chunk

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
READ_ATTEMPTS = 3  # reading every chunk for the index, while another process may be writing
LOW_DISK = 200 * 2**20  # bytes free below which a store failure is put down to a full disk


class Store:
    """Chroma is opened on first use: a question answered from retrieval's cached index (see
    `generation`) never imports chromadb, which is most of a cold `ask`'s time."""

    def __init__(self, settings: Settings, embedder_id: str, collection: str | None = None):
        self.settings = settings
        self.name = collection or settings.collection
        self.embedder_id = embedder_id
        self.location = f"http://{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_path)
        # Embedded store only: the last settled generation, in a file beside Chroma's own (a
        # server may be written by other machines: there, always ask Chroma); see `generation`.
        self.generation_file = None if settings.chroma_host else settings.chroma_path / f"{self.name}.generation.json"
        if self.generation_file is not None:
            self.pending_file = settings.chroma_path / f"{self.name}.pending"  # writes began and are not settled
            self.writers_file = settings.chroma_path / f"{self.name}.writers.lock"  # held (shared) by every process writing
        self._opened = None
        self._lock = threading.Lock()
        self._writing = False
        self._writer_lock = None  # this process's hold on writers_file while it writes

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
            with open(settings.chroma_path / ".open.lock", "w") as lock, self._failing("opening"):
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

    @contextmanager
    def _failing(self, doing: str):
        """Chroma's own failures (a full disk: "Error in compaction: Failed to apply logs ...")
        as a message that says what to do, not a traceback."""
        try:
            yield
        except AssistantError:
            raise
        except Exception as e:  # noqa: BLE001 - chromadb's errors have no common base worth naming
            raise ServerUnavailable(f"The store at {self.location} failed while {doing} ({str(e)[:200]}).{self._disk_note()} Articles already stored are whole; run the same command again once that is fixed.") from e

    def _disk_note(self) -> str:
        if self.generation_file is None:
            return " Check the Chroma server's log."
        try:
            free = shutil.disk_usage(self.settings.chroma_path).free
        except OSError:
            return ""
        return f" The disk holding it has {free // 2**20} MB free: make room." if free < LOW_DISK else ""

    def count(self) -> int:
        with self._failing("reading"):
            return self.collection.count()

    def require_articles(self) -> None:
        if self.count() == 0:
            raise EmptyStoreError(f"No articles ingested yet in {self.location} (collection '{self.name}'). Run: assistant ingest PATH (or use 'Add articles' in the chat).")

    def upsert(self, chunks: list[Chunk], embeddings) -> None:
        """Write one article's chunks in a single call, so an interrupted ingest never leaves half an article behind."""
        self._begin_writes()
        with self._failing("writing"):
            self.collection.upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=[list(map(float, v)) for v in embeddings],
                documents=[c.text for c in chunks],
                metadatas=[c.metadata for c in chunks],
            )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._begin_writes()
        with self._failing("deleting"):
            for i in range(0, len(ids), 5000):
                self.collection.delete(ids=ids[i : i + 5000])

    def catalogue(self) -> dict[str, dict]:
        """article_id -> {"ids": its chunks, "hashes": their `content_hash` values (chunk.signature), "meta":
        its first chunk's metadata}: what the store holds."""
        out: dict[str, dict] = defaultdict(lambda: {"ids": [], "hashes": set()})
        with self._failing("reading"):
            pages = list(self._pages(include=["metadatas"]))
        for ids, metas in pages:
            for cid, meta in zip(ids, metas):
                entry = out[meta.get("article_id", "")]
                entry["ids"].append(cid)
                entry["hashes"].add(meta.get("content_hash", ""))
                entry.setdefault("meta", meta)
        return dict(out)

    def all_chunks(self) -> tuple[list[str], list[str], list[dict]]:
        all_ids, docs, metas = [], [], []
        with self._failing("reading"):
            pages = list(self._pages(include=["metadatas", "documents"]))
        for ids, page_metas, page_docs in pages:
            all_ids += ids
            metas += page_metas
            docs += page_docs
        return all_ids, docs, metas

    def all_chunk_vectors(self) -> tuple[list[str], list[str], list[dict], list[list[float]]]:
        """Every chunk's id, text, metadata and stored vector in one pass, for retrieval's
        in-memory index. Read again, through a fresh view of the store, when it fails: Chroma
        can fail a page whose rows another process's ingest has just replaced, and a process
        that keeps an embedded store open goes on failing ("Error finding id") on rows another
        process wrote before it was killed, which a new process reads fine."""
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
                self._reopen()
                attempt += 1

    def _reopen(self) -> None:
        """Open the embedded store anew on next use, as a new process would. Chroma keeps one
        shared view per folder and process; this drops it from Chroma's registry without
        stopping it (other threads may be reading through it), and the next open makes another."""
        if self.generation_file is None:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        with self._lock:
            SharedSystemClient._identifier_to_system.pop(str(self.settings.chroma_path), None)
            self._opened = None

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
    # it. An embedded store also keeps the last settled generation in a file, read without
    # opening Chroma, and three rules keep it honest when several processes share the store:
    # - a process holds a shared lock on `writers_file` from its first write to `end_writes`
    #   (the kernel drops it when the process dies, even killed), and marks `pending_file`;
    # - while any process holds it, readers keep the settled generation: questions are answered
    #   from the articles as they were before the ingest began, not from Chroma mid-write
    #   (where reads fail: "Error finding id");
    # - the last writer to finish, or the first reader after a killed write, settles: a new
    #   generation (every cache built meanwhile is stale), written to the file, and the mark removed.
    def generation(self) -> str:
        if self.generation_file is None:
            return self._chroma_generation()
        settled = self._generation_from_file()
        if settled and not self.pending_file.exists():
            return settled
        if not self._settle():  # an ingest is under way
            return settled or self._chroma_generation()
        return self._generation_from_file() or self._chroma_generation()

    def _chroma_generation(self) -> str:
        with self._failing("reading"):
            res = self._meta.get(ids=["generation"], include=["documents"])
        return res["documents"][0] if res["ids"] else "0"

    def _generation_from_file(self) -> str:
        try:
            data = json.loads(self.generation_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        # another embedding model's store is Chroma's to refuse (ConfigError)
        return str(data.get("generation", "")) if data.get("embedder") == self.embedder_id else ""

    def _begin_writes(self) -> None:
        """Before the first write: other processes' readers keep the settled generation until
        `end_writes`; a server's readers see Chroma's generation change."""
        if not self._writing:
            if self.generation_file is not None:
                self.settings.chroma_path.mkdir(parents=True, exist_ok=True)
                self._writer_lock = open(self.writers_file, "a")
                fcntl.flock(self._writer_lock, fcntl.LOCK_SH)
                self.pending_file.touch()
            self._bump()
            self._writing = True

    def end_writes(self) -> None:
        """After an ingest or a removal: a new generation if anything was written (or an earlier
        write was killed), once no other process is writing. An ingest that changed nothing keeps
        every cache."""
        if self.generation_file is None:
            if self._writing:
                self._bump()
            self._writing = False
            return
        self.release_writes()
        self._settle()

    def release_writes(self) -> None:
        """Stop holding the store as written to, without settling: what a killed process does.
        After a failed or interrupted write, so that a long-lived process (the chat) does not keep
        every other process waiting for it."""
        if self._writer_lock is not None:
            self._writer_lock.close()
            self._writer_lock = None
        self._writing = False

    def _settle(self) -> bool:
        """Settle pending writes, unless a process is still writing (False). True when nothing
        is left pending."""
        try:
            self.settings.chroma_path.mkdir(parents=True, exist_ok=True)
            lock = open(self.writers_file, "a")
        except OSError:  # a store this user may only read: nobody here writes to it
            return True
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            if self.pending_file.exists() or not self._generation_from_file():
                generation = self._bump() if self.pending_file.exists() else self._chroma_generation()
                tmp = self.generation_file.with_suffix(f".{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
                tmp.write_text(json.dumps({"generation": generation, "embedder": self.embedder_id}), encoding="utf-8")
                tmp.replace(self.generation_file)
                self.pending_file.unlink(missing_ok=True)
            return True

    def _bump(self) -> str:
        generation = uuid.uuid4().hex
        with self._failing("writing"):
            self._meta.upsert(ids=["generation"], documents=[generation], embeddings=[[0.0]])
        return generation

    def drop(self) -> None:
        if self.generation_file is not None:
            self.generation_file.unlink(missing_ok=True)
            self.pending_file.unlink(missing_ok=True)
        self.client.delete_collection(self.name)
        self.client.delete_collection(f"{self.name}__meta")
