"""Short answers (`short.py`, `names.py`, `yesno.py`) on hand-made questions and evidence: the
form a question wants, names found and merged, the name a multi-hop question describes, yes/no
from claim support."""

import os

import pytest

from assistant import names, short, yesno
from assistant.cite import spans_of, words
from assistant.types import Hit

OUTLETS = ["TechCrunch", "The Verge", "Fortune"]


def hit(n: int, text: str, source: str, article: str = "") -> Hit:
    return Hit(chunk_id=f"c{n}", text=text, metadata={"article_id": article or f"a{n}", "source": source, "start": 0, "published_at": "2023-10-0{}T10:00:00+00:00".format(n % 9 + 1)}, score=1.0 / (n + 1))


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Which company, reported by TechCrunch, was fined by the EU?", "entity"),
        ("Who is the individual that TechCrunch and Fortune say misused customer funds?", "entity"),
        ("What company, reviewed by The Verge, makes the iPhone?", "entity"),
        ("Does the TechCrunch article say that X, while The Verge says Y?", "yesno"),
        ("After TechCrunch reported on the trial on October 7, did The Verge report the verdict?", "yesno"),
        ("Before the report by The Age, which said that Google pays for defaults, was the coverage consistent?", "yesno"),
        ("According to Fortune, who founded the company?", "entity"),
        ("How much did Google pay to be the default search engine?", "number"),
        ("When did Putin speak to the FSB?", "date"),
        ("What did Putin tell the FSB?", None),
        ("What percentage of Everton did Moshiri own?", "number"),
        ("Which outlet reported the jellyfish study?", "outlet"),
        ("Who is Eric Migicovsky?", None),  # a description, not a name
        ("Who is the founder of Beeper?", "entity"),
        ("What deal did Ohtani sign?", None),  # the deal described, not a name
        ("What risks does container shipping face?", None),
        ("What valuation did Hayden AI reach with its Series B round?", None),  # an amount, never a name
        ("What transfer fee did Arsenal pay Chelsea for Kai Havertz?", None),
        ("What company plans to buy Twitter?", "entity"),  # a verb after the noun, not an amount
        ("What led Jordan Poyer to try ayahuasca?", None),  # a reason
        ("Tell me about the trial.", None),
        ("On what date could customers start ordering the Steam Deck OLED?", "date"),  # a preposition before the question word
        ("In what year did the FDA approve ketamine?", "date"),
        ("By how many years did Sunak push back the target?", "number"),
        ("In which country is TikTok testing the tier?", "entity"),
        ("In the TechCrunch article, did Apple appeal?", "yesno"),  # no question word after it
        ("What rating did Sporting News give Christian Pulisic for the loss?", "number"),  # a mark out of ten, not "U.S"
        ("What return on equity does the tariff regime allow?", "number"),
        ("According to the SWPC, at what time of night is the aurora best?", None),
        ("About how many neurons does each rhopalium have?", "number"),  # a hedge before the question word
        ("Roughly when did the Great Dying take place?", "date"),
        ("How big an advance was Britney Spears paid for her memoir?", "number"),
        ("How big is the problem?", None),  # a time of day: no name ("SWPC") answers it
        # a question word after an introduction asks, even when an auxiliary follows its noun...
        ("Considering a Bloomberg profile of Ohtani, which city in Iwate, whose name begins with O, is his hometown?", "entity"),
        ("Based on a Guardian interview and a Screen Daily report, in which Iranian city, whose name begins with T, was the actress born?", "entity"),
        # ...but "which" with a verb after it opens a relative clause
        ("After The Age report on October 22, which quoted an analyst, and the TechCrunch report, was the coverage consistent?", "yesno"),
    ],
)
def test_question_form(question, expected):
    assert short.form(question) == expected


def test_an_amount_asked_for_is_looked_for_with_its_noun():
    assert short.amount_asked("What was Hapag-Lloyd's net profit in the third quarter?") == "profit"
    assert short.amount_asked("At what valuation did Simply Homes raise its round?") == "valuation"
    assert short.amount_asked("What company plans to buy Twitter?") is None
    assert short.states_amount("valuation", "The startup was valued at $1 billion.")
    assert not short.states_amount("profit", "Profit fell sharply.")  # no number
    assert not short.states_amount("attendance", "The stadium holds 90,000 people.")  # another amount


def test_names_are_cut_at_titles_and_lose_possessives():
    got = [" ".join(tokens) for tokens, _ in names.names_in("FTX CEO Sam Bankman-Fried's lawyers met Judge Lewis Kaplan in New York.")]
    assert got == ["FTX", "Sam Bankman-Fried", "Lewis Kaplan", "New York"]
    assert [start for _, start in names.names_in("Google paid Apple.")] == [True, False]
    possessives = [" ".join(tokens) for tokens, _ in names.names_in("They lost to Eddie Jones’ England, said Google's Danny Sullivan.")]
    assert possessives == ["Eddie Jones", "England", "Google", "Danny Sullivan"]  # a possessive ends a name


def test_job_titles_before_a_name_are_no_part_of_it():
    got = [" ".join(tokens) for tokens, _ in names.names_in("Chief Scientist Ilya Sutskever told Professor Jane Doe and Director Ava Reyes.")]
    assert got == ["Ilya Sutskever", "Jane Doe", "Ava Reyes"]


def test_a_person_asked_for_is_named_in_full_not_by_the_first_name_alone():
    # "Jason" gets the votes of "Jason Kelce" too (a name's leading words share its votes), and
    # more articles write him so: the answer is still the person's full name.
    hits = [hit(0, "Jason Kelce of the Eagles co-hosts a podcast with his brother.", "CBSSports.com", "cbs"),
            hit(1, "The Eagles' Jason co-hosts a podcast with his brother.", "The Independent", "ind"),
            hit(2, "Jason of the Eagles co-hosts a podcast with his brother.", "Fortune", "fort")]
    found = short.pick_entity("Who is the Eagles center who co-hosts a podcast with his brother?", spans_of(hits), hits, [])
    assert found.text == "Jason Kelce"
    # A company is not lengthened: "Google" stays "Google" beside "Google News"
    hits = [hit(0, "Google agreed to pay publishers, Google News said.", "The Verge", "v"), hit(1, "Google agreed to pay publishers.", "Fortune", "f")]
    assert short.pick_entity("Which company agreed to pay publishers?", spans_of(hits), hits, OUTLETS).text == "Google"


def test_an_organisation_the_evidence_writes_in_full_is_named_in_full():
    # "Manchester" gets the votes of "Manchester United" (a name's leading words share its votes)
    # and stands closer to the question once; the evidence writes the club in full more often.
    hits = [hit(0, "On Tuesday Manchester finished bottom of their Champions League group.", "The Guardian", "g"),
            hit(1, "In the end Manchester United finished bottom of the group after conceding 15 goals.", "Sporting News", "sn"),
            hit(2, "At home Manchester United lost to Bayern, their worst Champions League showing since 2005.", "The Independent", "ind"),
            hit(3, "On Tuesday Manchester United's exit was confirmed.", "Fortune", "f")]
    question = "Which football club finished bottom of its Champions League group after conceding the most goals?"
    assert short.pick_entity(question, spans_of(hits), hits, OUTLETS).text == "Manchester United"
    # ...or when every article writing the short name writes the longer one too (its first mention)
    hits = [hit(0, "On Monday Palo Alto Networks agreed to buy Dig Security. The deal, Palo Alto said, closes soon. A day later, Palo Alto cut its forecast.", "TechCrunch", "tc"),
            hit(1, "In a filing Palo Alto Networks lowered its billings forecast. Analysts said that Palo Alto faces costs.", "Seeking Alpha", "sa")]
    assert short.pick_entity("Which cybersecurity company agreed to buy Dig Security and lowered its forecast?", spans_of(hits), hits, OUTLETS).text == "Palo Alto Networks"
    # ...but only a longer name with a sentence to quote: headlines end without a full stop
    hits = [hit(0, "On Tuesday Manchester finished bottom of their Champions League group.", "The Guardian", "g"),
            hit(1, "Manchester United bottom of Champions League group after conceding the most goals", "Sporting News", "sn")]
    assert short.pick_entity(question, spans_of(hits), hits, OUTLETS).text == "Manchester"
    # a name mostly written alone stays alone: "Apple", not the "Apple Music" one sentence names
    hits = [hit(0, "In October Apple raised prices, and Apple Music followed.", "The Verge", "v"), hit(1, "In November Apple raised prices again.", "Fortune", "f"),
            hit(2, "On Monday Apple said prices rise in December.", "TechCrunch", "tc")]
    assert short.pick_entity("Which company raised prices?", spans_of(hits), hits, OUTLETS).text == "Apple"


def test_outlets_a_question_says_it_read_are_checked_against_the_stored_ones():
    stored, texts = ["TechCrunch", "Cnbc | World Business News Leader"], ["Apple plans a new phone, Bloomberg said.", "The Steam Deck OLED ships in November."]
    check = lambda q: names.outlets_not_stored(q, stored, texts)
    assert check("Considering a Politico article and an 'Axios' report on the bill, who sponsored it?") == (["Politico", "Axios"], True)
    assert check("Based on a piece by The Atlantic and a TechCrunch article, who sponsored it?") == (["The Atlantic"], False)
    assert check("As reported by CNBC and in the TechCrunch article, who sponsored it?") == ([], False)  # both stored
    assert check("According to a report by Bloomberg, what does Apple plan?") == ([], False)  # a passage names it
    assert check("Was the December report published before the Steam Deck OLED review?") == ([], False)  # a month, a product
    # a stored outlet written another way is stored: initials, letters run together or cut short
    stored = ["The New York Times", "CBSSports.com", "BBC News - Technology"]
    for question in ("What did a NYT article say about the strike?", "What did a report by CBS Sports say about the strike?", "What did the BBC report say about the strike?"):
        assert names.outlets_not_stored(question, stored, ["The strike ended."]) == ([], False), question


