"""Reading names in news text and questions: capitalised runs cut into names, which of them look
like a person, a place or an organisation, and whether a question asks for a person or several.
Our own code, by rules and word lists: no NER model ships offline (short.py picks the answer).
"""

from __future__ import annotations

import re

from .cite import words
from .plan import aliases, find_sources

# Words that say the question wants a person ("Which U.S. senator ...").
PERSON_WORDS = frozenset(
    """who whom whose individual individuals person people man woman leader leaders official officials politician senator
    president minister chairman ceo founder executive director manager coach owner investor entrepreneur character actor
    actress singer celebrity star figure author writer journalist judge lawyer candidate governor mayor scientist researcher
    professor athlete player striker pitcher quarterback kicker receiver goalkeeper defender midfielder winger prop
    driver spotter rider boxer fighter golfer batter catcher analyst economist spokesperson reporter editor producer designer
    engineer doctor attorney prosecutor defendant witness suspect victim artist musician rapper comedian captain spokesman
    spokeswoman mother father wife husband son daughter brother sister girlfriend boyfriend officer streamer influencer youtuber
    creator presenter chef pilot astronaut commissioner chancellor secretary rookie prospect recruit linebacker cornerback
    shortstop outfielder infielder bowler batsman cricketer footballer swimmer sprinter cyclist skier gymnast wicketkeeper
    referee umpire jockey staff staffer staffers employee employees worker workers""".split()
)
# Capitalised words that start sentences or precede names without being names themselves.
_NOT_NAMES = frozenset(
    """the a an in on at of for and but or as by with from to after before when while this that these those it its he she they we
    his her their our my your however meanwhile according also still yet so if although though despite during since until
    mr mrs ms dr prof sir ceo cfo cto president chair chairman chairwoman chief senator sen rep gov judge justice coach manager founder
    co-founder cofounder former secretary minister commissioner spokesperson analyst scientist professor director officer
    economist researcher
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday tomorrow
    last next more most some many one two three there here what who which where why how now then
    beyond besides unlike like among amid amongst without within through across against above below under over inside outside
    toward towards upon via except beside behind beneath around along near including following""".split()
)
NAME_RUN = r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*"  # capitalised words in a row: "Sam Bankman-Fried", "AT&T"
_NAME = re.compile(rf"(?<![\w'’]){NAME_RUN}")
# Words that make a capitalised run an organisation, not a person ("Alameda Research").
ORG_WORDS = frozenset(
    """inc corp corporation co company group holdings capital partners ventures fund research labs lab technologies systems
    media news network studios games entertainment bank reserve exchange commission court council agency department ministry office bureau authority
    university college institute foundation association league club fc united city party board committee administration
    sportsbook sports records music pictures motors airlines cup series championship championships tournament open bowl
    prix awards festival summit conference""".split()
)
# Two capitalised words that name a place, not a person (`person_like`): countries, states and cities news names most.
PLACES = frozenset(
    place.strip()  # a line's last place would end in its line break and the next line's indent
    for place in """new zealand|united states|united kingdom|south africa|south korea|north korea|saudi arabia|hong kong|sri lanka|costa rica
    |puerto rico|el salvador|new york|new jersey|new mexico|new hampshire|north carolina|south carolina|north dakota
    |south dakota|west virginia|rhode island|los angeles|las vegas|san francisco|san diego|san jose|san antonio|new orleans
    |tel aviv|abu dhabi|buenos aires|rio de janeiro|sao paulo|mexico city|kansas city|salt lake|st louis|green bay
    |tampa bay|new england|west bank|gaza strip|silicon valley|wall street|capitol hill|white house|downing street""".split("|")
)
_PLURAL = re.compile(
    r"^\W*(?:which|what)\s+(?:(two|three|both)\s+)?(?:[\w-]+\s+)?(?:leaders|individuals|people|persons|players|companies|countries|teams|"
    r"officials|executives|firms|clubs|nations|candidates|members|figures|celebrities|athletes|organi[sz]ations|brands|outlets|publications|newspapers|sources|politicians)\b",
    re.IGNORECASE,
)


