"""Question -> retrieval plan: the outlets and dates a question names become filters.

News questions often say where and when to look ("the TechCrunch article published on October
7, 2023 ... while the Sporting News article ..."). Each outlet mention starts a sub-question that
runs to the next mention; it is searched only among that outlet's articles (and that day's, when
a date follows the mention), so that one article cannot take every place in the top-k and each
piece of evidence gets its own search. Outlet names are matched against the outlets actually in
the store, so nothing here is specific to one corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(rf"\b(?:({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|(\d{{4}})-(\d{{2}})-(\d{{2}}))\b", re.IGNORECASE)


@dataclass
class SubQuery:
    text: str
    sources: list[str] = field(default_factory=list)  # exact `source` values to search in
    day: int = 0  # YYYYMMDD to search in, 0 for any

    def days(self) -> list[int]:
        """The day named and its neighbours: publication times are often a timezone away."""
        if not self.day:
            return []
        d = date(self.day // 10000, self.day // 100 % 100, self.day % 100)
        return [int((d + timedelta(days=k)).strftime("%Y%m%d")) for k in (-1, 0, 1)]

    def where(self) -> dict | None:
        clauses = []
        if self.sources:
            clauses.append({"source": {"$in": self.sources}})
        if self.day:
            clauses.append({"date_num": {"$in": self.days()}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def aliases(sources: list[str]) -> dict[str, set[str]]:
    """Ways a question may name each outlet: "The Independent - Sports" is also "The Independent";
    "Cnbc | World Business News Leader" is also "CNBC"; a leading "The" is optional."""
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
    return out


def find_sources(question: str, sources: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, outlets) of each outlet named in the question, longest names first."""
    table = aliases(sources)
    found: list[tuple[int, int, list[str]]] = []
    taken = [False] * len(question)
    for alias in sorted(table, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", question, re.IGNORECASE):
            if any(taken[m.start() : m.end()]) or not question[m.start()].isupper():
                continue  # inside a longer name already found, or a plain word ("fortune")
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            found.append((m.start(), m.end(), sorted(table[alias])))
    return sorted(found)


def find_days(text: str, default_year: int = 0) -> list[int]:
    days = []
    for m in DATE.finditer(text):
        try:
            if m.group(4):
                d = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            elif m.group(3) or default_year:
                d = date(int(m.group(3) or default_year), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
            else:
                continue
        except ValueError:
            continue
        days.append(d.year * 10000 + d.month * 100 + d.day)
    return days


def plan(question: str, sources: list[str]) -> list[SubQuery]:
    """One SubQuery per outlet mention and date named after it (a date narrows the search
    to that day), or an empty plan when the question names no known outlet."""
    mentions = find_sources(question, sources)
    year = re.search(r"\b(20\d\d|19\d\d)\b", question)
    subs: list[SubQuery] = []
    for i, (start, end, names) in enumerate(mentions):
        stop = mentions[i + 1][0] if i + 1 < len(mentions) else len(question)
        stretch = question[0 if i == 0 else start : stop].strip(" ,;'\"")
        if len(stretch.split()) < 6:  # "... according to TechCrunch?": no claim of its own
            if any(s.sources == names for s in subs):
                continue
            stretch = question
        days = find_days(question[end:stop], int(year.group(1)) if year else 0) or [0]
        subs += [SubQuery(text=stretch, sources=names, day=d) for d in dict.fromkeys(days[:3])]
    return subs
