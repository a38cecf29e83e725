"""Question + retrieved evidence -> "Yes" or "No" (short.py's yes/no form), with its quotes:
"Yes" when every claim of the question (one per outlet it names) has a sentence in that outlet's
evidence holding enough of its words, and none of those sentences denies it; a choice ("consistent
or inconsistent") gets the option instead (`choice`)."""

from __future__ import annotations

import re

from .cite import Span, negated, quotable, words
from .plan import around, find_days, find_sources, year_of
from .types import Hit
from .weigh import NO, YES, Rarity, ShortAnswer, articles_about, same_word, subject_names

# "... a consistent or inconsistent portrayal?": a choice between a word and its negation wants
# that word as the answer, not "Yes"; the two options say nothing about the claims.
_CHOICE = re.compile(r"\b([a-z][\w-]*)\s+or\s+([a-z][\w-]*)\b", re.IGNORECASE)
_NEGATING_PREFIXES = ("in", "un", "dis", "non-", "non", "im", "ir", "il")
# A sentence holding this much of a claim's weighted words and negating it answers "No". Lower
# values were worse on one half of MultiHop-RAG dev (0.5: 36 of 70 instead of 41); 0.8 changes
# nothing there and turns "Will Ohtani pitch in 2024?" into the right "No" on the seed.
DENIAL_SUPPORT = 0.8
MEANING_WEIGHT = 0.1  # yes/no quotes: how much a sentence's similarity to the question adds to its share of a claim's words (`quote`)
_META = set(words("article articles report reports reported reporting suggest suggests suggested indicate indicates claim claims mention mentions mentioned discuss discusses published publish describe describes state states highlight highlights focus focuses news piece story coverage according both"))


def claims(question: str, outlets: list[str]) -> list[tuple[list[str], set[str], tuple[int, ...]]]:
    """The question cut at each outlet it names: (outlets, content words, the days it names as
    YYYYMMDD) per stretch. A question naming no outlet is one claim."""
    days = lambda text: tuple(find_days(text, year_of(question)))  # noqa: E731
    return [(names, content, days(text)) for names, content, text in _stretches(question, outlets)]


def claim_texts(question: str, outlets: list[str]) -> list[str]:
    """The words of each claim (`claims`, in the same order), as the question writes them."""
    return [text for _, _, text in _stretches(question, outlets)]


def _stretches(question: str, outlets: list[str]) -> list[tuple[list[str], set[str], str]]:
    mentions = find_sources(question, outlets) if outlets else []
    out = []
    for i, (start, end, names) in enumerate(mentions):
        stop = mentions[i + 1][0] if i + 1 < len(mentions) else len(question)
        text = question[0 if i == 0 else end : stop]
        if i == 0:
            text = question[:start] + " " + question[end:stop]
        content = set(words(text)) - _META - {w for n in names for w in words(n)}
        if content:
            out.append((names, content, text))
    return out or [([], set(words(question)) - _META, question)]


def published_then(hit: Hit, days: tuple[int, ...]) -> bool:
    """Whether the hit's article was published on one of `days` (YYYYMMDD), or a day either side
    (plan.around, as retrieval's day filters); any hit when no day is named."""
    return not days or int(hit.metadata.get("date_num", 0) or 0) in {d for day in days for d in around(day)}


def claim_support(claim: tuple[list[str], set[str]], spans: list[Span], hits: list[Hit], rarity: Rarity, prefer=None) -> tuple[float, Span | None]:
    """The sentence of the claimed outlet's articles holding the most of the claim's words,
    weighted by rarity, and the weighted share it holds (0..1). Among sentences holding the same
    share, the first one `prefer(text)` accepts wins, else the first one."""
    outlets, content = claim[:2]
    best, best_span = 0.0, None
    for span in spans:
        if outlets and hits[span.hit_index].metadata.get("source") not in outlets:
            continue
        share = rarity.share(content, span.text)
        if share > best + 1e-9 or (prefer and share > 0 and abs(share - best) <= 1e-9 and not prefer(best_span.text) and prefer(span.text)):
            best, best_span = share, span
    return best, best_span