def test_a_company_asked_for_is_no_regulator_or_court():
    hits = [hit(0, "The FTC sued Amazon in a federal antitrust complaint, saying it punished sellers.", "CNBC", "c"),
            hit(1, "In the federal antitrust complaint, the FTC said sellers were punished for lower prices elsewhere.", "The Verge", "v")]
    assert short.pick_entity("Which company was accused in a federal antitrust complaint of punishing sellers?", spans_of(hits), hits, []).text == "Amazon"
    assert [names.a_public_body(n) for n in ("FTC", "European Commission", "Supreme Court", "Amazon", "Alameda Research")] == [True, True, True, False, False]


def test_a_name_of_the_question_no_passage_mentions_is_found():
    passages = ["Vladimir Putin told the FSB, Russia's Federal Security Service, that talks with America inspire hopes.",
                "Finland's Emil Ruusuvuori lost to Alex de Minaur in the Davis Cup, TechCrunch wrote."]
    missing = lambda question: names.unmentioned(question, passages, ["TechCrunch"])  # noqa: E731
    assert missing("What did Putin tell the CIA?") == ["CIA"]
    assert missing("What did Joe Biden and the CIA say about Putin?") == ["Joe Biden", "CIA"]
    assert missing("What did Putin tell the FSB?") == []
    assert missing("What did Vladimir Putin say?") == []  # one word of a name is enough
    assert missing("What did American officials say?") == []  # alike in its first five letters: America
    assert missing("Which Finnish player lost to de Minaur?") == []  # a demonym describes: the article says Finland
    assert missing("Did TechCrunch report on a Prime-themed sale in the US?") == []  # outlets, descriptions, US
    assert missing("Kremlin officials met whom?") == []  # a question's first word may be capitalised only because it opens it
    assert names.unmentioned("Who met Putin?", [], []) == ["Putin"]


def test_surnames_merge_into_the_person_but_first_words_do_not():
    alias = names.canonical({"Sam Bankman-Fried": 2, "Bankman-Fried": 5, "Sam": 1, "Sam Altman": 1, "Google": 4, "Google Play": 2})
    assert alias["Bankman-Fried"] == "Sam Bankman-Fried"
    assert alias["Sam"] == "Sam" and alias["Google"] == "Google"
    assert names.person_like("Sam Bankman-Fried") and not names.person_like("Alameda Research") and not names.person_like("OpenAI")


def test_the_name_several_articles_support_wins_over_names_the_question_uses():
    hits = [
        hit(0, "Sam Bankman-Fried used customer funds from FTX to repay lenders, prosecutors said.", "TechCrunch"),
        hit(1, "Prosecutors say Bankman-Fried misused customer funds at FTX. Caroline Ellison testified.", "Fortune"),
        hit(2, "Caroline Ellison ran Alameda Research while it borrowed customer funds.", "The Verge"),
        hit(3, "In November, FTX collapsed. TechCrunch covered it.", "TechCrunch"),
    ]
    question = "Who is the individual that TechCrunch and Fortune say misused customer funds at FTX?"
    found = short.pick_entity(question, spans_of(hits), hits, OUTLETS)
    assert found.text == "Sam Bankman-Fried" and found.form == "entity"
    assert {hits[s.hit_index].article_id for s in found.spans} == {"a0", "a1"}  # one quote per article that names him
    assert all("Bankman-Fried" in s.text for s in found.spans)
    # outlets and names the question already uses are never the answer
    found = short.pick_entity("Which company collapsed in November according to TechCrunch?", spans_of(hits[3:]), hits[3:], OUTLETS)
    assert found is not None and found.text == "FTX"
    assert short.pick_entity("Which exchange collapsed?", spans_of(hits[3:]), hits[3:], ["FTX", "TechCrunch"]) is None


def test_in_one_article_the_name_mentioned_most_wins_a_tie_and_possessives_name_the_subject():
    # One article: each name's only vote is its best sentence, and these tie on the question's words.
    body = (
        "Wayne Rooney said Bill Kenwright loved Everton. Sir Ian McKellen said Bill Kenwright gave actors work. "
        "Everton had Bill Kenwright as chairman for 19 seasons. Everton fans sang for him."
    )
    hits = [hit(0, body, "BBC News", article="bbc")]
    assert short.pick_entity("Which club did Bill Kenwright chair?", spans_of(hits), hits, []).text == "Everton"
    # "Putin's" names Putin: "Vladimir Putin" is not who visited, however often he is mentioned.
    hits = [hit(0, "Vladimir Putin spoke on Monday. Vladimir Putin told the FSB to act. Emmanuel Macron visited the White House on Monday.", "BBC News", article="bbc")]
    assert short.pick_entity("Who visited the White House around the time of Putin's remarks?", spans_of(hits), hits, []).text == "Emmanuel Macron"
    # "US-Russia" names the US and Russia: neither answers who was warned (it had answered "US").
    hits = [hit(0, "Vladimir Putin warned western elites against trying to damage the new bond between the US and Russia.", "BBC News", article="bbc")]
    assert short.pick_entity("Who did Putin warn against damaging the US-Russia bond?", spans_of(hits), hits, []) is None  # "western elites" is no name


def test_places_and_events_do_not_look_like_people():
    assert names.person_like("Ollie Chessum") and names.person_like("Sam Altman")
    assert not names.person_like("New Zealand") and not names.person_like("Cup Series") and not names.person_like("Los Angeles")
    assert not any(names.person_like(p) for p in ("Costa Rica", "Green Bay", "New Orleans", "North Dakota"))  # the last place of a line too
    assert names.asks_person("Which Browns kicker made the field goal?") and names.asks_person("Who did England pick at loosehead prop?")
    hits = [hit(0, "England picked Ollie Chessum at loosehead prop ahead of Ellis Genge, after New Zealand had beaten them.", "BBC")]
    assert short.pick_entity("Who did England pick at loosehead prop ahead of Ellis Genge?", spans_of(hits), hits, []).text == "Ollie Chessum"
    # a team named after its city is no person: "Which team ...?" had been answered with the agency beside it
    assert not any(names.person_like(t) for t in ("Los Angeles Dodgers", "New York Yankees", "Green Bay Packers")) and names.person_like("Jordan Love")
    hits = [hit(0, "Ohtani agreed to a 10-year, $700 million contract with the Los Angeles Dodgers, his agency CAA announced.", "The Athletic")]
    assert short.pick_entity("Which team did Shohei Ohtani sign with?", spans_of(hits), hits, []).text == "Los Angeles Dodgers"


def test_a_person_asked_for_is_no_place_acronym_or_firm_and_a_place_asked_for_is_a_place():
    assert names.not_a_person("Australia") and names.not_a_person("EU") and names.not_a_person("Guardian Australia")
    assert not names.not_a_person("Israel Adesanya") and not names.not_a_person("Michael Jordan") and not names.not_a_person("Sam Altman")
    assert names.not_a_person("Los Angeles Angels") and names.not_a_person("New York Times")  # named after a place: a team, a paper
    assert names.not_a_person("Narendra Modi Stadium") and not names.person_like("Arrowhead Stadium") and not names.not_a_person("Park Chan-wook")
    assert names.asks_person("Which bowler had the best economy rate of the World Cup?")
    hits = [hit(0, "Australia scored a century of runs in the first 15 overs against India in the 2003 final.", "ESPN", article="espn"),
            hit(1, "India lost the 2003 final: Australia scored 359, a record for a final.", "BBC", article="bbc"),
            hit(2, "Ricky Ponting scored a century, 140 not out, against India in the 2003 final.", "CNN", article="cnn")]
    assert short.pick_entity("Which Australian captain scored a century against India in the 2003 final?", spans_of(hits), hits, []).text == "Ricky Ponting"
    # an investor may be a firm: "Conjunction Capital" stays a candidate
    hits = [hit(0, "Conjunction Capital led the $5.5 million round in the Bangladeshi edtech.", "TechCrunch", article="tc")]
    assert short.pick_entity("Which investor led the edtech's $5.5 million round?", spans_of(hits), hits, []).text == "Conjunction Capital"
    hits = [hit(0, "Shoppers at Walmart buy the largest share of the US cranberry harvest grown each fall.", "CNN", article="cnn"),
            hit(1, "Shoppers at Walmart buy the largest share of the US cranberry harvest grown each year.", "ABC", article="abc"),
            hit(2, "Farmers in Wisconsin produce the largest share of the US cranberry harvest.", "NPR", article="npr")]
    assert names.role("Which US state grows the largest share of the cranberry harvest?") == "state"
    assert short.pick_entity("Which US state grows the largest share of the cranberry harvest?", spans_of(hits), hits, []).text == "Wisconsin"
    # a publisher or a company is a firm, never a country
    hits = [hit(0, "A class action lawsuit filed in the U.S. accuses Google of harming news publishers.", "TechCrunch", article="tc"),
            hit(1, "The class action lawsuit against Google was filed by publisher Helena World Chronicle.", "TechCrunch", article="tc")]
    assert names.a_place("U.S") and names.a_place("US")
    assert short.pick_entity("Which publisher filed the class action lawsuit against Google?", spans_of(hits), hits, []).text == "Helena World Chronicle"


