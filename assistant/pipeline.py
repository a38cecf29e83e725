"""Wires the stages: question -> retrieve -> (refuse | short answer -> generate -> cite) -> Answer.

`Assistant.ask_stream` yields the short answer first (no LLM needed), then each verified
sentence as soon as the model finishes it, then the final Answer; `ask` returns just the
Answer. `as_query_engine` exposes the same pipeline as a LlamaIndex query engine.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Iterator

from . import cite, digest, evidence, prompt, short, timeline, weigh, yesno
from .chunk import Chunker
from .config import Settings
from .embed import embedder_id, get_embedder
from .errors import EmptyStoreError, InputError, ModelError, ServerUnavailable
from .generate import complete, get_llm
from .index import Indexer, IngestReport, status
from .names import names_in, outlets_not_stored, unmentioned
from .plan import Scope
from .retrieve import Retriever, content_words, relevance
from .store import Store
from .types import Answer, Hit, Sentence

MAX_QUESTION_CHARS = 2000
EXTRACTIVE_SENTENCES = 2
MODEL_REFUSAL_MARGIN = 0.15  # the model's "the articles do not say" wins unless relevance is this far above the bar
LATEST_FLOOR = 0.3  # "the latest on X": sentences this much about X (evidence.about) come newest first
EVIDENCE_SENTENCES = 4  # evidence sentences shown to the LLM
SHORT_QUOTES = 2  # quotes cited for a short answer that does not say how many (a name: one per name, `ShortAnswer.quotes`)
REFUSAL_TEXT = "The articles do not say."
FOLLOW_UP_CONTEXT = 4  # earlier questions whose names a follow-up carries when no model rewrites it (`Assistant.condense`)
# A question that wants a name, number or date but gets none: the closest sentences are shown,
# and the reader is told that they may not answer it (near misses are not refused: see README).
WANTED = {"entity": "name", "number": "number", "date": "date", "outlet": "outlet"}
CHECKED_FORMS = ("entity", "number", "date")  # short answers whose article must hold the question's rare words
NOT_STORED_SOME = "No stored article is from {outlets}: the answer rests on the other outlets named."
OFF_TOPIC = "The article this answer is taken from does not mention {words}: it may be about something else."
# A "No" that no sentence states (no claim of the question found, none denied): the reader is told
# that it rests on what the articles do not say, and that the sentences shown are only the closest.
UNSTATED = "No sentence found states what the question asks, so the answer is No: the articles may not say. The closest sentences are shown."
ANSWER_PREFIX = re.compile(r"^\s*(?:the\s+)?answer(?:\s+is)?\s*:\s*", re.IGNORECASE)  # small models' preamble


def check_question(question: str) -> str:
    question = " ".join((question or "").split())
    if not question:
        raise InputError('The question is empty. Ask something, e.g.: ask "What did Putin tell the FSB?"')
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"The question is {len(question)} characters long; keep it under {MAX_QUESTION_CHARS}.")
    if not re.search(r"[^\W_]", question):  # "?!..." or "🤔🔥" would be answered with whatever comes first
        raise InputError(f'The question "{question}" has no words. Ask in words, e.g.: ask "What did Putin tell the FSB?"')
    return question


def unique(spans: list[cite.Span]) -> list[cite.Span]:
    """Spans without repeats: overlapping chunks hold the same sentence twice, and syndicated
    stories (or one article stored from two files) hold it in two articles."""
    seen, out = set(), []
    for span in spans:
        key = " ".join(span.text.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def not_stored(outlets: list[str]) -> str:
    """Why a question about what outlets the store does not hold reported is refused."""
    them, their = ("them", "their") if len(outlets) > 1 else ("it", "its")
    return f"No stored article is from {' or '.join(outlets)}, and no passage found names {them}: ingest {their} articles, or ask without naming {them}."


class Assistant:
    def __init__(self, settings: Settings, collection: str | None = None):
        self.settings = settings
        self.embedder = get_embedder(settings)
        self.store = Store(settings, embedder_id(settings), collection)
        self.retriever = Retriever(self.store, self.embedder, settings.cache_dir, settings.candidates)
        self._llm = None
        self._llm_lock = threading.Lock()  # chat users arriving together load the model once

    def warm(self) -> None:
        """For long-lived processes (the chat, eval, the benchmarks): load now what makes every
        question faster later (torch's kernels for the embedding model: embed.MiniLM.embed)."""
        warm = getattr(self.embedder, "warm", None)
        if warm:
            warm()

    @property
    def llm(self):
        with self._llm_lock:
            if self._llm is None:
                self._llm = get_llm(self.settings)
            return self._llm

    # ---- ingest ---------------------------------------------------------
    def ingest(self, paths: list[Path], prune: bool = False, progress=None) -> IngestReport:
        chunker = Chunker(self.settings.chunk_tokens, self.settings.chunk_overlap, self.embedder.count_tokens)
        report = Indexer(self.store, self.embedder, chunker, self.settings.embed_batch).sync(paths, prune, progress)
        try:
            self.retriever.index()  # built now, not by the next question (MultiHop-RAG's 609 articles: ~4 s)
        except EmptyStoreError:
            pass  # nothing stored yet: nothing to index
        except ServerUnavailable:  # another ingest writing meanwhile (store.READ_ATTEMPTS), or the server gone:
            pass  # this ingest's writes are done; the next question builds the index
        return report

    def status(self) -> dict:
        return status(self.store, embedder_id(self.settings))

    # ---- answer ---------------------------------------------------------
    def answer_mode(self, mode: str | None = None) -> str:
        """"generative" or "extractive". "auto" (the default) is generative when an LLM of the
        user's choosing is configured (an OpenAI-compatible server or a .gguf file), and extractive
        on the bundled SmolLM2-135M: on the gold set it got no answer right that the articles' own
        sentences did not, its citations were worse, and it took 8x as long (docs/MEASUREMENTS.md, "Measured")."""
        mode = mode or self.settings.mode
        if mode == "auto":
            own_llm = self.settings.llm_backend == "openai" or bool(self.settings.llm_model_path)
            return "generative" if own_llm else "extractive"
        return mode

    def condense(self, question: str, history: list[dict], mode: str | None = None) -> str:
        """A follow-up ("and what did he say next?") -> a standalone question: rewritten by the
        LLM, or, without one, the follow-up with the previous questions beside it."""
        if not history:
            return question
        if self.answer_mode(mode) == "generative":
            try:
                text = prompt.render("condense", self.settings.prompts_dir, history=history[-6:], question=question)
                rewritten = complete(self.llm, [{"role": "user", "content": text}], max_tokens=80).split("\n")[0].strip()
                return rewritten if len(content_words(rewritten)) >= 2 else question
            except (ServerUnavailable, ModelError):
                pass  # the answer step says that the LLM failed; the follow-up still gets an answer
        # Without a model: the follow-up, the question before it, and the names of the ones before
        # that ("Is it free now?" after "What did Apple do to it?" after "Who founded Beeper?").
        earlier = [t["content"].strip() for t in reversed(history) if t["role"] == "user" and t["content"].strip()][:FOLLOW_UP_CONTEXT]
        if not earlier:
            return question
        said = set(cite.words(question + " " + earlier[0]))
        names = [" ".join(tokens) for text in earlier[1:] for tokens, _ in names_in(text)]
        names = [n for n in dict.fromkeys(names) if not set(cite.words(n)) <= said]
        return f"{question} ({earlier[0]}{' ' + ', '.join(names) if names else ''})"

    def ask(self, question: str, history: list[dict] | None = None, mode: str | None = None, scope: Scope | None = None) -> Answer:
        answer = None
        for event in self.ask_stream(question, history, mode, scope):
            answer = event
        return answer

    def ask_stream(self, question: str, history: list[dict] | None = None, mode: str | None = None, scope: Scope | None = None) -> Iterator[Sentence | Answer]:
        """Yields verified Sentences while the answer is generated, then the Answer; evidence
        only from inside `scope` (outlets, dates) when one is given."""
        t0 = time.perf_counter()
        question = check_question(question)
        mode = self.answer_mode(mode)
        self.retriever.index()  # says so when nothing is ingested yet (EmptyStoreError)
        timings: dict[str, float] = {}
        standalone = self.condense(question, history or [], mode)
        timings["condense_ms"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        listing = digest.asks_digest(standalone, self.retriever.outlets())  # "What did TechCrunch report last week?"
        if listing:  # every article of those outlets and days answers: the newest, no relevance to measure
            hits, topic, relevant = self.retriever.listing(standalone, self.settings.top_k, scope), standalone, 1.0
        else:
            hits, topic, relevant = self.retrieve(standalone, scope)
        timings["retrieve_ms"] = (time.perf_counter() - t1) * 1000
        citer = cite.Citer(hits, self.settings.support_threshold)
        refusal, unmatched, missing = self._gate(question, standalone, hits, relevant, listing)
        if refusal is not None:
            timings["total_ms"] = (time.perf_counter() - t0) * 1000
            yield self._refusal(question, hits, mode, timings, refusal)
            return
        if listing:  # each article by its lead sentence, newest first; no short answer
            ranked, found = [(span, 1.0) for span in digest.leads(citer.spans, hits)], None
        else:
            ranked, meaning = self.rank_evidence(topic, citer, EVIDENCE_SENTENCES)
            if timeline.wants_latest(standalone):  # the newest sentences about the topic first
                ranked = timeline.newest_first([(span, evidence.about(topic, span.text, meaning)) for span, _ in ranked], hits, LATEST_FLOOR)
            found = short.short_answer(standalone, [span for span, _ in ranked], citer.spans, hits, self.retriever.outlets(), self.settings.yes_threshold, meaning)
        notice = " ".join(unmatched)
        if found and not found.text:  # the question's form has no answer here, and a note says why (timeline.py)
            notice, found = " ".join(filter(None, [notice, found.note])), None
        sentences: list[Sentence] = []
        closeness = {id(span): score for span, score in zip(found.spans, found.scores)} if found else {}
        # an answer by dates cites every side it compared; a name its best quote per name; others their best SHORT_QUOTES
        quotes = unique(found.spans)[: len(found.spans) if found.basis else found.quotes or SHORT_QUOTES] if found else []
        # A name, number or date from an article that lacks a rare word of the question may be about
        # something else ("donanemab"'s price from an article on lecanemab): said, and marked unsure.
        # One-fact questions only: each claim of "Which company, reported by X ..., and by Y ...?"
        # has its own article (on MultiHop-RAG dev this marked 20 right answers of 26).
        elsewhere = self.retriever.rare_words_missing(standalone, {hits[span.hit_index].article_id for span in quotes}) if found and found.form in CHECKED_FORMS and quotes and weigh.one_fact(standalone) else []
        if elsewhere:
            notice = " ".join(filter(None, [notice, OFF_TOPIC.format(words=", ".join(f"“{w}”" for w in elsewhere))]))
        if found:  # the short answer comes first, with the quotes it rests on; the explanation follows
            text = f"{found.text} — {found.basis}" if found.basis else found.text
            sentences.append(Sentence(text, [citer.cite_span(span, closeness[id(span)]).citations[0] for span in quotes], bool(quotes), short=True))
            timings["short_ms"] = (time.perf_counter() - t0) * 1000
            yield sentences[0]
        for_model = unique(quotes + [span for span, _ in ranked])[:EVIDENCE_SENTENCES]
        if mode == "generative" and for_model:
            try:
                for item in self._generate(standalone, hits, for_model, citer, timings, t0):
                    sentences.append(item)
                    if item.verified:
                        yield item
            except (ServerUnavailable, ModelError) as e:  # the LLM is down: answer without it
                notice = " ".join(filter(None, [notice, f"{e} This answer uses the articles' own sentences instead."]))
        if not any(s.verified and not s.short for s in sentences):
            # Nothing the model said survived verification (or no model): explain with the
            # evidence itself, unless the model refused, the evidence is weak and the program
            # found no short answer either.
            model_refused = any(cite.is_refusal(s.text) for s in sentences)
            nearest = [ranked[i][0] for i in evidence.shown([score for _, score in ranked], digest.DIGEST_ARTICLES if listing else EXTRACTIVE_SENTENCES)]
            if found and found.form == "yesno" and not quotes:  # no sentence states a claim: each claim's closest one, not the question's
                nearest = yesno.closest(standalone, citer.spans, hits, self.retriever.outlets(), meaning) or nearest
            if not found and not listing:  # an open question: a quotation left open goes on to its end ("What did Putin tell the FSB?")
                lead_in = short.asks_words(standalone)  # and, for one about someone's words, the best sentence to the quotation it leads in to
                nearest = unique([s for i, span in enumerate(nearest) for s in [span, *citer.continued(span, lead_in=lead_in and i == 0)]])
            extracted = [citer.cite_span(span) for span in quotes or nearest]
            if not extracted or (not found and model_refused and relevant < self.settings.refusal_threshold + MODEL_REFUSAL_MARGIN):
                timings["total_ms"] = (time.perf_counter() - t0) * 1000
                yield self._refusal(question, hits, mode, timings, notice)
                return
            mode = "extractive"
            yield from extracted
            sentences += extracted
        wanted = WANTED.get(short.form(standalone) or "")
        amount = None if wanted or found else short.amount_asked(standalone)  # "What was X's net profit?": no short answer, but is it there?
        if amount and not any(short.states_amount(amount, span.text) for span, _ in ranked):
            wanted = amount
        unsure = bool(wanted and not found and not notice and not listing and mode == "extractive")
        if unsure:
            notice = f"No {wanted} answering the question was found: the articles may not say. The closest sentences are shown."
        if found and found.form == "yesno" and found.text == weigh.NO and not quotes:
            notice, unsure = " ".join(filter(None, [notice, UNSTATED])), True
        verified = [s for s in sentences if s.verified]
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        yield Answer(
            question=question,
            text=cite.join(verified),
            sentences=sentences,
            citations=citer.citations,
            refused=False,
            mode=mode,
            closest=hits,
            timings_ms=timings,
            short=found.text if found else None,
            short_form=found.form if found else None,
            notice=notice,
            unsure=unsure or bool(missing) or bool(elsewhere),
        )

    def _gate(self, question: str, standalone: str, hits: list[Hit], relevant: float, listing: bool) -> tuple[str | None, list[str], list[str]]:
        """Refuse, or answer with notes: (the refusal's note, or None to answer; the notes an
        answer carries; the names the question asks about that no passage mentions). Refused:
        passages not relevant enough, all from before the year asked about, from none of the
        outlets named, or not naming what a one-fact question asks about."""
        unmatched = self.retriever.unmatched(standalone, listing)  # "last week": no article of those days
        if unmatched:
            unmatched.append("The answer draws on articles of other days.")
        too_early = "" if listing else timeline.before_year(standalone, hits)  # "Who won in 2024?" over articles of 2023
        if relevant < self.settings.refusal_threshold or too_early:
            return " ".join(filter(None, unmatched + [too_early])), [], []
        # The names the person just asked about (not those a follow-up carries from earlier questions)
        passages = [f"{h.metadata.get('title', '')} {h.metadata.get('author', '')} {h.text}" for h in hits]
        missing = [] if listing else unmentioned(question, passages, self.retriever.outlets())
        absent, only = ([], False) if listing else outlets_not_stored(question, self.retriever.outlets(), passages)
        if only:  # "According to Politico and Axios, ...?" when no stored article is from either
            return " ".join([not_stored(absent)] + unmatched), [], []
        if absent:  # some of the outlets named are stored: answered from those
            missing = [name for name in missing if name not in absent]
            unmatched.insert(0, NOT_STORED_SOME.format(outlets=" or ".join(absent)))
        if missing:
            named = f"No passage found mentions {' or '.join(missing)}"
            if weigh.one_fact(question):  # "What did Putin tell the CIA?" over articles that never name the CIA
                return " ".join([f"{named}; if it goes by another name, ask with that one."] + unmatched), [], []
            unmatched.insert(0, f"{named}: the answer rests on the rest of the question.")  # a question of several facts
        return None, unmatched, missing

    def retrieve(self, question: str, scope: Scope | None = None) -> tuple[list[Hit], str, float]:
        """The chunks an answer is made from, the question's topic (what the evidence is ranked
        against) and how relevant the chunks are to it (for refusal). Questions about time get
        their own search (timeline.py): "What's the latest on X?" keeps the newest of WIDER times
        more chunks about X; "Which outlet first reported X?" looks among WIDER times more; each
        option of "Which came first, X or Y?" is searched on its own, and must be found."""
        k = self.settings.top_k
        latest = timeline.wants_latest(question)
        topic = timeline.without_recency(question) if latest else question
        options = timeline.options(question)
        if options:
            hits = timeline.interleave([self.retriever.search(option, k, scope) for option in options], k)
            return hits, topic, max(relevance(topic, hits), min(relevance(option, hits) for option in options))
        wide = latest or timeline.asks_reported(question, short.form(question))
        hits = self.retriever.search(topic, k * (timeline.WIDER if wide else 1), scope)
        hits = timeline.newest(hits, k) if latest else hits
        return hits, topic, relevance(topic, hits)

    def _generate(self, question: str, hits: list[Hit], sentences: list[cite.Span], citer: cite.Citer, timings: dict, t0: float) -> Iterator[Sentence]:
        """The LLM sees the best evidence sentences, not whole chunks: a short prompt is what
        makes a small model fast (time to first token) and keeps it on the point."""
        sources = []
        for i, span in enumerate(sentences):
            m = hits[span.hit_index].metadata
            sources.append({"n": i + 1, "title": m.get("title", ""), "source": m.get("source", ""), "published_at": m.get("published_at", ""), "text": span.text})
        messages = [
            {"role": "system", "content": prompt.render("answer_system", self.settings.prompts_dir)},
            {"role": "user", "content": prompt.render("answer_user", self.settings.prompts_dir, sources=sources, question=question)},
        ]
        hint_map = {i + 1: span.hit_index + 1 for i, span in enumerate(sentences)}
        stream = cite.SentenceStream()
        seen: set[str] = set()
        t = time.perf_counter()
        for piece in self.llm.stream(messages):
            timings.setdefault("first_token_ms", (time.perf_counter() - t0) * 1000)
            for raw in stream.feed(piece):
                yield from self._check(raw, citer, seen, hint_map)
        for raw in stream.flush():
            yield from self._check(raw, citer, seen, hint_map)
        timings["llm_ms"] = (time.perf_counter() - t) * 1000

    def _check(self, raw: str, citer: cite.Citer, seen: set[str], hint_map: dict[int, int]) -> Iterator[Sentence]:
        raw = ANSWER_PREFIX.sub("", raw)
        sentence = citer.cite(raw, hint_map)
        key = " ".join(sentence.text.lower().split())
        if key in seen:  # small models repeat themselves
            return
        seen.add(key)
        yield sentence

    def rank_evidence(self, question: str, citer: cite.Citer, n: int) -> tuple[list[tuple[cite.Span, float]], dict[str, float]]:
        """The n retrieved sentences that best answer the question, each with the ranker's
        probability that it is the one (evidence.py), and the embedding similarity of the
        sentences it embedded, by text. A one-fact question's come from the articles that name
        its subject, when any does (weigh.articles_about, as for names and yes/no): "How much does
        Anduril's Roadrunner cost?" had been answered with Pony.ai's "$100 million"."""
        spans = [s for s in unique(citer.spans) if cite.quotable(s.text)]
        about = weigh.articles_about(question, citer.hits, self.retriever.outlets())
        spans = about(([], set(cite.words(question))), spans) or spans
        ranked, meaning = evidence.rank(question, spans, citer.hits, self.embedder.embed)
        return ranked[:n], meaning

    def _refusal(self, question: str, hits: list[Hit], mode: str, timings: dict, notice: str = "") -> Answer:
        return Answer(question=question, text=REFUSAL_TEXT, sentences=[], citations=[], refused=True, mode=mode, closest=hits[:3], timings_ms=timings, notice=notice)

    def as_query_engine(self):
        """This pipeline as a LlamaIndex query engine (for code that composes LlamaIndex parts)."""
        from llama_index.core.base.response.schema import Response
        from llama_index.core.query_engine import CustomQueryEngine
        from llama_index.core.schema import NodeWithScore, TextNode

        assistant = self

        class CitedQueryEngine(CustomQueryEngine):
            def custom_query(self, query_str: str):
                answer = assistant.ask(query_str)
                nodes = [NodeWithScore(node=TextNode(id_=h.chunk_id, text=h.text, metadata=h.metadata), score=h.score) for h in answer.closest]
                return Response(response=answer.text, source_nodes=nodes, metadata={"answer": answer.to_dict()})

        return CitedQueryEngine()
