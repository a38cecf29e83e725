"""Ingest into a real Chroma store with the real embedding model: idempotent, updates,
prune, bad files, a killed ingest, status."""

import json
import shutil

import pytest

from assistant.cli import main
from assistant.errors import ServerUnavailable
from assistant.pipeline import Assistant
from conftest import ROOT, SEED_ARTICLE, SEEDS


def snapshot(assistant):
    ids, docs, metas = assistant.store.all_chunks()
    return sorted(zip(ids, docs, [json.dumps(m, sort_keys=True) for m in metas]))


def test_ingest_twice_gives_the_same_collection(settings):
    assistant = Assistant(settings)
    first = assistant.ingest([SEEDS])
    before = snapshot(assistant)
    second = assistant.ingest([SEEDS])
    assert first.added == 6 and first.chunks_written == len(before) > 6
    assert (second.added, second.updated, second.unchanged, second.chunks_written) == (0, 0, 6, 0)
    assert snapshot(assistant) == before


def test_chunks_carry_metadata_and_exact_offsets(settings):
    assistant = Assistant(settings)
    assistant.ingest([SEED_ARTICLE])
    from assistant.ingest import read_file

    (article,) = list(read_file(SEED_ARTICLE))
    ids, docs, metas = assistant.store.all_chunks()
    for cid, doc, meta in zip(ids, docs, metas):
        assert article.body[meta["start"] : meta["end"]] == doc
        assert meta["published_at"] == "2025-02-28" and meta["title"] == article.title
        assert cid.endswith(f"-{meta['position']:04d}")
    assert max(m["end"] for m in metas) == len(article.body)
    counts = [assistant.embedder.count_tokens(m["header"] + "\n" + d) for d, m in zip(docs, metas)]
    assert max(counts) <= settings.chunk_tokens


