"""The citation verifier with hand-made sentence/chunk pairs."""

from assistant.cite import Citer, SentenceStream, is_refusal, quotable, split_sentences, strip_markers, support
from assistant.types import Hit

BODY = (
    "The central bank raised its key rate by 0.25 points to 5.5% on Wednesday.\n\n"
    "Governor Jane Park said inflation was not yet under control. Markets fell 2% after the decision."
)
OTHER = "The football club sacked its manager after five straight defeats."


def hits():
    return [
        Hit("a-0000", BODY, {"article_id": "a", "title": "Rates", "source": "Wire", "published_at": "2024-01-03", "start": 0, "paragraph": 1}, 0.9),
        Hit("b-0000", OTHER, {"article_id": "b", "title": "Club", "source": "Sport", "published_at": "2024-01-04", "start": 100, "paragraph": 3}, 0.5),
    ]


def test_supported_sentence_is_cited_with_exact_offsets():
    citer = Citer(hits(), threshold=0.5)
    s = citer.cite("The central bank raised its key rate to 5.5% [1].")
    assert s.verified and s.citations == [1]
    c = citer.citations[0]
    assert BODY[c.start : c.end] == c.quote and c.quote.startswith("The central bank raised")
    assert (c.source, c.published_at, c.paragraph) == ("Wire", "2024-01-03", 1)


def test_only_whole_statements_are_quotable():
    assert quotable("Apple blocked Beeper Mini on Friday.") and quotable("“We will appeal,” the company said.”")
    assert not quotable("Giants, Jung-Hoo Lee agree to six-year deal")  # a headline
    assert not quotable("Do you work at OpenAI and know more about Sam Altman’s departure?")  # a question states nothing
    assert not quotable("Who is the target audience?”") and not quotable("Apple won.")  # too short


def test_changed_number_is_not_supported():
    assert support("The bank raised the rate to 6.5%.", BODY) == 0.0
    assert Citer(hits(), 0.5).cite("Markets fell 7% after the decision [1].").verified is False


def test_negation_flip_is_not_supported():
    span = "Governor Jane Park said inflation was not yet under control."
    assert support("Jane Park said inflation was under control.", span) == 0.0
    assert support("Jane Park said inflation was not under control.", span) > 0.8


def test_unsupported_claim_is_dropped():
    s = Citer(hits(), 0.5).cite("The president resigned amid protests [1].")
    assert not s.verified and s.citations == []


def test_invented_and_out_of_range_markers_are_replaced_by_the_supporting_source():
    citer = Citer(hits(), 0.5)
    s = citer.cite("The club sacked its manager after five defeats [1][7].")  # [1] is wrong, [7] does not exist
    assert s.verified and s.citations == [1]
    assert citer.citations[0].chunk_id == "b-0000" and citer.citations[0].start == 100
    assert "[7]" not in s.text and "[1]" not in s.text


def test_citation_numbers_are_reused_for_the_same_span():
    citer = Citer(hits(), 0.5)
    a = citer.cite("Markets fell 2% after the decision.")
    b = citer.cite("After the decision, markets fell 2%.")
    assert a.citations == b.citations == [1] and len(citer.citations) == 1


def test_sentence_split_keeps_markers_and_abbreviations():
    text = "Mr. Smith met the U.S. envoy at 9 a.m. on Monday. [1] He left. “It went well,” he said [2]."
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == ["Mr. Smith met the U.S. envoy at 9 a.m. on Monday. [1]", "He left.", "“It went well,” he said [2]."]


def test_stream_releases_whole_sentences_only():
    stream = SentenceStream()
    out = []
    for piece in ["The bank ", "raised rates. [1", "] Markets ", "fell. Then"]:
        out += stream.feed(piece)
    assert out == ["The bank raised rates. [1]", "Markets fell."]
    assert stream.flush() == ["Then"]


def test_markers_and_refusals():
    assert strip_markers("Rates rose [1], [2] and fell [3, 4].") == ("Rates rose, and fell.", [1, 2, 3, 4])
    assert is_refusal("The articles do not say.") and is_refusal("Insufficient information.")
    assert not is_refusal("The bank said rates will rise.")


