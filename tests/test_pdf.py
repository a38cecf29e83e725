"""PDFs: the article's paragraphs back from a browser-printed PDF, clear errors for the rest.

tests/data/kenwright-printed.pdf is the seed's BBC article (seeds/multihop_sample.jsonl, record 5)
printed to 4 pages by Chromium, with a running head and foot on every page."""

import json
import re

import pytest

from assistant import pdf
from assistant.ingest import dateline, read_file
from conftest import ROOT, SEEDS

PRINTED = ROOT / "tests" / "data" / "kenwright-printed.pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_printed_article_comes_back_whole_without_running_heads_page_numbers_or_headline():
    (article,) = list(read_file(PRINTED))
    original = json.loads((SEEDS / "multihop_sample.jsonl").read_text().splitlines()[4])
    assert article.title == original["title"]  # from the PDF's metadata
    body = squash(article.body)
    paragraphs = [p for p in original["body"].split("\n") if p.strip()]
    assert all(squash(p) in body for p in paragraphs)  # every paragraph, none broken at a page end
    assert "printed for research" not in article.body and "bbc.co.uk" not in article.body
    assert not article.body.startswith("Theatre producer")  # the headline is the title, not text
    assert article.body.count("\n\n") >= 30  # paragraphs, not one block (43 in the original; a few whose last line is full are joined)


def test_lines_become_paragraphs_and_hyphenated_words_are_mended():
    lines = [
        "The council voted on Tuesday to approve the budget for the city's parks and its state-",
        "owned pools, after a long debate that ran late into the night at the town hall.",
        "Ortiz called it a win.",
        "A heading without a full stop",
        "The second paragraph goes on over a page, and its last line on the first page is short",
        "because a footer follows it.",
    ]
    assert pdf.join_lines(lines) == [
        "The council voted on Tuesday to approve the budget for the city's parks and its state-owned pools, "
        "after a long debate that ran late into the night at the town hall. Ortiz called it a win.",
        "A heading without a full stop",
        "The second paragraph goes on over a page, and its last line on the first page is short because a footer follows it.",
    ]
    pages = ["Daily Ledger, page 1\nFirst line.\n1", "Daily Ledger, page 2\nSecond line.\nPage 2 of 3", "Daily Ledger, page 3\nThird line."]
    assert pdf.page_lines(pages) == ["First line.", "Second line.", "Third line."]


def test_the_date_comes_from_a_byline_or_dateline_never_from_the_pdf_itself():
    assert dateline(["Headline words", "By Jane Doe | The Ledger | 2023-10-22"]) == "2023-10-22"
    assert dateline(["Published Oct. 22, 2023 at 5pm"]) == dateline(["Mon 22 October 2023 18.01 BST"]) == "2023-10-22"
    assert dateline(["Sept 5, 2023"]) == "2023-09-05"
    assert dateline(["A story paragraph that happens to mention a date, " * 4 + "October 22, 2023."]) == ""  # not a byline
    assert dateline(["x"] * 5 + ["By Jane Doe, 2023-10-22"]) == ""  # too far down to be the byline
    assert dateline(["Feb 30, 2023", "On October 22 the council met."]) == ""  # no real, full date
    (article,) = list(read_file(PRINTED))
    assert article.published_at == ""  # the BBC page printed here shows no date; the PDF's creation date is not used


@pytest.mark.parametrize(
    "content,message",
    [
        (b"%PDF-1.7\nthis is not really a pdf", "cannot read the PDF"),
        (None, "no text layer"),
        ("encrypted", "password-protected"),
    ],
)
def test_pdfs_without_readable_text_are_reported_with_what_to_do(tmp_path, content, message):
    from pypdf import PdfWriter

    if not isinstance(content, bytes):
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)  # a page with no text: what a scan looks like to us
        if content == "encrypted":
            writer = PdfWriter(clone_from=PRINTED)
            writer.encrypt("secret")
        path = tmp_path / "x.pdf"
        with path.open("wb") as f:
            writer.write(f)
    else:
        path = tmp_path / "x.pdf"
        path.write_bytes(content)
    (problem,) = list(read_file(path))
    assert message in problem.message, problem.message