def names_in(sentence: str) -> list[tuple[list[str], bool]]:
    """(words, at sentence start) of each capitalised run, cut at function words, titles and
    possessives, which they lose: "FTX CEO Sam Bankman-Fried's" -> ["FTX"], ["Sam", "Bankman-Fried"];
    "Eddie Jones’ England" -> ["Eddie", "Jones"], ["England"]."""
    out = []
    first = len(sentence) - len(sentence.lstrip(" \"“‘("))
    for m in _NAME.finditer(sentence):
        at_start = m.start() == first
        run: list[str] = []
        for raw in m.group().split() + [""]:
            t = raw.rstrip(".,'’").removesuffix("'s").removesuffix("’s")
            if t and t.lower() not in _NOT_NAMES:
                run.append(t)
                if not raw.rstrip(".,").endswith(("'", "’", "'s", "’s")):
                    continue
            if run and any(len(x) > 1 for x in run):
                out.append((run, at_start))
            run, at_start = [], False
    return out


# Countries and US states by the one word news names them with: never the person a question asks
# for ("Which Australian captain ...?" had been answered "Australia": `not_a_person`). Jordan,
# Georgia, Chad, Washington and Virginia are people's names too, so they are places only when a
# place is asked for (`a_country_or_state`).
COUNTRIES_AND_STATES = frozenset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh
    barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon
    canada chile china colombia congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt england
    eritrea estonia eswatini ethiopia fiji finland france gabon gambia germany ghana greece grenada guatemala guinea
    guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan kazakhstan
    kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg
    madagascar malawi malaysia maldives mali malta mauritania mauritius mexico moldova monaco mongolia montenegro morocco
    mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama
    paraguay peru philippines poland portugal qatar romania russia rwanda samoa scotland senegal serbia seychelles singapore
    slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga
    tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam wales yemen zambia
    zimbabwe britain europe africa asia america alabama alaska arizona arkansas california colorado connecticut delaware
    florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
    wisconsin wyoming us usa u.s u.s. uk u.k u.k.""".split()
)
_PEOPLES_PLACES = frozenset("jordan georgia chad washington virginia".split())
PLACE_ROLES = frozenset("country countries nation nations state states".split())  # "In which country ...?" wants one of those
TOWN_ROLES = frozenset("city cities town towns village villages".split())  # "In which city ...?": a place the evidence puts something in


def a_country_or_state(name: str) -> bool:
    """Whether a name is a country or a US state ("Which US state ...?" is not answered "Walmart")."""
    return a_place(name) or name.lower() in _PEOPLES_PLACES


# Nouns that name what a "Which ...?" question wants, beyond the words for people: the answer
# often stands beside one in apposition ("JP Morgan analyst Christopher Brown", "Meta
# spokesperson Matt Pollard", "Brooke Mueller, the mother of ...").
_MORE_ROLES = frozenset("label lender buyer seller distributor publisher studio developer sponsor host partner".split())


def role(question: str) -> str | None:
    """The noun that says what the question asks for: "Which JP Morgan analyst said ...?" ->
    "analyst"; "Who was Google's lead attorney ...?" -> "attorney"."""
    nouns = PERSON_WORDS | NOT_PERSON_WORDS | _MORE_ROLES
    which = re.match(r"^\W*(?:(?:in|at|on|from|for|to|by|with|of)\s+)?(?:which|what)\s+(.*)", question, re.IGNORECASE)  # "In which city ...?" too
    who = re.match(r"^\W*who\s+(?:is|was|are|were|will\s+be|has\s+been)\s+(.*)", question, re.IGNORECASE)
    head = re.findall(r"[\w'’.&-]+", (which or who).group(1))[: 4 if which else 8] if which or who else []
    return next((w for w in head if w in nouns), None)  # lower case only: "Black" in "a Black board member" is no role


_SAME_ROLE = {  # a role news also writes another way ("rival AI chief executive" / "the co-founder and CEO of Anthropic")
    "executive": ("executive", "ceo"), "ceo": ("ceo", "chief executive"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman"), "spokesman": ("spokesperson", "spokesman"), "spokeswoman": ("spokesperson", "spokeswoman"),
}


def in_apposition(text: str, name: str, noun: str) -> bool:
    """Whether `name` stands beside `noun` in `text`: "JP Morgan analyst Christopher Brown",
    "spotter, Tim Fedewa", or "Brooke Mueller, the mother of ...", "Tim Fedewa, who will be his
    spotter". Our own rule: news names a person by role this way, and no parser ships offline."""
    roles = _SAME_ROLE.get(noun, (noun,))
    if not any(r in text.lower() for r in roles):
        return False  # most sentences: no pattern to build
    n, r = re.escape(name), f"(?i:{'|'.join(map(re.escape, roles))})"  # "CEO" and "Chief Executive" in any case
    before = rf"\b{r}s?\b,?\s+(?:[A-Z][\w'’.-]*\s+){{0,2}}{n}\b"
    after = rf"\b{n},\s+(?:(?:the|a|an|his|her|its|their|who|is|was|will|be|as)\s+|[\w'’.-]+\s+){{0,4}}{r}s?\b(?!,?\s+[A-Z])"  # not "X, JP Morgan analyst Christopher Brown"
    return bool(re.search(before, text) or re.search(after, text))


