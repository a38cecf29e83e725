"""Word files: paragraphs, title and author back from a .docx; clear errors for the rest.

The .docx files are written here the way Word lays them out (a zip of WordprocessingML), so the
test needs no Word and no extra package."""

import zipfile

from assistant import docx
from assistant.ingest import read_file

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = "".join(f"<w:r><w:t xml:space=\"preserve\">{part}</w:t></w:r>" for part in text.split("^"))  # "^" splits runs
    return f"<w:p>{props}{runs}</w:p>"


def write_docx(path, paragraphs: list[str], title: str = "", creator: str = "") -> None:
    body = "".join(paragraphs)
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator></cp:coreProperties>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>")
        z.writestr("docProps/core.xml", core)


def test_a_word_article_comes_back_as_paragraphs_with_its_title_author_and_byline_date(tmp_path):
    path = tmp_path / "council.docx"
    write_docx(path, [
        para("Council approves parks budget", style="Title"),
        para("By Maria Chen | The Ledger | March 5, 2024"),
        para("The city council voted 7-2 on Tuesday to approve a ^$4.2 million^ budget for parks."),
        para(""),
        "<w:tbl><w:tr><w:tc>" + para("Votes for: 7") + "</w:tc></w:tr></w:tbl>",
        '<w:p><w:r><w:t>Two members voted against,</w:t><w:br/><w:t>saying roads come first.</w:t></w:r></w:p>',
        '<w:p><w:r><w:t>See the box.</w:t><w:txbxContent>' + para("A text box, read once.") + "</w:txbxContent></w:r></w:p>",
    ], creator="Maria Chen")
    (article,) = list(read_file(path))
    assert (article.title, article.author, article.published_at) == ("Council approves parks budget", "Maria Chen", "2024-03-05")
    assert article.body.split("\n\n") == [
        "By Maria Chen | The Ledger | March 5, 2024",
        "The city council voted 7-2 on Tuesday to approve a $4.2 million budget for parks.",  # runs joined
        "Votes for: 7",  # table cells are text too
        "Two members voted against, saying roads come first.",  # a line break inside a paragraph
        "See the box.",
        "A text box, read once.",  # a paragraph inside a paragraph is its own, not repeated in its host
    ]
    write_docx(path, [para("Heading text", style="Heading1"), para("Body.")], title="Title from properties")
    assert docx.parse(path.read_bytes())["title"] == "Title from properties"  # the file's own title wins


def test_word_files_that_are_not_articles_are_reported_with_what_to_do(tmp_path):
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc renamed")
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as z:
        z.writestr("content.xml", "<x/>")
    write_docx(tmp_path / "empty.docx", [para(""), para("   ")])
    messages = {p.name: list(read_file(p))[0].message for p in tmp_path.iterdir()}
    assert "cannot read the Word file" in messages["old.docx"]
    assert "not a Word .docx file" in messages["other.docx"]
    assert "no article text left" in messages["empty.docx"]
