"""Files -> Articles: read news files, clean page boilerplate, keep metadata.

Our own code, not a library loader: news files mix a metadata header, the body and page
furniture ("Advertisement", share buttons), and every later citation points at offsets in the
cleaned body, so the cleaning has to be exact and predictable.

Formats: plain text (optionally a first line `date YYYY-MM-DD <caption>` or `key: value`
header lines), Markdown (front matter, `# title`), JSON / JSON Lines records with
`title, body, source, author, published_at, url`, saved web pages (.html, read by webpage.py),
PDFs with a text layer (pdf.py) and Word files (.docx, docx.py); a PDF's or Word file's date
comes from its byline or dateline (`dateline`).
"""

from __future__ import annotations

import codecs
import email.utils
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from . import docx, pdf, webpage
from .types import Article

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
FORMATS = ", ".join(sorted(SUFFIXES))  # for messages: ".docx, .htm, .html, ..."
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_BODY_CHARS = 2_000_000
MAX_TITLE_CHARS = 300  # longer titles (or first lines made titles) are cut: see `shortened`
MAX_NAME_CHARS = 120  # outlet and author names
BODY_KEYS = ("body", "text", "content")
NOT_ARTICLES = re.compile(r"^(readme|license|licence|changelog|contributing)\b", re.IGNORECASE)  # skipped inside folders