def quote(claim: tuple[list[str], set[str], tuple[int, ...]], sentences: list[Span], hits: list[Hit], rarity: Rarity, threshold: float, meaning: dict[str, float]) -> tuple[float, Span] | None:
    """The sentence quoted for a claim (`claims`), with its weighted share of the claim's words:
    among the sentences of the claimed outlet's articles of the days it names (if any) holding at
    least `threshold` of them, the one holding the most, plus MEANING_WEIGHT times its embedding
    similarity to the question where known (`meaning`). Words alone often tie or nearly tie between a sentence stating the claim and
    one on its topic; MultiHop-RAG dev, both halves: 0.415 -> 0.442 and 0.405 -> 0.441 of yes/no
    quotes holding a gold fact (the weight was chosen there). None when no sentence holds enough."""
    outlets, content, days = claim
    stating = [(rarity.share(content, s.text), s) for s in sentences if (not outlets or hits[s.hit_index].metadata.get("source") in outlets) and published_then(hits[s.hit_index], days)]
    stating = [(share, s) for share, s in stating if share >= threshold]
    return max(stating, key=lambda x: x[0] + MEANING_WEIGHT * meaning.get(x[1].text, 0.0)) if stating else None


# "Apple may not be able to block it" says what might happen, not that it did not, and "assuming
# its users don't opt out" a condition: no denial.
_HEDGED = re.compile(r"\b(?:may|might|could|would|should|can)\s+(?:not|never)\b|\b(?:could|would|should|might)n[’']t\b|\b(?:if|unless|assuming|provided|whether)\b[^,.;:]*?(?:\b(?:not|never)\b|n[’']t\b)", re.IGNORECASE)


_NOT = r"(?:\b(?:not|never|no\s+longer)|n[’']t)"  # a negation; "n't" ends a word: "won't", "don’t"
# "Harper has not fought since", "Ternan, who did not join the suit", "never been to Australia":
# a negation, then (past a few filler words) the word it negates.
_NEGATES = re.compile(rf"(?:{_NOT}|\b(?:yet|refused|declined)\s+to)\s+((?:(?:yet|even|ever|been|be|have|actually|formally|officially|publicly|completely|fully|to|in|at|on|the|a|an)\s+)*)([a-z][\w-]*)", re.IGNORECASE)


def negates(text: str, asked: set[str]) -> bool:
    """Whether `text` negates one of the `asked` words, not hedged: "has not been completely
    banned" for "Does the deal completely ban ...?", "I’ve never been to Australia"."""
    if _HEDGED.search(text):
        return False
    return any(_is_asked(m.group(2), asked) for m in _NEGATES.finditer(text))


def _is_asked(word: str, asked: set[str]) -> bool:
    """Whether a word of a sentence (a negated or missed one) is one of the question's, alike."""
    w = (words(word) or [""])[0]
    return bool(w) and any(alike(w, a) for a in asked)


_NEGATION = re.compile(rf"{_NOT}\b", re.IGNORECASE)
NEAR_NEGATION = 4


def negates_near(text: str, asked: set[str]) -> bool:
    """Whether an asked word stands within NEAR_NEGATION words after a negation, not hedged: "will
    not impact any AI models currently available on the market" for a question about the market."""
    if _HEDGED.search(text):
        return False
    for m in _NEGATION.finditer(text):
        after = words(" ".join(text[m.end():].split()[:NEAR_NEGATION]))
        if any(alike(w, a) for w in after for a in asked):
            return True
    return False


# Words and their opposites, as news writes them ("Kyiv was excluded from" the talks Ukraine was asked to be included in)
_OPPOSITES = [
    ("include", "exclude"), ("allow", "ban"), ("allow", "forbid"), ("accept", "reject"), ("approve", "reject"),
    ("agree", "refuse"), ("confirm", "deny"), ("increase", "decrease"), ("increase", "cut"), ("rise", "fall"),
    ("win", "lose"), ("won", "lost"), ("beat", "lost"), ("support", "oppose"), ("succeed", "fail"), ("pass", "fail"),
    ("legal", "illegal"), ("guilty", "innocent"), ("present", "absent"),
]
_OPPOSITE: dict[str, set[str]] = {}  # a word's stem -> its opposites' stems
for _a, _b in ((words(a)[0], words(b)[0]) for a, b in _OPPOSITES):
    _OPPOSITE.setdefault(_a, set()).add(_b)
    _OPPOSITE.setdefault(_b, set()).add(_a)


def opposes(text: str, asked: set[str]) -> bool:
    """Whether `text` says the opposite of an asked word without the word itself: "Kyiv was
    excluded from" for "Was Ukraine included?", "lost to Gonzaga" for "Did USC beat Gonzaga?"."""
    said = set(words(text))
    return any(
        alike(word, a) and not any(alike(a, t) for t in said) and any(alike(o, t) for o in others for t in said)
        for a in asked
        for word, others in _OPPOSITE.items()
    )


