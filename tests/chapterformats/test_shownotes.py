from textwrap import dedent

from clipper.chapterformats import render
from clipper.model import Chapter, ChapterList


def test_markdown_show_notes(episode):
    assert render(episode, "markdown") == dedent(
        """\
        # Ep 1: Tests

        ## Chapters

        - 0:00 Intro & \\<welcome\\>
        - 1:05 Middle: a=b; \\#x \\\\ "y"
        - 1:01:40 End

        ### 0:00 Intro & \\<welcome\\>

        We say hello.

        Then we start.

        ### 1:05 Middle: a=b; \\#x \\\\ "y"

        The long part.
        """
    )


def test_html_escapes_a_script_in_a_title_and_in_notes():
    cl = ChapterList(
        (Chapter(0, 60_000, "<script>alert(1)</script>", notes="a < b & <b>bold</b>"), Chapter(60_000, 120_000, "Next")),
        title='"Quotes" & <i>tags</i>',
    )
    html = render(cl, "html")
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert '<li><a href="#chapter-1"><time>0:00</time></a>&lt;script&gt;alert(1)&lt;/script&gt;</li>' in html
    assert "<p>a &lt; b &amp; &lt;b&gt;bold&lt;/b&gt;</p>" in html
    assert "<title>&#34;Quotes&#34; &amp; &lt;i&gt;tags&lt;/i&gt;</title>" in html


def test_html_is_self_contained(episode):
    html = render(episode, "html")
    assert html.startswith("<!DOCTYPE html>\n") and html.rstrip().endswith("</html>")
    for needle in ("http://", "https://", "<script", "<link", "src=", "@import"):
        assert needle not in html
    assert "<p>We say hello.</p>\n<p>Then we start.</p>" in html


def test_estimated_times_are_flagged():
    cl = ChapterList((Chapter(0, 1, "A"),), estimated=True)
    assert "_Chapter times are estimates._" in render(cl, "markdown")
    assert "Chapter times are estimates." in render(cl, "html")


def test_a_markdown_file_name_picks_the_markdown_show_notes():
    from clipper.chapterformats import CHAPTER_FORMATS, output_format
    assert output_format("notes.markdown") == output_format("notes.md") == "markdown"
    assert ".markdown" in CHAPTER_FORMATS.get("markdown").extensions
