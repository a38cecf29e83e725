"""Word files (.docx) -> the article's title, author and text.

A .docx is a zip of XML: the paragraphs are `<w:p>` elements of word/document.xml (table cells
hold paragraphs too), their text the `<w:t>` runs; the title and author are in
docProps/core.xml. Read with the standard library: a Word article needs no more than that.
The first paragraph styled Title (or Heading 1) is the title when the file's properties have none.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
TITLE_STYLES = {"title", "heading1", "heading 1"}
MAX_XML_BYTES = 100 * 1024 * 1024  # unpacked document.xml: a zip bomb is not an article


class DocxError(ValueError):
    """Why a Word file gives no article, written for the person who gave it."""


def parse(raw: bytes) -> dict[str, str]:
    """{"title", "author", "body"} of a .docx file's bytes ("" where it has none); paragraphs of
    the body are separated by a blank line. Raises DocxError when the file cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if z.getinfo("word/document.xml").file_size > MAX_XML_BYTES:
                raise DocxError("the document's text is over 100 MB unpacked; is this really one article?")
            document = ElementTree.fromstring(z.read("word/document.xml"))
            core = ElementTree.fromstring(z.read("docProps/core.xml")) if "docProps/core.xml" in z.namelist() else None
    except DocxError:
        raise
    except KeyError:
        raise DocxError("no word/document.xml inside: not a Word .docx file (an old .doc? save it as .docx)") from None
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError) as e:
        raise DocxError(f"cannot read the Word file ({type(e).__name__}); is it complete? An old .doc must be saved as .docx") from None
    title, paragraphs = "", []
    for p in document.iter(f"{W}p"):
        text = " ".join(_text(p).split())
        if not text:
            continue
        style = p.find(f"{W}pPr/{W}pStyle")
        if not title and not paragraphs and style is not None and style.get(f"{W}val", "").lower() in TITLE_STYLES:
            title = text  # the headline: the title, not the story's first paragraph
            continue
        paragraphs.append(text)
    meta = {"title": _core(core, f"{DC}title"), "author": _core(core, f"{DC}creator")}
    return {"title": meta["title"] or title, "author": meta["author"], "body": "\n\n".join(paragraphs)}


def _text(paragraph) -> str:
    """A paragraph's runs in order; tabs and line breaks become spaces. Paragraphs nested inside
    it (a text box) are left to their own turn, so no text is read twice."""
    parts = []
    stack = list(reversed(list(paragraph)))
    while stack:  # depth first, in document order, without recursion (a hostile file nests deeply)
        node = stack.pop()
        if node.tag == f"{W}p":
            continue
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
        stack.extend(reversed(list(node)))
    return "".join(parts)


def _core(core, tag: str) -> str:
    node = core.find(tag) if core is not None else None
    return " ".join((node.text or "").split()) if node is not None else ""


__all__ = ["parse", "DocxError"]
