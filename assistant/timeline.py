"""Questions about order in time, answered from the articles' publication dates.

- "Did TechCrunch report X before Fortune reported Y?" / "After A, did B ...?" -> Yes or No,
  by the publication days of the sentences that state each side;
- "Was X reported before or after Y?" -> Before or After;
- "Which came first, X or Y?" / "Which was reported most recently: X, Y or Z?" -> the option
  whose evidence was published first (or last);
- "What is the latest on X?" -> the newest of the articles about X, newest first (`newest`);
- "Which outlet first reported X?" / "When was X first reported?" -> the outlet, or the day, of
  the earliest (or latest) article stating X (`pick_reported`).
The answer shows the days it compared ("No — 2023-12-11 (TechCrunch) is after 2023-11-12
(Fortune) [1][2]"), so a reader checks it against the sources' dates. Our own code, because the
rules in short.py weigh words, not dates, and the bundled LLM cannot compare dates reliably.
Each side must be stated by a sentence holding the same share of its words that a yes/no
claim needs (the yes threshold), in articles of different days; otherwise there is no answer
by date: yes/no questions fall back to yesno.judge, and "which first" gets no short answer
and a note saying why. Publication days stand in for when things happened.
"""

from __future__ import annotations

import re
from datetime import date

from .cite import Span, quotable
from .plan import DATE, YEAR, find_days, find_sources, iso_day
from .types import Hit
from .weigh import NO, YES, Rarity, ShortAnswer
from .yesno import claim_support, claims

# ---- did A come before B? -----------------------------------------------------------
# "before"/"after" and their longer spellings, as the link between two claims of a question.
_ORDER = re.compile(r"\b(before|after|prior to|earlier than|later than|subsequent to)\b", re.IGNORECASE)
_AFTER = {"after", "later than", "subsequent to"}
# A question asking whether coverage stayed the same over time is about what was said, not when.
_NOT_ORDER = re.compile(r"\b(?:in)?consisten\w*|\bchang\w*|\bsame\b|\bsimilar\w*|\bdiffer\w*|\b(?:dis)?agree\w*|\balign\w*|\bcontradict\w*|\bshift\w*", re.IGNORECASE)
_BEFORE_OR_AFTER = re.compile(r"\b(?:before or after|after or before)\b", re.IGNORECASE)
# A clause that names an event ("Fortune mentioned ...", "Kenwright died"), not a time ("the end of the season").
# Verbs in the past that news reports events with, beyond the regular "-ed" ones.
PAST_VERBS = frozenset("said told wrote won lost made took became began left met sold spent gave got held fell rose broke came did signed announced reported published".split())
_EVENT_VERB = re.compile(rf"^(?:{'|'.join(sorted(PAST_VERBS))})$|^[a-z]{{2,}}ed$")
_AUX = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b"
_AUX_START = re.compile(rf"^\W*{_AUX}", re.IGNORECASE)
# "After B, did A?": the leading clause runs to the comma before the question's verb, so it may
# hold commas itself ("After The Age reported on September 26, 2023, that ..., did ...").
_LEAD = re.compile(rf"^\W*(before|after|prior to)\b(.+?),\s*({_AUX}.+)$", re.IGNORECASE)
# "Was X published before Y?" asks about order in time whatever else it says ("the same film").
_PUBLISHED_ORDER = re.compile(r"\bpublished\s+(?:before|after|prior to|earlier than|later than)\b", re.IGNORECASE)


