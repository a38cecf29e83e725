"""Question -> retrieval plan: the outlets and dates a question names become filters.

News questions often pack several claims, each backed by a different article, and say where
and when to look ("the TechCrunch article published on October 7, 2023 says ..., while the
Sporting News article ..."). The question is cut into claims (at commas, semicolons, "while",
"but", "and also" ...); each claim is searched only among the outlets it names (or, naming none,
those the whole question names) and on the days it names, so that each piece of evidence gets
its own search. Outlet names are matched against the outlets actually in the store, so nothing
here is specific to one corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(rf"\b(?:({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|(\d{{4}})-(\d{{2}})-(\d{{2}}))\b", re.IGNORECASE)


STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between both but by
    can did do does doing down during each few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your yours yourself
    yourselves said says say tell told according also""".split()
)


@dataclass(frozen=True)
class Period:
    """Publication days a question names as a range (YYYYMMDD, until 0 for no end): a month
    ("published in October 2023"), a year ("published in 2023") or a time relative to today
    ("last week")."""

    since: int
    until: int
    phrase: str  # as the question says it

    def describe(self) -> str:
        days = f"{iso_day(self.since)} to {iso_day(self.until)}" if self.until else f"since {iso_day(self.since)}"
        return f"{self.phrase} ({days})"


@dataclass
class SubQuery:
    text: str
    sources: list[str] = field(default_factory=list)  # exact `source` values to search in
    day: int = 0  # YYYYMMDD to search in, 0 for any
    period: Period | None = None  # or a range of days to search in

    def days(self) -> list[int]:
        """The day named and its neighbours (`around`)."""
        return around(self.day) if self.day else []


def around(day: int) -> list[int]:
    """A day (YYYYMMDD) and its neighbours: publication times are often a timezone away."""
    d = date(day // 10000, day // 100 % 100, day % 100)
    return [int((d + timedelta(days=k)).strftime("%Y%m%d")) for k in (-1, 0, 1)]


def year_of(question: str) -> int:
    """The first year a question names (a day named without one is in it), 0 if none."""
    m = re.search(r"\b(?:19|20)\d\d\b", question)
    return int(m.group()) if m else 0


@dataclass(frozen=True)
class Scope:
    """Where the person asked us to look (`ask --source/--since/--until`): outlets and a range of
    publication days. Every search of the question stays inside it; undated articles are outside
    any date range."""

    sources: tuple[str, ...] = ()  # exact `source` values
    since: int = 0  # YYYYMMDD, 0 for no bound
    until: int = 0

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until)

    def describe(self) -> str:
        parts = [f"from {', '.join(self.sources)}"] if self.sources else []
        parts += [f"published on or after {iso_day(self.since)}"] if self.since else []
        parts += [f"published on or before {iso_day(self.until)}"] if self.until else []
        return " and ".join(parts)


def iso_day(day: int) -> str:
    """YYYYMMDD -> "YYYY-MM-DD"."""
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def aliases(sources: list[str]) -> dict[str, frozenset[str]]:
    """Ways a question may name each outlet: "The Independent - Sports" is also "The Independent";
    "Cnbc | World Business News Leader" is also "CNBC"; a leading "The" is optional."""
    return {alias: names for alias, names, _ in _alias_table(tuple(sources))}


@lru_cache(maxsize=8)
def _alias_table(sources: tuple[str, ...]) -> tuple[tuple[str, frozenset[str], re.Pattern], ...]:
    """aliases(), longest first, each with its compiled pattern: every search plans its question
    against the same few stored outlets, so this is worked out once per outlet list."""
    out: dict[str, set[str]] = {}
    for source in sources:
        names = {source}
        for sep in (" - ", " | ", ": "):
            if sep in source:
                names.add(source.split(sep)[0])
        names |= {n[4:] for n in names if n.lower().startswith("the ")}
        for name in names:
            name = name.strip()
            if len(name) >= 3:
                out.setdefault(name.lower(), set()).add(source)
    ordered = sorted(out, key=len, reverse=True)
    return tuple((alias, frozenset(out[alias]), re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])", re.IGNORECASE)) for alias in ordered)