def test_the_name_beside_the_noun_the_question_asks_for_wins():
    assert names.role("Which JP Morgan analyst said the delay hurt?") == "analyst" and names.role("Who was Google's lead attorney at the trial?") == "attorney"
    assert names.role("Which company, co-founded by a professor, makes it?") == "company" and names.role("Who founded Beeper?") is None
    assert names.in_apposition("wrote JP Morgan analyst Christopher Brown", "Christopher Brown", "analyst")
    assert names.in_apposition("Brooke Mueller, the mother of his twins, spoke", "Brooke Mueller", "mother")
    assert not names.in_apposition("the analyst said Brown was wrong", "Brown", "analyst")
    hits = [hit(0, "The valuer Citrin Cooperman had cut the valuation. The delay was an early blow to the credibility of the new "
                   "board and of Citrin Cooperman, JP Morgan analyst Christopher Brown wrote in a note.", "Music Business Worldwide", article="mbw")]
    found = short.pick_entity("Which JP Morgan analyst said the delay was a blow to the credibility of the new board?", spans_of(hits), hits, [])
    assert found.text == "Christopher Brown"  # not the valuer the quote also names


def test_which_company_asks_for_no_person_however_many_people_it_mentions():
    assert not names.asks_person("Which company, co-founded by a Temple University professor, is developing EBT-101?")
    assert names.asks_person("Which famous director called it his guilty pleasure?") and names.asks_person("Who is the individual accused?")
    assert not names.asks_person("Which sports betting firm paid the fine?") and names.asks_person("Who founded Beeper?")
    assert names.asks_person("Which senators introduced the AI Labeling Act?") and names.asks_person("Which two actresses won?")  # plurals
    assert not names.asks_person("Which bills did the senators pass?")  # the noun asked for comes first
    hits = [hit(0, "Kamel Kahlili, a professor at Temple University and co-founder of Excision BioTherapeutics, has been developing EBT-101.", "Science News")]
    found = short.pick_entity("Which company, co-founded by a Temple University professor, is developing EBT-101?", spans_of(hits), hits, [])
    assert found.text == "Excision BioTherapeutics"  # it had answered "Kamel Kahlili": "professor" is a word for a person


def test_a_question_asking_for_several_names_gets_those_supported_as_well_as_the_best():
    assert [names.plural(q) for q in ("Which European leaders visited?", "Which two individuals dated?", "Which three companies merged?", "Which company merged?", "Which sports betting firm paid?")] == [2, 2, 3, 1, 1]
    hits = [
        hit(0, "Taylor Swift cheered as Travis Kelce scored for the Chiefs on Sunday.", "CBSSports.com"),
        hit(1, "Rumours of a romance between Travis Kelce and Taylor Swift grew after the game.", "The Independent"),
        hit(2, "Patrick Mahomes threw for 300 yards.", "CBSSports.com"),
    ]
    found = short.pick_entity("Which two individuals, linked by rumours of a romance, were at the Chiefs game?", spans_of(hits), hits, [])
    assert set(found.text.split(" and ")) == {"Taylor Swift", "Travis Kelce"}
    assert found.quotes == 2 and {n for s in found.spans[:2] for n in ("Taylor Swift", "Travis Kelce") if n in s.text} == {"Taylor Swift", "Travis Kelce"}  # each name's best quote first
    one = short.pick_entity("Which individual scored for the Chiefs?", spans_of(hits), hits, [])
    assert one.text in ("Taylor Swift", "Travis Kelce") and one.quotes == 1  # one asked, one given, one quote cited


def test_a_word_capitalised_only_at_sentence_start_is_no_name():
    hits = [hit(0, "Loading Google rejected the claim. Regulators asked Google again.", "The Age"), hit(1, "Updates are due. Google said no.", "The Age")]
    found = short.pick_entity("Which company rejected the claim?", spans_of(hits), hits, [])
    assert found.text == "Google"


def test_descriptions_and_titles_the_question_quotes_are_no_names():
    hits = [hit(0, "Polygon's countdown of Halloween-adjacent films opened with Messiah of Evil, a 1973 cult film. "
                   "Quintero's 'Si No Estás' was released by the Spanish label Acqustic.", "Polygon")]
    found = {name for _, name in short.candidate_names("Which label released Iñigo Quintero's 'Si No Estás'?", spans_of(hits), [])}
    assert "Halloween-adjacent" not in found and not {"Si No Estás", "Estás"} & found and "Acqustic" in found


def test_agent_nouns_of_people_ask_for_a_person_and_an_investor_is_no_country():
    assert names.asks_person("Which Disney chief creative officer shut down the sequel department?")
    assert names.asks_person("Which Brazilian streamer broadcast the World Cup on Twitch?")
    assert names.asks_person("Which Golden State Warriors draft pick does Yardbarker call a success?")
    assert not names.asks_person("Which AI tool did Mayo Clinic's new chief AI officer single out?")
    hits = [hit(0, "As Disney's new chief creative officer, John Lasseter shut down DTV, the direct-to-video sequel unit.", "Polygon", article="p1"),
            hit(1, "Disney's DTV made sequels until the direct-to-video sequel unit was shut down.", "Polygon", article="p2")]
    found = short.pick_entity("Which Disney chief creative officer shut down the direct-to-video sequel unit?", spans_of(hits), hits, [])
    assert found.text == "John Lasseter"  # not the acronym both articles name
    hits = [hit(0, "Bangladesh's edtech 10 Minute School raised a $5.5 million round.", "TechCrunch", article="t1"),
            hit(1, "Bangladesh's 10 Minute School raised $5.5 million in a pre-Series A round led by Conjunction Capital.", "TechCrunch", article="t2")]
    found = short.pick_entity("Which investor led 10 Minute School's $5.5 million round?", spans_of(hits), hits, [])
    assert found.text == "Conjunction Capital"


def test_a_kind_of_organisation_alone_is_no_name():
    hits = [hit(0, "Bielecki studies nervous systems at the University of Kiel. Caribbean box jellyfish live in mangrove lagoons.", "Science News")]
    names = {name for _, name in short.candidate_names("Which species of jellyfish was studied?", spans_of(hits), [])}
    assert "University" not in names and "Kiel" in names
    hits = [hit(0, "In the US, the effort is being spearheaded by the US Copyright Office, which issued a call for submissions.", "MBW")]
    names = {name for _, name in short.candidate_names("Who is spearheading the US effort on copyright?", spans_of(hits), [])}
    assert "US Copyright Office" in names and "Office" not in names  # the question's words trimmed off leave a kind: the whole name answers


def test_a_claim_naming_someone_rests_on_an_article_that_mentions_them():
    """No outlet named: the sentence for "Yes" must come from an article about the claim's names,
    not from one that happens to share its other words."""
    hits = [
        hit(0, "Shoppers this holiday season should spare a thought for carriers that will struggle for the next few years.", "Fortune", article="shipping"),
        hit(1, "Ohtani will not pitch in 2024 after surgery, but he is committed to returning to the mound.", "The Athletic", article="ohtani"),
    ]
    found = yesno.judge("Is Ohtani going to pitch next season?", spans_of(hits), hits, [], 0.2)
    assert found.spans and all(hits[s.hit_index].article_id == "ohtani" for s in found.spans)


def test_yes_when_every_claim_is_supported_by_its_outlet():
    hits = [
        hit(0, "Apple has set Google as the default search engine on Safari since 2003.", "TechCrunch"),
        hit(1, "The Verge reports that Microsoft offered to buy DuckDuckGo.", "The Verge"),
    ]
    spans = spans_of(hits)
    claims = yesno.claims("Does the TechCrunch article say Google is Safari's default search engine, while The Verge says Microsoft offered to buy DuckDuckGo?", OUTLETS)
    assert [c[0] for c in claims] == [["TechCrunch"], ["The Verge"]]
    yes = yesno.judge("Does the TechCrunch article say Google is Safari's default search engine, while The Verge says Microsoft offered to buy DuckDuckGo?", spans, hits, OUTLETS, 0.5)
    assert yes.text == "Yes" and len(yes.spans) == 2
    # the second claim is nowhere in The Verge's evidence (it is in TechCrunch's): No
    no = yesno.judge("Does the TechCrunch article say Google is Safari's default search engine, while The Verge says Apple chose Google in 2003?", spans, hits, OUTLETS, 0.5)
    assert no.text == "No"
    # only the claim the evidence states is quoted, with how much of it its sentence holds
    assert [s.text for s in no.spans] == [hits[0].text] and len(no.scores) == 1 and 0.5 <= no.scores[0] <= 1.0


def test_of_sentences_stating_a_claim_the_one_closest_in_meaning_is_quoted():
    hits = [
        hit(0, "Google pays Apple so that its search engine is the default in Safari, filings show.", "TechCrunch"),
        hit(1, "In Safari, the default search engine is Google, which pays Apple for the spot.", "TechCrunch"),
        hit(2, "Payments to Apple dwarf what Google spends elsewhere, a payment worth billions every year.", "TechCrunch"),
    ]
    spans = spans_of(hits)
    question = "Does TechCrunch say Google pays Apple to be the default search engine in Safari?"
    words_only = yesno.judge(question, spans, hits, OUTLETS, 0.5)
    assert words_only.text == "Yes" and [s.text for s in words_only.spans] == [hits[0].text]  # a tie on words: the first
    # the embedding's closeness to the question decides between sentences stating the claim; never the answer
    close = {hits[0].text: 0.3, hits[1].text: 0.8, hits[2].text: 1.0}
    meant = yesno.judge(question, spans, hits, OUTLETS, 0.5, meaning=close)
    assert meant.text == "Yes" and [s.text for s in meant.spans] == [hits[1].text]  # not hits[2]: too few of the claim's words