def order_claims(question: str, outlets: list[str]) -> list[tuple[str, str, str]]:
    """Ways to read a yes/no question as asking whether A happened before or after B: (A,
    "before"/"after", B), or (A, "either", B) for "Was A ... before or after B?"; [] for any other
    question. B must name an event (an outlet, or a verb in its first words) or a day, so "improve
    before their game" is no order. A side may hold "before" or "after" itself ("Did X report Y
    after Z broke the news before Fortune ..."): every such word is a way to read it, those
    comparing with an outlet's report first, and `judge_order` takes the first reading whose two
    sides the evidence states."""
    lead = _LEAD.match(question)
    if (_NOT_ORDER.search(question) and not _PUBLISHED_ORDER.search(question)) or not (lead or _AUX_START.match(question)):
        return []
    either = _BEFORE_OR_AFTER.search(question)
    if either:
        return [(question[: either.start()], "either", question[either.end() :])]
    readings = []
    if lead and _names_event(lead.group(2), outlets):
        readings.append((lead.group(3), _relation(lead.group(1)), lead.group(2)))  # "After B, did A?": A is after B
    for m in _ORDER.finditer(question):
        rest = question[m.end() :]
        if _names_event(rest, outlets) or DATE.match(rest.strip()):
            readings.append((question[: m.start()], _relation(m.group(1)), rest))
    return sorted(readings, key=lambda r: not _names_outlet(r[2], outlets))  # "... before Fortune reported ...": two reports compared


def _names_outlet(clause: str, outlets: list[str]) -> bool:
    return any(start < 25 for start, _, _ in find_sources(clause.strip()[:60], outlets))


def named_day(text: str, year: int) -> str:
    """The day a side names when it is a date ("October 4", "2023-10-04"; the year of the other
    side's article when none is given) as YYYY-MM-DD, else ""."""
    m = DATE.match(text.strip())
    days = find_days(m.group(), year) if m else []
    return iso_day(days[0]) if days else ""


def _relation(word: str) -> str:
    return "after" if word.lower() in _AFTER else "before"


def _names_event(clause: str, outlets: list[str]) -> bool:
    return _names_outlet(clause, outlets) or any(_EVENT_VERB.match(w) for w in re.findall(r"[a-z]+", clause.lower())[:4])


def day(span: Span, hits: list[Hit]) -> str:
    """The publication day (YYYY-MM-DD) of the article a sentence comes from, "" if undated."""
    return published(hits[span.hit_index])


def published(hit: Hit) -> str:
    """A chunk's publication day, "" if undated or dated in the future: a hostile or mistyped
    date ("2099-01-01") must not make an article the latest, or order it after everything."""
    value = (hit.metadata.get("published_at") or "")[:10]
    return value if value <= date.today().isoformat() else ""


def stated(text: str, spans: list[Span], hits: list[Hit], outlets: list[str], threshold: float, rarity):
    """The sentences that best state each claim of `text` (yesno.claims), or None when one is
    not stated well enough (`rarity`: the question's weigh.Rarity of `spans`). A claim may name
    an article by its headline ("Did TechCrunch report Beeper Mini is back ..."): when a
    retrieved article's title holds more of the claim than any sentence, the claim is that
    article's, quoted by its sentence closest to the claim."""
    sentences = [s for s in spans if quotable(s.text)]
    found = []
    for claim in claims(text, outlets):
        score, span = claim_support(claim, sentences, hits, rarity)
        titled, article = _best_title(claim, hits, rarity)
        if titled and titled >= score:  # a headline holding as much as the best sentence names the article
            own = [s for s in sentences if hits[s.hit_index].article_id == article]
            _, quote = claim_support(claim, own, hits, rarity)
            score, span = (titled, quote or (own[0] if own else None))
        found.append((score, span))
    if not found or any(span is None or score < threshold for score, span in found):
        return None
    return found


def _best_title(claim, hits: list[Hit], rarity) -> tuple[float, str]:
    """(share of the claim's weighted words in the best title, its article) among the hits of the
    claim's outlets."""
    outlets, content = claim[:2]
    best, article = 0.0, ""
    for hit in hits:
        if outlets and hit.metadata.get("source") not in outlets:
            continue
        share = rarity.share(content, hit.metadata.get("title", ""))
        if share > best + 1e-9:
            best, article = share, hit.article_id
    return best, article