def by_agent(text: str, name: str, asked: set[str]) -> bool:
    """Whether `text` names `name` as the one who did what the question asks, in the passive: "The
    funding was led by Conjunction Capital" for "Which investor led ...?", "filed by Arkansas-based
    publisher Helena World Chronicle" for "Which publisher filed ...?". `asked`: the question's
    content words (cite.words)."""
    if " by " not in text:
        return False
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        verb = re.search(r"([A-Za-z]+)\s+by\s+(?:[\w'’.-]+\s+){0,4}$", text[: m.start()])
        if verb and set(words(verb.group(1))) & asked:
            return True
    return False


def a_place(name: str) -> bool:
    """A country, US state or well-known place ("Bangladesh", "Green Bay"): not an investor or owner either."""
    return name.lower() in PLACES or name.lower() in COUNTRIES_AND_STATES


# Regulators, courts and other public bodies: never the company, firm or app a question asks for
# ("Which company was accused ...?" is not answered "FTC", its accuser).
_PUBLIC_BODY_WORDS = frozenset("administration commission department agency bureau authority ministry court senate congress parliament council committee government regulator".split())
_PUBLIC_BODIES = frozenset("ftc sec doj fda fcc fbi cia irs epa nhtsa cma ofcom nasa imf un eu nato".split())


def a_public_body(name: str) -> bool:
    """A regulator, court or other public body by its short name ("FTC") or its last word
    ("National Highway Traffic Safety Administration", "European Commission", "Supreme Court")."""
    tokens = name.lower().split()
    return bool(tokens) and (name.lower() in _PUBLIC_BODIES or tokens[-1] in _PUBLIC_BODY_WORDS)


def not_a_person(name: str) -> bool:
    """A name that cannot be the person a question asks for: a place ("Australia", "Green Bay",
    "Guardian Australia"), an acronym ("EU", "AI"), an organisation ("Alameda Research") or a
    venue ("Narendra Modi Stadium")."""
    tokens = name.split()
    if any(name.lower() == p or name.lower().startswith(p + " ") for p in PLACES):
        return True  # "Los Angeles Angels", "New York Times": named after a place, a team or a firm
    if any(t.lower() in COUNTRIES_AND_STATES for t in tokens[len(tokens) > 1 :]):
        return True  # a first name may be a place's ("Israel Adesanya"), a later word not ("Guardian Australia")
    if len(tokens) == 1 and not any(c.islower() for c in name):
        return True  # an acronym: "EU", "K&I"
    return any(t.lower() in ORG_WORDS or t.lower() in VENUE_WORDS for t in tokens) or a_venue(tokens)


# Words that make a name a venue ("Narendra Modi Stadium", "Arrowhead Stadium", "Lernerville Speedway")
VENUE_WORDS = frozenset("stadium arena speedway raceway circuit ballpark velodrome racecourse".split())  # not "park": Park Chan-wook
# ... or that ends one ("Lambeau Field", "Madison Square Garden", "Barclays Center", "Rose Bowl"): as a last word only
VENUE_ENDINGS = frozenset("field garden gardens center centre dome bowl".split())


def a_venue(tokens: list[str]) -> bool:
    return len(tokens) > 1 and tokens[-1].lower() in VENUE_ENDINGS


