"""Saved web pages: the story's text and metadata, without the page around it."""

from assistant.ingest import read_file
from assistant.webpage import parse

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Council approves budget | The Daily Ledger</title>
<meta property="og:title" content="Council approves $4.2 million parks budget">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:author" content="https://ledger.example/staff/maria-chen">
<meta name="author" content="Maria Chen">
<meta property="article:published_time" content="2024-03-05T18:20:00Z">
<link rel="canonical" href="https://ledger.example/2024/03/05/council-budget">
<style>p { color: red }</style></head>
<body><header><h1>The Daily Ledger</h1><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Council approves $4.2 million parks budget</h1>
<p>The city council voted 7-2 on Tuesday to approve a <b>$4.2 million</b> budget for parks.</p>
<figure><img src="x.jpg"><figcaption>Mayor Ortiz at the meeting. (Getty Images)</figcaption></figure>
<p>Mayor Jane Ortiz called the vote &ldquo;a win for every neighbourhood&rdquo;.<script>track("p2")</script></p>
<div class="ad">Advertisement</div>
<p hidden>Subscriber-only teaser text.</p>
<p>Two members voted against,<br>saying the money should go to roads.<br><br>A new vote is due in May.</p>
<aside><p>Sign up for our newsletter</p></aside>
</article>
<article class="teaser"><h2>Other news</h2><p>Bakery wins award.</p></article></main>
<footer><p>&copy; 2024 The Daily Ledger. All rights reserved.</p></footer></body></html>"""


def test_the_story_is_the_largest_article_without_scripts_menus_figures_or_teasers():
    page = parse(PAGE)
    assert page["body"].split("\n\n") == [
        "The city council voted 7-2 on Tuesday to approve a $4.2 million budget for parks.",
        "Mayor Jane Ortiz called the vote “a win for every neighbourhood”.",
        "Advertisement",  # dropped later by ingest.clean_body, like any page furniture
        "Two members voted against, saying the money should go to roads.",  # one <br> is a line break
        "A new vote is due in May.",  # two end a paragraph
    ]
    assert (page["title"], page["source"], page["author"]) == ("Council approves $4.2 million parks budget", "The Daily Ledger", "Maria Chen")
    assert (page["published_at"], page["url"]) == ("2024-03-05T18:20:00Z", "https://ledger.example/2024/03/05/council-budget")


def test_json_ld_metadata_wins_and_pages_without_article_fall_back_to_main_then_body():
    ld = '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "headline": "Rates rise", "datePublished": "2023-11-02", "author": [{"name": "A. Writer"}, {"name": "B. Writer"}], "publisher": {"name": "The Wire"}}]}</script>'
    page = parse(f"<html><head>{ld}<title>ignored</title></head><body><nav><p>Menu</p></nav><p>Intro outside main.</p><main><p>The bank raised rates.</p></main></body></html>")
    assert (page["title"], page["published_at"], page["author"], page["source"]) == ("Rates rise", "2023-11-02", "A. Writer, B. Writer", "The Wire")
    assert page["body"] == "The bank raised rates."
    plain = parse("<p>First paragraph.<p>Second, unclosed paragraph.<div>Third.</div>")
    assert plain["body"] == "First paragraph.\n\nSecond, unclosed paragraph.\n\nThird." and plain["title"] == ""
    assert parse('<script type="application/ld+json">{broken</script><p>Still read.</p>')["body"] == "Still read."


def test_ingest_reads_pages_in_their_declared_encoding_and_reports_empty_ones(tmp_path):
    (tmp_path / "story.html").write_text(PAGE)
    (article,) = list(read_file(tmp_path / "story.html"))
    assert article.article_id == "https://ledger.example/2024/03/05/council-budget" and article.published_at == "2024-03-05"
    assert "Advertisement" not in article.body and "Bakery" not in article.body and "track(" not in article.body
    (tmp_path / "old.htm").write_bytes('<meta charset="iso-8859-1"><p>Le maire a dit « très bien » mardi.</p>'.encode("latin-1"))
    (old,) = list(read_file(tmp_path / "old.htm"))
    assert old.body == "Le maire a dit « très bien » mardi."
    (tmp_path / "mislabelled.html").write_bytes('<meta charset="iso-8859-1"><p>Le maire a dit « très bien ».</p>'.encode("utf-8"))
    (mislabelled,) = list(read_file(tmp_path / "mislabelled.html"))  # UTF-8 whatever the page claims: read as such
    assert mislabelled.body == "Le maire a dit « très bien »."
    (tmp_path / "empty.html").write_text("<html><body><nav>Home | News</nav><script>x()</script></body></html>")
    (problem,) = list(read_file(tmp_path / "empty.html"))
    assert problem.message.startswith("no article text found in the page")


def test_a_link_shown_to_readers_is_a_web_address_or_nothing(tmp_path):
    page = '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="x"><article><p>The port closed on Monday.</p></article>'
    (tmp_path / "hostile.html").write_text(page)
    (article,) = list(read_file(tmp_path / "hostile.html"))
    assert article.url == "" and article.article_id == str((tmp_path / "hostile.html").resolve())  # known by its path instead
    (tmp_path / "r.jsonl").write_text(
        '{"title": "A", "body": "The port closed on Monday.", "url": "https://x.example/a)[evil](https://y"}\n'
        '{"title": "B", "body": "The port opened on Friday.", "url": "https://en.wikipedia.org/wiki/Port_(harbour)"}\n'
    )
    first, second = list(read_file(tmp_path / "r.jsonl"))
    assert first.url == "" and second.url == "https://en.wikipedia.org/wiki/Port_(harbour)"


def test_an_article_body_div_is_the_story_and_lists_of_links_are_not():
    page = parse(
        "<body><div class='trending'><a href='/1'>Bakery wins award</a> | <a href='/2'>Mayor resigns</a></div>"
        "<div itemprop='articleBody'><div class='p'>The council voted 7-2 on Tuesday, <a href='/doc'>the minutes show</a>.</div>"
        "<div><div>Two members voted against.</div></div></div>"
        "<ul><li><a href='/3'>Related: Parks budget explained in full detail here</a></li></ul>"
        "<div>Comments are closed.</div></body>"
    )
    assert page["body"] == "The council voted 7-2 on Tuesday, the minutes show.\n\nTwo members voted against."  # nested divs stay inside it
    plain = parse("<body><ul><li><a href='/1'>Bakery wins award</a></li></ul><p>The council met, <a href='/x'>the city said</a>.</p></body>")
    assert plain["body"] == "The council met, the city said."  # no story container: the page without its link lists