def when(found, hits: list[Hit]) -> tuple[str, str, list[Span], list[float]] | None:
    """(first day, last day, spans, scores) of one side's sentences; None if one is undated."""
    days = [day(span, hits) for _, span in found]
    if not all(days):
        return None
    return min(days), max(days), [span for _, span in found], [score for score, _ in found]


def label(span: Span, hits: list[Hit]) -> str:
    source = hits[span.hit_index].metadata.get("source") or "unknown outlet"
    return f"{day(span, hits)} ({source})"


def judge_order(question: str, spans: list[Span], hits: list[Hit], outlets: list[str], threshold: float):
    """Yes/No (or Before/After) by publication day for a question `order_claims` parses; None
    when it does not parse or a side is not stated; a ShortAnswer without text, and a note, when
    the days cannot order the two sides."""
    readings = order_claims(question, outlets)
    rarity = Rarity(spans) if readings else None
    for a_text, relation, b_text in readings:
        a = stated(a_text, spans, hits, outlets, threshold, rarity)
        a_when = when(a, hits) if a else None
        given = named_day(b_text, int(a_when[0][:4])) if a_when else ""  # "... before October 4?": a day, not a claim
        b = None if given else stated(b_text, spans, hits, outlets, threshold, rarity)
        if a and (b or given):
            return _by_days(a_when, (given, given, [], []) if given else when(b, hits), relation, given, hits)
    return None


def _by_days(a_when, b_when, relation: str, given: str, hits: list[Hit]):
    """judge_order's answer once both sides are found: (first day, last day, spans, scores) each."""
    if not a_when or not b_when:
        return ShortAnswer("", "yesno", note="An article stating one side is undated (or dated in the future), so the order cannot be told from publication dates.")
    quotes, scores = a_when[2] + b_when[2], a_when[3] + b_when[3]
    if a_when[1] < b_when[0]:
        actual = "before"
    elif a_when[0] > b_when[1]:
        actual = "after"
    else:
        return ShortAnswer("", "yesno", note=f"Both sides fall on {a_when[0]}; publication days cannot tell which came first.")
    a_label, b_label = label(a_when[2][0], hits), given or label(b_when[2][0], hits)
    basis = f"{a_label} is {actual} {b_label}"
    if relation == "either":
        return ShortAnswer(actual.capitalize(), "order", quotes, scores, basis=basis)
    return ShortAnswer(YES if actual == relation else NO, "yesno", quotes, scores, basis=basis)


# ---- which came first? ---------------------------------------------------------------
_WHICH_FIRST = re.compile(
    r"^\W*(?:which|what|who)\b[^?]*?\b(first|earlier|earliest|sooner|last|later|latest|most recent(?:ly)?|more recent(?:ly)?)\b", re.IGNORECASE
)
_LATE = {"last", "later", "latest"}


def asks_which_first(question: str) -> bool:
    return len(options(question)) >= 2


def options(question: str) -> list[str]:
    """The options of a "which first" question, listed after the first comma or colon that
    follows its order word: "Which came first, X or Y?", "Which was most recent: X, Y or Z?"."""
    m = _WHICH_FIRST.match(question)
    listed = re.split(r"\s*[:,—–]\s*", question[m.end() :].rstrip(" ?."), maxsplit=1) if m else []
    if len(listed) < 2 or not re.search(r"\bor\b", listed[1]):
        return []
    parts = re.split(r",\s*(?:or\s+)?|\s+or\s+", listed[1])
    return [p.strip(" '\"“”‘’") for p in parts if p.strip(" '\"“”‘’")]