def person_like(name: str) -> bool:
    """Two or three title-case words ("Sam Altman") look like a person; "OpenAI", "Google"
    or "Caesars Sportsbook" may not. A tie-breaker only: there is no NER model here."""
    tokens = name.split()
    if " ".join(tokens).lower() in PLACES or " ".join(tokens[:2]).lower() in PLACES:  # "Los Angeles Dodgers", "New York Yankees"
        return False
    return 2 <= len(tokens) <= 3 and not a_venue(tokens) and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", t) and t.lower() not in ORG_WORDS and t.lower() not in VENUE_WORDS for t in tokens)


def canonical(counts: dict[str, int]) -> dict[str, str]:
    """Map a surname to the most frequent person's name ending with it ("Bankman-Fried" ->
    "Sam Bankman-Fried"). First words are not mapped: "Google" is not "Google Play", and "Sam"
    could be Sam Altman."""
    people = [d for d in counts if person_like(d)]
    out = {}
    for c in counts:
        n = len(c.split())
        ending = [d for d in people if len(d.split()) > n and d.split()[-n:] == c.split()]
        out[c] = max(ending, key=lambda d: (counts[d], d)) if ending else c
    return out


def parts(name: str) -> list[str]:
    """The name and its leading words: "Google Play Store", "Google Play", "Google"."""
    t = name.split()
    return [" ".join(t[:j]) for j in range(1, len(t) + 1)]


# Nouns after "Which"/"What" that ask for something other than a person ("Which company, co-founded by a professor, ...").
NOT_PERSON_WORDS = frozenset(
    """company companies firm firms startup startups business businesses organization organisation organizations organisations
    team teams club clubs brand brands exchange exchanges bank banks agency agencies group groups country countries city cities
    state states nation nations platform platforms app apps network networks league leagues product products service services
    film films movie movies show shows game games book books song songs album albums event events tool tools device devices
    feature features drug drugs vehicle vehicles car cars phone phones chip chips""".split()
)


_DRAFT_PICK = re.compile(r"\bdraft picks?\b", re.IGNORECASE)  # a player; "pick" alone is mostly a verb


def asks_person(question: str) -> bool:
    """Whether a question asks for a person: by the noun after its "Which"/"What" ("Which
    company ..." does not, however many professors it mentions; "Which senator ..." does), else
    by any word for a person in it ("Who ...", "... the individual ...")."""
    head = re.match(r"^\W*(?:which|what)\s+((?:[\w-]+\s+){0,2}[\w-]+)", question, re.IGNORECASE)
    named = [w for w in head.group(1).split() if w.islower()] if head else []  # "Golden State Warriors" names no state
    for w in named:
        if w in NOT_PERSON_WORDS:
            return False
        if _singular(w) in PERSON_WORDS:  # "Which senators introduced ...?"
            return True
    return bool(PERSON_WORDS & {w.lower() for w in re.findall(r"\w+", question)}) or bool(_DRAFT_PICK.search(question))


def _singular(word: str) -> str:
    """A plural of a PERSON_WORDS noun as that noun ("senators", "actresses"); else the word."""
    for cut in (1, 2):
        if word.endswith("s") and word[:-cut] in PERSON_WORDS:
            return word[:-cut]
    return word


def plural(question: str) -> int:
    """How many names a question asks for: 1, or 2-3 for "Which two individuals ...", "Which
    European leaders ..." (a plural noun of people or organisations after which/what)."""
    m = _PLURAL.match(question)
    return 1 if not m else {"three": 3}.get((m.group(1) or "").lower(), 2)


# Short forms that news writes out in full ("United States", "European Union"): never "unmentioned".
_SPELLED_OUT = frozenset(words("US USA UK EU UN"))
# "Finnish", "Chinese", "Italian", "French" describe what is named ("Which Finnish player"), and
# the article may write "Finland": such words are not checked. "American" is ("America").
_DEMONYM = re.compile(r"(?:ish|ese|ian|ch)$")
DESCRIBING = re.compile(r"-[a-z]")  # "Prime-themed", "Kremlin-backed", "Halloween-adjacent": a description, not a name ("Bankman-Fried" is one)