def test_swapped_name_is_not_supported():
    span = "Vladimir Putin warned western elites against trying to damage the new bond between the US and Russia on Thursday."
    assert support("Putin warned western elites against damaging the bond between the US and Russia.", span) > 0.8
    assert support("Putin warned western elites against damaging the bond between the US and Ukraine.", span) == 0.0
    assert support("Putin warned western elites against damaging the bond between the U.S. and Russia.", span) > 0.8


def test_a_claim_joining_two_sentences_cites_both():
    citer = Citer(hits(), 0.5)
    s = citer.cite("The central bank raised its key rate to 5.5% and markets fell 2% after the decision.")
    assert s.verified and len(s.citations) == 2
    assert {c.quote[:10] for c in citer.citations} == {"The centra", "Markets fe"}


def test_fragments_are_not_claims():
    citer = Citer(hits(), 0.5)
    for fragment in ["1.", "2% [1].", "Markets fell."]:
        assert not citer.cite(fragment).verified


def test_a_claim_that_rearranges_the_quote_into_another_statement_is_not_supported():
    span = ("Speaking to his Federal Security Service (FSB) chiefs on Thursday – the day of Keir Starmer’s press conference "
            "with Donald Trump – the Russian president called for his agents to “disrupt” any attempts to break up the rapprochement.")
    wrong = "The Russian president told the FSB he would disrupt any attempts to break up the press conference with Donald Trump."
    right = "The Russian president called for his agents to disrupt any attempts to break up the rapprochement."
    reordered = "The Russian president called for his agents to disrupt any attempts to break up the rapprochement, speaking to FSB chiefs."
    assert support(wrong, span) == 0.0
    assert support(right, span) == 1.0 and support(reordered, span) > 0.9


def test_support_threshold_is_calibrated_on_the_gold_set():
    """eval/calibrate_support.py: at the default threshold no claim's hardest wrong quote is
    accepted, and the verifier still accepts a useful share of the hand-paraphrased true ones."""
    import runpy
    from pathlib import Path

    from assistant.config import Settings

    calibrate = runpy.run_path(str(Path(__file__).resolve().parent.parent / "eval" / "calibrate_support.py"))
    positive, negative = calibrate["pairs"]()
    threshold = Settings().support_threshold
    assert len(positive) >= 30
    assert sum(n >= threshold for n in negative) == 0
    assert sum(p >= threshold for p in positive) / len(positive) >= 0.4
    assert sum(n >= 0.5 for n in negative) > 0  # a laxer threshold does accept wrong quotes: the test can fail


def test_two_sentences_support_a_claim_together_only_from_one_passage():
    """Words gathered from two passages (chunks) make claims neither sentence states."""
    meta = {"article_id": "c", "title": "Boxing", "source": "Wire", "published_at": "2024-02-01", "paragraph": 1}
    passage = Hit("c-0001", "The legendary undefeated boxer boasts a staggering net worth of $450 million. He retired in 2017.", meta | {"start": 0}, 0.9)
    other = Hit("c-0003", "Fans say a staggering comeback is coming.", meta | {"start": 900}, 0.8)
    joined = Citer([passage], threshold=0.75).cite("The legendary undefeated boxer boasts a net worth of $450 million, and he retired in 2017.")
    assert joined.verified and joined.citations == [1, 2]
    apart = Citer([passage, other], threshold=0.75).cite("The legendary undefeated boxer boasts a net worth of $450 million, and fans say a comeback is coming.")
    assert not apart.verified


def test_a_name_from_one_sentence_is_never_pinned_on_a_description_from_another():
    """A claim resting on two sentences must be two statements, each stated by one of them."""
    body = "The legendary undefeated boxer boasts a staggering net worth of $450 million. On the other hand, Conor McGregor has made history in MMA."
    h = [Hit("d-0000", body, {"article_id": "d", "title": "Boxing", "source": "Wire", "published_at": "2024-02-01", "start": 0, "paragraph": 1}, 0.9)]
    invented = Citer(h, threshold=0.5).cite("The legendary undefeated boxer, McGregor.")
    assert not invented.verified and invented.citations == []


