"""Questions asking what was published, with no topic: "What did TechCrunch report last week?",
"Any news from Fortune in December 2023?", "What's new?".

Every article in the outlets and days such a question names (and the person's scope) answers
it, so a relevance search has nothing to rank and the refusal score nothing to measure ("What
did TechCrunch report in December 2023?" had been refused). The answer is a listing instead:
the newest of those articles (retrieve.Retriever.listing), each by its lead sentence, cited.
Our own code, because a digest is a listing by metadata, not a search.
"""

from __future__ import annotations

import re

from .cite import Span, quotable
from .plan import MONTHS, STOPWORDS, search_words
from .types import Hit

DIGEST_ARTICLES = 5  # lead sentences an extractive digest shows, one per article, newest first

# Words that ask for news without naming a topic ("What did ... report", "any stories", "tell me").
_FRAMING = frozenset(
    """what whats s did does do has have had is are was were been report reported reports reporting publish published
    write wrote written say said cover covered news new newest latest recent recently any anything there stories story
    headlines happened happening going on up everything else me us tell show list give summarize summarise summary
    articles article from in of the last this past today yesterday week weeks month months day days hours since
    please""".split()
)


def asks_digest(question: str, outlets: list[str]) -> bool:
    """Whether the question names no topic: nothing is left once the outlets, days, months,
    times ("last week") and the words that ask for news are taken out."""
    text = search_words(question, outlets)  # without outlets, dates, "last week", "article", "reported"
    rest = [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", "")) if w not in STOPWORDS and w not in _FRAMING and w not in MONTHS and not re.fullmatch(r"(?:19|20)\d\d", w)]
    return not rest


def leads(spans: list[Span], hits: list[Hit], n: int = DIGEST_ARTICLES) -> list[Span]:
    """The first whole sentence of each of the first n articles among the hits (the listing's
    order: newest first)."""
    out: dict[str, Span] = {}
    for span in spans:
        article = hits[span.hit_index].article_id
        if article not in out and quotable(span.text):
            out[article] = span
    return list(out.values())[:n]


__all__ = ["DIGEST_ARTICLES", "asks_digest", "leads"]