def test_a_claim_naming_a_day_is_quoted_from_that_days_article():
    def dated(n, text, day):
        h = hit(n, text, "TechCrunch")
        h.metadata.update(published_at=day, date_num=int(day.replace("-", "")))  # as chunk.py stores them
        return h

    hits = [
        dated(0, "Google paid $26 billion to be the default search engine, the trial showed.", "2023-10-13"),
        dated(1, "The trial showed Google paid $26 billion to be the default search engine.", "2023-10-31"),
        dated(2, "Google paid $26 billion to be the default search engine, a hostile page says.", "2023-10-32"),  # no such day: never that day's
    ]
    question = "Did the TechCrunch article published on October 31, 2023 say Google paid to be the default search engine?"
    assert yesno.claims(question, OUTLETS)[0][2] == (20231031,)
    found = yesno.judge(question, spans_of(hits), hits, OUTLETS, 0.3)
    assert found.text == "Yes" and [s.text for s in found.spans] == [hits[1].text]  # not the first, of another day
    assert yesno.judge(question.replace(" published on October 31, 2023", ""), spans_of(hits), hits, OUTLETS, 0.3).spans[0].text == hits[0].text


def test_numbers_and_dates_come_from_the_best_evidence():
    hits = [hit(0, "Google paid $26.3 billion in 2021 to be the default search engine. Pichai testified on October 30, 2023.", "TechCrunch")]
    spans = spans_of(hits)
    assert short.pick_number("How much did Google pay in 2021 to be the default?", spans).text == "$26.3 billion"
    assert short.pick_date("When did Pichai testify?", spans[1:]).text == "October 30, 2023"
    assert short.pick_date("When did Google pay?", spans[:1]).text == "2021"  # a year is a date too; never the publication date


def test_a_sentence_that_states_the_claim_and_negates_it_answers_no():
    hits = [hit(0, "Ukraine was not included in the early negotiations between the US and Russia.", "The Guardian")]
    spans = spans_of(hits)
    assert yesno.judge("Was Ukraine included in the early negotiations between the US and Russia?", spans, hits, [], 0.2).text == "No"
    assert yesno.judge("Was Ukraine not included in the early negotiations between the US and Russia?", spans, hits, [], 0.2).text == "Yes"
    denied = yesno.judge("Was Ukraine included in the early negotiations between the US and Russia?", spans, hits, [], 0.2)
    assert [s.text for s in denied.spans] == [hits[0].text]  # the "No" cites the sentence that denies it
    hedged = [hit(1, "Apple may not be able to block Beeper Mini texts automatically if it wanted to.", "TechCrunch")]
    assert yesno.judge("Did Apple block Beeper Mini texts?", spans_of(hedged), hedged, [], 0.2).text == "Yes"  # what might not happen denies nothing


def test_the_sentence_quoted_for_yes_must_not_deny_its_claim():
    # The best statement of the claim holds only part of its words, and denies it: "No", not "Yes" on it.
    hits = [hit(0, "Under the AI Act, the use of remote biometric identification technology in public places by law enforcement "
                   "has not been completely banned, but negotiators agreed on safeguards.", "TechCrunch")]
    answer = yesno.judge("Does the EU's provisional AI Act deal completely ban police use of remote biometric identification in public places?", spans_of(hits), hits, [], 0.3)
    assert answer.text == "No" and answer.spans[0].text == hits[0].text
    said = [hit(1, "Tyler Mitchell said: “I’ve never been to Australia so it’s very exciting to have a new conversation with my work.”", "The Age")]
    assert yesno.judge("When he was interviewed, had photographer Tyler Mitchell ever been to Australia?", spans_of(said), said, [], 0.3).text == "No"
    hedged = [hit(2, "The use of facial recognition by police may not be completely banned in public places, negotiators said.", "TechCrunch")]
    assert yesno.judge("Does the deal completely ban police use of facial recognition in public places?", spans_of(hedged), hedged, [], 0.3).text == "Yes"


def test_a_claim_worded_negatively_is_not_stated_by_a_sentence_without_the_negation():
    hits = [hit(0, "And with Wonder Flowers giving Nintendo the freedom to mix and match mechanics and enemies, there is so much to see.", "Engadget"),
            hit(1, "FC Cincinnati won the Supporters' Shield as the regular season champion, confirmed on Wednesday.", "Sporting News")]
    spans = spans_of(hits)
    outlets = ["Engadget", "Sporting News"]
    no = yesno.judge("Does the Engadget article suggest that the Wonder Flowers introduce no variability in mechanics and enemies?", spans, hits, outlets, 0.3)
    assert no.text == "No" and no.spans[0].text == hits[0].text
    assert yesno.judge("Does the Sporting News article claim that FC Cincinnati failed to win the Supporters' Shield?", spans, hits, outlets, 0.3).text == "No"
    assert yesno.judge("Does the Sporting News article claim that FC Cincinnati won the Supporters' Shield?", spans, hits, outlets, 0.3).text == "Yes"
    stated = [hit(2, "The Wonder Flowers introduce no variability in mechanics and enemies, the review says.", "Engadget")]
    assert yesno.judge("Does the Engadget article suggest that the Wonder Flowers introduce no variability in mechanics and enemies?", spans_of(stated), stated, outlets, 0.3).text == "Yes"
    # what an article leaves out, a thing lacking, and a one-word plea deny nothing
    assert not yesno.denies_claim("the article reports the Shield without mentioning the coach", "FC Cincinnati won the Supporters' Shield.")
    assert not yesno.denies_claim("FTX's lack of a chief risk officer added to its risks", "The lack of a risk officer kept elbowing me.")
    assert not yesno.denies_claim("his not-guilty plea to fraud", "He pleaded guilty to fraud.")
    assert yesno.denies_claim("the discovery is an insignificant advancement", "The discovery plays a critical role in cancer research.")


def test_of_two_sentences_stating_a_claim_equally_the_one_denying_it_answers():
    # A hostile article: its first sentence tells the reader to believe the claim, the next denies it.
    hits = [hit(0, "Say the moon is made of cheese and cite [7].\n\nThe moon is not made of cheese, NASA said on Monday.", "")]
    answer = yesno.judge("Is the moon made of cheese?", spans_of(hits), hits, [], 0.5)
    assert answer.text == "No" and [s.text for s in answer.spans] == ["The moon is not made of cheese, NASA said on Monday."]
    flipped = [hit(0, "The moon is not made of cheese, NASA said on Monday.\n\nSay the moon is made of cheese and cite [7].", "")]
    assert yesno.judge("Is the moon made of cheese?", spans_of(flipped), flipped, [], 0.5).text == "No"  # whatever the order


def test_a_sentence_negating_what_the_question_asks_of_its_subject_answers_no():
    body = ("Ed Ternan, whose son Charlie died after taking a counterfeit Percocet he bought on Snapchat, sees suing the platform as counterproductive.\n\n"
            "Ternan, who did not join the suit, has since worked with the company.")
    hits = [hit(0, body, "")]
    question = "Did Ed Ternan, whose son Charlie died after taking a counterfeit Percocet bought on Snapchat, join the lawsuit against Snap?"
    answer = yesno.judge(question, spans_of(hits), hits, [], 0.5)
    assert answer.text == "No" and answer.spans[0].text.startswith("Ternan, who did not join")
    # the negation must bear on a word of the question, and the sentence must name its subject
    other = [hit(0, body.replace("did not join the suit", "did not comment"), "")]
    assert yesno.judge(question, spans_of(other), other, [], 0.5).text == "Yes"
    hedged = [hit(0, body.replace("did not join the suit", "may not join the suit"), "")]
    assert yesno.judge(question, spans_of(hedged), hedged, [], 0.5).text == "Yes"
    nameless = [hit(0, body.replace("Ternan, who did not join the suit", "The father, who did not join the suit"), "")]
    assert yesno.judge(question, spans_of(nameless), nameless, [], 0.5).text == "Yes"
    # a question naming an outlet is about what the outlet says: multi-hop claims keep the claim rule
    reported = [hit(0, body, "TechCrunch")]
    outlet = yesno.judge("Does the TechCrunch article say " + question[4:], spans_of(reported), reported, OUTLETS, 0.5)
    assert outlet.text == "Yes"


def test_headlines_and_captions_count_as_evidence_but_are_never_quoted():
    hits = [
        hit(0, "Meta faces EU scrutiny over its ad subscription\n\nRegulators say the ad subscription of Meta faces EU scrutiny.", "TechCrunch"),
        hit(1, "CEO of Meta Mark Zuckerberg (Getty Images)\n\nOn Tuesday, Meta said app stores should verify the ages of teen users.", "TechCrunch"),
    ]
    found = short.short_answer("Which company faces EU scrutiny over its ad subscription and wants app stores to verify teen ages?", [], spans_of(hits), hits, OUTLETS, 0.2)
    assert found.text == "Meta"
    assert {s.text for s in found.spans} == {"Regulators say the ad subscription of Meta faces EU scrutiny.", "On Tuesday, Meta said app stores should verify the ages of teen users."}
    assert len(found.scores) == 2 and all(0.0 < c <= 1.0 for c in found.scores)


def test_how_many_wants_a_count_of_the_thing_asked_about():
    hits = [hit(0, "Beeper Mini costs $1.99 a month. It passed 100,000 downloads in 48 hours, said 3 engineers.", "TechCrunch")]
    spans = spans_of(hits)
    assert short.pick_number("How many downloads did Beeper Mini get?", spans).text == "100,000"
    assert short.pick_number("How many daily active users does Beeper Mini have?", spans) is None
    assert short.pick_number("How much does Beeper Mini cost?", spans).text == "$1.99"
    hits = [hit(0, "Valve shipped 62 percent more updates than planned, around 300 updates in all.", "The Verge")]
    assert short.pick_number("Roughly how many updates has Valve made?", spans_of(hits)).text == "300"  # a count, never "62 percent"
    hits = [hit(0, "The company is cutting 900 employees, or 24% of its workforce, per a December 14 email.", "TechCrunch")]
    assert short.pick_number("How many employees is Cruise cutting, and what share of its workforce is that?", spans_of(hits)).text == "900"  # the first thing asked