def pick_first(question: str, spans: list[Span], hits: list[Hit], outlets: list[str], threshold: float):
    """"Which came first, X or Y?": the option whose evidence was published first (last, for
    "latest", "most recent" ...), as the question words it; a ShortAnswer without text, and a
    note, when an option is not stated or two share the deciding day."""
    latest = _WHICH_FIRST.match(question).group(1).lower().split()[0] in _LATE | {"most", "more"}
    rarity = Rarity(spans)
    sides = []
    for option in options(question):
        found = stated(option, spans, hits, outlets, threshold, rarity)
        timed = when(found, hits) if found else None
        if not timed:
            return ShortAnswer("", "order", note=f"No dated article found stating “{option}”, so the order cannot be told.")
        sides.append((option, timed))
    sides.sort(key=lambda s: s[1][1] if latest else s[1][0], reverse=latest)
    (option, best), (_, runner) = sides[0], sides[1]
    if (best[1] if latest else best[0]) == (runner[1] if latest else runner[0]):
        return ShortAnswer("", "order", note=f"Two of the options were reported on the same day, {best[0]}; publication days cannot order them.")
    quotes = [s for _, timed in sides for s in timed[2]]
    scores = [x for _, timed in sides for x in timed[3]]
    basis = ", ".join(label(timed[2][0], hits) for _, timed in sides)
    return ShortAnswer(option, "order", quotes, scores, basis=f"{'latest' if latest else 'earliest'} of {basis}")


def interleave(lists: list[list[Hit]], k: int) -> list[Hit]:
    """The first k of several ranked hit lists taken in turns (each option's best, then each
    one's second ...), each chunk once."""
    out, seen = [], set()
    for rank in range(max((len(hits) for hits in lists), default=0)):
        for hits in lists:
            if rank < len(hits) and hits[rank].chunk_id not in seen:
                seen.add(hits[rank].chunk_id)
                out.append(hits[rank])
    return out[:k]


# ---- who reported it first? -----------------------------------------------------------
# "Which outlet first reported ...", "When was ... first reported": the report itself is asked about.
_EXTREME = re.compile(r"\b(first|earliest|most recently|latest|last)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:report|reported|publish|published|cover|covered|announce|announced|break|broke|broken)\b", re.IGNORECASE)
STATING = 0.8  # a sentence states the claim when it holds this share of what the best sentence holds


def asks_reported(question: str, kind: str | None) -> bool:
    """An outlet question with "first"/"most recently", or "When was X first reported?"."""
    return bool(_EXTREME.search(question)) and (kind == "outlet" or (kind == "date" and bool(_REPORTED.search(question))))


def pick_reported(question: str, spans: list[Span], hits: list[Hit], outlets: list[str], threshold: float, kind: str):
    """The outlet (or the publication day) of the earliest, or latest, dated article with a
    sentence stating the question's claim: at least the yes threshold of its weighted words, and
    STATING of what the best sentence holds. None when no dated sentence states it."""
    latest = _EXTREME.search(question).group(1).lower() in {"most recently", "latest", "last"}
    stretches = claims(_EXTREME.sub(" ", question), outlets)  # "When did TechCrunch first report ...": TechCrunch's articles
    named = {outlet for names, _, _ in stretches for outlet in names}
    claim_words = set().union(*(words for _, words, _ in stretches))
    rarity = Rarity(spans)
    scored = [
        (rarity.share(claim_words, s.text), s)
        for s in spans
        if quotable(s.text) and day(s, hits) and (not named or hits[s.hit_index].metadata.get("source") in named)
    ]
    best = max((score for score, _ in scored), default=0.0)
    stating = [(score, s) for score, s in scored if score >= max(threshold, STATING * best) and score > 0]
    if not stating:
        return None
    days = sorted({day(s, hits) for _, s in stating})
    if latest:
        score, span = max(stating, key=lambda x: (day(x[1], hits), x[0]))
    else:
        score, span = min(stating, key=lambda x: (day(x[1], hits), -x[0]))
    which = "latest" if latest else "earliest"
    basis = f"the {which} of {len(days)} days with an article stating it" if len(days) > 1 else "the only day with an article stating it"
    if kind == "date":
        return ShortAnswer(day(span, hits), "date", [span], [score], basis=basis)
    source = hits[span.hit_index].metadata.get("source") or "unknown outlet"
    return ShortAnswer(source, "outlet", [span], [score], basis=f"{day(span, hits)}, {basis}")