def test_changed_article_replaces_its_chunks_and_prune_removes_missing(settings, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    long = "\n\n".join(f"Paragraph {i} says the harbour authority counted {i * 7} ships on day {i}." * 3 for i in range(40))
    (folder / "a.txt").write_text(long)
    (folder / "b.txt").write_text("The mayor opened a new library on Main Street.")
    assistant = Assistant(settings)
    assistant.ingest([folder])
    old_a = [cid for cid, _, m in snapshot(assistant) if "a.txt" in m]
    assert len(old_a) > 2
    (folder / "a.txt").write_text("The harbour authority closed the port for repairs.")
    report = assistant.ingest([folder])
    assert (report.updated, report.unchanged) == (1, 1)
    now_a = [(cid, doc) for cid, doc, m in snapshot(assistant) if "a.txt" in m]
    assert now_a == [(old_a[0], "The harbour authority closed the port for repairs.")]  # stale chunks deleted
    (folder / "b.txt").unlink()
    report = assistant.ingest([folder], prune=True)
    assert report.removed == 1 and assistant.status()["articles"] == 1


def test_bad_files_are_reported_skipped_and_exit_nonzero(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("The council approved the budget on Tuesday.")
    (folder / "empty.txt").write_text("")
    (folder / "bin.json").write_bytes(b"\x00\x00\x00")
    (folder / "lines.jsonl").write_text('{"title": "x", "body": "Fine line."}\n{oops\n')
    code = main(["ingest", "--quiet", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "2 articles from 4 files: 2 added" in out
    assert "empty.txt: empty file" in err and "bin.json: binary" in err and "lines.jsonl:2: broken JSON" in err
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert set(status) == {"articles", "chunks", "sources", "earliest", "latest", "embedding_model", "store"}
    assert status["articles"] == 2


def test_killed_ingest_leaves_whole_articles_and_a_rerun_completes(settings, monkeypatch):
    assistant = Assistant(settings)
    real_upsert = assistant.store.upsert
    calls = []

    def dying_upsert(chunks, vectors):
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process is killed between two articles
        calls.append(chunks[0].article_id)
        real_upsert(chunks, vectors)

    monkeypatch.setattr(assistant.store, "upsert", dying_upsert)
    assistant.ingest([SEED_ARTICLE])  # a finished ingest: readers know its generation without Chroma
    assert assistant.store.generation_file.exists()
    first = set(calls)
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([SEEDS])
    assert assistant.store.pending_file.exists()  # unfinished: the next reader or writer settles it
    catalogue = assistant.store.catalogue()
    assert set(catalogue) == first | set(calls) and len(catalogue) == 4  # only whole, finished articles
    monkeypatch.setattr(assistant.store, "upsert", real_upsert)
    report = assistant.ingest([SEEDS])
    assert (report.added, report.unchanged) == (2, 4)
    fresh = Assistant(settings)
    assert fresh.retriever.search("Putin FSB", 3)[0].metadata["published_at"] == "2025-02-28"  # BM25 cache rebuilt


def test_no_articles_yet_is_a_clear_error(capsys):
    assert main(["ask", "--mode", "extractive", "Anything?"]) == 3
    assert "No articles ingested yet" in capsys.readouterr().err
    # a filter on an empty store is the same clear error (it had been a traceback from the index)
    assert main(["ask", "--source", "Fortune", "--since", "2023-01-01", "Anything?"]) == 3
    assert "No articles ingested yet" in capsys.readouterr().err


def test_the_same_file_in_two_folders_is_stored_once_and_prune_keeps_it(settings, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        folder.mkdir()
        (folder / "port.txt").write_text("The harbour authority closed the port for repairs on Monday.")
    (second / "library.txt").write_text("The mayor opened a new library on Main Street.")
    assistant = Assistant(settings)
    assert assistant.ingest([first]).added == 1
    report = assistant.ingest([second], prune=True)  # the folder was copied, then a file added
    assert (report.added, report.duplicates, report.removed, report.problems) == (1, 1, 0, [])
    assert assistant.status()["articles"] == 2  # the copy stands for the first file: not pruned
    again = assistant.ingest([first, second])  # the kept file itself, seen after its copy
    assert (again.unchanged, again.duplicates, again.problems) == (2, 1, [])


def test_a_moved_file_follows_its_new_path(settings, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    (old / "port.txt").write_text("The harbour authority closed the port for repairs on Monday.")
    assistant = Assistant(settings)
    assistant.ingest([old])
    old.rename(new)
    report = assistant.ingest([new], prune=True)
    assert (report.added, report.duplicates, report.removed, report.problems) == (1, 0, 0, [])
    (article_id,) = assistant.store.catalogue()
    assert article_id.startswith(str(new.resolve())) and "moved from" in report.notes[0].message


def test_ingest_prints_duplicates_and_moves_as_notes_not_as_skipped_files(settings, tmp_path, capsys):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    (first / "port.txt").write_text("The harbour authority closed the port for repairs on Monday.")
    assert main(["ingest", str(first)]) == 0
    second.mkdir()
    (second / "port.txt").write_text((first / "port.txt").read_text())
    capsys.readouterr()
    assert main(["ingest", str(second)]) == 0  # a duplicate is no error
    err = capsys.readouterr().err
    assert "note: " in err and "skipped: same text as the article stored as" in err
    (first / "port.txt").unlink()
    assert main(["ingest", str(second)]) == 0  # the kept file is gone: the copy takes over
    err = capsys.readouterr().err
    assert "moved from" in err and "skipped" not in err, err


def test_a_folder_of_web_pages_pdfs_and_images_ingests_the_articles_and_notes_the_rest(settings, tmp_path, capsys):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.html").write_text(
        '<html><head><meta property="og:site_name" content="The Ledger"><title>Port closes</title></head>'
        "<body><nav>Home | World</nav><article><p>The harbour authority closed the port for repairs on Monday.</p></article></body></html>"
    )
    shutil.copy(ROOT / "tests" / "data" / "kenwright-printed.pdf", folder)
    (folder / "photo.png").write_bytes(b"\x89PNG")
    assert main(["ingest", str(folder)]) == 0  # a file we do not read is a note, not an error
    err = capsys.readouterr().err
    assert "note: " in err and "1 file not read, of a type we do not read (1 .png)" in err
    assert main(["ask", "--json", "--mode", "extractive", "How many seasons did Kenwright spend as Everton chairman?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["short_answer"] == "19" and answer["citations"][0]["title"] == "Theatre producer and Everton chairman Kenwright dies"  # from the PDF
    assert main(["ask", "--json", "--mode", "extractive", "Why did the harbour authority close the port?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    (source,) = {c["source"] for c in answer["citations"]}
    assert source == "The Ledger" and "Home" not in json.dumps(answer)


def test_articles_lists_the_store_newest_first_and_remove_takes_one_out(seeded, capsys):
    assert main(["articles", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 6 and [a["published_at"] for a in listed] == sorted((a["published_at"] for a in listed), reverse=True)
    fortune = [a for a in listed if a["source"] == "Fortune"]
    assert len(fortune) == 1 and fortune[0]["chunks"] > 1 and fortune[0]["id"].startswith("https://fortune.com/")
    assert main(["articles", "--source", "fortune"]) == 0
    out = capsys.readouterr().out
    assert "Fortune · “The shipping industry" in out and out.rstrip().endswith("1 article from outlets matching fortune")
    assert main(["remove", fortune[0]["id"], "https://nowhere.example/x"]) == 2  # an unknown id: nothing is removed
    assert "Not stored: https://nowhere.example/x" in capsys.readouterr().err
    assert main(["remove", fortune[0]["id"]]) == 0
    assert f"removed 1 article ({fortune[0]['chunks']} chunks)" in capsys.readouterr().out
    assert main(["status", "--json"]) == 0 and json.loads(capsys.readouterr().out)["articles"] == 5
    assert main(["ask", "--json", "--mode", "extractive", "What are shipping carriers worried about?"]) == 0
    assert "Fortune" not in {c["source"] for c in json.loads(capsys.readouterr().out)["citations"]}  # the index follows the store


def test_a_cold_ask_reads_the_cached_index_without_opening_chroma(settings, tmp_path):
    """The chromadb import is most of a cold `ask`: after a finished ingest, questions are
    answered from retrieval's cached index (keyed by the generation in a file beside Chroma's),
    and Chroma is opened only when a write is unfinished or under way."""
    import subprocess
    import sys

    writer = Assistant(settings)
    writer.ingest([SEEDS])
    generation = writer.store.generation()
    assert writer.ingest([SEEDS]).chunks_written == 0 and Assistant(settings).store.generation() == generation  # nothing changed: caches stay
    ask = "import sys; from assistant.cli import ask_main; ask_main(['--mode', 'extractive', 'What did Putin tell the FSB?']); print('chromadb' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", ask], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("According to Reuters") and run.stdout.splitlines()[-1] == "False"  # the ingest built the index
    reader = Assistant(settings)
    assert reader.retriever.search("Putin FSB", 3) and reader.store._opened is None  # served from the cache alone
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"title": "Zorblatt mines reopen", "source": "Harbour Post", "published_at": "2023-12-30", "url": "https://example.test/zorblatt",
                                 "body": "The Zorblatt copper mines reopened on Friday after a two-month strike by miners over pay."}) + "\n", encoding="utf-8")
    Assistant(settings).ingest([extra])  # another writer
    assert reader.retriever.search("Zorblatt copper mines", 1)[0].metadata["source"] == "Harbour Post"  # the reader sees it


def test_a_rotated_file_keeps_both_texts(settings, tmp_path):
    """today.txt stored; then renamed archive.txt and a new today.txt written: archive.txt's text
    was the stored today.txt's, yet it is no duplicate once today.txt holds other text."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "today.txt").write_text("The mayor of Townfive opened a new bridge on Monday, officials said.")
    assistant = Assistant(settings)
    assistant.ingest([folder])
    (folder / "today.txt").rename(folder / "archive.txt")  # read before today.txt: a copy of its stored text
    (folder / "today.txt").write_text("The mayor of Townsix closed the old library on Tuesday, officials said.")
    report = assistant.ingest([folder])
    assert (report.added, report.updated, report.duplicates, report.notes) == (1, 1, 0, [])
    _, docs, metas = assistant.store.all_chunks()
    bodies = {m["origin"].rsplit("/", 1)[1]: doc for doc, m in zip(docs, metas)}
    assert "Townfive" in bodies["archive.txt"] and "Townsix" in bodies["today.txt"]


def test_a_record_added_above_others_in_jsonl_loses_none(settings, tmp_path):
    """Records without URLs are known by their line: a record added on line 1 moves the old one to
    line 2, which holds the text line 1 held, and must be stored, not skipped as its copy."""
    path = tmp_path / "feed.jsonl"
    alpha = json.dumps({"title": "Alpha", "body": "Alpha town built a dam across the river this spring."})
    path.write_text(alpha + "\n")
    assistant = Assistant(settings)
    assistant.ingest([path])
    path.write_text(json.dumps({"title": "Beta", "body": "Beta town elected a new council this autumn."}) + "\n" + alpha + "\n")
    report = assistant.ingest([path])
    assert (report.added, report.updated, report.duplicates) == (1, 1, 0)
    titles = sorted(m["title"] for m in assistant.store.all_chunks()[2])
    assert titles == ["Alpha", "Beta"]


def test_a_copy_of_an_unchanged_article_is_still_a_duplicate(settings, tmp_path):
    """The rotation rule must not store real copies: the stored file, unchanged, read after its copy."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "b.txt").write_text("The harbour authority closed the port for repairs on Monday.")
    assistant = Assistant(settings)
    assistant.ingest([folder])
    shutil.copy(folder / "b.txt", folder / "a.txt")  # a.txt is read first
    report = assistant.ingest([folder])
    assert (report.added, report.unchanged, report.duplicates) == (0, 1, 1)
    assert assistant.status()["articles"] == 1


def test_another_file_reusing_a_stored_url_replaces_it_and_says_so(settings, tmp_path, capsys):
    url = "https://news.example/beeper"
    (tmp_path / "real.json").write_text(json.dumps({"url": url, "source": "TechCrunch", "body": "Beeper Mini brings iMessage to Android."}))
    (tmp_path / "other.json").write_text(json.dumps({"url": url, "source": "Random Blog", "body": "Beeper Mini is a scam, says a blog."}))
    assert main(["ingest", str(tmp_path / "real.json")]) == 0
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "other.json")]) == 0  # an article is known by its URL: an update
    err = capsys.readouterr().err
    assert "replaced the article with the same URL stored from" in err and "real.json" in err


def test_reading_the_store_for_the_index_survives_another_ingest_writing(settings, monkeypatch):
    """Chroma can fail a page whose rows another process just replaced ("Error finding id"):
    the read is tried again, and a store that keeps failing is a clear error, not a traceback."""
    from assistant.store import Store

    assistant = Assistant(settings)
    assistant.ingest([SEED_ARTICLE])
    real, failures = assistant.store.collection, []

    class Flaky:
        fail = 1

        def get(self, **kw):
            if len(failures) < self.fail:
                failures.append(1)
                raise RuntimeError("Error finding id")
            return real.get(**kw)

    flaky = Flaky()
    monkeypatch.setattr(Store, "collection", property(lambda self: flaky))
    ids, docs, metas, vectors = assistant.store.all_chunk_vectors()
    assert failures == [1] and len(ids) == len(docs) == len(vectors) > 0
    failures.clear()
    flaky.fail = 99
    with pytest.raises(ServerUnavailable, match="failed while being read"):
        assistant.store.all_chunk_vectors()


def test_two_ingests_at_once_into_a_new_store_both_land(settings, tmp_path):
    """Two `assistant ingest` processes creating the same new store at once had raced on Chroma's
    tables ("table collections already exists"): both now finish, and the store holds both."""
    import os
    import subprocess
    import sys

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for i in range(4):
            (tmp_path / name / f"{name}{i}.txt").write_text(f"Title: {name} {i}\n\nThe council of town {name}{i} voted on a budget for roads on Monday, officials said.")
    runs = [subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--quiet", str(tmp_path / name)], stderr=subprocess.PIPE, text=True, env=os.environ) for name in ("a", "b")]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0] and not any("Traceback" in e for e in errors), errors
    assert Assistant(settings).status()["articles"] == 8


WRITER = """
import sys, time
from pathlib import Path
from assistant.config import load_settings
from assistant.pipeline import Assistant
go = Path(sys.argv[2])
assistant = Assistant(load_settings())
real = assistant.store.upsert
def upsert(chunks, vectors):  # an ingest that is slow between its two articles, then killed
    real(chunks, vectors)
    print(chunks[0].article_id, flush=True)
    while not go.exists():
        time.sleep(0.05)
assistant.store.upsert = upsert
assistant.store.end_writes = lambda: time.sleep(600)
assistant.ingest([Path(sys.argv[1])])
"""


def test_questions_during_another_ingest_use_the_articles_as_they_were_then_all_once_it_ends(settings, tmp_path):
    """While another process ingests, Chroma fails reads of rows being replaced, so every question
    had failed ("Error finding id"): questions keep the index of the articles as they were
    before the ingest began. An index built meanwhile was kept after the writer was killed, so
    articles it wrote were stored but never found: the first reader after it settles the store."""
    import os
    import signal
    import subprocess
    import sys

    Assistant(settings).ingest([SEEDS])
    records = [{"title": f"Zorblatt mines {n}", "source": "Harbour Post", "published_at": "2023-12-30", "url": f"https://example.test/zorblatt-{n}",
                "body": f"The Zorblatt {word} copper mines reopened on Friday after a strike by miners over pay."} for n, word in ((1, "north"), (2, "quorvex"))]
    path = tmp_path / "zorblatt.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    go = tmp_path / "go"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    try:
        assert writer.stdout.readline().strip() == "https://example.test/zorblatt-1"  # one article written, the ingest goes on
        reader = Assistant(settings)
        assert "zorblatt" not in reader.retriever.search("Zorblatt copper mines", 1)[0].article_id  # the articles before the ingest
        assert reader.store._opened is None  # from the cached index, not from Chroma mid-write
        removed = Assistant(settings).store.catalogue()  # a removal while the ingest runs (it shows once the ingest ends)
        putin = next(a for a, e in removed.items() if "Putin" in e["meta"].get("title", ""))
        assert main(["remove", putin]) == 0
        assert Assistant(settings).retriever.search("Zorblatt copper mines", 1)
        go.touch()
        assert writer.stdout.readline().strip() == "https://example.test/zorblatt-2"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
    after = Assistant(settings)
    found = after.retriever.search("Zorblatt quorvex copper mines", 2)
    assert found[0].article_id == "https://example.test/zorblatt-2"  # written just before the kill
    assert putin not in {h.article_id for h in after.retriever.search("Putin FSB", 10)}
    assert not after.store.pending_file.exists()
    generation = after.store.generation()
    assert Assistant(settings).ingest([path]).chunks_written == 0 and Assistant(settings).store.generation() == generation  # settled: caches stay


def test_a_store_that_fails_to_write_is_a_message_and_a_rerun_finishes(settings, monkeypatch, capsys):
    """A full disk made Chroma fail ("Error in compaction ...") with a traceback, for reads too;
    now a message that says so. The failed ingest lets go of the store: a chat process that
    ingested would otherwise keep every other process's writes from settling."""
    from collections import namedtuple

    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    assert main(["ingest", "--quiet", str(SEED_ARTICLE)]) == 0
    real_upsert, real_get = Collection.upsert, Collection.get

    def full(self, *args, **kwargs):
        raise InternalError("Error in compaction: Failed to apply logs to the metadata segment")

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("assistant.store.shutil.disk_usage", lambda path: usage(10**9, 10**9 - 3 * 2**20, 3 * 2**20))
    monkeypatch.setattr(Collection, "upsert", full)
    assistant = Assistant(settings)
    with pytest.raises(ServerUnavailable) as failed:
        assistant.ingest([SEEDS])
    assert "failed while writing (Error in compaction" in str(failed.value) and "3 MB free: make room" in str(failed.value)
    assert assistant.store._writer_lock is None  # let go of
    assert main(["ingest", str(SEEDS)]) == 5
    monkeypatch.setattr(Collection, "get", full)
    assert main(["articles"]) == 5
    err = capsys.readouterr().err
    assert err.count("make room") == 2 and "Traceback" not in err
    monkeypatch.setattr(Collection, "upsert", real_upsert)
    monkeypatch.setattr(Collection, "get", real_get)
    assert main(["ingest", "--quiet", str(SEEDS)]) == 0  # the same command, once there is room
    assert Assistant(settings).status()["articles"] == 6
    assert "Putin" in assistant.retriever.search("Putin FSB", 1)[0].metadata["title"]  # the failed ingest's process sees it settled


SLOW_INGEST = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as at a terminal, even when started in the background (SIGINT ignored)
from assistant import store
from assistant.cli import main
real = store.Store.upsert
def upsert(self, chunks, vectors):  # an ingest slow enough to be stopped in the middle
    real(self, chunks, vectors)
    print(chunks[0].article_id, flush=True)
    time.sleep(0.5)
store.Store.upsert = upsert
sys.exit(main(["ingest", "--quiet", sys.argv[1]]))
"""


@pytest.mark.parametrize("signum", [2, 15])
def test_an_ingest_stopped_by_ctrl_c_or_kill_says_what_it_kept_and_a_rerun_finishes(settings, tmp_path, signum):
    """SIGTERM (`kill`, a service manager) had ended an ingest silently; Ctrl-C said only
    "interrupted". Both now say that what is stored is whole and how to go on."""
    import os
    import signal
    import subprocess
    import sys

    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:03d}.txt").write_text(f"Title: Council {i}\n\nThe council of town {i} voted on a budget for roads on Monday, officials said. " * 3)
    run = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    written = [run.stdout.readline() for _ in range(3)]  # three articles stored, the ingest goes on
    run.send_signal(signum)
    err = run.communicate(timeout=120)[1]
    assert all(written) and run.returncode == 128 + signum, err
    assert f"interrupted ({signal.Signals(signum).name}); the articles stored so far are whole: run the same ingest again" in err and "Traceback" not in err
    stored = Assistant(settings).status()["articles"]
    assert 3 <= stored < 40
    report = Assistant(settings).ingest([folder])
    assert (report.added, report.unchanged) == (40 - stored, stored)