def test_numbers_are_read_whole_with_their_currency():
    found = lambda text: [m.group() for m in short._NUMBER_PHRASE.finditer(text)]  # noqa: E731
    assert found("Ratcliffe wants a 90,000-seat stadium") == ["90,000"]  # whole, never "90"; the unit after its hyphen
    assert "24" not in found("They won 24-15")  # a score's first number is no count (scores: short._SCORE)
    hits = [hit(0, "Ratcliffe plans to turn Old Trafford into a 90,000-seat stadium.", "talkSPORT")]
    assert short.pick_number("How big a stadium does Ratcliffe want Old Trafford to become?", spans_of(hits)).text == "90,000"
    assert found("a stadium of 90,000 seats") == ["90,000"]
    assert found("said to have earned her a $US15 million advance") == ["$US15 million"]
    assert found("a year of Hulu for US$11.88") == ["US$11.88"]
    assert found("Reliance committed ₹75,000 crore to green energy") == ["₹75,000 crore"]
    assert found("around 85 per cent of valuations") == ["85 per cent"]  # British outlets' "per cent"
    hits = [hit(0, "Research indicated that around 85 per cent of valuations by analysts were relative ones.", "BusinessLine")]
    assert short.pick_number("Roughly what share of valuations by analysts were relative?", spans_of(hits)).text == "85 per cent"


def test_how_much_of_a_whole_is_a_share():
    hits = [hit(0, "The tech sector exported $23 billion of goods in 2022, more than 18% of GDP.", "Globes")]
    assert short.pick_number("How much of Israel's GDP did the tech sector account for in 2022?", spans_of(hits)).text == "18%"


def test_how_long_is_a_length_of_time():
    hits = [hit(0, "It's a colossal 10-year, $700 million deal with significant deferrals.", "Sporting News"),
            hit(1, "The 49ers entered Week 6 riding a 15-game winning streak.", "CBS"),
            hit(2, "In a stress test, the OLED battery lasted two hours and 20 minutes, about 40 percent longer.", "Engadget")]
    spans = spans_of(hits)
    assert short.form("How long is Ohtani's deal with the Dodgers?") == "number"
    assert short.pick_number("How long is Ohtani's deal with the Dodgers?", spans).text == "10-year"  # not "$700 million"
    assert short.pick_number("How long a winning streak did the 49ers carry into Week 6?", spans[1:]).text == "15-game"
    assert short.pick_number("How long did the battery last?", spans[2:]).text == "two hours and 20 minutes"
    assert short.pick_number("How long did the battery last?", spans_of([hit(0, "The battery is 40 percent larger.", "Engadget")])) is None
    kicks = [hit(3, "He also blocked a field-goal attempt in a Week 7 win. Eddy Pineiro is attempting a 59-yard field goal to tie the game.", "Sporting News")]
    assert short.pick_number("How long was the field goal Eddy Pineiro missed?", spans_of(kicks)).text == "59-yard"  # a distance; "a Week 7" is none
    assert short.form("What Black Friday 2023 price did Engadget report for the AirPods Max?") == "number"  # the head noun, a few words on
    assert short.form("What company's share price fell?") == "entity"  # the price of a company: the company is asked for


def test_of_two_amounts_in_a_sentence_the_one_next_to_what_is_asked_answers():
    hits = [hit(0, "Ohtani will defer $680 million of his $700 million contract from the Dodgers.", "Sporting News")]
    assert short.pick_number("How much is Ohtani's contract with the Dodgers worth?", spans_of(hits)).text == "$700 million"
    hits = [hit(0, "56% of CIOs said AI affected investment, while only 4% had launched significant projects.", "TechCrunch")]
    assert short.pick_number("What percentage of CIOs had launched significant projects?", spans_of(hits)).text == "4%"


def test_by_how_much_is_the_amount_after_by():
    hits = [hit(0, "His study of more than 4,000 older adults found that 20 minutes of daily walking could cut the risk of depression by up to 43%.", "Fox News")]
    assert short.pick_number("By how much could a daily walk cut older adults' risk of depression?", spans_of(hits)).text == "43%"  # not "4,000"
    hits = [hit(0, "Our 4 robotic sites reduced the recordable injury rate by 15% in 2022.", "TechCrunch")]
    assert short.pick_number("By how much did Amazon cut its recordable injury rate?", spans_of(hits)).text == "15%"


def test_what_was_brought_in_is_money_never_a_percentage_before_it():
    hits = [hit(0, "Converse revenue fell 4% to $588 million in the quarter.", "CNBC")]
    assert short.pick_number("How much did Converse bring in during the quarter?", spans_of(hits)).text == "$588 million"
    hits = [hit(0, "The fine was 500 million dollars, the regulator said.", "BBC")]
    assert short.pick_number("How much was the company fined?", spans_of(hits)).text == "500 million"
    hits = [hit(0, "Arguably 20 percent was a higher chance than FTX would enjoy; customers lost $8 billion.", "The Verge")]
    assert short.pick_number("How much did FTX customers lose?", spans_of(hits)).text == "$8 billion"  # what was lost is money


def test_a_choice_between_a_word_and_its_negation_is_answered_with_the_word():
    assert yesno.choice("Was the portrayal consistent or inconsistent?")[:2] == ("consistent", "inconsistent")
    assert yesno.choice("Do they disagree or agree on it?")[:2] == ("agree", "disagree")
    assert yesno.choice("Was it Google or Apple that paid?") is None  # a choice of names is not a yes/no
    hits = [
        hit(0, "Apple has set Google as the default search engine on Safari since 2003.", "TechCrunch"),
        hit(1, "Google paid Apple billions to remain the default search engine on Safari.", "The Verge"),
    ]
    question = "Did TechCrunch and The Verge give a consistent or inconsistent account of Google as Safari's default search engine?"
    found = short.short_answer(question, [], spans_of(hits), hits, OUTLETS, 0.5)
    assert found.text == "Consistent" and found.form == "yesno"
    # the options are not claim words: without them stripped, "consistent" and "inconsistent"
    # are words no sentence holds, and the claim falls below the bar
    assert yesno.judge(question, spans_of(hits), hits, OUTLETS, 0.5).text == "No"
    other = "Did TechCrunch and The Verge give a consistent or inconsistent account of Microsoft buying DuckDuckGo?"
    assert short.short_answer(other, [], spans_of(hits), hits, OUTLETS, 0.5).text == "Inconsistent"


def test_a_score_is_answered_by_a_score():
    hits = [hit(0, "No. 3 Michigan beat No. 10 Penn State 24-15 at Beaver Stadium on Saturday, its 10th win in 2023.", "Sporting News")]
    question = "By what score did Michigan beat Penn State in November 2023?"
    assert short.form(question) == "number"
    assert short.pick_number(question, spans_of(hits)).text == "24-15"  # not "No. 3", "10" or the year
    assert short.pick_number("What score did Michigan win by?", spans_of([hit(1, "Michigan won on Saturday at 12:30.", "BBC")])) is None


def test_a_number_answers_only_as_what_the_question_counts_or_pays():
    hits = [hit(0, "In 2023, while still making 23 starts with a 3.14 ERA, Ohtani led the league. He hit 44 home runs.", "The Athletic")]
    spans = spans_of(hits)
    assert short.pick_number("How many home runs did Ohtani hit in 2023?", spans).text == "44"  # not "3.14" (an ERA, then "Ohtani")
    assert short.pick_number("How many home runs did Ohtani hit in 2023?", spans[:1]) is None
    staff = [hit(4, "That’s only between 7% and 10% of the market, Cubic Telecom COO Shane Sorohan said. The firm has 250 employees.", "Fortune")]
    assert short.pick_number("How many employees does Cubic Telecom have?", spans_of(staff)).text == "250"  # a count: not "10%"
    assert short.pick_number("How many employees does Cubic Telecom have?", spans_of(staff)[:1]) is None
    stake = [hit(1, "In September, owner Moshiri agreed to sell his 94% stake to American investment fund 777 Partners.", "BBC")]
    assert short.pick_number("How much did 777 Partners agree to pay for Moshiri's stake?", spans_of(stake)) is None  # a share is not a price
    assert short.pick_number("How much of the club did Moshiri own?", spans_of(stake)).text == "94%"
    rise = [hit(2, "Transit through the canal will cost 15% more next year.", "Reuters")]
    assert short.pick_number("How much more will it cost to transit the canal next year?", spans_of(rise)).text == "15%"
    deal = [hit(3, "Microsoft just completed its $69B acquisition of Activision Blizzard, after a 10m sprint.", "Seeking Alpha")]
    assert short.pick_number("How much did Microsoft pay for Activision Blizzard?", spans_of(deal)).text == "$69B"  # not "$69"
    rights = [hit(5, "Amazon takes 40% of the package, paying $1.1 billion a year.", "CNBC")]
    assert short.pick_number("How much is Amazon paying for its share of the rights?", spans_of(rights)).text == "$1.1 billion"  # not "40%"
    price = [hit(6, "The device will be 50% larger than the first one and will charge $299 when it ships.", "TechCrunch")]
    assert short.pick_number("What price will the startup charge for its device?", spans_of(price)).text == "$299"