# ---- what is the latest? -------------------------------------------------------------
# Asking for the newest coverage ("What's the latest on ...", "the most recent report about ..."),
# not for something that is itself the latest ("the latest Chromebook features").
_NEWS = r"(?:news|articles?|reports?|stor(?:y|ies)|coverage|updates?|developments?|reporting)"
_LATEST = re.compile(
    rf"\b(?:what(?:'s|’s| is| are)\s+the\s+latest(?:\s+(?:on|about|in|with|from|regarding|for)\b|\s*\?|\s*$)|(?:latest|newest|most\s+recent)\s+{_NEWS}\b)", re.IGNORECASE
)
WIDER = 3  # questions for the latest news or the first report look at this many times more chunks


def wants_latest(question: str) -> bool:
    return bool(_LATEST.search(question))


def without_recency(question: str) -> str:
    """The question's topic: "What's the latest on Binance?" -> "Binance?" (the words "latest"
    and "news" would favour sentences that say them: "updated with the latest developments")."""
    return _LATEST.sub(" ", question).strip()


def newest(hits: list[Hit], k: int) -> list[Hit]:
    """The k most recently published of `hits` (relevant chunks, WIDER times more than k), newest
    first; among chunks of one day, the retrieval's order. Undated chunks come last."""
    return sorted(hits, key=published, reverse=True)[:k]


def newest_first(ranked: list[tuple[Span, float]], hits: list[Hit], floor: float) -> list[tuple[Span, float]]:
    """Evidence sentences (span, score), best first, reordered for a question for the latest news:
    those scoring at least `floor`, newest article first (best first within a day), then the rest."""
    near = sorted((x for x in ranked if x[1] >= floor), key=lambda x: day(x[0], hits), reverse=True)
    return near + [x for x in ranked if x[1] < floor]


# ---- asked about a year no article found could report ----------------------------------
# "Who won the Super Bowl in 2024?" over articles of 2023: they can only say who won earlier
# ones ("The 2017 Eagles won a Super Bowl"), so a name picked from them would be wrong.
# a question about what happened, was or was done ("Who won", "How much did X earn", "What was ...")
_PAST_QUESTION = re.compile(r"^\W*(?:who|what|which|when|where|how)\b(?:\W+\w+){0,3}?\W+(?:did|was|were|had|won|lost|beat|happened|became|[a-z]{3,}ed)\b", re.IGNORECASE)
# ... not one about what was expected: articles of 2023 may well say what 2024 was to bring
_AHEAD_WORDS = re.compile(r"\b(?:will|would|could|might|may|should|going to|expect\w*|forecast\w*|predict\w*|project\w*|plan\w*|outlook|scheduled|upcoming|ahead|next|future|estimat\w*|anticipat\w*|hop(?:e|ed|es|ing)|aim\w*|target\w*|intend\w*|promis\w*|pledg\w*|prospect\w*|preview\w*|odds|favou?r\w*|prepar\w*|set to|due)\b", re.IGNORECASE)


def asked_year(question: str) -> int:
    """The year a wh-question asks what happened in ("Who won the Super Bowl in 2024?", "What
    was Apple's revenue during 2024?"), 0 for any other question, or one about expectations
    ("What did analysts expect in 2024?")."""
    m = YEAR.search(question)
    if not m or not _PAST_QUESTION.match(question) or _AHEAD_WORDS.search(question):
        return 0
    return int(m.group(1))


def before_year(question: str, hits: list[Hit]) -> str:
    """A note when the question asks what happened in a year (`asked_year`) and every dated
    article found was published before it began: none can report it, so the answer is a
    refusal rather than a name or number from an earlier year. "" otherwise: no such year, or an
    article of that year or later among the hits, or an undated one (it may be of that year)."""
    year = asked_year(question)
    days = [published(hit) for hit in hits]
    if not year or not days or not all(days) or max(days) >= f"{year}-01-01":
        return ""
    return f"Every article found was published before {year} (the newest on {max(days)}), so none can say what happened in {year}."
