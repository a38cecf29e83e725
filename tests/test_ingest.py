"""Files -> Articles: formats, cleaning, metadata, and bad input reported by file and line."""

import codecs
import json
from datetime import date

from assistant.ingest import Note, Problem, clean_body, derive_title, find_files, normalise_date, read_file
from conftest import SEED_ARTICLE, SEEDS


def read(path):
    items = list(read_file(path))
    return [i for i in items if not isinstance(i, Problem)], [i for i in items if isinstance(i, Problem)]


def test_seed_format_keeps_date_drops_caption_and_advertisements():
    (article,), problems = read(SEED_ARTICLE)
    assert not problems
    assert article.published_at == "2025-02-28"
    assert "Advertisement" not in article.body
    assert "via Associated Press" not in article.body  # the photo caption is not article text
    assert article.body.startswith("Vladimir Putin warned")
    assert article.title.startswith("Vladimir Putin warned")  # derived: the file has no title
    assert "\n\n\n" not in article.body and "  " not in article.body
    assert article.article_id == str(SEED_ARTICLE.resolve())


def test_json_list_and_jsonl_records(tmp_path):
    rec = {"title": "T", "body": "First para.\n\nSecond para.", "source": "Wire", "author": "None", "published_at": "2023-11-27 08:45:59.000000000Z", "url": "https://x/1"}
    (tmp_path / "a.json").write_text(json.dumps([rec, dict(rec, url="https://x/2")]))
    arts, problems = read(tmp_path / "a.json")
    assert not problems and [a.url for a in arts] == ["https://x/1", "https://x/2"]
    a = arts[0]
    assert (a.title, a.source, a.author, a.published_at) == ("T", "Wire", "", "2023-11-27")
    assert a.article_id == "https://x/1" and a.body.split("\n\n") == ["First para.", "Second para."]


def test_broken_jsonl_line_and_record_without_body_are_reported_rest_read(tmp_path):
    lines = [json.dumps({"title": "ok", "body": "Body one."}), "{not json", json.dumps({"title": "no body"}), json.dumps({"title": "ok2", "body": "Body two."})]
    (tmp_path / "b.jsonl").write_text("\n".join(lines))
    arts, problems = read(tmp_path / "b.jsonl")
    assert [a.title for a in arts] == ["ok", "ok2"]
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["2", "3"]
    assert "broken JSON" in problems[0].message and "no body" in problems[1].message


def test_bad_files_get_clear_problems(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "ads.txt").write_text("Advertisement\n\nAdvertisement\n")
    (tmp_path / "broken.json").write_text('[{"body": "x"')
    expected = {"empty.txt": "empty file", "bin.txt": "binary", "latin.txt": "not UTF-8", "ads.txt": "no article text", "broken.json": "broken JSON"}
    for name, words in expected.items():
        arts, problems = read(tmp_path / name)
        assert not arts and len(problems) == 1 and words in problems[0].message, (name, problems)