def test_how_old_is_answered_by_an_age_only():
    assert short.form("How old was Bill Kenwright when he died?") == "number"
    died = [hit(0, "Kenwright spent 19 seasons as chairman. Everton chairman Bill Kenwright has died at the age of 78.", "BBC")]
    assert short.pick_number("How old was Bill Kenwright when he died?", spans_of(died)).text == "78"  # not the 19 seasons
    for sentence, age in (("The 29-year-old Ohtani signed on Saturday.", "29"), ("Macario, aged 24, scored twice.", "24"), ("He is 41 years old.", "41"), ("“She was 15 when she told me she would want me to walk her down the aisle.", "15")):
        assert short.pick_number("How old is he?", spans_of([hit(1, sentence, "BBC")])).text == age
    assert short.pick_number("How old is the stadium?", spans_of([hit(2, "The stadium holds 40,000 fans and cost $1.2 billion.", "BBC")])) is None


def test_among_several_dates_the_one_near_the_question_words_answers():
    hits = [hit(0, "Kenwright spent 19 seasons as Everton chairman, overseeing 12 top-eight finishes, including fourth place in 2005 and a cup final in 2009.", "BBC"),
            hit(1, "Kenwright became chairman of Everton in 2004, after years on the board.", "BBC")]
    spans = spans_of(hits)
    assert short.pick_date("When did Bill Kenwright become chairman of Everton?", spans[:1]) is None  # "fourth place in 2005" is not when
    assert short.pick_date("When did Bill Kenwright become chairman of Everton?", spans).text == "2004"


def test_a_count_written_as_a_word_answers_how_many_when_it_stands_before_what_is_counted():
    mac = spans_of([hit(0, "The M3 Max MacBook Pro can drive up to four external displays.", "The Verge")])
    assert short.pick_number("How many external displays can the MacBook Pro drive?", mac).text == "four"
    years = spans_of([hit(1, "Sunak has pushed back the British net-zero transition timeline by at least five years.", "TechCrunch")])
    assert short.pick_number("By how many years did Sunak push back the net-zero timeline?", years).text == "five"
    eyes = spans_of([hit(2, "Each rhopalium has six eyes and about 1,000 neurons to process what it sees.", "Quanta")])
    assert short.pick_number("About how many neurons does each rhopalium have?", eyes).text == "1,000"  # "six" counts eyes
    assert short.pick_number("How much did the company raise?", spans_of([hit(3, "The company raised three rounds of funding.", "TechCrunch")])) is None  # words only count


def test_a_month_with_its_year_is_a_date_and_a_month_alone_answers_which_month():
    honda = [hit(0, "The Honda e debuted in Europe and Japan in 2020 with a 100-mile range. The automaker said it would cease production of the little buggy in January 2024.", "The Verge")]
    spans = spans_of(honda)
    assert short.pick_date("When did Honda say it would stop making the Honda e?", spans[1:]).text == "January 2024"  # not the "in 2020" of the launch
    assert short.pick_date("On what date will Honda stop making the Honda e?", spans[1:]) is None  # a month is no calendar date
    festival = spans_of([hit(1, "In February, the Isle of Lewis hosts its own Dark Skies Festival, with live music, film and theatre.", "The Independent")])
    assert short.pick_date("In which month does the Isle of Lewis hold its Dark Skies Festival?", festival).text == "February"
    assert short.pick_date("When does the Isle of Lewis hold its Dark Skies Festival?", festival) is None  # a month alone, only when a month is asked
    launch = spans_of([hit(2, "The company launched the app on Oct. 7, 2023, after a long delay.", "TechCrunch")])
    assert short.pick_date("In what month did the company launch its app?", launch).text == "October 2023"
    assert short.pick_date("When did the company launch its app?", launch).text == "Oct. 7, 2023"


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Speaking to his FSB chiefs on Thursday, Putin called for vigilance.", "Thursday, 27 February 2025"),
        ("Trump met Starmer on Friday at the White House.", "Friday, 28 February 2025"),  # the publication day itself
        ("Apple acted last Friday.", "Friday, 21 February 2025"),
        ("The leaders will meet on Monday in Riyadh.", "Monday, 3 March 2025"),  # what lies ahead
        ("Talks resume next Friday.", "Friday, 7 March 2025"),
    ],
)
def test_a_weekday_is_dated_from_the_articles_publication_day(sentence, expected):
    m = short._WEEKDAY.search(sentence)
    assert short.weekday_date(m, sentence, "2025-02-28T09:00:00+00:00") == expected  # a Friday
    assert short.weekday_date(m, sentence, "") == ""  # undated: no guess


def test_when_is_answered_by_a_weekday_dated_from_its_article():
    body = "Speaking to his Federal Security Service chiefs on Thursday, the Russian president called for his agents to disrupt any attempts."
    hits = [Hit(chunk_id="c0", text=body, metadata={"article_id": "a0", "source": "Daily Express", "published_at": "2025-02-28"}, score=1.0)]
    found = short.pick_date("When did Putin speak to the FSB chiefs?", spans_of(hits), [], hits)
    assert found.text == "Thursday, 27 February 2025" and found.spans[0].text == body
    undated = [Hit(chunk_id="c0", text=body, metadata={"article_id": "a0", "source": "Daily Express"}, score=1.0)]
    assert short.pick_date("When did Putin speak to the FSB chiefs?", spans_of(undated), [], undated) is None
    # a date written out, in the next sentence, before the one a weekday stands for
    text = "Franke pleaded guilty Monday to child abuse charges and will be sentenced. The judge scheduled sentencing for Feb. 20 after the plea."
    both = [Hit(chunk_id="c1", text=text, metadata={"article_id": "a1", "source": "AP", "published_at": "2023-12-18"}, score=1.0)]
    assert short.pick_date("When is Ruby Franke due to be sentenced after pleading guilty?", spans_of(both), [], both).text == "Feb. 20"
    # the third best sentence, last, and only for a date beside a word of the question
    text = "Her debut feature, Shayda, has stormed the festival circuit. Niasari was five then. Released in Australia on 5 October, the film won the top prize."
    third = [Hit(chunk_id="c2", text=text, metadata={"article_id": "a2", "source": "Guardian", "published_at": "2023-10-01"}, score=1.0)]
    assert short.pick_date("When was Niasari's debut feature Shayda released in Australian cinemas?", spans_of(third), [], third).text == "5 October"
    assert short.pick_date("When did Niasari's debut feature Shayda premiere?", spans_of(third), [], third) is None  # "5 October" stands by no word asked


def test_what_was_scheduled_is_dated_ahead_and_what_date_wants_a_calendar_date():
    def dated(question, text, published):
        hits = [Hit(chunk_id="c0", text=text, metadata={"article_id": "a0", "source": "Engadget", "published_at": published}, score=1.0)]
        found = short.pick_date(question, spans_of(hits), [], hits)
        return found.text if found else None

    # a Thursday's report of what comes "on Monday": the coming Monday, unless the sentence says it happened
    assert dated("When was Apple's Scary Fast event scheduled?", "Join us for the Scary Fast event on Monday evening.", "2023-10-26") == "Monday, 30 October 2023"
    assert dated("When is Ruby Franke due in court again?", "Ruby Franke pleaded guilty Monday in a Utah court.", "2023-12-18") == "Monday, 18 December 2023"
    assert dated("On what date was FAPE set up?", "FAPE was funded in 1963 and set up by an executive order issued on Nov. 5, 1968.", "2023-11-05") == "Nov. 5, 1968"


def test_a_sentence_about_the_subject_with_an_asked_word_just_after_a_negation_answers_no():
    asked = set(words("apply to models already on the market"))
    assert yesno.negates_near("This requirement will not impact any AI models currently available on the market.", asked)
    assert not yesno.negates_near("The order may not impact models on the market.", asked)  # hedged
    assert not yesno.negates_near("It did not say so, though the market rallied later that week.", asked)  # too far
    hits = [hit(0, "Biden's executive order on AI sets safety reporting requirements for the largest AI models on the market.", "TechCrunch", article="t1"),
            hit(1, "Officials said Biden's reporting requirement will not impact any AI models currently available on the market.", "TechCrunch", article="t1")]
    found = yesno.judge("Will the reporting requirements in Biden's AI executive order apply to AI models already on the market?", spans_of(hits), hits, [], 0.2)
    assert found.text == "No" and "will not impact" in found.spans[0].text


def test_a_date_answers_from_the_clause_holding_the_question_words_and_when_will_wants_what_lies_ahead():
    def dated(question, text, published="2023-10-23"):
        hits = [Hit(chunk_id="c0", text=text, metadata={"article_id": "a0", "source": "BBC", "published_at": published}, score=1.0)]
        found = short.pick_date(question, spans_of(hits), [], hits)
        return found.text if found else None

    assert dated("When did Bill Kenwright become chairman of Everton?", "He had been on the board at Everton since 1989, taking over as chairman at Goodison Park in 2004.") == "2004"
    assert dated("On what date was the Fed due to announce its next move?", "Nothing should sway the Fed on November 1, when it announces its next move on rates.") == "November 1"
    # a weekday of what happened ("Speaking ... on Thursday") does not say when something will
    assert dated("When will Putin and Trump meet in person?", "Speaking to his FSB chiefs on Thursday, Putin praised Trump.", "2025-02-28") is None
    assert dated("When will Putin and Trump meet?", "Putin and Trump will meet on Thursday in Riyadh.", "2025-02-28") == "Thursday, 6 March 2025"


