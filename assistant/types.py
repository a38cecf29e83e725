"""Plain data passed between the stages: file -> Article -> Chunk -> Hit -> Answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article, cleaned. `article_id` is stable across runs (url or file path)."""

    article_id: str
    title: str
    body: str  # paragraphs separated by a blank line
    source: str = ""
    author: str = ""
    published_at: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown
    url: str = ""
    origin: str = ""  # file (and line) it was read from


@dataclass(frozen=True)
class Chunk:
    """A piece of an article's body, with its character offsets in `Article.body`."""

    chunk_id: str
    article_id: str
    position: int
    text: str
    start: int
    end: int
    metadata: dict = field(default_factory=dict)


@dataclass
class Hit:
    """A retrieved chunk and how well it matched the question."""

    chunk_id: str
    text: str
    metadata: dict
    score: float  # fused retrieval score, higher is better
    dense: float = 0.0  # cosine similarity of question and chunk
    lexical: float = 0.0  # BM25 score

    @property
    def article_id(self) -> str:
        return self.metadata.get("article_id", "")


@dataclass
class Citation:
    """A verified pointer from an answer sentence to the words that support it."""

    n: int
    chunk_id: str
    article_id: str
    title: str
    source: str
    published_at: str
    url: str
    quote: str  # exact words from the article
    start: int  # offsets of `quote` in the article body
    end: int
    paragraph: int  # 1-based paragraph of the article
    score: float  # retrieval score of the chunk
    support: float  # how well `quote` supports the sentence (0..1); for a short answer, how closely it states the question's claim

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Sentence:
    text: str
    citations: list[int]  # citation numbers; empty means unsupported
    verified: bool
    short: bool = False  # the short answer ("Sam Bankman-Fried", "Yes"), shown first


@dataclass
class Answer:
    question: str
    text: str
    sentences: list[Sentence]
    citations: list[Citation]
    refused: bool
    mode: str  # "generative" or "extractive"
    closest: list[Hit] = field(default_factory=list)  # shown on refusal
    timings_ms: dict = field(default_factory=dict)
    short: str | None = None  # the short answer, when the question wants a name, number, date or yes/no
    short_form: str | None = None  # "entity", "number", "date", "outlet", "yesno" or "order"
    notice: str = ""  # what went wrong on the way, e.g. the LLM could not be reached
    unsure: bool = False  # the notice says the articles may not say: a name, number, date or amount was wanted and none found, or no passage mentions a name asked about

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "short_answer": self.short,
            "short_form": self.short_form,
            "refused": self.refused,
            "mode": self.mode,
            "notice": self.notice,
            "unsure": self.unsure,
            "sentences": [asdict(s) for s in self.sentences],
            "citations": [_public_citation(c) for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


def _public_citation(c: Citation) -> dict:
    d = c.to_dict()
    d["score"] = round(d["score"], 4)
    d["support"] = round(d["support"], 4)
    return d