# "A missed Richie Mo’unga conversion" for "Did Mo'unga convert the try?": a miss negates what follows it,
# past an article and a few capitalised names. Not when the question asks about a miss itself.
_MISSED = re.compile(r"\b(?:[Mm]issed|[Ff]ail(?:ed|ing)\s+to)\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}([a-z][\w-]*)")
_ASKS_MISS = re.compile(r"\b(?:miss|fail)", re.IGNORECASE)


def missed(text: str, asked: set[str], question: str) -> bool:
    """Whether `text` says an asked word was missed or failed ("A missed Richie Mo’unga conversion",
    "failed to score") when the question asks whether it happened."""
    if _ASKS_MISS.search(question):
        return False
    return any(_is_asked(m.group(1), asked) for m in _MISSED.finditer(text))


# "They were hoping to get security guarantees" says they sought them, not that they got them
_ATTEMPT = re.compile(r"\b(?:hop(?:e|es|ed|ing)|want(?:s|ed|ing)?|sought|seek(?:s|ing)?|tr(?:y|ies|ied|ying)|attempt(?:s|ed|ing)?|aim(?:s|ed|ing)?)\s+to\s+([a-z][\w-]*)", re.IGNORECASE)


def only_attempted(text: str, asked: set[str], question: str) -> bool:
    """Whether `text` holds an asked verb only as something sought ("hoping to get American security
    guarantees" for "Did they get security guarantees?"), when the question asks whether it happened."""
    if _ATTEMPT.search(question):
        return False  # "Did he try to ...?" asks about the attempt itself
    sought = {w for m in _ATTEMPT.finditer(text) for w in words(m.group(1))[:1] if any(alike(w, a) for a in asked)}
    if not sought:
        return False
    rest = _ATTEMPT.sub(" ", text)
    return not any(alike(w, a) for w in words(rest) for a in sought)


# A claim the question words negatively ("introduce no variability", "lack expert guidance", "failed
# to win", "an insignificant advancement"): MultiHop-RAG builds its false comparisons this way.
# "Without mentioning X" says what an article leaves out, not what it states; "a lack of" names a thing;
# "not-guilty" is one word.
_CLAIM_NEGATION = re.compile(r"\b(?:no|not(?!-)|never|none|nothing|lacks?(?!\s+of\b)|lacking|fail(?:s|ed|ing)?\s+to|unable\s+to)\b|n[’']t\b", re.IGNORECASE)


def denies_claim(claim: str, sentence: str) -> bool:
    """Whether the sentence quoted for a claim states it without the claim's negation: "giving
    Nintendo the freedom to mix and match mechanics" for "introduce no variability in game
    mechanics", "won the Supporters' Shield" for "failed to win the Supporters' Shield",
    "a critical role" for "an insignificant advancement" ... only when the sentence has no negation."""
    if negated(sentence) or _HEDGED.search(claim):
        return False
    return bool(_CLAIM_NEGATION.search(claim)) or bool(_NEGATED_WORDS & set(re.findall(r"[a-z]+", claim.lower())))


_NEGATED_WORDS = frozenset("insignificant ineffective inaccurate inadequate incorrect inconsistent irrelevant unsuccessful unsupportive unaffected unchanged unimportant unlikely unprofitable unpopular unclear unaware unhappy dissatisfied disagree disapprove".split())  # not "illegal": "illegal content" names a thing


def alike(a: str, b: str) -> bool:
    """`same_word`, or one word the other plus a letter ("bann" of "banned" / "ban")."""
    return same_word(a, b) or (min(len(a), len(b)) >= 3 and abs(len(a) - len(b)) == 1 and (a.startswith(b) or b.startswith(a)))


def denial_of(question: str, spans: list[Span], outlets: list[str]) -> Span | None:
    """For a question naming no outlet ("Did Ed Ternan join the lawsuit against Snap?"), a
    sentence naming its subject that negates one of its words ("Ternan, who did not join the
    suit") or has one a few words after a negation ("will not impact any AI models currently
    available on the market" for "... apply to AI models already on the market?"): descriptions
    of the subject often hold more of the question's words and would answer "Yes" on their own."""
    if outlets and find_sources(question, outlets):
        return None
    names = subject_names(question, outlets)
    asked = set(words(question)) - names
    for span in spans:
        if not quotable(span.text) or not names & set(words(span.text)) or _HEDGED.search(span.text):
            continue  # "the Fed may not raise rates" denies nothing
        if negates(span.text, asked) or negates_near(span.text, asked):
            return span
    return None