def test_text_saved_as_utf16_with_its_mark_is_read(tmp_path):
    (tmp_path / "windows.txt").write_text("Title: Bridge reopens\n\nThe bridge in Trondheim reopened on Monday.", encoding="utf-16")
    (a,), problems = read(tmp_path / "windows.txt")
    assert not problems and (a.title, a.body) == ("Bridge reopens", "The bridge in Trondheim reopened on Monday.")
    (tmp_path / "broken16.txt").write_bytes(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    arts, (problem,) = read(tmp_path / "broken16.txt")
    assert not arts and "UTF-16" in problem.message


def test_text_saved_as_utf16_without_its_mark_is_read_and_binary_is_still_binary(tmp_path):
    text = "Title: Bridge reopens\n\nThe bridge in Trondheim reopened on Monday, the café said."
    for encoding in ("utf-16-le", "utf-16-be"):
        (tmp_path / f"{encoding}.txt").write_bytes(text.encode(encoding))
        (a,), problems = read(tmp_path / f"{encoding}.txt")
        assert not problems and (a.title, a.body) == ("Bridge reopens", "The bridge in Trondheim reopened on Monday, the café said."), encoding
    (tmp_path / "ints.txt").write_bytes(b"".join(n.to_bytes(4, "little") for n in range(5000)))  # zeros, but not every other byte
    arts, (problem,) = read(tmp_path / "ints.txt")
    assert not arts and "binary" in problem.message


def test_a_megabyte_title_or_first_line_is_cut_to_a_headline(tmp_path):
    (tmp_path / "blob.txt").write_text("A" * 1_000_000 + "\n\nThe ferry to Bergen was cancelled.")
    (blob,), _ = read(tmp_path / "blob.txt")
    assert len(blob.title) == 300 and blob.title.endswith("…")
    record = {"title": "Rates rise " * 100, "source": "Daily " * 100, "author": " Ann  Lee ", "body": "The bank raised rates."}
    (tmp_path / "long.json").write_text(json.dumps(record))
    (a,), _ = read(tmp_path / "long.json")
    assert len(a.title) <= 300 and a.title.startswith("Rates rise Rates") and a.title.endswith("rise…")  # cut at a word
    assert len(a.source) <= 120 and a.author == "Ann Lee"


def test_markdown_front_matter_title_and_links(tmp_path):
    (tmp_path / "m.md").write_text("---\nsource: The Wire\ndate: 2024-01-05\n---\n# Big Headline\n\nA **bold** claim with [a link](http://x).\n")
    (a,), _ = read(tmp_path / "m.md")
    assert (a.title, a.source, a.published_at) == ("Big Headline", "The Wire", "2024-01-05")
    assert a.body == "A bold claim with a link."


def test_key_value_header_in_text(tmp_path):
    (tmp_path / "k.txt").write_text("Title: Rates rise\nSource: Daily\nDate: March 3, 2024\n\nThe bank raised rates.\n")
    (a,), _ = read(tmp_path / "k.txt")
    assert (a.title, a.source, a.published_at, a.body) == ("Rates rise", "Daily", "2024-03-03", "The bank raised rates.")


def test_find_files_walks_folders_skips_readme_and_reports_unsupported(tmp_path):
    (tmp_path / "x.doc").write_bytes(b"\xd0\xcf")
    files, problems, notes = find_files([SEEDS, tmp_path / "x.doc", tmp_path / "missing"])
    names = sorted(f.name for f in files)
    assert "README.md" not in names and SEED_ARTICLE.name in names
    assert [p.message.split(" ")[0] for p in problems] == ["unsupported", "no"]
    assert notes == []


def test_files_of_other_types_inside_a_folder_are_counted_in_a_note(tmp_path):
    for name in ("a.doc", "b.doc", "c.png", "story.txt", "page.html", "print.pdf", ".hidden.doc"):
        (tmp_path / name).write_text("The council met on Tuesday.")
    files, problems, notes = find_files([tmp_path])
    assert sorted(f.name for f in files) == ["page.html", "print.pdf", "story.txt"] and problems == []
    assert len(notes) == 1 and notes[0].where == str(tmp_path)
    assert notes[0].message.startswith("3 files not read, of a type we do not read (2 .doc, 1 .png)")


def test_cleaning_and_helpers():
    assert clean_body("a  b\r\n\r\n\r\nSkip Advertisement\n\nc\x00d") == "a b\n\ncd"
    assert clean_body("Advertisement is a word in this long sentence about the ad market and its many many players.").startswith("Advertisement")
    assert normalise_date("2023-12-15T21:32:52+00:00") == "2023-12-15" and normalise_date("garbage") == ""
    assert normalise_date("2023-02-30") == "" and normalise_date("2023-13-01") == ""  # no such day: undated, not a crash later
    assert derive_title("One two three. Four.") == "One two three."


def test_hostile_json_is_a_problem_of_its_file_not_a_crash(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000)  # nested past Python's recursion limit
    (tmp_path / "digits.jsonl").write_text('{"body": "Too many digits.", "published_at": ' + "1" * 5000 + "}\n" + json.dumps({"title": "ok", "body": "The good line."}) + "\n")
    arts, problems = read(tmp_path / "deep.json")
    assert not arts and "nested too deeply" in problems[0].message
    arts, problems = read(tmp_path / "digits.jsonl")
    assert [a.title for a in arts] == ["ok"] and problems[0].where.endswith(":1") and "digits" in problems[0].message


def test_control_codes_and_lone_surrogates_never_reach_the_store(tmp_path):
    record = {"title": "Breaking\u001b[2J\u001b[31m FAKE", "source": "Wire\u001b]0;pwned\u0007", "author": {"name": "Nested"}, "body": "Stocks \udc00rose\u009b on Monday, traders said."}
    (tmp_path / "evil.json").write_text(json.dumps(record))  # json.dumps writes the escapes as \u001b, \udc00 ...
    (article,), _ = read(tmp_path / "evil.json")
    shown = article.title + article.source + article.author + article.body
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in shown)
    assert (article.title, article.source, article.author, article.body) == ("Breaking[2J[31m FAKE", "Wire]0;pwned", "", "Stocks rose on Monday, traders said.")
    article.body.encode("utf-8")  # the tokenizer and Chroma take it