def test_a_sentence_pointing_back_is_quoted_with_the_one_before():
    body = "Intro line.\n\nKing says women's sports get about 5% of media coverage. That's where the money is.\n\nThat is another paragraph's opener."
    passage = Hit("c1", body, {"article_id": "a1", "start": 100, "paragraph": 1}, 1.0)
    citer = Citer([passage], threshold=0.75)
    money = next(s for s in citer.spans if s.text.startswith("That's where"))
    sentence = citer.cite_span(money)
    quote = citer.citations[sentence.citations[0] - 1]
    assert sentence.text == quote.quote == "King says women's sports get about 5% of media coverage. That's where the money is."
    assert body[quote.start - 100 : quote.end - 100] == quote.quote  # offsets still point at the article's own words
    opener = next(s for s in citer.spans if s.text.startswith("That is another"))
    assert citer.cite_span(opener).text == "That is another paragraph's opener."  # no sentence before it in its paragraph
    plain = next(s for s in citer.spans if s.text.startswith("King says"))
    assert citer.cite_span(plain).text == plain.text
    again = Citer([passage], threshold=0.75)
    again.cite_span(next(s for s in again.spans if s.text.startswith("King says")))
    assert again.cite_span(next(s for s in again.spans if s.text.startswith("That's where"))).text == "That's where the money is."  # the sentence before already cited
    other = Hit("c2", body, {"article_id": "a2", "start": 100, "paragraph": 1}, 1.0)  # another article, the same offsets
    both = Citer([other, passage], threshold=0.75)
    both.cite_span(next(s for s in both.spans if s.hit_index == 0 and s.text.startswith("King says")))
    joined = both.cite_span(next(s for s in both.spans if s.hit_index == 1 and s.text.startswith("That's where")))
    assert joined.text.startswith("King says")  # a citation of another article does not count as this one's sentence before


def test_a_quotation_left_open_is_followed_to_its_end():
    body = (
        "He told the FSB: “I note that the first contacts inspire certain hopes.\n\n"
        "“There is a reciprocal mood to restore ties.”\n\n"
        "Putin also criticised the cliches of the past.\n\n"
        "She said: “We will appeal. The ruling is wrong. We have the votes. It is not over.”\n\n"
        "He said “no” twice. Nothing else was said.\n\n"
        "Critics said: “This is a disaster.\n\n"
        "Markets fell on the news."
    )
    cut = body.index("“There")  # two chunks: the first paragraph, and the rest
    first = Hit("c1", body[:cut], {"article_id": "a1", "start": 100, "paragraph": 1}, 1.0)
    rest = Hit("c2", body[cut:], {"article_id": "a1", "start": 100 + cut, "paragraph": 2}, 0.9)
    citer = Citer([first, rest], threshold=0.75)

    def after(opening: str) -> list[str]:
        return [s.text for s in citer.continued(next(s for s in citer.spans if s.text.startswith(opening)))]

    assert after("He told the FSB") == ["“There is a reciprocal mood to restore ties.”"]  # a next paragraph opening with a mark, across chunks
    assert after("“There is") == []  # closed
    assert after("She said") == ["The ruling is wrong.", "We have the votes."]  # the rest of its paragraph, at most MAX_CONTINUED
    assert after("He said “no”") == []  # the marks balance
    assert after("Critics said") == []  # the next paragraph does not open with a mark: the quotation ended unmarked
    alone = Citer([first], threshold=0.75)  # the next sentence is in no retrieved chunk
    assert alone.continued(next(s for s in alone.spans if s.text.startswith("He told"))) == []


def test_a_sentence_leading_in_to_a_quotation_takes_the_quotation():
    body = (
        "Schefter was asked about the coach's job security on Sunday.\n\n"
        "“One thing about David Tepper: he's not very patient. He wants to win now,” Schefter said. “And he has the money.”\n\n"
        "The team lost again.\n\n"
        "Analysts expect changes. “It is only a matter of time,” one said. Another disagreed."
    )
    citer = Citer([Hit("c1", body, {"article_id": "a1", "start": 0, "paragraph": 1}, 1.0)], threshold=0.75)

    def after(opening: str, lead_in: bool = True) -> list[str]:
        return [s.text for s in citer.continued(next(s for s in citer.spans if s.text.startswith(opening)), lead_in=lead_in)]

    # the quotation that opens after it, as far as it goes (at most MAX_CONTINUED sentences)
    assert after("Schefter was asked") == ["“One thing about David Tepper: he's not very patient.", "He wants to win now,” Schefter said."]
    assert after("Schefter was asked", lead_in=False) == []  # only when asked for: the quotation it leaves open is another matter
    assert after("Analysts expect") == ["“It is only a matter of time,” one said."]  # in the same paragraph; closed, so no further
    assert after("The team lost") == []  # the next paragraph opens with no mark