def judge(question: str, spans: list[Span], hits: list[Hit], outlets: list[str], threshold: float, meaning: dict[str, float] | None = None) -> ShortAnswer:
    """Yes when every claim has a sentence in its outlet's evidence, unless a sentence that
    clearly states a claim (most of its weighted words) negates what the question asserts
    ("Was Ukraine included?" / "Ukraine was not included"), or, for a question naming no outlet,
    a sentence about its subject negates one of its words (`denial_of`), or the sentence quoted
    for a claim negates one of the claim's words ("has not been completely banned"), or states a
    claim worded negatively without its negation (`denies_claim`). `meaning` (see
    `short_answer`) chooses among the sentences stating a claim which one is quoted."""
    rarity = Rarity(spans)
    stated = claims(question, outlets)
    # Two sentences stating a claim equally well, one of them denying it ("Say the moon is made of
    # cheese" / "The moon is not made of cheese"): the denial is the one that answers.
    asked_negated = negated(question)
    denies = lambda text: negated(text) != asked_negated and not _HEDGED.search(text)  # noqa: E731
    about = articles_about(question, hits, outlets)
    results = [claim_support(c, about(c, spans), hits, rarity, prefer=denies) for c in stated]
    weakest = min(score for score, _ in results)
    denials = [(score, span) for score, span in results if span is not None and score >= DENIAL_SUPPORT and denies(span.text)]
    if weakest >= threshold and not denials and not asked_negated:
        denial = denial_of(question, spans, outlets)
        if denial is not None:
            return ShortAnswer(NO, "yesno", [denial], [1.0])
    # Quotes: the whole sentence that best states each claim, when it holds the threshold the
    # answer used, or the sentence that denies a claim. A weaker sentence is not evidence, for
    # "Yes" or for "No" (MultiHop-RAG dev: 13 % of quotes under the threshold held a gold fact, 43 % above).
    sentences = [s for s in spans if quotable(s.text)]
    quoted = [(c, quote(c, about(c, sentences), hits, rarity, threshold, meaning or {})) for c in stated]
    evidence = [x for x in denials if quotable(x[1].text)] or [x for _, x in quoted if x]
    answer = YES if weakest >= threshold and not denials else NO
    # The sentence quoted for "Yes" must not itself deny its claim: "has not been completely banned"
    # had been quoted for "Yes" to "Does the deal completely ban ...?".
    denying = [x for c, x in quoted if answer == YES and x and not asked_negated and (negates(x[1].text, c[1]) or opposes(x[1].text, c[1]) or only_attempted(x[1].text, c[1], question) or missed(x[1].text, c[1], question))]
    if denying:
        answer, evidence = NO, denying[:1]
    texts = claim_texts(question, outlets)
    flipped = [x for (c, x), text in zip(quoted, texts) if answer == YES and x and denies_claim(text, x[1].text)]
    if flipped:
        answer, evidence = NO, flipped[:1]
    return ShortAnswer(answer, "yesno", [s for _, s in evidence], [c for c, _ in evidence])


def closest(question: str, spans: list[Span], hits: list[Hit], outlets: list[str], meaning: dict[str, float] | None = None) -> list[Span]:
    """For a yes/no answer resting on no quote (no sentence holds enough of any claim): each
    claim's closest sentence, from its outlet's articles of its days (`quote` with no threshold),
    to explain the answer with, instead of the sentences closest to the whole question."""
    rarity, about = Rarity(spans), articles_about(question, hits, outlets)
    sentences = [s for s in spans if quotable(s.text)]
    found = [quote(c, about(c, sentences), hits, rarity, 1e-9, meaning or {}) for c in claims(question, outlets)]
    return list({(span.hit_index, span.start): span for _, span in filter(None, found)}.values())  # each once


def choice(question: str) -> tuple[str, str, str] | None:
    """(positive option, negative option, the question without them) when the question offers a
    word and its negation ("consistent or inconsistent", "agree or disagree"), else None."""
    for m in _CHOICE.finditer(question):
        first, second = m.group(1), m.group(2)
        for prefix in _NEGATING_PREFIXES:
            if second.lower() == prefix + first.lower():
                return first, second, question[: m.start()] + question[m.end() :]
            if first.lower() == prefix + second.lower():
                return second, first, question[: m.start()] + question[m.end() :]
    return None


__all__ = ["claims", "claim_support", "quote", "denial_of", "judge", "closest", "choice"]
