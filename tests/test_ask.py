"""`ask` end to end with the real store, embedding model and bundled LLM (llama.cpp)."""

import json

import pytest

from assistant.cli import ask_main, main
from assistant.pipeline import Assistant
from conftest import assistant_with, one_article, seed_text

PUTIN = "What did Putin tell the FSB?"


def assert_citations_verified(answer: dict, body_of):
    for c in answer["citations"]:
        body = body_of(c["article_id"])
        assert body[c["start"] : c["end"]] == c["quote"], c  # the quote is the article's own words, at its offsets
        assert c["title"] and c["published_at"]
    shown = {n for s in answer["sentences"] if s["verified"] for n in s["citations"]}
    assert shown == {c["n"] for c in answer["citations"]}  # every marker points at a shown source
    for s in answer["sentences"]:
        assert s["verified"] == bool(s["citations"])


def article_body(settings):
    from assistant.ingest import read_file
    from conftest import SEEDS

    bodies = {}
    for path in SEEDS.iterdir():
        for item in read_file(path):
            if hasattr(item, "body"):
                bodies[item.article_id] = item.body
    return bodies.__getitem__


def test_putin_question_is_answered_with_a_verified_citation_of_the_seed(seeded, capsys):
    # The bundled LLM writes and the program verifies; when none of its sentences passes, the
    # articles' own sentences answer (mode "extractive"): either way every citation is checked.
    assert ask_main(["--json", "--mode", "generative", PUTIN]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert {"first_token_ms", "llm_ms"} <= set(answer["timings_ms"])  # the model was asked and answered
    assert not answer["refused"] and answer["citations"]
    assert any(c["article_id"].endswith("000_eea4275ae8fda62b.txt") for c in answer["citations"])
    assert_citations_verified(answer, article_body(seeded))
    text = seed_text()
    assert all(c["quote"] in text for c in answer["citations"])
    assert answer["answer"].count("[") >= 1
    assert {"retrieve_ms", "total_ms"} <= set(answer["timings_ms"])


def test_streamed_terminal_output_shows_sources(seeded, capsys):
    assert main(["ask", PUTIN]) == 0
    out = capsys.readouterr().out
    assert "Sources" in out and "[1]" in out and "2025-02-28" in out
    assert "    “There is a reciprocal mood" in out and "““" not in out  # a quote opening with its own mark gets no second one


def test_unanswerable_question_is_refused(seeded, capsys):
    assert ask_main(["--json", "Who won the men's singles title at Wimbledon in 2023?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["refused"] and answer["citations"] == [] and answer["answer"] == "The articles do not say."


def test_a_question_about_a_name_no_passage_mentions_is_refused_with_the_name(seeded, capsys):
    # The seed answers "What did Putin tell the FSB?" word for word, but never names the CIA
    assert ask_main(["--json", "What did Putin tell the CIA?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["refused"] and answer["citations"] == [] and answer["notice"] == "No passage found mentions CIA; if it goes by another name, ask with that one."
    # In a question of several facts the others are still answered, marked as resting on them
    several = Assistant(seeded).ask("What did Putin tell the FSB, and what did the CIA reply?", mode="extractive")
    assert not several.refused and several.citations and several.unsure
    assert several.notice.startswith("No passage found mentions CIA: the answer rests on the rest of the question.")
    asked = Assistant(seeded).ask(PUTIN, mode="extractive")
    assert not asked.refused and not asked.unsure and not asked.notice
    # a follow-up is checked for the names it asks about, not those of the questions before it
    history = [{"role": "user", "content": "What did Tove Lindqvist say about Beeper?"}, {"role": "assistant", "content": "The articles do not say."}]
    follow_up = Assistant(seeded).ask(PUTIN, history=history, mode="extractive")
    assert not follow_up.refused and not follow_up.unsure and follow_up.citations
    assert Assistant(seeded).ask("And what did he tell the CIA?", history=history, mode="extractive").refused


def test_a_one_fact_question_is_answered_only_from_articles_naming_its_subject(settings, tmp_path):
    records = [
        {"title": "Anduril unveils Roadrunner", "source": "Harbour Post", "published_at": "2023-12-01", "url": "https://example.test/anduril",
         "body": "Anduril unveiled the Roadrunner, a reusable autonomous air vehicle that can take off and land vertically, on Friday."},
        {"title": "Pony.ai raises money", "source": "Harbour Post", "published_at": "2023-10-25", "url": "https://example.test/pony",
         "body": "Pony.ai, the autonomous air and road vehicle startup, scored $100 million for each vehicle programme from Neom."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    answer = assistant.ask("How much does each of Anduril's Roadrunner autonomous air vehicles cost?", mode="extractive")
    assert answer.short is None and answer.unsure  # not Pony.ai's $100 million
    assert all("Pony.ai" not in c.quote for c in answer.citations)


def test_a_name_only_the_byline_holds_is_mentioned(settings, tmp_path):
    record = {"title": "Ferry fares rise", "source": "Harbour Post", "author": "Maren Okafor", "published_at": "2023-11-05",
              "url": "https://example.test/fares", "body": "Ferry fares on the harbour route will rise by 8% in January, the operator said."}
    assistant = assistant_with([record], settings, tmp_path)
    answer = assistant.ask("What did Maren Okafor write about ferry fares?", mode="extractive")
    assert not answer.refused and not answer.unsure and "8%" in answer.text
    assert assistant.ask("What did Tove Lindqvist write about ferry fares?", mode="extractive").refused


def test_a_question_about_what_unstored_outlets_reported_is_refused_with_their_names(settings, tmp_path):
    records = [
        {"title": "Ferry fares rise", "source": "Harbour Post", "published_at": "2023-11-05", "url": "https://example.test/fares",
         "body": "Ferry fares on the harbour route will rise by 8% in January, the operator said. The council approved the rise on Monday."},
        {"title": "Council backs ferry plan", "source": "Island Times", "published_at": "2023-11-06", "url": "https://example.test/plan",
         "body": "The council backed the operator's plan for the harbour route, which includes new ferries and higher fares."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    # Neither outlet is stored, and no passage mentions them: what they reported is not here.
    answer = assistant.ask("Considering a Coastline Gazette article and a report by Ferry Weekly on the harbour route, by how much will fares rise?", mode="extractive")
    assert answer.refused and answer.citations == []
    assert answer.notice.startswith("No stored article is from Coastline Gazette or Ferry Weekly")
    # The same question about the stored outlets is answered, and so is one naming no outlet
    stored = assistant.ask("Considering a Harbour Post article and a report by Island Times on the harbour route, by how much will fares rise?", mode="extractive")
    assert not stored.refused and "8%" in stored.text
    # One stored outlet among those named: answered from it, the other named in the note
    mixed = assistant.ask("Considering a Harbour Post article and a report by Ferry Weekly on the harbour route, by how much will fares rise?", mode="extractive")
    assert not mixed.refused and "8%" in mixed.text and "Ferry Weekly" in mixed.notice


def test_auto_mode_asks_an_llm_only_when_one_is_configured(seeded, monkeypatch):
    """The default: the bundled 135M model is not asked (it added nothing on the gold set);
    a server or a model file of the user's choosing is."""
    import assistant.generate as generate
    from assistant.config import load_settings
    from assistant.generate import bundled_gguf

    monkeypatch.setattr(generate, "get_llm", lambda s: pytest.fail("auto mode must not load the bundled LLM"))
    assistant = Assistant(load_settings())
    assert assistant.settings.mode == "auto" and assistant.answer_mode() == "extractive"
    answer = assistant.ask(PUTIN)
    assert answer.mode == "extractive" and answer.citations and not answer.refused
    assert assistant.answer_mode("generative") == "generative"
    monkeypatch.setenv("ASSISTANT_LLM_MODEL_PATH", str(bundled_gguf()))
    assert Assistant(load_settings()).answer_mode() == "generative"
    monkeypatch.delenv("ASSISTANT_LLM_MODEL_PATH")
    monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
    assert Assistant(load_settings()).answer_mode() == "generative"


def test_what_is_a_name_is_answered_by_the_sentence_introducing_it(seeded):
    answer = Assistant(seeded).ask("What is Beeper Mini?", mode="extractive")
    assert answer.short is None and answer.citations[0].quote.startswith("Beeper Mini, the app bringing")


def test_what_did_someone_say_is_answered_by_the_sentences_quoting_them(seeded):
    assistant = Assistant(seeded)
    said = assistant.ask("What did Eric Migicovsky say?", mode="extractive")
    assert said.citations[0].quote.startswith("Migicovsky told TechCrunch")  # not "Founded by ... Eric Migicovsky"
    putin = assistant.ask(PUTIN, mode="extractive")  # "he told the FSB", in a passage about Putin
    assert putin.citations[0].quote.startswith("According to Reuters news agency, he told the FSB")
    assert putin.citations[1].quote.startswith("“There is a reciprocal mood")  # the quotation it opens, to its end (next paragraph)
    assert putin.citations[1].paragraph == putin.citations[0].paragraph + 1 and putin.citations[1].quote.endswith("architecture.”")


def test_extractive_mode_needs_no_llm(seeded, monkeypatch):
    import assistant.generate as generate

    monkeypatch.setattr(generate, "get_llm", lambda s: pytest.fail("extractive mode must not load an LLM"))
    answer = Assistant(seeded).ask("How much is Shohei Ohtani's contract worth?", mode="extractive")
    assert not answer.refused and "$700 million" in answer.text and answer.mode == "extractive"


def test_invented_marker_never_reaches_the_output(seeded, monkeypatch):
    class Liar:
        """An LLM that cites a source that does not exist and makes a claim no source has."""

        def stream(self, messages, max_tokens=None):
            yield from ["Putin called for his agents to disrupt any attempts to break up the rapprochement [9]. ", "He also ordered the army to invade Finland [1]."]

    assistant = Assistant(seeded)
    assistant._llm = Liar()
    answer = assistant.ask(PUTIN, mode="generative").to_dict()
    assert "[9]" not in answer["answer"] and "Finland" not in answer["answer"]
    assert [s["verified"] for s in answer["sentences"]] == [True, False]
    assert_citations_verified(answer, article_body(seeded))


def test_empty_question_fails_cleanly_and_a_dead_llm_server_falls_back_to_extractive(seeded, monkeypatch, capsys):
    assert ask_main(["   "]) == 2
    assert "question is empty" in capsys.readouterr().err
    assert ask_main(["?!...;;"]) == 2 and ask_main(["🤔🔥🚀"]) == 2  # had been answered with the first articles' leads
    assert "has no words" in capsys.readouterr().err
    monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on port 9
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "5")
    assert ask_main([PUTIN]) == 0  # the LLM is down: the answer comes from the articles' own sentences
    out, err = capsys.readouterr()
    assert "Cannot reach the LLM server" in err and "own sentences instead" in err and "Traceback" not in err
    assert "[1]" in out and "Sources" in out and "(extractive answer" in out
    assert ask_main(["--json", PUTIN]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["mode"] == "extractive" and answer["citations"] and "Cannot reach the LLM server" in answer["notice"]
    assert_citations_verified(answer, article_body(seeded))
    from assistant.config import load_settings

    history = [{"role": "user", "content": PUTIN}, {"role": "assistant", "content": "He said the first contacts inspire hopes."}]
    follow_up = Assistant(load_settings()).ask("What else did he say to them?", history)  # the LLM would condense it
    assert follow_up.notice and follow_up.citations and not follow_up.refused


def test_follow_up_uses_the_conversation(seeded):
    """A follow-up's "it" and "he" are read with the question before it: alone, the same words
    find another article, or none."""
    assistant = Assistant(seeded)
    history = [{"role": "user", "content": "How much is Shohei Ohtani's contract worth?"}, {"role": "assistant", "content": "$700 million [1]."}]
    answer = assistant.ask("How long is it?", history=history, mode="extractive")
    assert answer.short == "10-year" and answer.citations and all("Ohtani" in c.title for c in answer.citations)
    alone = assistant.ask("How long is it?", mode="extractive")
    assert alone.short != "10-year" and not any("Ohtani" in c.title for c in alone.citations)
    history = [{"role": "user", "content": PUTIN}, {"role": "assistant", "content": "He said the first contacts inspire hopes [1]."}]
    answer = assistant.ask("What did he urge it to do?", history=history, mode="extractive")
    assert not answer.refused and all("Putin" in c.title for c in answer.citations)
    assert assistant.ask("What did he urge it to do?", mode="extractive").refused


def test_a_name_is_cited_by_its_best_quote_only(settings, tmp_path):
    records = [
        {"title": "Beeper Mini launches", "source": "Harbour Post", "published_at": "2023-12-05", "url": "https://example.test/beeper-1",
         "body": "Beeper was founded by Eric Migicovsky, who also founded Pebble. The app brings iMessage to Android."},
        {"title": "Beeper Mini is back", "source": "Nordic Wire", "published_at": "2023-12-11", "url": "https://example.test/beeper-2",
         "body": "Eric Migicovsky said the app was back. Beeper Mini is free for now."},
    ]
    answer = assistant_with(records, settings, tmp_path).ask("Who founded Beeper?", mode="extractive")
    assert answer.short == "Eric Migicovsky"
    (short_sentence,) = [s for s in answer.sentences if s.short]
    assert len(short_sentence.citations) == 1 and "founded by Eric Migicovsky" in answer.citations[short_sentence.citations[0] - 1].quote


def test_a_no_that_no_sentence_states_is_explained_by_each_claims_closest_sentence(settings, tmp_path):
    records = [
        {"title": "Ferry operator cuts winter timetable", "source": "Harbour Post", "published_at": "2023-11-05", "url": "https://example.test/ferry",
         "body": "The ferry operator will cut its winter timetable to four crossings a day.\n\nPassengers on the island route have complained "
                 "about cancellations all autumn.\n\nThe harbour master said repairs to the pier will finish in March."},
        {"title": "Island council meets on transport", "source": "Island Times", "published_at": "2023-11-06", "url": "https://example.test/council",
         "body": "The island council discussed bus routes on Tuesday.\n\nCouncillors asked the ferry operator to publish its cancellation "
                 "figures.\n\nThe council will meet again in December about passengers and the route."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    answer = assistant.ask("Did the Harbour Post report that the ferry company doubled summer fares for tourists, while the Island Times "
                           "reported that the council approved a new airport runway for jets?", mode="extractive")
    assert answer.short == "No" and not answer.sentences[0].citations  # no sentence states either claim
    assert answer.unsure and answer.notice.startswith("No sentence found states what the question asks")  # not shown as support
    # the explanation: each claim's closest sentence, from the outlet it names (it had been one Island
    # Times sentence about the ferry operator, the closest to the whole question)
    assert [c.source for c in answer.citations] == ["Harbour Post", "Island Times"]
    assert "council" in answer.citations[1].quote


def test_a_why_question_is_answered_first_by_the_sentence_giving_a_reason(settings, tmp_path):
    body = ("Nijisanji announced the abrupt graduation of one of its more prominent talents, Mysta Rias.\n\n"
            "Fans were shocked by the news.\n\nHe revealed that his choice to leave Nijisanji was due to burnout.")
    assistant = one_article(settings, tmp_path, "Mysta Rias leaves Nijisanji", body)
    answer = assistant.ask("Why did VTuber Mysta Rias leave the agency Nijisanji?", mode="extractive")
    assert "due to burnout" in answer.sentences[0].text  # fewer of the question's words, but the reason
    other = assistant.ask("When did VTuber Mysta Rias leave the agency Nijisanji?", mode="extractive")
    assert "due to burnout" not in other.sentences[0].text


def test_a_sentence_leading_in_to_a_quotation_is_shown_with_it_for_a_question_about_someones_words(settings, tmp_path):
    body = ("The Panthers fired coach Frank Reich after 11 games.\n\n"
            "ESPN's Adam Schefter was asked on Sunday about owner David Tepper and coach Frank Reich's job security.\n\n"
            "“He has never been a patient owner, and this season has tested him,” Schefter said.\n\n"
            "The team plays the Buccaneers next week.")
    assistant = one_article(settings, tmp_path, "Panthers fire Frank Reich", body)
    said = assistant.ask("What did ESPN's Adam Schefter say about owner David Tepper and Frank Reich's job security?", mode="extractive")
    quotes = [c.quote for c in said.citations]
    assert quotes[0].startswith("ESPN's Adam Schefter was asked") and any(q.startswith("“He has never been a patient owner") for q in quotes[1:])
    assert all(s.verified for s in said.sentences)


def test_an_amount_no_sentence_gives_is_flagged(settings, tmp_path):
    body = ("Hayden AI, a geospatial analytics company, raised $53 million in a Series B round led by the Drawdown Fund.\n\n"
            "The startup sells bus-mounted cameras to cities.")
    assistant = one_article(settings, tmp_path, "Hayden AI raises $53 million", body, "2023-10-05")
    missing = assistant.ask("What valuation did Hayden AI reach with its Series B round?", mode="extractive")
    assert missing.short is None and not missing.refused and missing.unsure
    assert "No valuation answering the question was found: the articles may not say." in missing.notice
    given = assistant.ask("How much did Hayden AI raise in its Series B round?", mode="extractive")
    assert given.short == "$53 million" and not given.unsure


def test_a_follow_up_without_a_model_carries_the_question_before_it_and_the_names_before_that(settings):
    turns = ["Who founded Beeper?", "Who is Sam Altman?", "What did Apple do to it?"]
    history = [{"role": role, "content": text} for q in turns for role, text in (("user", q), ("assistant", "An answer [1]."))]
    assistant = Assistant(settings)
    # "it" is Beeper, two questions back; the names of the questions before the last come along
    assert assistant.condense("Is it free now?", history, "extractive") == "Is it free now? (What did Apple do to it? Sam Altman, Beeper)"
    assert assistant.condense("Is it free now?", history[:2], "extractive") == "Is it free now? (Who founded Beeper?)"
    assert assistant.condense("Is Beeper free?", [], "extractive") == "Is Beeper free?"


def test_pipeline_as_a_llamaindex_query_engine(seeded):
    engine = Assistant(seeded).as_query_engine()
    response = engine.query("How many jellyfish were put in the water tank?")
    answer = response.metadata["answer"]
    assert str(response) == answer["answer"] and not answer["refused"]
    assert response.source_nodes and all(n.node.metadata["article_id"] for n in response.source_nodes)
    assert any(c["chunk_id"] in {n.node.node_id for n in response.source_nodes} for c in answer["citations"])


def test_short_answer_comes_first_with_quotes_that_hold_it(seeded, capsys):
    assistant = Assistant(seeded)
    body_of = article_body(seeded)
    cases = {
        "How much is Shohei Ohtani's contract worth?": ("number", {"$700 million"}),
        # "leaders": the seed names two, and both are asked for (in either order)
        "Which European leaders visited the White House around the time of Putin's remarks?": ("entity", {"Emmanuel Macron", "Keir Starmer"}),
    }
    for question, (form, expected) in cases.items():
        answer = assistant.ask(question, mode="extractive")
        assert answer.short_form == form and set(answer.short.split(" and ")) == expected, (answer.short_form, answer.short)
        assert answer.text.startswith(f"Answer: {answer.short} [") and "\n" in answer.text
        first = answer.sentences[0]
        assert first.short and first.verified and first.citations
        quotes = " ".join(c.quote for c in answer.citations if c.n in first.citations)
        assert all(part.split()[-1] in quotes for part in expected)  # the short answer stands in the quotes it cites
        assert_citations_verified(answer.to_dict(), body_of)
        assert not answer.notice and not answer.unsure
    missing = assistant.ask("How many daily active users does Beeper Mini have?", mode="extractive")  # the seeds do not say
    assert missing.short is None and not missing.refused and missing.sentences  # the closest sentences, cited
    assert "No number answering the question was found: the articles may not say." in missing.notice
    assert missing.to_dict()["notice"] == missing.notice and missing.unsure and missing.to_dict()["unsure"]
    yes_no = assistant.ask("Did Macron and Starmer visit the White House?", mode="extractive")
    assert yes_no.short_form == "yesno" and yes_no.short == "Yes" and yes_no.sentences[0].citations  # the seed says both came
    assert Assistant(seeded).ask(PUTIN, mode="extractive").short is None  # an open question gets none
    assert ask_main(["--mode", "extractive", "How much is Shohei Ohtani's contract worth?"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("Answer: $700 million [1]")


def test_questions_about_order_in_time_are_answered_by_the_articles_dates(seeded, capsys):
    assistant = Assistant(seeded)
    body_of = article_body(seeded)
    # TechCrunch's Beeper Mini article is of 2023-12-11, Fortune's shipping article of 2023-11-12
    answer = assistant.ask("Did TechCrunch report that Beeper Mini was back before Fortune reported on the shipping industry?", mode="extractive")
    assert answer.short == "No" and answer.sentences[0].text == "No — 2023-12-11 (TechCrunch) is after 2023-11-12 (Fortune)"
    cited = {c.source: c.published_at for c in answer.citations if c.n in answer.sentences[0].citations}
    assert cited == {"TechCrunch": "2023-12-11", "Fortune": "2023-11-12"}  # both sides quoted, with the days compared
    assert_citations_verified(answer.to_dict(), body_of)
    first = assistant.ask("Which was reported first, Ohtani's Dodgers deal or Kenwright's death?", mode="extractive")
    assert first.short == "Kenwright's death" and first.short_form == "order"
    assert ask_main(["Was Kenwright's death reported before or after Beeper Mini was back?"]) == 0
    assert capsys.readouterr().out.startswith("Answer: Before — 2023-10-24 (BBC News - Entertainment & Arts) is before 2023-12-11 (TechCrunch) [1][2]")


def test_the_latest_news_and_the_first_report_come_from_the_articles_dates(settings, tmp_path):
    records = [
        {"title": "Port strike begins", "source": "Harbour Post", "published_at": "2023-10-02", "url": "https://example.test/strike-1",
         "body": "The dock workers' strike at the port of Halden began on Monday, as dock workers at Halden walked out over pay. The dock workers' strike halted container traffic at Halden."},
        {"title": "Port strike ends", "source": "Nordic Wire", "published_at": "2023-12-05", "url": "https://example.test/strike-2",
         "body": "The Halden port strike ended after the union accepted a nine percent pay rise. Container traffic resumed on Tuesday."},
        {"title": "Ferry timetable", "source": "Harbour Post", "published_at": "2023-12-20", "url": "https://example.test/ferry",
         "body": "The winter ferry timetable starts next week with fewer crossings to the islands."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    answer = assistant.ask("What's the latest on the dock workers' strike at Halden?", mode="extractive")
    assert not answer.refused and answer.short is None
    assert answer.citations[0].url == "https://example.test/strike-2"  # the newest article on the strike, not the newest article
    assert "https://example.test/ferry" not in {c.url for c in answer.citations}
    older = assistant.ask("What happened in the dock workers' strike at Halden?", mode="extractive")
    assert older.citations[0].url == "https://example.test/strike-1"  # without "latest", the best match comes first, not the newest
    first = assistant.ask("Which outlet first reported the Halden port strike?", mode="extractive")
    assert first.short == "Harbour Post" and first.sentences[0].text == "Harbour Post — 2023-10-02, the earliest of 2 days with an article stating it"
    assert assistant.ask("Which outlet reported most recently on the Halden port strike?", mode="extractive").short == "Nordic Wire"
    assert assistant.ask("When was the Halden port strike first reported?", mode="extractive").short == "2023-10-02"


def test_an_article_stored_twice_never_shows_a_sentence_twice(seeded, tmp_path):
    """The same file in another folder is skipped at ingest (same text and metadata); the same
    story syndicated by another outlet is a second article, and the answer still shows each
    sentence once."""
    from conftest import SEED_ARTICLE

    from assistant.cite import Citer
    from assistant.ingest import read_file

    copy = tmp_path / "elsewhere" / SEED_ARTICLE.name
    copy.parent.mkdir()
    copy.write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assistant = Assistant(seeded)
    articles = assistant.status()["articles"]
    report = assistant.ingest([copy], prune=False)
    assert (report.added, report.duplicates) == (0, 1) and assistant.status()["articles"] == articles
    assert "same text as the article stored as" in report.notes[0].message and not report.problems
    (article,) = read_file(SEED_ARTICLE)
    syndicated = tmp_path / "wire.jsonl"
    syndicated.write_text(json.dumps({"title": article.title, "body": article.body, "source": "Wire Service", "url": "https://wire.example/putin-fsb"}) + "\n", encoding="utf-8")
    assert assistant.ingest([syndicated]).added == 1
    question = "What did Putin tell the FSB?"
    hits = assistant.retriever.search(question, 10)
    ids = {h.article_id for h in hits}
    assert "https://wire.example/putin-fsb" in ids and any(i.endswith(SEED_ARTICLE.name) for i in ids)  # both copies retrieved
    evidence = [span.text for span, _ in assistant.rank_evidence(question, Citer(hits, 0.75), 4)[0]]  # what the LLM sees
    assert len(evidence) == 4 and len(set(evidence)) == 4
    answer = assistant.ask(question, mode="extractive")
    shown = [" ".join(s.text.split()) for s in answer.sentences if s.verified]
    assert shown and len(shown) == len(set(shown))


def test_ask_piped_into_a_reader_that_stops_early_ends_quietly(seeded):
    """`ask "..." | head -1`: the closed pipe is not a traceback."""
    import os
    import subprocess
    import sys

    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    asked = subprocess.run([sys.executable, "-m", "assistant", "ask", "--mode", "extractive", PUTIN], stdout=reader.stdin, stderr=subprocess.PIPE, text=True, env=os.environ, timeout=120)
    reader.stdin.close()
    reader.wait()
    assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr


def test_questions_asked_together_share_one_model_safely(seeded, monkeypatch):
    """The chat asks from several threads at once: the llama.cpp model is loaded once and serves
    one completion at a time; every answer comes back whole and cited."""
    from concurrent.futures import ThreadPoolExecutor

    import assistant.pipeline as pipeline

    loaded, running, most = [], [0], [0]
    real_load = pipeline.get_llm

    def counted_load(settings):  # the real model, its completions counted while they run
        llm = real_load(settings)
        create = llm.llm.create_chat_completion

        def one_at_a_time(**kwargs):
            running[0] += 1
            most[0] = max(most[0], running[0])
            try:
                yield from create(**kwargs)
            finally:
                running[0] -= 1

        monkeypatch.setattr(llm.llm, "create_chat_completion", one_at_a_time)
        loaded.append(llm)
        return llm

    monkeypatch.setattr(pipeline, "get_llm", counted_load)
    assistant = Assistant(seeded)
    questions = [PUTIN, "How much is Shohei Ohtani's contract worth?", PUTIN]
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda q: assistant.ask(q, mode="generative"), questions))
    assert len(loaded) == 1 and most[0] == 1 and all("llm_ms" in a.timings_ms for a in answers)
    assert all(not a.refused and a.citations for a in answers)
    assert answers[1].short == "$700 million"
    assert_citations_verified(answers[0].to_dict(), article_body(seeded))


def test_ask_only_looks_where_it_is_told(seeded, capsys):
    """--source / --since / --until: every citation from inside the scope; names and dates a
    person types are checked against the store, with the outlets listed on a miss."""
    assert ask_main(["--json", "--mode", "extractive", "--source", "fortune", "What are shipping carriers worried about?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"] and {c["source"] for c in answer["citations"]} == {"Fortune"}
    assert ask_main(["--json", "--mode", "extractive", "--since", "2025-01-01", "Which leaders visited the White House?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"] and {c["published_at"] for c in answer["citations"]} == {"2025-02-28"}  # only the Putin article is that recent
    assert ask_main(["--json", "--mode", "extractive", "--until", "2023-12-31", "--source", "TechCrunch", "--source", "The New York Times", "What happened to Beeper Mini?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"] and {c["source"] for c in answer["citations"]} <= {"TechCrunch", "The New York Times"}
    for argv, message in (
        (["--source", "Le Monde"], "No stored article is from 'Le Monde'. Outlets in the store: BBC News"),
        (["--since", "2030-01-01"], "No stored article is published on or after 2030-01-01"),
        (["--since", "2023-13-01"], "is not a date; write it as YYYY-MM-DD"),
        (["--since", "2024-01-01", "--until", "2023-01-01"], "swap them"),
    ):
        assert ask_main(argv + ["What happened?"]) == 2
        assert message in capsys.readouterr().err


def test_times_relative_to_today_filter_what_is_read_and_say_when_nothing_was_published(settings, tmp_path, capsys):
    """"Last week" and "yesterday" are counted from the machine's date; a month named as a
    publication time ("published in October 2023") is that month. When no stored article was
    published then, the answer says so and rests on the other days' articles."""
    from datetime import date, timedelta

    yesterday = (date.today() - timedelta(days=1)).isoformat()
    records = [
        {"title": "Halden port strike begins", "source": "Harbour Post", "published_at": "2023-10-02", "url": "https://example.test/strike-1",
         "body": "The dock workers' strike at the port of Halden began on Monday over pay. Union leader Maria Olsen said the strike would last a week."},
        {"title": "Halden port strike ends", "source": "Harbour Post", "published_at": yesterday, "url": "https://example.test/strike-2",
         "body": "The dock workers' strike at the port of Halden ended after the union accepted a nine percent pay rise. Union leader Maria Olsen said the strike had been worth it."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    recent = assistant.ask("What did the Harbour Post report about the Halden strike last week?", mode="extractive")
    assert not recent.notice and {c.url for c in recent.citations} == {"https://example.test/strike-2"}
    older = assistant.ask("What did the Harbour Post publish in October 2023 about the Halden strike?", mode="extractive")
    assert not older.notice and {c.url for c in older.citations} == {"https://example.test/strike-1"}
    none = assistant.ask("What did the Harbour Post publish in March 2021 about the Halden strike?", mode="extractive")
    assert none.notice.startswith("No stored article from Harbour Post was published in March 2021 (2021-03-01 to 2021-03-31).")
    assert not none.refused and none.citations  # the other days' articles still answer, and the note says so
    assert ask_main(["What did the Harbour Post publish in March 2021 about the Halden strike?"]) == 0
    assert "note: No stored article from Harbour Post was published in March 2021" in capsys.readouterr().err


def test_a_question_naming_no_topic_lists_the_newest_articles_of_its_outlets_and_days(seeded, capsys):
    """"What did TechCrunch report in December 2023?" had been refused: it names no topic for the
    relevance score to measure. Every article of those outlets and days answers it: the newest,
    each by its lead sentence, cited."""
    assistant = Assistant(seeded)
    body_of = article_body(seeded)
    december = assistant.ask("What did TechCrunch report in December 2023?", mode="extractive")
    assert not december.refused and not december.notice and december.short is None
    assert [(c.source, c.published_at, c.paragraph) for c in december.citations] == [("TechCrunch", "2023-12-11", 1)]
    assert_citations_verified(december.to_dict(), body_of)
    news = assistant.ask("What's new?", mode="extractive")
    days = [c.published_at for c in news.citations]
    assert len(days) == 5 and days == sorted(days, reverse=True) and len({c.url or c.title for c in news.citations}) == 5  # one lead per article, newest first
    assert not news.notice  # not "No name answering the question was found"
    assert ask_main(["What did Fortune report last week?"]) == 0
    out, err = capsys.readouterr()
    assert "[1] Fortune · " in out and "note: No stored article from Fortune was published last week" in err
    october = assistant.ask("What happened in October 2023?", mode="extractive")  # no topic: any month named is what to read
    assert {c.published_at[:7] for c in october.citations} == {"2023-10"} and not october.notice
    scoped = assistant.ask("What's new?", mode="extractive", scope=assistant.retriever.scope(["The New York Times"]))
    assert {c.source for c in scoped.citations} == {"The New York Times"}


def test_a_question_about_a_year_after_every_article_found_is_refused_with_the_reason(settings, tmp_path):
    records = [
        {"title": "Eagles eye another title", "source": "Harbour Post", "published_at": "2023-10-16", "url": "https://example.test/eagles",
         "body": "The 2017 Eagles won a Super Bowl with rookie Jake Elliott performing well. The Eagles are the favourites to win the Super Bowl in 2024, bookmakers say."},
        {"title": "Ferry timetable", "source": "Harbour Post", "published_at": "2023-12-20", "url": "https://example.test/ferry",
         "body": "The winter ferry timetable starts next week with fewer crossings to the islands."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    late = assistant.ask("Who won the Super Bowl in 2024?", mode="extractive")
    assert late.refused and late.short is None and "none can say what happened in 2024" in late.notice
    assert late.closest  # what was closest is still shown
    ahead = assistant.ask("Who are the favourites to win the Super Bowl in 2024?", mode="extractive")
    assert not ahead.refused and "2024" not in ahead.notice  # what 2023's articles expected of 2024 they do say
    earlier = assistant.ask("Who won the Super Bowl in 2017?", mode="extractive")
    assert not earlier.refused and "2017" not in earlier.notice


def test_an_answer_from_an_article_lacking_a_rare_word_of_the_question_is_marked(settings, tmp_path, monkeypatch):
    from assistant import retrieve

    monkeypatch.setattr(retrieve, "RARE_WORD_SHARE", 0.5)  # three articles: a word in one of them is rare (1 in 150 on a real archive)
    records = [
        {"title": "Lecanemab priced", "source": "Harbour Post", "published_at": "2023-12-01", "url": "https://example.test/lecanemab",
         "body": "Eisai set the annual price of lecanemab at $26,500 in the United States."},
        {"title": "Donanemab trial", "source": "Harbour Post", "published_at": "2023-12-02", "url": "https://example.test/donanemab",
         "body": "Donanemab slowed cognitive decline in a large trial, its maker reported."},
        {"title": "Ferry fares rise", "source": "Harbour Post", "published_at": "2023-12-03", "url": "https://example.test/ferry",
         "body": "Ferry fares on the harbour route will rise by 8% in January, the operator said."},
    ]
    assistant = assistant_with(records, settings, tmp_path)
    answer = assistant.ask("What annual price was set for donanemab in the United States?", mode="extractive")
    assert answer.short == "$26,500" and answer.unsure and "does not mention “donanemab”" in answer.notice
    answer = assistant.ask("What annual price was set for lecanemab in the United States?", mode="extractive")
    assert answer.short == "$26,500" and not answer.unsure and not answer.notice