def outlet_words(outlets: list[str]) -> set[str]:
    """The words of the outlets' names and their short forms (plan.aliases): in a question they
    say where to look, not what it is about."""
    return {w for name in aliases(outlets) for w in words(name)} if outlets else set()


def unmentioned(question: str, texts: list[str], outlets: list[str]) -> list[str]:
    """The names of the question (`names_in`; outlets and the question's first word left out)
    that none of `texts` mentions: none of the name's words is there, even alike in its first
    five letters ("American" / "America"). "What did Putin tell the CIA?" over articles that never
    name the CIA: whatever they say, it is not what the CIA was told. Our own code: a name is the
    one part of a question whose absence shows the passages are off the point."""
    where = outlet_words(outlets)
    seen = {w for text in texts for w in words(text)}
    prefixes = {w[:5] for w in seen if len(w) >= 5}
    out = []
    for tokens, at_start in names_in(question):
        named = [t for t in (tokens[1:] if at_start else tokens) if not DESCRIBING.search(t) and not _DEMONYM.search(t)]
        own = [w for t in named for w in words(t) if w not in where]
        if own and not any(w in _SPELLED_OUT or w in seen or (len(w) >= 5 and w[:5] in prefixes) for w in own):
            out.append(" ".join(named))
    return list(dict.fromkeys(out))


# How a question says which outlet it read: "a Politico article", "the 'Axios' report", "a piece by
# Bloomberg", "as reported by Reuters".
_KIND = r"(?:article|articles|report|reports|piece|story|stories|coverage|review|column|liveblog|post)"
_ASKED_OUTLET = (
    re.compile(rf"\b(?:an?|the|another)\s+['‘]?({NAME_RUN})['’]?\s+{_KIND}\b"),
    re.compile(rf"\b{_KIND}\s+(?:by|from|in)\s+['‘]?({NAME_RUN})"),
    re.compile(rf"\b(?:reported|published|written)\s+(?:by|in)\s+['‘]?({NAME_RUN})"),
)


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def like_a_stored_outlet(name: str, outlets: list[str]) -> bool:
    """Whether a name a question gives an outlet is a stored one written another way: its
    initials ("NYT" for The New York Times, "WSJ"), or the same letters run together or cut
    short ("CBS Sports" for CBSSports.com)."""
    key = _squashed(name)
    for alias in aliases(outlets):
        initials = "".join(w[0] for w in alias.split() if w.isalpha() and w != "the")
        squashed = _squashed(alias)
        if (len(key) >= 2 and key == initials) or (len(key) >= 3 and squashed.startswith(key)) or (len(squashed) >= 4 and key.startswith(squashed)):
            return True
    return False


def outlets_not_stored(question: str, outlets: list[str], texts: list[str]) -> tuple[list[str], bool]:
    """The outlets the question says it read ("a Politico article", "a report by Axios") that are
    no stored outlet and that no passage names (no text holds all the name's words), and whether
    that is every outlet it names: then whatever the passages say, it is not what those outlets
    reported. Our own code: the store knows its outlets, so a question about others can be told so."""
    asked = [a for a in dict.fromkeys(m.group(1).strip("'’ ") for p in _ASKED_OUTLET for m in p.finditer(question)) if names_in(a)]  # not "the December report"
    if not asked:  # most questions: no passage need be read
        return [], False
    seen = [set(words(text)) for text in texts]
    absent = [a for a in asked if not find_sources(a, outlets) and not like_a_stored_outlet(a, outlets) and not any(set(words(a)) <= s for s in seen)]
    return absent, bool(absent) and len(absent) == len(asked)


def share_a_word(a: str, b: str) -> bool:
    return bool(set(a.lower().split()) & set(b.lower().split()))


__all__ = ["names_in", "person_like", "not_a_person", "a_country_or_state", "PLACE_ROLES", "TOWN_ROLES", "role", "in_apposition", "COUNTRIES_AND_STATES", "canonical", "parts", "asks_person", "plural", "share_a_word", "outlet_words", "unmentioned", "outlets_not_stored", "like_a_stored_outlet", "a_public_body", "DESCRIBING", "NAME_RUN", "PERSON_WORDS", "ORG_WORDS", "PLACES", "NOT_PERSON_WORDS"]