def test_feed_dates_are_read_and_a_date_not_understood_is_said(tmp_path):
    records = [{"title": "epoch", "body": "Shares rose.", "published_at": 1700000000}, {"title": "rss", "body": "Shares fell.", "date": "Mon, 02 Oct 2023 14:00:00 GMT"},
               {"title": "bad", "body": "Shares held.", "published_at": "2023-13-45"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    items = list(read_file(tmp_path / "feed.jsonl"))
    assert [(i.title, i.published_at) for i in items if not isinstance(i, Problem)] == [("epoch", "2023-11-14"), ("rss", "2023-10-02"), ("bad", "")]
    (note,) = [i for i in items if isinstance(i, Problem)]
    assert isinstance(note, Note) and note.where.endswith(":3") and "'2023-13-45' not understood; stored undated" in note.message
    (tmp_path / "t.txt").write_text("Title: Port\nDate: the 5th of Nevember\n\nThe port reopened.")
    article, note = read_file(tmp_path / "t.txt")
    assert article.published_at == "" and isinstance(note, Note)


def test_a_date_in_the_future_is_kept_and_said(tmp_path):
    (tmp_path / "t.txt").write_text("Title: Port\nDate: 2099-01-01\n\nThe port reopened.")
    article, note = read_file(tmp_path / "t.txt")
    assert article.published_at == "2099-01-01" and isinstance(note, Note) and "2099-01-01 is in the future" in note.message
    (tmp_path / "today.txt").write_text(f"Title: Port\nDate: {date.today().isoformat()}\n\nThe port reopened.")
    assert [type(i).__name__ for i in read_file(tmp_path / "today.txt")] == ["Article"]


def test_an_empty_folder_or_json_list_is_said_not_passed_over(tmp_path):
    (tmp_path / "empty").mkdir()
    files, problems, notes = find_files([tmp_path / "empty"])
    assert not files and not problems and "folder holds no articles" in notes[0].message
    (tmp_path / "none.json").write_text("[]")
    arts, (problem,) = read(tmp_path / "none.json")
    assert not arts and "empty JSON list" in problem.message


def test_a_pipe_or_broken_link_is_named_for_what_it_is(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    _, problems, _ = find_files([tmp_path / "pipe.txt", tmp_path / "loop.txt", tmp_path / "gone.txt"])
    assert [p.message.split(" (")[0] for p in problems] == ["not a regular file or folder", "not a regular file or folder", "no such file or folder"]
