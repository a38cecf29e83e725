"""What every short-answer rule shares: the `ShortAnswer` it returns, words weighted by their
rarity among the retrieved sentences, and which sentences are about a question's subject.

short.py (names, numbers, dates, outlets), yesno.py and timeline.py build on this module and it
on none of them, so they import downwards only: short -> timeline -> yesno -> weigh.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .cite import Span, words
from .names import names_in, outlet_words
from .types import Hit

YES, NO = "Yes", "No"


@dataclass
class ShortAnswer:
    text: str  # "Sam Bankman-Fried", "Yes", "No", "$1.2 billion", "October 7, 2023"
    form: str  # "entity", "yesno", "number", "date", "outlet" or "order" (timeline.py: "Before", an option)
    spans: list[Span] = field(default_factory=list)  # the evidence it rests on, best first
    scores: list[float] = field(default_factory=list)  # how closely each span states what it is cited for (0..1)
    basis: str = ""  # what the program compared to reach it, shown beside it (timeline.py: the days)
    note: str = ""  # with no text: why the question's form got no answer (timeline.py)
    quotes: int = 0  # how many of `spans` the answer cites (0: the pipeline's SHORT_QUOTES)


class Rarity:
    """Words weighted by inverse document frequency over the retrieved sentences: a claim's rare
    words ("Poyer", "mobilized") say more about which sentence states it than "Google" does in
    ten chunks about Google."""

    def __init__(self, spans: list[Span]):
        df = Counter(w for s in spans for w in set(words(s.text)))
        self.unseen = math.log(1 + len(spans))
        self.idf = {w: math.log(1 + len(spans) / n) for w, n in df.items()}

    def share(self, content: set[str], text: str) -> float:
        """Weighted share of `content` words found in `text` (0..1)."""
        # fsum: a sum over a set would depend on its (per-process) order in the last bit, and
        # flip ties between sentences from one run to the next
        total = math.fsum(self.idf.get(w, self.unseen) for w in content)
        return math.fsum(self.idf.get(w, self.unseen) for w in content & set(words(text))) / total if total else 0.0


def one_fact(question: str) -> bool:
    """A question stating one fact ("Who criticised Apple?"), not several joined by commas or
    "and", each of which may come from an article that names only its own subject."""
    return not re.search(r",|;|\band\b", question)


def articles_about(question: str, hits: list[Hit], outlets: list[str]):
    """A filter of sentences for a one-fact claim that names no outlet: those from articles that
    mention one of the names the claim holds. "Is Ohtani going to pitch next season?" had been answered
    "Yes" on a shipping article's "... this holiday season ... for the next few years". A claim
    naming an outlet is already held to that outlet's articles, and on MultiHop-RAG dev, where
    one outlet's stretch of a question often names the subjects of two articles, this filter
    cost a right answer; a claim naming no one keeps every sentence."""
    names = subject_names(question, outlets) if one_fact(question) else set()
    seen: dict[str, set[str]] = {}  # article -> its words, read only when a claim needs them

    def mentioned(article_id: str) -> set[str]:
        if not seen:
            for h in hits:
                seen.setdefault(h.article_id, set()).update(words(f"{h.metadata.get('title', '')} {h.text}"))
        return seen[article_id]

    def about(claim: tuple[list[str], set[str]], pool: list[Span]) -> list[Span]:
        own = set() if claim[0] else claim[1] & names
        return [s for s in pool if own & mentioned(hits[s.hit_index].article_id)] if own else pool

    return about


def subject_names(question: str, outlets: list[str]) -> set[str]:
    """The name words of a question ("Shohei", "Ohtani"), outlets left out: a name after a number
    is not what the number counts ("a 3.14 ERA, Ohtani led ..."), nor the words a date must stand near."""
    found = {w for tokens, at_start in names_in(question) for t in (tokens[1:] if at_start else tokens) for w in words(t)}
    return found - outlet_words(outlets)


def same_word(a: str, b: str) -> bool:
    """Words alike after our crude stemming: "testified" / "testify" share their first 5 letters."""
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])
