"""Answer text + hits -> verified citations. Our own code: this is the product's edge.

Small models forget citation markers or invent them, so markers are treated as hints: every
answer sentence is checked against the sentences of the retrieved chunks, and it is shown only
with a citation to a span that supports it. A span supports a sentence when enough of the
sentence's content words are in it, every number and name of the sentence is in it, the words
keep their order within each clause, and the two agree on negation (`support`). The span's
exact offsets in the article are kept for the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .plan import STOPWORDS
from .types import Citation, Hit, Sentence

MIN_CLAIM_WORDS = 3
ORDER_SLACK = 3  # content words a clause may swap locally ("Trump's hint" / "Trump hinted")
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
PAIR_MARGIN = 0.2  # a claim resting on two sentences must be covered better than one resting on one
MARKER = re.compile(r"\s*\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
NEGATION = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "n't", "denied", "denies", "false", "falsely"})
REFUSAL = re.compile(r"\b(articles?|sources?|text|context)\s+(do|does|did)\s*(not|n't)\s+(say|mention|contain|provide|state)|insufficient information|not (mentioned|stated|provided) in the", re.I)
# A sentence ends at . ! or ?, plus closing quotes and citation markers; the next starts with a capital or digit.
_SENTENCE_END = re.compile(r"[.!?](?:[\"”’)]|\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])*(\s+)(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|vs|etc|Inc|Ltd|Co|Corp|Gov|Sen|Rep|Gen|Col|Lt|No|U\.S|U\.K|a\.m|p\.m|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text; paragraph breaks always end a sentence."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENTENCE_END.finditer(para.group()):
            end = para.start() + m.start(1)
            if _ABBREV.search(text[start : para.start() + m.start() + 1]):
                continue
            if text[start:end].strip():
                spans.append((start, end))
            start = para.start() + m.end()
        if text[start : para.end()].strip():
            spans.append((start, para.end()))
    return spans


MIN_QUOTE_WORDS = 4  # "Sprinklr" alone is no quote
_SENTENCE_FINAL = re.compile(r"(?:[.!?\u2026][\"'\u201d\u2019)\]]*|[\"\u201d])$")
_QUESTION_END = re.compile(r"\?[\"'\u201d\u2019)\]]*$")


def quotable(text: str) -> bool:
    """A span that can stand on its own as the evidence quoted for an answer: a whole sentence
    of a few words. Headlines, photo captions and bylines end without a full stop ("Giants,
    Jung-Hoo Lee agree to six-year deal"); on MultiHop-RAG dev none of the 600 gold evidence
    facts does, while 11 % of the retrieved sentences do. Nor is a question ("Do you work at
    OpenAI and know more?"): it states nothing, and none of the gold facts is one."""
    text = text.strip()
    return len(text.split()) >= MIN_QUOTE_WORDS and bool(_SENTENCE_FINAL.search(text)) and not _QUESTION_END.search(text)


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def words(text: str) -> list[str]:
    """The content words of a text, lower-cased and crudely stemmed, in order."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """words(), cached: the short-answer rules and the verifier read the same retrieved sentences
    many times over (a question asking for a name: about 250 times per answer)."""
    out = []
    for w in _WORD.findall(text.replace("’", "'")):
        lw = _NUMBER_WORDS.get(w.lower(), w.lower())
        if lw not in STOPWORDS and (len(lw) > 1 or lw.isdigit()):
            out.append(_stem(lw))
    return tuple(out)


def numbers(text: str) -> set[str]:
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    found |= {v for k, v in _NUMBER_WORDS.items() if re.search(rf"\b{k}\b", text, re.I)}
    return found


def negated(text: str) -> bool:
    tokens = set(re.findall(r"[a-z']+", text.lower().replace("’", "'")))
    return bool(tokens & NEGATION) or any(t.endswith("n't") for t in tokens)


def names(text: str) -> set[str]:
    """Capitalised words and acronyms after the first word (people, places, outlets): a claim
    that swaps one ("the US and Ukraine" for "the US and Russia") is not supported."""
    text = re.sub(r"\b([A-Z])\.(?=[A-Z]\b\.?)", r"\1", text.replace("’", "'"))  # U.S. -> US
    tokens = re.findall(r"[A-Za-z][\w'-]*", text)
    return {_stem(t.lower().removesuffix("'s")) for t in tokens[1:] if t[0].isupper() and t.lower() not in _COMMON_CAPS}


_COMMON_CAPS = frozenset("i the a an he she it they we you his her their this that these those in on at of for and but or as by with from to after before when while monday tuesday wednesday thursday friday saturday sunday".split())


def support(claim: str, span: str) -> float:
    """0..1: share of the claim's content words found in the span; 0 when a number or name of
    the claim is missing from the span or the two disagree on negation."""
    claim_words = set(words(claim))
    if not claim_words:
        return 0.0
    span_words = words(span)
    if not numbers(claim) <= numbers(span) or not names(claim) <= set(span_words):
        return 0.0
    if negated(claim) != negated(span) or not keeps_order(claim, span_words):
        return 0.0
    return len(claim_words & set(span_words)) / len(claim_words)


def keeps_order(claim: str, span_words: list[str]) -> bool:
    """Within a clause of the claim, words taken from the span keep the span's order (or stand
    within a few words of each other there). "attempts to break up the press conference" is not
    supported by "the press conference ... attempts to break up the rapprochement"."""
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(span_words):
        positions.setdefault(w, []).append(i)
    for clause in _CLAUSE.split(claim):
        seq = [w for w in words(clause) if w in positions]
        for a, b in zip(seq, seq[1:]):
            if a != b and not any(j > i or i - j <= ORDER_SLACK for i in positions[a] for j in positions[b]):
                return False
    return True


_STATEMENT_BREAK = re.compile(r"[,;:]|\s(?:and|while|but|whereas)\s", re.IGNORECASE)


def statements(claim: str) -> list[str]:
    """The claim cut at clause breaks; a piece of a single content word ("McGregor", "in 2017")
    stays with the piece before it."""
    out: list[str] = []
    for piece in _STATEMENT_BREAK.split(claim):
        content = set(words(piece))
        if out and len(content) < 2:
            out[-1] = f"{out[-1]} {piece}"
        elif content:
            out.append(piece)
    return out


def support_pair(claim: str, first: str, second: str, threshold: float) -> float:
    """Support of a claim that joins two sentences: two statements or more, each stated by one
    of the sentences (so a name from one sentence cannot be pinned on a description from the
    other: "The legendary undefeated boxer, McGregor."), each sentence stating one, and the
    same checks against both together."""
    if negated(first) != negated(second):
        return 0.0
    parts = statements(claim)
    by_first = [support(part, first) >= threshold for part in parts]
    by_second = [support(part, second) >= threshold for part in parts]
    if len(parts) < 2 or not all(a or b for a, b in zip(by_first, by_second)) or not any(by_first) or not any(by_second):
        return 0.0
    return support(claim, f"{first} {second}")


def strip_markers(text: str) -> tuple[str, list[int]]:
    markers = [int(n) for m in MARKER.finditer(text) for n in m.group(1).split(",")]
    return MARKER.sub("", text).strip(), markers


def is_refusal(text: str) -> bool:
    return bool(REFUSAL.search(text))


# A sentence that opens by pointing back at the one before ("That’s where the money is.")
_POINTS_BACK = re.compile(r"^[“\"']?(?:That|This|These|Those)(?:[’']s\b|\s+(?:is|was|are|were|means|meant|has|had|will|would)\b)")


MAX_CONTINUED = 2  # sentences a quotation left open carries on to (`Citer.continued`)
OPENING_MARKS = ("“", '"')  # what a quotation opens with


def _open_quote(text: str) -> bool:
    """Whether a paragraph's text so far leaves a quotation open: more “ than ”, or an odd
    number of straight double quotes."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


@dataclass
class Span:
    hit_index: int  # 0-based index into hits
    text: str
    start: int  # offsets in the article body
    end: int


def spans_of(hits: list[Hit]) -> list[Span]:
    out = []
    for i, hit in enumerate(hits):
        base = int(hit.metadata.get("start", 0))
        for s, e in split_sentences(hit.text):
            out.append(Span(i, hit.text[s:e], base + s, base + e))
    return out


class Citer:
    """Numbers citations in the order they are first used and verifies every one."""

    def __init__(self, hits: list[Hit], threshold: float):
        self.hits = hits
        self.threshold = threshold
        self.spans = spans_of(hits)
        self.citations: list[Citation] = []

    def supporting(self, claim: str, hint: list[int]) -> list[tuple[Span, float]]:
        """The span that supports the claim (preferring chunks the model cited), or two
        sentences of one passage that support it together; [] when nothing does."""
        scored = [(support(claim, s.text), s.hit_index + 1 in hint, s) for s in self.spans]
        good = [x for x in scored if x[0] >= self.threshold]
        if good:
            score, _, span = max(good, key=lambda x: (x[1], x[0], -x[2].hit_index))
            return [(span, score)]
        claim_words = set(words(claim))
        overlap = sorted(((len(claim_words & set(words(s.text))), s) for s in self.spans), key=lambda x: -x[0])[:6]
        # Both from one passage (chunk): words gathered from far apart, or from two articles,
        # make claims neither sentence states ("The legendary undefeated boxer ..." + "... Canelo
        # vs. McGregor ..." -> "The legendary undefeated boxer, McGregor", seen on MultiHop-RAG).
        pairs = [
            (support_pair(claim, a.text, b.text, self.threshold), a, b)
            for i, (_, a) in enumerate(overlap)
            for _, b in overlap[i + 1 :]
            if a.hit_index == b.hit_index
        ]
        best = max(pairs, key=lambda x: x[0], default=(0.0, None, None))
        if best[0] >= self.threshold + PAIR_MARGIN:
            return [(best[1], best[0]), (best[2], best[0])]
        return []

    def cite(self, raw_sentence: str, hint_map: dict[int, int] | None = None) -> Sentence:
        """Verify one answer sentence. `hint_map` translates the numbers the model saw into hit numbers."""
        claim, hint = strip_markers(raw_sentence)
        if hint_map is not None:
            hint = [hint_map[n] for n in hint if n in hint_map]
        if len(set(words(claim))) < MIN_CLAIM_WORDS:  # "1.", "Yes." or a stray fragment is no claim to cite
            return Sentence(claim, [], False)
        found = self.supporting(claim, hint)
        if not found:
            return Sentence(claim, [], False)
        return Sentence(claim, [self._number(span, score) for span, score in found], True)

    def cite_span(self, span: Span, score: float = 1.0) -> Sentence:
        """An extractive sentence: the span itself (with its antecedent, `with_antecedent`), cited
        to where it stands."""
        span = self.with_antecedent(span)
        return Sentence(span.text, [self._number(span, score)], True)

    def with_antecedent(self, span: Span) -> Span:
        """A sentence that opens by pointing back ("That’s where the money is.", "That’s $20 more
        than the lowest price") joined to the sentence before it in its paragraph: alone, it does
        not say what it is about. Unchanged when that sentence is already cited."""
        if not _POINTS_BACK.match(span.text.strip()):
            return span
        before = [p for p in self.spans if p.hit_index == span.hit_index and p.end <= span.start]
        hit = self.hits[span.hit_index]
        base = int(hit.metadata.get("start", 0))
        if not before or "\n" in hit.text[before[-1].end - base : span.start - base] or any(c.article_id == hit.article_id and c.start == before[-1].start for c in self.citations):
            return span
        return Span(span.hit_index, hit.text[before[-1].start - base : span.end - base], before[-1].start, span.end)

    def continued(self, span: Span, lead_in: bool = False) -> list[Span]:
        """The sentences that carry on a quotation `span` leaves open, at most MAX_CONTINUED: the
        rest of its paragraph, and a next paragraph that opens with a quotation mark (news style
        for a quote running over several paragraphs: only the last one closes it). "He told the
        FSB: “I note that ... inspire certain hopes." says half of what he told them.
        `lead_in`: `span` may also lead in to a quotation that opens right after it ("Bob Cattanach
        ... added that the timing feels slightly off." then “…The Executive Order awkwardly
        preempts the voice of Vice President Harris ...”): the quotation is taken too, as far as
        it goes."""
        hit = self.hits[span.hit_index]
        own = sorted((s for s in self.spans if self.hits[s.hit_index].article_id == hit.article_id), key=lambda s: s.start)
        base = int(hit.metadata.get("start", 0))
        opening = hit.text.rfind("\n", 0, span.start - base) + 1  # where the span's paragraph starts in the chunk
        text, out, end = hit.text[opening : span.end - base], [], span.end
        while len(out) < MAX_CONTINUED:
            after = next((s for s in own if s.start >= end), None)
            gap = self._between(after, end) if after else None
            if gap is None or gap.strip():  # the next sentence is not in a retrieved chunk
                break
            opens = after.text.lstrip().startswith(OPENING_MARKS)
            if not (_open_quote(text) or (lead_in and not out and opens)):
                break
            if "\n" in gap:  # a new paragraph continues the quotation only when it opens with a mark
                if not opens:
                    break
                text = ""
            text, end = text + gap + after.text, after.end
            out.append(after)
        return out

    def _between(self, span: Span, end: int) -> str | None:
        """The article's text from offset `end` to `span`'s start, from a retrieved chunk that holds
        it (None when none does)."""
        article = self.hits[span.hit_index].article_id
        for hit in self.hits:
            base = int(hit.metadata.get("start", 0))
            if hit.article_id == article and base <= end and span.start <= base + len(hit.text):
                return hit.text[end - base : span.start - base]
        return None

    def _number(self, span: Span, score: float) -> int:
        hit = self.hits[span.hit_index]
        for c in self.citations:  # overlapping chunks hold the same sentence: one citation
            if c.article_id == hit.article_id and c.start == span.start and c.end == span.end:
                return c.n
        m = hit.metadata
        self.citations.append(
            Citation(
                n=len(self.citations) + 1,
                chunk_id=hit.chunk_id,
                article_id=m.get("article_id", ""),
                title=m.get("title", ""),
                source=m.get("source", ""),
                published_at=m.get("published_at", ""),
                url=m.get("url", ""),
                quote=span.text,
                start=span.start,
                end=span.end,
                paragraph=int(m.get("paragraph", 1)) + hit.text.count("\n\n", 0, span.start - int(m.get("start", 0))),
                score=round(hit.score, 4),
                support=score,
            )
        )
        return len(self.citations)


def render(sentence: Sentence) -> str:
    marks = "".join(f"[{n}]" for n in sentence.citations)
    if sentence.short:
        return f"Answer: {sentence.text} {marks}".strip()
    return f"{sentence.text} {marks}".strip()


def join(sentences: list[Sentence]) -> str:
    """The answer's text: the short answer on a line of its own, then the explanation."""
    explanation = " ".join(render(s) for s in sentences if not s.short)
    return "\n".join([render(s) for s in sentences if s.short] + ([explanation] if explanation else []))


class SentenceStream:
    """Collects streamed tokens and releases whole sentences as soon as they end."""

    def __init__(self):
        self.buffer = ""

    def feed(self, piece: str) -> list[str]:
        self.buffer += piece
        spans = split_sentences(self.buffer)
        if len(spans) < 2:
            return []
        cut = spans[-1][0]  # the last sentence may still be growing
        done = [self.buffer[s:e] for s, e in spans[:-1]]
        self.buffer = self.buffer[cut:]
        return done

    def flush(self) -> list[str]:
        rest, self.buffer = self.buffer, ""
        return [rest[s:e] for s, e in split_sentences(rest)]

