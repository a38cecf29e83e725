"""PDF files (an article printed or exported to PDF) -> the article's title, author and text.

pypdf reads the text layer, one line of the page at a time; our code puts the article back
together: running heads and page numbers are dropped, lines are joined into paragraphs (a line
clearly shorter than the page's full lines ends one), and words broken across lines or pages
are mended. A PDF without a text layer (a scan) is reported, not guessed at: there is no OCR here.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from statistics import median

PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
# A line shorter than this share of the full lines ends its paragraph (or is a heading).
SHORT_LINE = 0.8
# A line on this share of the pages (3 pages or more) is a running head or foot, not the story.
RUNNING = 0.6
JUNK_TITLES = re.compile(r"^(?:untitled|microsoft word - .*|.*\.(?:docx?|pdf|html?|txt))$", re.IGNORECASE)


class PdfError(ValueError):
    """Why a PDF gives no article, written for the person who gave it."""


def parse(raw: bytes) -> dict[str, str]:
    """{"title", "author", "body"} of a PDF file's bytes ("" where it has none); paragraphs of
    the body are separated by a blank line (the date: ingest.dateline). Raises PdfError when no
    text can be read."""
    from pypdf import PdfReader  # imported here: only ingest of a PDF pays for it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not ours to print
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("the PDF is password-protected; save an unprotected copy and ingest that")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except PdfError:
        raise
    except Exception as e:  # noqa: BLE001  a hostile or broken file can break a parser anywhere; one bad PDF must not stop the ingest
        raise PdfError(f"cannot read the PDF ({type(e).__name__}: {str(e)[:120] or 'broken file'}); is it complete?") from None
    lines = page_lines(pages)
    if not lines:
        raise PdfError("the PDF has no text layer (a scanned image?); run OCR on it first, or give the article as text")
    title = _meta(info, "/Title")
    title = "" if JUNK_TITLES.match(title) else title
    paragraphs = join_lines(lines)
    # The headline (set large, so often over several short lines) is the title, not the story.
    heading = next((k for k in range(1, 5) if title and _squash(" ".join(paragraphs[:k])) == _squash(title)), 0)
    paragraphs = paragraphs[heading:]
    return {"title": title, "author": _meta(info, "/Author"), "body": "\n\n".join(paragraphs)}


def _meta(info, key: str) -> str:
    value = info.get(key)
    return " ".join(str(value).split()) if value else ""


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def page_lines(pages: list[str]) -> list[str]:
    """All pages' lines in order, without page numbers and without running heads and feet
    (lines, digits aside, found on most pages)."""
    split = [[" ".join(line.split()) for line in page.splitlines()] for page in pages]
    split = [[line for line in page if line and not PAGE_NUMBER.match(line)] for page in split]
    shape = lambda line: re.sub(r"\d+", "#", line.lower())  # noqa: E731  ("Page 2" and "Page 3" are one head)
    running = set()
    if len(split) >= 3:
        seen = Counter(s for page in split for s in {shape(line) for line in page})
        running = {s for s, n in seen.items() if n >= RUNNING * len(split)}
    return [line for page in split for line in page if shape(line) not in running]


def join_lines(lines: list[str]) -> list[str]:
    """Lines -> paragraphs. A full line goes on in the next one; a line clearly shorter than the
    full ones ends its paragraph. A word hyphenated at a line's end is joined with its rest
    ("state-" + "owned" -> "state-owned"; the hyphen is kept, as it may be the word's own)."""
    full = median(sorted(len(line) for line in lines)[len(lines) // 2 :])  # the longer half: full lines
    paragraphs: list[str] = []
    current = ""
    for line, following in zip(lines, lines[1:] + [""]):
        if current and current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current += line
        else:
            current = f"{current} {line}" if current else line
        # A short line ends the paragraph, unless the sentence plainly goes on in the next line
        # (no closing punctuation, next line in lower case: a page's last line above a footer).
        goes_on = not re.search(r"[.!?:;\"'”’)]$", line) and following[:1].islower()
        if len(line) < SHORT_LINE * full and not goes_on:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


__all__ = ["parse", "PdfError", "page_lines", "join_lines"]