def find_sources(question: str, sources: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, outlets) of each outlet named in the question, longest names first."""
    found: list[tuple[int, int, list[str]]] = []
    taken = [False] * len(question)
    lowered = question.lower()
    for alias, names, pattern in _alias_table(tuple(sources)):
        if alias not in lowered:  # a substring test is ~100x cheaper than the regex
            continue
        for m in pattern.finditer(question):
            if any(taken[m.start() : m.end()]) or not question[m.start()].isupper():
                continue  # inside a longer name already found, or a plain word ("fortune")
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            found.append((m.start(), m.end(), sorted(names)))
    return sorted(found)


# A day named as when something was published ("the article published on October 5", "TechCrunch's
# report on October 5"), not when something happened ("the attack on October 7").
_PUBLISHED = re.compile(r"\b(?:published|posted|reported|report|reports|article|articles|story|piece|coverage|issue|edition)\b(?:\W+\w+){0,2}?\W+(?:on|of|from|dated)?\s*$", re.IGNORECASE)


def find_days(text: str, default_year: int = 0, latest: int = 0) -> list[int]:
    """The days a text names, as YYYYMMDD. A day without a year ("October 5") is in
    `default_year`; else, when the text names it as a publication day ("the article published on
    October 5"), in the last year in which it falls on or before `latest` (the newest stored
    article's day: in a news archive, "October 5" is the most recent one); else it is skipped."""
    days = []
    for m in DATE.finditer(text):
        try:
            if m.group(4):
                d = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            elif m.group(3) or default_year:
                d = date(int(m.group(3) or default_year), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
            elif latest and _PUBLISHED.search(text[max(0, m.start() - 40) : m.start()]):
                month, day = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
                year = latest // 10000 if (month, day) <= (latest // 100 % 100, latest % 100) else latest // 10000 - 1
                d = date(year, month, day)
            else:
                continue
        except ValueError:
            continue
        days.append(d.year * 10000 + d.month * 100 + d.day)
    return days


def ymd(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
RELATIVE = re.compile(
    r"\b(?:(today|yesterday)|(this|last|previous)\s+(week|month)|(?:(?:in|over|during|from|for)\s+the|this)\s+(?:last|past)\s+(?:(\d{1,3}|two|three|four|five|six|seven|ten)\s+)?(hours?|days?|weeks?|months?))\b(['’]s\s+\w+)?",
    re.IGNORECASE,
)
_REPORT_NOUN = r"(?:articles?|reports?|reporting|stories|story|pieces?|coverage|news|issues?|editions?|headlines?)"
MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?:of\s+)?(\d{4}))?\b(?!\s*\d)")
YEAR = re.compile(r"\b(?:in|during|throughout)\s+((?:19|20)\d\d)\b(?![-/])", re.IGNORECASE)  # a year alone, not "in October 2023"
# the month (or year) is when something was published: "published in October", "TechCrunch's reports from
# October 2023", "October 2023 articles", "since October"
_PUBLISHED_IN = re.compile(rf"\b(?:publish(?:ed|es)?|post(?:ed|s)?|report(?:ed|ing|s)?|wr(?:ite|ites|ote|itten)|cover(?:ed|s)?|{_REPORT_NOUN})\b(?:\W+[\w'’-]+){{0,3}}?\W+(?:in|during|from|of)\s*$|\bsince\s*$", re.IGNORECASE)
_FOLLOWED_BY_REPORT = re.compile(rf"^(?:['’]s)?\s+{_REPORT_NOUN}\b", re.IGNORECASE)


def names_reading_time(m: re.Match) -> bool:
    """A RELATIVE match names what to read ("reported last week", "last week's reports"), not
    when something happened ("last week's game")."""
    if m.group(1) and m.group(1)[0].isupper() and re.search(r"[A-Z][\w&.'’-]*\s+$", m.string[: m.start()]):
        return False  # a name: "USA Today", "Business Today"
    return not m.group(6) or bool(_FOLLOWED_BY_REPORT.match(m.group(6)))


def find_periods(text: str, default_year: int = 0, latest: int = 0, today: date | None = None, any_month: bool = False) -> list[Period]:
    """The ranges of publication days a text names (see Period). Times relative to `today` (the
    machine's date unless given) run from the start of the time named to today: "last week" is
    news since last week's Monday, which also holds this week's reports of last week's events; a
    day of slack either side, as for named days (a month has none: newest first, a digest of
    October would open with November 1's articles). "Last week's game" names when something
    happened, not what to read, so a possessive counts only before a word for news ("last week's
    reports"). A month counts when the text names it as a publication time ("published in
    October 2023", "October articles", "since October"), or anywhere with `any_month` (a question
    naming no topic: "What happened in October 2023?" asks for that month's news), and so does a
    year alone ("published in 2023", "What happened in 2024?"). A month without a year is in
    `default_year`, else the most recent one up to `latest` (the newest stored article's
    day)."""
    today = today or date.today()
    out = []
    for m in filter(names_reading_time, RELATIVE.finditer(text)):
        word = (m.group(1) or "").lower()
        which, unit = (m.group(2) or "").lower(), (m.group(3) or m.group(5) or "").lower().rstrip("s")
        count = m.group(4)
        if word:
            start, phrase = today - timedelta(days=1 if word == "yesterday" else 0), word
        elif which:  # this/last/previous week or month
            start = today - timedelta(days=today.weekday()) if unit == "week" else today.replace(day=1)
            if which != "this":
                start = start - timedelta(days=7) if unit == "week" else (start - timedelta(days=1)).replace(day=1)
            phrase = f"{which} {unit}"
        else:  # in the last/past [N] days/weeks/months
            n = int(count) if count and count.isdigit() else _NUMBER_WORDS.get((count or "").lower(), 1)
            start = today - timedelta(days=-(-n // 24) if unit == "hour" else n * {"day": 1, "week": 7, "month": 30}[unit])
            phrase = f"in the last {n} {unit}s" if count else f"in the last {unit}"
        out.append(Period(ymd(start - timedelta(days=1)), ymd(today + timedelta(days=1)), phrase))
    for m in MONTH.finditer(text):
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end(2) if m.group(2) else m.end(1) :]
        if not (any_month or _PUBLISHED_IN.search(before) or _FOLLOWED_BY_REPORT.match(after)):
            continue
        month = MONTHS[m.group(1).lower()]
        year = int(m.group(2) or default_year or 0)
        if not year:
            if not latest:
                continue
            year = latest // 10000 if month <= latest // 100 % 100 else latest // 10000 - 1
        first = date(year, month, 1)
        last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        since_only = re.search(r"\bsince\s*$", before, re.IGNORECASE)
        phrase = f"since {m.group(1)}{' ' + m.group(2) if m.group(2) else ''}" if since_only else f"in {m.group(1)} {year}"
        out.append(Period(ymd(first), 0 if since_only else ymd(last), phrase))  # a month's edges are its own: no day of slack
    for m in YEAR.finditer(text):  # "articles published in 2023"; "What happened in 2024?" (naming no topic)
        if any_month or _PUBLISHED_IN.search(text[max(0, m.start() - 60) : m.start()] + "in"):
            year = int(m.group(1))
            out.append(Period(year * 10000 + 101, year * 10000 + 1231, f"in {year}"))
    return out


CLAUSE_BREAK = re.compile(rf"[;,](?!\s*\d)|\s(?=(?:while|whereas|but|and\s+(?:also|then|later|again|has|have|had|is|was|were|does|did))\b)|\s(?=(?:before|after)\s+(?:the\s+)?(?!(?:{_MONTH})\b)(?-i:[A-Z]))", re.IGNORECASE)
GENERIC = frozenset("article articles report reports reported reporting published publication according per news source sources".split())
MIN_CLAIM_WORDS = 3
# A question's head ("Which global cryptocurrency exchange, reported by ...") names what every
# claim is about, not a fact of its own: it needs one word more to stand alone, else it joins the
# next piece (MultiHop-RAG dev, 2-fold cross-validated with the reranker refitted: evidence
# recall@10 0.771 -> 0.774 and 0.773 -> 0.780, complete@10 0.536 -> 0.536 and 0.523 -> 0.532,
# MRR@10 0.758 -> 0.763 and 0.759 -> 0.764 on the two halves).
HEAD = re.compile(r"^\W*(?:which|what|who)\b", re.IGNORECASE)


def substance(text: str, outlet_words: set[str]) -> int:
    """Words that make a claim searchable: not stopwords, outlet names, dates or news boilerplate."""
    words = re.findall(r"[a-z][a-z'’-]+", text.lower())
    return sum(1 for w in words if w not in STOPWORDS and w not in GENERIC and w not in outlet_words and w not in MONTHS)


def clauses(question: str, outlet_words: set[str] = frozenset()) -> list[str]:
    """The question cut at commas, semicolons and conjunctions that start a new claim; a piece
    with too little substance ("as reported by The Verge", "on October 7, 2023") joins the
    piece before it (the first piece, and a short question head, join the next)."""
    pieces = [p.strip(" ,;?\"'") for p in CLAUSE_BREAK.split(question)]
    out: list[str] = []
    carry = ""
    for piece in filter(None, pieces):
        piece = f"{carry} {piece}".strip()
        needed = MIN_CLAIM_WORDS + 1 if not out and HEAD.match(piece) else MIN_CLAIM_WORDS
        if substance(piece, outlet_words) >= needed:
            out.append(piece)
            carry = ""
        elif out:
            out[-1] = f"{out[-1]}, {piece}"
        else:
            carry = piece
    return out or [question]


def without_sources(text: str, sources: list[str]) -> str:
    """The text with the outlets it names blanked out ("USA Today" names no day)."""
    for start, end, _ in reversed(find_sources(text, sources)):
        text = f"{text[:start]} {text[end:]}"
    return text


def search_words(text: str, sources: list[str]) -> str:
    """The text without the outlets and dates it names and without news boilerplate ("article",
    "reported"): searches already filter on outlet and day, so those words would only favour
    chunks that repeat them, not the chunk holding the claim (MultiHop-RAG dev: evidence recall
    0.731 -> 0.738, MRR@10 0.681 -> 0.694, on both halves)."""
    text = without_sources(text, sources)
    words = RELATIVE.sub(lambda m: " " if names_reading_time(m) else m.group(0), DATE.sub(" ", text)).split()
    return " ".join(w for w in words if re.sub(r"[^a-z]", "", w.lower()) not in GENERIC)


def plan(question: str, sources: list[str], latest: int = 0, today: date | None = None, any_month: bool = False) -> list[SubQuery]:
    """One SubQuery per claim of the question, searched among the outlets the claim names (or,
    when it names none, those the whole question names) and on each day it names, or else in the
    first range of days it names (`latest`, the newest stored day, dates a day or month named
    without a year: see `find_days` and `find_periods`; `today` anchors "last week")."""
    mentions = find_sources(question, sources)
    named = sorted({name for _, _, names in mentions for name in names})
    outlet_words = {w for _, _, names in mentions for n in names for w in re.findall(r"[a-z]+", n.lower())}
    outlet_words |= {w for start, end, _ in mentions for w in re.findall(r"[a-z]+", question[start:end].lower())}
    year = year_of(question)
    subs: list[SubQuery] = []
    for claim in clauses(question, outlet_words):
        own = sorted({name for _, _, names in find_sources(claim, sources) for name in names})
        days = find_days(claim, year, latest)
        periods = [] if days else find_periods(without_sources(claim, sources), year, latest, today, any_month)
        subs += [SubQuery(text=claim, sources=own or named, day=d, period=periods[0] if periods else None) for d in dict.fromkeys(days[:3] or [0])]
    return subs