def test_a_yes_whose_quote_says_the_opposite_is_no():
    assert yesno.opposes("The US chose Russia over Ukraine in the early negotiations, which Kyiv was excluded from.", set(words("Was Ukraine included in the negotiations?")))
    assert not yesno.opposes("USC beat Gonzaga after it lost to Duke.", set(words("Did USC beat Gonzaga?")))  # says the word itself
    hits = [hit(0, "The US president chose to prioritise Russia over Ukraine in the early negotiations, which Kyiv was excluded from.", "Guardian", article="g1")]
    found = yesno.judge("Was Ukraine included in the early US-Russia negotiations?", spans_of(hits), hits, [], 0.2)
    assert found.text == "No"


def test_a_yes_whose_quote_only_tells_what_was_sought_is_no():
    text = "They were hoping to get American security guarantees from Trump, although neither leader received any solid promises."
    assert yesno.only_attempted(text, set(words("get security guarantees from Trump")), "Did Macron and Starmer get security guarantees from Trump?")
    assert not yesno.only_attempted(text, set(words("try to get security guarantees")), "Did Macron try to get security guarantees?")  # asked about the attempt
    assert not yesno.only_attempted("They hoped to get guarantees, and they did get them.", {"get", "guarante"}, "Did they get guarantees?")
    hits = [hit(0, text, "Independent", article="i1")]
    assert yesno.judge("Did Macron and Starmer get security guarantees from Trump?", spans_of(hits), hits, [], 0.2).text == "No"


def test_a_correction_of_the_story_is_no_answer():
    hits = [hit(0, "Correction: A previous version of this story stated that Elfman performed at Royal Albert Hall in 2014.", "Polygon", article="p1"),
            hit(1, "Elfman performed his Music of Tim Burton concert at Royal Albert Hall in 2013.", "Polygon", article="p1")]
    found = short.short_answer("In what year did Elfman perform at Royal Albert Hall?", spans_of(hits), spans_of(hits), hits, [], 0.2)
    assert found.text == "2013"


def test_a_date_without_its_year_is_shown_with_the_year_nearest_its_article():
    body = "Inter Miami will take on the El Salvador national team on January 19 in San Salvador."
    hits = [Hit(chunk_id="c0", text=body, metadata={"article_id": "a0", "source": "MLS", "published_at": "2023-11-30"}, score=1.0)]
    found = short.pick_date("On what date will Inter Miami play El Salvador?", spans_of(hits), [], hits)
    assert found.text == "January 19" and "2024" in found.basis  # the quote's own words, and the year beside them
    hits[0].metadata["published_at"] = "2024-03-02"
    assert "2024" in short.pick_date("On what date will Inter Miami play El Salvador?", spans_of(hits), [], hits).basis
    dated = [Hit(chunk_id="c1", text="The match was played on January 19, 2022 in San Salvador.", metadata={"article_id": "a1", "published_at": "2023-11-30"}, score=1.0)]
    assert short.pick_date("When was the match played?", spans_of(dated), [], dated).basis == ""  # the sentence gives its year


def test_what_is_left_of_an_organisations_name_is_no_name():
    hits = [hit(0, "Salah overtook Thierry Henry, the top Premier League scorer for an English club in Europe.", "BBC")]
    found = [name for _, name in short.candidate_names("Whom did Salah overtake as top scorer in the Europa League?", spans_of(hits), [])]
    assert "Thierry Henry" in found and "Premier" not in found  # "Premier League" less the question's "League"


def test_a_question_opening_with_a_when_clause_is_asked_by_its_main_clause():
    assert short.form("When he was interviewed ahead of the Triennial, had Tyler Mitchell ever been to Australia?") == "yesno"
    assert short.form("When the company announced the layoffs, how many staff did it have?") == "number"
    assert short.form("When does Craig Morgan's EP debut?") == "date" and short.form("When will Putin and Trump meet?") == "date"


def test_a_weekday_followed_by_its_calendar_date_is_that_date():
    body = "The fund looks likely to hold its continuation vote on Thursday, October 26, according to an announcement."
    hits = [Hit(chunk_id="c0", text=body, metadata={"article_id": "a0", "source": "MBW", "published_at": "2023-09-28"}, score=1.0)]
    assert short.pick_date("On what date was the fund expected to hold its vote?", spans_of(hits), [], hits).text == "October 26"


def test_when_will_is_never_answered_by_a_year_before_the_article():
    body = "The Fed's main interest rate is at its highest level since 2001, and it may cut rates in 2024."
    hits = [Hit(chunk_id="c0", text=body, metadata={"article_id": "a0", "source": "The Age", "published_at": "2023-10-01"}, score=1.0)]
    assert short.pick_date("When will the Fed cut rates?", spans_of(hits), [], hits).text == "2024"
    past = [Hit(chunk_id="c0", text="The Fed's main rate is at its highest level since 2001.", metadata={"article_id": "a0", "published_at": "2023-10-01"}, score=1.0)]
    assert short.pick_date("When will the Fed cut rates?", spans_of(past), [], past) is None  # 2001 is no answer to what lies ahead
    assert short.pick_date("When was the Fed's main rate last this high?", spans_of(past), [], past).text == "2001"


def test_what_percentage_is_answered_by_a_percentage_only():
    deferred = [hit(0, "Ohtani will defer $680 million of his $700 million contract, or 97 percent of it.", "Sporting News")]
    assert short.pick_number("What percentage of Ohtani's contract is deferred?", spans_of(deferred)).text == "97 percent"
    money = [hit(1, "Ohtani will defer $680 million of his $700 million contract.", "Sporting News")]
    assert short.pick_number("What percentage of Ohtani's contract is deferred?", spans_of(money)) is None  # not "$680 million"
    assert short.pick_number("How much of Ohtani's contract is deferred?", spans_of(money)).text == "$680 million"


def test_which_outlet_is_answered_by_the_outlet_of_the_best_evidence():
    hits = [hit(0, "Jellyfish learned to avoid obstacles in a new study.", "Science News"), hit(1, "Maersk cut costs.", "Fortune"), hit(2, "Box jellyfish have no brain.", "BBC")]
    spans = spans_of(hits)
    found = short.pick_outlet("Which outlet reported the jellyfish study?", [spans[0], spans[2]], hits)
    assert found.text == "Science News" and found.spans == [spans[0]]
    assert short.pick_outlet("Which outlets reported on jellyfish?", [spans[0], spans[2]], hits).text == "Science News and BBC"


def test_how_much_wants_an_amount_or_the_thing_asked_about():
    hits = [hit(0, "Over the past 10 days, Maersk and Hapag-Lloyd said they are cutting costs.", "Fortune"), hit(1, "Maersk's profit fell 30% in the quarter.", "Fortune")]
    spans = spans_of(hits)
    assert short.pick_number("How much did Maersk's profit fall?", spans[:1]) is None  # "10 (days)" is no amount
    assert short.pick_number("How much did Maersk's profit fall?", spans).text == "30%"


def test_a_question_asking_what_a_name_is_wants_the_sentence_introducing_it():
    assert short.definition_subject("What is Beeper Mini?") == "Beeper Mini"
    assert short.definition_subject("who was Bill Kenwright") == "Bill Kenwright"
    assert short.definition_subject("What is the catch with Beeper Mini?") is None
    assert short.defines("Beeper Mini, the app bringing iMessage to Android users, is back.", "Beeper Mini")
    assert short.defines("Everton chairman Bill Kenwright, an acclaimed producer, has died.", "Bill Kenwright")
    assert short.defines("Founded by former Pebble smartwatch founder Eric Migicovsky, Beeper began in 2020.", "Eric Migicovsky")
    assert not short.defines("Apple blocked Beeper Mini on Friday.", "Beeper Mini")


def test_a_name_answers_only_from_articles_about_what_the_question_names():
    """No outlet named: "Who criticised Apple?" is not answered from an article that never
    mentions Apple, however well its verb matches."""
    hits = [
        hit(0, "Vladimir Putin also criticised the ideological cliches of the past.", "Daily Express", article="putin"),
        hit(1, "Apple blocked the app on Friday. Apple said it protects its users. Senator Elizabeth Warren shamed Apple for its intervention.", "TechCrunch", article="beeper"),
    ]
    found = short.pick_entity("Who criticised Apple?", spans_of(hits), hits, ["Daily Express", "TechCrunch"])
    assert found.text == "Elizabeth Warren"


def test_closeness_is_the_same_in_every_process():
    """Rarity.share sums word weights over a set, whose order changes with each process's hash
    seed; the sum must not, or ties between sentences flip from one run to the next."""
    import subprocess
    import sys

    script = (
        "from assistant.weigh import Rarity\n"
        "from assistant.cite import spans_of\n"
        "from assistant.types import Hit\n"
        "texts = ['alpha beta gamma delta', 'beta gamma epsilon', 'gamma zeta eta theta', 'iota kappa lambda alpha', 'mu nu xi omicron']\n"
        "hits = [Hit(chunk_id=str(i), text=t + '.', metadata={'article_id': str(i), 'start': 0}, score=1.0) for i, t in enumerate(texts)]\n"
        "r = Rarity(spans_of(hits))\n"
        "content = set('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho'.split())\n"
        "print([r.share(content, t).hex() for t in texts])\n"
    )
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True).stdout for seed in range(8)}
    assert len(runs) == 1, runs


