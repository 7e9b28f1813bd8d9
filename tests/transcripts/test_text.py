"""clean_inline: the one tidying of page text that every text reader shares."""
import pytest

from clipper.transcripts._text import clean_inline


@pytest.mark.parametrize("raw,clean", [
    ("The <Vector> type", "The <Vector> type"),
    ("When a<b and c>d", "When a<b and c>d"),
    ("List<String> in Java", "List<String> in Java"),
    ("x <3 y", "x <3 y"),
    ("<p>A <strong>bold</strong> <span class=\"hl\" data-x='1'>claim</span><br/>ends</p>", "A bold claim ends"),
    ("[the paper](https://arxiv.org/abs/1) <img src=a.png alt=\"fig\"> says &amp; more", "the paper says & more"),
    ("&lt;b&gt; is shown as text", "<b> is shown as text"),
])
def test_only_known_html_tags_are_markup(raw, clean):
    assert clean_inline(raw) == clean