# Short lines that are page furniture, not journalism.
BOILERPLATE = re.compile(
    r"^(?:advertisement|skip advertisement|story continues below(?: this)? ad(?:vertisement)?|"
    r"continue reading(?: below)?|read more\b.*|related:.*|recommended(?: reading)?:?.*|"
    r"sign up(?: for| to)? .*newsletter.*|subscribe(?: now)?(?: to .*)?|share (?:this|on) .*|"
    r"click here .*|follow us on .*|image:? .*getty images|photograph: .*|"
    r"(?:all rights reserved|copyright ©?|©).*|scroll to continue.*|article continues below.*)$",
    re.IGNORECASE,
)
BOILERPLATE_MAX_WORDS = 14
WEB_URL = re.compile(r"https?://[^\s<>\"'()]+(?:\([^\s<>\"'()]*\)[^\s<>\"'()]*)*", re.IGNORECASE)
SEED_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.IGNORECASE)
KEY_HEADER = re.compile(r"^(title|source|outlet|author|by|date|published|published_at|url|link)\s*:\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """A file or record we skipped, and why; `where` is `path` or `path:line`."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Note(Problem):
    """Not an error, but worth saying: a date that could not be read, files of other types in a
    folder, a duplicate skipped, a moved file followed."""


def find_files(paths: list[Path]) -> tuple[list[Path], list[Problem], list[Note]]:
    """Expand folders (recursively, hidden entries skipped) into supported files: (files,
    problems, notes). A file named on the command line with an unsupported type is a problem;
    such files inside a folder are counted in a note, so a folder of PDFs is not silently empty."""
    files: list[Path] = []
    problems: list[Problem] = []
    notes: list[Note] = []
    for path in paths:
        if path.is_dir():
            ignored: Counter[str] = Counter()
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if not f.is_file() or any(p.startswith(".") for p in rel) or NOT_ARTICLES.match(f.name):
                    continue
                if f.suffix.lower() in SUFFIXES:
                    files.append(f)
                else:
                    ignored[f.suffix.lower() or "(no extension)"] += 1
            if ignored:
                kinds = ", ".join(f"{n} {suffix}" for suffix, n in ignored.most_common())
                total = sum(ignored.values())
                notes.append(Note(str(path), f"{total} file{'s' if total > 1 else ''} not read, of a type we do not read ({kinds}); articles must be {FORMATS}"))
            elif not any(f.is_relative_to(path) for f in files):
                notes.append(Note(str(path), f"folder holds no articles ({FORMATS})"))
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                files.append(path)
            else:
                problems.append(Problem(str(path), f"unsupported file type {path.suffix or '(none)'}; use one of {FORMATS}"))
        elif path.exists() or path.is_symlink():  # a pipe, a device, a link to nowhere or to itself
            problems.append(Problem(str(path), "not a regular file or folder (a pipe, a device or a broken link); name the article files themselves"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems, notes


def read_file(path: Path) -> Iterator[Article | Problem]:
    """Yield the articles in one file, and a Problem for each part that cannot be used."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Problem(where, f"file is {size // 2**20} MB, over the {MAX_FILE_BYTES // 2**20} MB limit; split it")
            return
        raw = path.read_bytes()
    except OSError as e:
        yield Problem(where, f"cannot read: {e.strerror or e}")
        return
    if not raw.strip():
        yield Problem(where, "empty file")
        return
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    origin = str(path.resolve())
    if kind in ("pdf", "docx"):  # binary formats, read by their own modules
        reader = pdf if kind == "pdf" else docx
        try:
            fields = reader.parse(raw)
        except (pdf.PdfError, docx.DocxError) as e:
            yield Problem(where, str(e))
            return
        body = fields.pop("body")
        yield from _checked(make_article(body, origin=origin, published_at=dateline(body.split("\n\n")), **fields), where)
        return
    utf16 = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_mark(raw)
    if utf16:  # text saved as "Unicode" on Windows, or by a tool that writes no byte-order mark
        try:
            raw = raw.decode(utf16).encode("utf-8")
        except UnicodeDecodeError as e:
            yield Problem(where, f"broken UTF-16 text (byte {e.start}); re-save the file as UTF-8")
            return
    if b"\x00" in raw[:8192]:
        yield Problem(where, f"binary file, not text; articles must be {FORMATS}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        # A saved page says its encoding (tried second: pages declaring latin-1 are often UTF-8).
        declared = webpage.charset(raw) if kind == "html" else None
        try:
            text = raw.decode(declared or "utf-8")
        except (UnicodeDecodeError, LookupError):
            yield Problem(where, f"not UTF-8 (byte {e.start}){f' nor {declared}' if declared else ''}; re-save the file as UTF-8")
            return
    if kind == "html":
        fields = webpage.parse(text)
        body = fields.pop("body")
        yield from _checked(make_article(body, origin=origin, **fields) if body else "no article text found in the page (no paragraphs outside menus, scripts and footers)", where, fields.get("published_at", ""))
    elif kind == "json":
        yield from _read_json(text, where, origin)
    elif kind == "jsonl":
        yield from _read_jsonl(text, where, origin)
    else:
        article, date_given = _parse_text(text, markdown=kind == "markdown", origin=origin)
        yield from _checked(article, where, date_given)


def _read_json(text: str, where: str, origin: str) -> Iterator[Article | Problem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Problem(f"{where}:{e.lineno}", f"broken JSON ({e.msg}); fix it or use .jsonl with one record a line")
        return
    except (RecursionError, ValueError) as e:  # nested thousands deep, or a number of thousands of digits
        yield Problem(where, f"unreadable JSON ({_unreadable(e)}); fix it or use .jsonl with one record a line")
        return
    records = data if isinstance(data, list) else [data]
    if not records:
        yield Problem(where, "an empty JSON list: no records to read")
    for i, rec in enumerate(records):
        yield from _checked(_from_record(rec, f"{origin}#{i}"), f"{where}[{i}]", _record_date(rec))


def _read_jsonl(text: str, where: str, origin: str) -> Iterator[Article | Problem]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Problem(f"{where}:{n}", f"broken JSON line ({e.msg} at column {e.colno}); the other lines were read")
            continue
        except (RecursionError, ValueError) as e:
            yield Problem(f"{where}:{n}", f"unreadable JSON line ({_unreadable(e)}); the other lines were read")
            continue
        yield from _checked(_from_record(rec, f"{origin}#{n}"), f"{where}:{n}", _record_date(rec))


def _unreadable(e: Exception) -> str:
    return "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]


def _checked(result: Article | str, where: str, date_given: str = "") -> Iterator[Article | Problem]:
    """The article, or the Problem that kept it out; a Note when the date given could not be read
    (the article is stored undated, so outside every --since/--until), or is after tomorrow
    (stored as given; questions about order in time treat it as undated, timeline.published)."""
    if isinstance(result, str):
        yield Problem(where, result)
        return
    yield result
    if date_given.strip() and not result.published_at:
        yield Note(where, f"date {date_given.strip()[:40]!r} not understood; stored undated (write dates as YYYY-MM-DD)")
    elif result.published_at[:10] > (date.today() + timedelta(days=1)).isoformat():
        yield Note(where, f"date {result.published_at[:10]} is in the future; stored as given, but not used to order articles in time (check the date)")


def _from_record(rec: object, origin: str) -> Article | str:
    """A JSON record -> Article, or the reason it cannot be one."""
    if not isinstance(rec, dict):
        return f"expected a JSON object with a body, got {type(rec).__name__}"
    body = next((rec[k] for k in BODY_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
    if body is None:
        return "record has no body (expected a non-empty 'body' text field); skipped"
    meta = {k: _text(rec.get(k)) for k in ("title", "source", "author", "url")}
    meta["published_at"] = _record_date(rec)
    return make_article(body, origin=origin, **meta)


def _record_date(rec: object) -> str:
    return _text(rec.get("published_at") or rec.get("date")) if isinstance(rec, dict) else ""


def _text(value: object) -> str:
    """A record's field as text: a string or a number; "" for null, true/false, a list or an
    object (whose Python form would become an outlet's name)."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in ("none", "null")):
        return ""
    return str(value).strip()


def _parse_text(text: str, markdown: bool, origin: str) -> tuple[Article | str, str]:
    """(the article or why there is none, the date its header gives)."""
    meta: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if markdown and lines and lines[0].strip() == "---":  # YAML-style front matter
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                m = KEY_HEADER.match(line.strip())
                if m:
                    meta.setdefault(_meta_key(m.group(1)), m.group(2).strip().strip("'\""))
            lines = lines[end + 1 :]
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and (m := SEED_HEADER.match(lines[0].strip())):  # `date 2025-02-28 <photo caption>`
        meta.setdefault("published_at", m.group(1))
        if m.group(2):
            meta["caption"] = m.group(2).strip()
        lines.pop(0)
    else:
        while lines and (m := KEY_HEADER.match(lines[0].strip())):
            meta.setdefault(_meta_key(m.group(1)), m.group(2).strip())
            lines.pop(0)
    if markdown:
        lines, title = _strip_markdown(lines)
        if title:
            meta.setdefault("title", title)
    meta.pop("caption", None)  # a photo caption is not the article's title or text
    return make_article("\n".join(lines), origin=origin, **meta), meta.get("published_at", "")


def _meta_key(key: str) -> str:
    key = key.lower()
    return {"outlet": "source", "by": "author", "date": "published_at", "published": "published_at", "link": "url"}.get(key, key)


def _strip_markdown(lines: list[str]) -> tuple[list[str], str]:
    title = ""
    out = []
    for line in lines:
        s = line.strip()
        if s.startswith("#"):
            heading = s.lstrip("#").strip()
            if not title and s.startswith("# "):
                title = heading
                continue
            line = heading
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links -> their text
        line = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", line)  # emphasis, code
        out.append(line)
    return out, title


def _utf16_without_mark(raw: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `raw` looks like UTF-16 text without its byte-order mark:
    text in a Latin script puts a zero byte after (or before) nearly every character, which no
    UTF-8 text and few binary files do."""
    head = raw[:8192]
    if len(head) < 16 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0) / (len(head) // 2), head[1::2].count(0) / (len(head) // 2)
    if odd >= 0.9 and even <= 0.1:
        return "utf-16-le"
    if even >= 0.9 and odd <= 0.1:
        return "utf-16-be"
    return None


# Characters no reader sees: control codes (a hostile title's ESC sequences would clear the
# terminal `ask` prints to), zero-width spaces, byte-order marks, and lone surrogates (JSON's
# "\udc00", which no encoder accepts). Newlines and tabs stay for the paragraphs.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\ud800-\udfff]")


def clean_body(text: str) -> str:
    """Normalise whitespace, drop page furniture; paragraphs joined by one blank line."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        para = " ".join(block.split())
        if not para or _is_boilerplate(para):
            continue
        paragraphs.append(para)
    return "\n\n".join(paragraphs)


def _is_boilerplate(para: str) -> bool:
    return len(para.split()) <= BOILERPLATE_MAX_WORDS and bool(BOILERPLATE.match(para))


def normalise_date(value: str) -> str:
    """Any common date/time string -> YYYY-MM-DD; "" when it cannot be read."""
    value = value.strip()
    if not value:
        return ""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date.fromisoformat("-".join(m.groups())).isoformat()
        except ValueError:
            return ""  # "2023-02-30": no such day
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    if re.fullmatch(r"\d{9,10}(?:\d{3})?(?:\.\d+)?", value):  # Unix time, in seconds or milliseconds (feeds, APIs)
        seconds = float(value) / (1000 if len(value.split(".")[0]) > 10 else 1)
        return datetime.fromtimestamp(seconds, timezone.utc).date().isoformat()
    try:  # RSS: "Mon, 02 Oct 2023 14:00:00 GMT"
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A full date (year included) in a byline or dateline: "2023-10-22", "October 22, 2023", "22 Oct 2023".
DATELINE = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}})\b", re.IGNORECASE)
DATELINE_PARAGRAPHS, DATELINE_WORDS = 5, 25  # where a byline stands, and how long it can be


def dateline(paragraphs: list[str]) -> str:
    """The publication date from a byline or dateline among the first paragraphs ("By Jane Doe |
    The Ledger | 2023-10-22"): the first full date in a short one, as YYYY-MM-DD; "" if none.
    For PDFs and Word files, whose own dates say when the file was made, not the story."""
    for para in paragraphs[:DATELINE_PARAGRAPHS]:
        if len(para.split()) <= DATELINE_WORDS and (m := DATELINE.search(para)):
            text = m.group(1)
            if text[0].isdigit() and "-" in text:
                day = text
            else:
                month = re.search(r"[A-Za-z]+", text).group()[:3]
                numbers = re.findall(r"\d+", text)
                day = f"{numbers[0]} {month} {numbers[1]}"
            try:
                return datetime.strptime(day, "%Y-%m-%d" if "-" in day else "%d %b %Y").date().isoformat()
            except ValueError:
                continue
    return ""


def derive_title(body: str, words: int = 14) -> str:
    """First sentence of the body, cut to a headline's length."""
    first = re.split(r"(?<=[.!?])\s", body.split("\n\n", 1)[0], maxsplit=1)[0]
    parts = first.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def shortened(text: str, limit: int) -> str:
    """A metadata field on one line, cut at a word to `limit` characters ("…" marks the cut): a
    title or outlet name goes into every chunk's header, so a hostile megabyte must not."""
    text = " ".join(CONTROL.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def make_article(body: str, *, origin: str, title: str = "", source: str = "", author: str = "", published_at: str = "", url: str = "") -> Article | str:
    body = clean_body(body)
    if not body:
        return "no article text left after cleaning (only boilerplate or whitespace)"
    if len(body) > MAX_BODY_CHARS:
        return f"article body is {len(body):,} characters, over the {MAX_BODY_CHARS:,} limit; is this really one article?"
    title = shortened(title, MAX_TITLE_CHARS) or shortened(derive_title(body), MAX_TITLE_CHARS)
    url = url.strip()
    if not WEB_URL.fullmatch(url):
        url = ""  # a link shown to readers must be a web address ("javascript:..." in a hostile page is not)
    return Article(
        article_id=url or origin,
        title=title,
        body=body,
        source=shortened(source, MAX_NAME_CHARS),
        author=shortened(author, MAX_NAME_CHARS),
        published_at=normalise_date(published_at),
        url=url,
        origin=origin,
    )