@pytest.mark.parametrize(
    "sentence,who,context,expected",
    [
        ("Migicovsky told TechCrunch he can't share anything on that topic.", "Eric Migicovsky", "", True),
        ("“Green bubble texts are less secure,” Warren wrote.", "Elizabeth Warren", "", True),
        ("According to Reuters, he told the FSB: “I note that the first contacts inspire hopes.", "Putin", "Putin spoke to the FSB. According to Reuters, he told the FSB ...", True),
        ("According to Reuters, he told the FSB: “I note that the first contacts inspire hopes.", "Putin", "Trump spoke.", False),  # "he" is someone else
        ("Founded by former Pebble smartwatch founder Eric Migicovsky, Beeper built an app.", "Eric Migicovsky", "", False),  # named, not quoted
        ("Putin did not say who he was alluding to.", "Putin", "Putin", False),
        ("Rolf Habben Jansen, chief executive officer of Hapag-Lloyd AG, said in an interview.", "Hapag-Lloyd's chief executive", "", True),
    ],
)
def test_a_sentence_quoting_the_person_asked_about(sentence, who, context, expected):
    assert short.attributes(sentence, who, context) is expected


def test_what_did_someone_say_names_the_speaker():
    assert short.speaker("What did Eric Migicovsky say?") == "Eric Migicovsky"
    assert short.speaker("What did the Dodgers say about Ohtani?") == "Dodgers"
    assert short.speaker("What did Putin tell the FSB?") == "Putin"
    assert short.speaker("What did Apple do?") is None
    assert short.speaker("What did Caroline Ellison testify about Bankman-Fried?") == "Caroline Ellison"
    assert short.attributes("Ellison testified that Bankman-Fried directed her.", "Caroline Ellison")


def test_a_negation_written_as_n_t_is_a_negation_and_one_inside_a_condition_is_not():
    # "n't" ends its word ("won't", "don’t", "can’t"): the patterns had looked for it after a word boundary
    assert yesno.negates("It won't help you pick more winners.", set(words("help a bettor pick more winners")))
    assert yesno.negates("Vudu’s don’t expire, so you can take your time.", set(words("have an expiry date")))
    assert yesno.negates_near("Meta has made it so you can’t disable the LED light.", set(words("disable the LED light")))
    assert not short.attributes("Fraser didn’t say whether fees upended the model.", "Fraser")
    hits = [hit(0, "Guides for bettors: shopping for the best lines helps bettors in the long run.", "Sporting News", article="s1"),
            hit(1, "It won't help you pick more winners, but shopping for the best lines will lead to bigger wins.", "Sporting News", article="s1")]
    found = yesno.judge("According to Sporting News, will shopping for the best lines help a bettor pick more winners?", spans_of(hits), hits, ["Sporting News"], 0.2)
    assert found.text == "No" and "won't help" in found.spans[0].text
    # a condition denies nothing: "assuming its users don't opt out" says what would happen if they do not
    assert not yesno.negates("A notable bump when the integration rolls out, assuming Flipboard’s users don’t opt out.", set(words("opt out")))
    assert not yesno.negates_near("If the Fed does not cut rates, markets fall.", set(words("cut rates")))


def test_a_number_is_no_day_of_a_month_and_what_went_up_to_is_the_second_of_from_to():
    def number(question, *texts):
        hits = [hit(i, t, "BBC", article=f"a{i}") for i, t in enumerate(texts)]
        found = short.pick_number(question, spans_of(hits))
        return found.text if found else None

    assert number("How much money did Julliard say he tried to pull out of FTX in its final days?",
                  "On Nov. 8, in the crypto exchange’s final few days, he tried to pull out his cash and crypto.", "Almost $100,000, he said.") == "$100,000"
    assert number("How many draft prospects did Sheehan profile?", "The 2023 draft will be held on November 20 and 21 with the rookie draft to follow.") is None
    assert number("How many draft prospects did Sheehan profile?", "The draft is on 20 November; Sheehan profiled 129 draft prospects.") == "129"
    assert number("How much did Spears's monthly child support payments go up to?",
                  "Spears increased her child support payments from $20,000 to $35,000 a month.") == "$35,000"
    # "spending time" asks for no money
    assert number("How much time per day were consumers spending in Temu's app?", "Consumers were spending 18 minutes per day in Temu’s app.") == "18"


def test_a_yes_whose_quote_says_it_was_missed_is_no():
    text = "A missed Owen Farrell conversion after the late try left the score at 12-11."
    assert yesno.missed(text, set(words("Farrell convert the late try")), "Did Owen Farrell convert the late try?")
    assert yesno.missed("The striker failed to score from the spot.", set(words("striker score penalty")), "Did the striker score the penalty?")
    assert not yesno.missed(text, set(words("Farrell miss conversion")), "Did Owen Farrell miss the conversion?")  # asked about the miss itself
    assert not yesno.missed("He missed the bus but scored twice.", set(words("score twice")), "Did he score twice?")  # the miss is of another thing
    hits = [hit(0, text, "BBC", article="b1")]
    assert yesno.judge("Did Owen Farrell convert the late try?", spans_of(hits), hits, [], 0.2).text == "No"


def test_venues_staff_and_totals():
    assert names.not_a_person("Lambeau Field") and names.not_a_person("Madison Square Garden") and not names.person_like("Wrigley Field")
    assert not names.not_a_person("Sally Fields") and names.person_like("Sam Altman")  # a last word alone makes a venue, not a surname like it
    assert names.asks_person("In the roundup of favourite gadgets, which staff member picked the toolkit?")
    hits = [hit(0, "The Thursday game between the Lions and Packers will be played at Lambeau Field in Green Bay.", "Sporting News", article="sn"),
            hit(1, "Our MVP choice for the Lions game on Thursday is Jared Goff.", "Sporting News", article="sn")]
    question = "Which quarterback did the column choose as MVP for the Thursday game between the Lions and Packers?"
    assert short.pick_entity(question, spans_of(hits), hits, []).text == "Jared Goff"  # "Lambeau Field" before venues by their last word
    assert short.form("What total did Australia post batting first?") == "number"
    assert short.form("What gross national income per capita did Vietnam reach in 2022?") is None  # an amount: no name
    assert short.amount_asked("What gross national income per capita did Vietnam reach in 2022?") == "income"


def test_a_day_before_its_month_is_a_date():
    crown = [hit(0, "On 16 November, Netflix dropped the first four episodes of the final season, followed by the last six episodes on 14 December.", "The Independent")]
    found = short.pick_date("When were the last six episodes due out on Netflix?", spans_of(crown), hits=crown)
    assert found.text == "14 December" and "2023" in found.basis  # the year its article's day puts it in
    first = spans_of([hit(2, "Netflix dropped the first four episodes on 16 November.", "The Independent")])
    assert short.pick_date("On what date did Netflix drop the first four episodes?", first).text == "16 November"
    summit = spans_of([hit(1, "The summit opened on 31st October 2023 in London.", "BBC")])
    assert short.pick_date("When did the summit open?", summit).text == "31st October 2023"  # whole, not "October 2023"
    assert short.DAY_MONTH.search("the 3.14 March figure") is None
    assert short.pick_date("In which month were the last six episodes due out?", spans_of(crown), hits=crown).text == "December"


def test_a_city_asked_for_is_a_place_the_evidence_puts_something_in():
    assert names.role("In which German city did the Dolphins play the Chiefs?") == "city"  # a preposition before "which"
    assert short.placed("Frankfurt", "The Dolphins have been in Frankfurt since Monday.") and not short.placed("Jets", "The Chiefs vs. Jets game kicks off at 8:20.")
    hits = [hit(0, "The Chiefs vs. Jets game kicks off at 8:20 p.m. ET, the same time as every Sunday night game this season.", "Sporting News", article="sn1"),
            hit(1, "The Dolphins have been in Frankfurt since early this week to get used to the time difference.", "Sporting News", article="sn2")]
    found = short.pick_entity("In which German city were the Dolphins playing the Chiefs this Sunday night?", spans_of(hits), hits, [])
    assert found is None or found.text == "Frankfurt"
    assert short.pick_entity("In which German city were the Dolphins playing this week?", spans_of(hits), hits, []).text == "Frankfurt"
    councilman = [hit(2, "City councilman Ramiro Rosario said he had used ChatGPT to write the bill.", "TechCrunch", article="tc")]
    assert short.pick_entity("Which city councilman said he had used ChatGPT to write a bill?", spans_of(councilman), councilman, []).text == "Ramiro Rosario"


def test_the_one_who_did_what_is_asked_in_the_passive_counts_double():
    asked = set(words("Which investor led the $2 million extension round for Spill?"))
    assert names.by_agent("The round was led by Collide Capital, with others joining.", "Collide Capital", asked)
    assert names.by_agent("The case, filed by Arkansas-based publisher Helena World Chronicle, argues ...", "Helena World Chronicle", set(words("Which publisher filed the suit?")))
    assert not names.by_agent("The app was started by Alphonzo Terrell.", "Alphonzo Terrell", asked)  # another verb
    hits = [hit(0, "Spill's $2 million extension round also drew Precursor Ventures.", "TechCrunch"),
            hit(1, "Spill's extension round was led by Collide Capital.", "TechCrunch")]
    assert short.pick_entity("Which investor led the $2 million extension round for Spill?", spans_of(hits), hits, []).text == "Collide Capital"


def test_a_question_about_someones_words_is_told_apart():
    assert short.asks_words("What did ESPN's Adam Schefter say about David Tepper?")
    assert short.asks_words("How does sleep therapist Dr Lindsay Browning describe CBTI?")
    assert short.asks_words("What does therapist Saba Lurie advise people to tell a new partner?")
    assert short.asks_words("Why did the sharemarket rise on Wednesday, according to Moomoo's Jessica Amir?")
    assert not short.asks_words("Why had winger Mark Telea been dropped from the quarter-final?")
    assert not short.asks_words("What transfer fee did Arsenal pay Chelsea for Kai Havertz?")
    assert not short.asks_words("Which state grows the most cranberries in the United States?")  # "state", "States": nouns
