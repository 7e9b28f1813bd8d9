import re
from pathlib import Path
from textwrap import dedent

import pytest

from clipper.errors import ParseError
from clipper.textio import read_text
from clipper.transcripts import TRANSCRIPT_FORMATS, load_transcript, parse_transcript
from clipper.transcripts.stamped import MS_PER_WORD, read, sniff

DATA = Path(__file__).resolve().parents[1] / "data" / "stamped"


@pytest.fixture(scope="module")
def page(lex_page):
    return load_transcript(lex_page)


@pytest.fixture(scope="module")
def page_lines(lex_page):
    return read_text(lex_page).split("\n")


# --- the real transcript page -------------------------------------------------------------------

def test_page_is_detected_as_stamped(lex_page):
    assert TRANSCRIPT_FORMATS.detect(read_text(lex_page), lex_page).name == "stamped"


def test_page_gives_780_paragraphs_from_zero_to_5_14_23(page):
    assert page.format == "stamped"
    assert len(page) == 780
    assert page.segments[0].start == 0
    assert page.segments[-1].start == (5 * 3600 + 14 * 60 + 23) * 1000
    assert page.timed and page.skipped == 0


def test_page_speakers_are_named_as_the_page_names_them(page):
    assert set(page.speakers) == {"Dario Amodei", "Lex Fridman", "Amanda", "Chris Olah"}
    assert all(s.speaker for s in page)


def test_unlabelled_paragraph_continues_the_previous_speaker(page, page_lines):
    # line 59 names Dario Amodei; lines 61 and 63 carry only a stamp
    first, second, third = page.segments[:3]
    assert (first.line, second.line, third.line) == (59, 61, 63)
    assert page_lines[60].startswith("[(00:00:31)]")
    assert first.speaker == second.speaker == third.speaker == "Dario Amodei"
    assert page.segments[3].speaker == "Lex Fridman"


def test_first_paragraph_text_is_link_free(page):
    first = page.segments[0].text
    assert first.startswith("If you extrapolate the curves that we’ve had so far, right?")
    assert "youtube.com" not in first and "[(" not in first and "](" not in first


def test_ends_are_the_next_start_and_the_last_is_estimated_from_the_speaking_rate(page):
    segs = page.segments
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    last = segs[-1]  # "Thank you for taking the time to chat as well." (10 words)
    assert last.text == "Thank you for taking the time to chat as well."
    assert last.end - last.start == 10 * MS_PER_WORD == 3_750  # 160 words a minute


def test_every_segment_line_is_its_stamp_line(page, page_lines):
    previous = None
    for s in page:
        line = page_lines[s.line - 1]
        m = re.search(r"\((\d\d):(\d\d):(\d\d)\)", line)
        assert m, (s.line, line[:80])
        stamp = (int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])) * 1000
        if stamp != previous:
            assert s.start == stamp, (s.line, line[:80])  # a paragraph starts at its stamp ...
        else:
            assert s.start > stamp, (s.line, line[:80])  # ... unless the one before took that second
        previous = stamp


def test_paragraphs_sharing_a_stamp_share_its_time_and_none_lasts_no_time(page):
    assert all(s.end > s.start for s in page)
    q = next(s for s in page if s.text.startswith("You said talent density beats talent mass"))
    yeah = page.segments[page.segments.index(q) + 1]
    assert (q.start, yeah.end) == (5_905_000, 5_911_000) and yeah.text == "Yeah."  # both stamped 01:38:25
    assert q.end == yeah.start and q.end - q.start > 5_000  # the question gets nearly all of it


def test_no_heading_toc_or_page_chrome_leaks_into_any_segment(page, page_lines):
    texts = [s.text for s in page]
    headings = [ln[3:].strip() for ln in page_lines if ln.startswith("## ")]
    assert len(headings) == 42  # "Table of Contents", 40 chapter headings, "About Lex Fridman"
    body = "\n".join(
        ln for ln in page_lines if not ln.startswith("#") and not re.match(r"\s*\* \d+:\d\d", ln)
    )
    heading_only = [h for h in headings if h.lower() not in body.lower()]
    # titles no one says aloud, e.g. "Limits of LLM scaling", "Features, Circuits, Universality"
    assert "Limits of LLM scaling" in heading_only and "Features, Circuits, Universality" in heading_only
    for t in texts:
        assert "#" not in t
        assert not any(h.lower() in t.lower() for h in heading_only), t[:80]
        assert not re.search(r"\d:\d\d – ", t), t[:80]  # TOC bullets "3:14 – Scaling laws"
        for chrome in ("This entry was posted", "About Lex Fridman", "View all posts", "Table of Contents",
                       "Here are the loose", "Go back to this episode", "This is a transcript of"):
            assert chrome not in t


def test_paragraph_after_a_heading_is_only_its_own_text(page, page_lines):
    at = page_lines.index("## Scaling laws") + 1
    seg = next(s for s in page if s.line > at)
    assert seg.line == at + 2
    assert seg.speaker == "Lex Fridman"
    assert seg.text == (
        "Let’s start with a big idea of scaling laws and the scaling hypothesis. What is it? What is its history, "
        "and where do we stand today?"
    )
    prev = page.segments[page.segments.index(seg) - 1]
    assert prev.text.endswith("And now, dear friends, here’s Dario Amodei.")


def test_curly_quotes_are_kept(page):
    assert "“Well, I don’t know," in page.segments[0].text


# --- the other forms, hand-made -----------------------------------------------------------------

def test_bare_parenthesised_and_bracketed_stamps():
    t = read(dedent("""\
        (00:00:00) Welcome back to the show.
        (00:00:05) Today we talk about bees.

        [00:00:09] Bees are great.
        """))
    assert [(s.start, s.end, s.text, s.speaker) for s in t] == [
        (0, 5_000, "Welcome back to the show.", None),
        (5_000, 9_000, "Today we talk about bees.", None),
        (9_000, 9_000 + 3 * MS_PER_WORD, "Bees are great.", None),
    ]


def test_the_last_paragraph_lasts_its_words_not_the_gaps_before_it():
    """A one-word paragraph after two hours of sparse stamps lasts a word's time, not an hour."""
    t = read("[00:00:00] Host: Hello, and welcome.\n\n[01:00:00] Guest: Thanks for having me.\n\n"
             "[02:00:00] Host: Bye.\n")
    assert [(s.start, s.end, s.speaker) for s in t] == [
        (0, 3_600_000, "Host"), (3_600_000, 7_200_000, "Guest"), (7_200_000, 7_200_000 + MS_PER_WORD, "Host")]


@pytest.mark.parametrize("text", [
    "[00:00:00] Host: Hello.\n\n[00:10:00] Guest: Long.\n",
    "(00:00:00) Host: Hello there.\n(00:00:04) Guest: Hi, glad to be here.\n",
])
def test_two_labelled_stamped_paragraphs_are_detected_as_stamped(text):
    t = parse_transcript(text, path="t.txt")
    assert t.format == "stamped" and [s.speaker for s in t] == ["Host", "Guest"]


def test_time_first_speaker_colon_form():
    t = read(dedent("""\
        00:00:01 Ann Lee: Hello there, Bob.
        00:00:04 Bob: Hi Ann, glad to be here.
        00:00:09 And it is sunny.
        """))
    assert [(s.start, s.speaker, s.text) for s in t] == [
        (1_000, "Ann Lee", "Hello there, Bob."),
        (4_000, "Bob", "Hi Ann, glad to be here."),
        (9_000, "Bob", "And it is sunny."),
    ]


def test_speaker_then_stamp_colon_form():
    t = read("Ann (00:01:00): First words here.\n\nBob (0:01:30): Second words.\n\n(01:02:03) Still Bob.\n")
    assert [(s.start, s.speaker, s.text) for s in t] == [
        (60_000, "Ann", "First words here."),
        (90_000, "Bob", "Second words."),
        (3_723_000, "Bob", "Still Bob."),
    ]


def test_podcast_app_starting_point_form():
    t = read(dedent("""\
        Episode 12: Bees

        Host Name
        Starting point is 00:00:00
        Welcome to the show. Today,
        bees.

        Guest
        Starting point is 00:00:12
        Thanks for having me.
        """))
    assert [(s.start, s.speaker, s.text, s.line) for s in t] == [
        (0, "Host Name", "Welcome to the show. Today, bees.", 4),
        (12_000, "Guest", "Thanks for having me.", 9),
    ]


def test_inline_links_become_their_text_and_entities_are_decoded():
    t = read(
        "Ann [(00:00:01)](https://x.test/?t=1) See [the paper](https://x.test/p) &amp; the “notes” &#8212; ok.\n\n"
        "[(00:00:05)](https://x.test/?t=5) More &lt;here&gt;.\n"
    )
    assert t.segments[0].text == "See the paper & the “notes” \u2014 ok."
    assert t.segments[1].text == "More <here>."
    assert t.segments[1].speaker == "Ann"


def test_bom_and_crlf_file_reads_like_the_clean_one():
    t = load_transcript(DATA / "bom_crlf.md")
    assert t.format == "stamped"
    assert [(s.start, s.speaker, s.text) for s in t] == [
        (0, "Ann", "Hello & welcome."),
        (4_000, "Bob", "Thanks, Ann."),
        (7_000, "Bob", "Let’s begin."),
    ]


def test_backwards_stamp_is_a_parse_error_with_its_line():
    text = "(00:00:10) One.\n\n(00:00:20) Two.\n\n(00:00:15) Back in time.\n\n(00:00:30) Four.\n"
    with pytest.raises(ParseError) as e:
        read(text, path="ep.txt")
    assert e.value.path == "ep.txt" and e.value.line == 5
    assert "backwards" in str(e.value) and "00:00:15" in str(e.value)


def test_backwards_stamp_is_skipped_and_counted_when_lenient():
    text = "(00:00:10) One.\n\n(00:00:20) Two.\n\n(00:00:15) Back in time.\n\n(00:00:30) Four.\n"
    t = read(text, path="ep.txt", lenient=True)
    assert [s.text for s in t] == ["One.", "Two.", "Four."]
    assert t.skipped == 1


def test_equal_stamps_are_allowed():
    t = read("(00:00:10) One.\n(00:00:10) Two.\n(00:00:12) Three.\n")
    assert [(s.start, s.end) for s in t][:2] == [(10_000, 11_000), (11_000, 12_000)]  # shared by length


def test_text_without_stamps_is_a_parse_error():
    with pytest.raises(ParseError) as e:
        read("Just words.\nNo stamps here.\n", path="x.txt")
    assert e.value.line == 1 and e.value.path == "x.txt"


def test_sniff_accepts_transcripts_and_refuses_chapter_lists_and_vtt(lex_official):
    assert sniff("(00:00:01) a\n(00:00:02) b\n") == 0.0  # too little to be sure
    assert sniff(read_text(lex_official)) == 0.0
    assert sniff("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n") == 0.0
    assert sniff("Ann\nStarting point is 00:00:00\nHi.\nBob\nStarting point is 00:00:05\nHey.\n") >= 0.9


def test_parse_transcript_by_name():
    t = parse_transcript("(00:00:01) Hi.\n", format="stamped")
    assert t.segments[0].text == "Hi."


def test_wrapped_lines_right_after_a_stamp_join_its_paragraph_but_a_blank_line_closes_it():
    t = read(dedent("""\
        (00:00:01) Hello and
        welcome back.

        Some blurb between paragraphs that is not speech.

        (00:00:05) Next.
        """))
    assert [s.text for s in t] == ["Hello and welcome back.", "Next."]


def test_bracketed_stamp_then_name_colon():
    t = read("[00:00:01] Ann Lee: Hi.\n[00:00:03] Bob: Hey.\n[00:00:04] Still me.\n")
    assert [(s.speaker, s.text) for s in t] == [("Ann Lee", "Hi."), ("Bob", "Hey."), ("Bob", "Still me.")]


def test_unbulleted_table_of_contents_and_footer_are_left_out():
    t = read(dedent("""\
        # My Show 7

        Intro blurb about the episode, with [a link](https://x.test).

        Chapters:
        0:00 Intro
        1:10 The middle
        2:30 - The end

        ## Intro

        Ann (00:00:00): Hi, welcome.

        ## The middle

        Bob (00:01:10): Middle words here.
        and more middle words.
        ## The end
        (00:02:30) Last words.

        * [Share on X](https://x.test/share)
        About Ann
        Ann hosts the show and writes about bees.
        This entry was posted in episodes.
        """))
    assert [(s.start, s.speaker, s.text) for s in t] == [
        (0, "Ann", "Hi, welcome."),
        (70_000, "Bob", "Middle words here. and more middle words."),
        (150_000, "Bob", "Last words."),
    ]


def test_starting_point_text_after_a_blank_line_and_footer_close():
    t = read(dedent("""\
        Ann
        Starting point is 00:00:00

        About ten years ago I kept bees.
        Share the honey, I say.

        Bob
        Starting point is 00:00:09
        Lovely.

        Share
        Subscribe
        """))
    assert [(s.speaker, s.text) for s in t] == [
        ("Ann", "About ten years ago I kept bees. Share the honey, I say."),
        ("Bob", "Lovely."),
    ]


def test_prose_holding_a_stamp_is_not_a_speaker_line():
    t = read(dedent("""\
        As we said in the last episode we really liked it (00:10:00) and more.

        (00:00:01) One.
        (00:00:02) Two.
        """))
    assert [(s.speaker, s.text) for s in t] == [(None, "One."), (None, "Two.")]


def test_short_stamped_caption_lines_sniff_as_a_transcript_but_titles_do_not():
    captions = "\n".join(f"0:{i:02d} and so on we go {i}" for i in range(0, 50, 5))
    assert sniff(captions) == 0.6
    assert TRANSCRIPT_FORMATS.detect(captions).name == "stamped"
    titles = "\n".join(f"0:{i:02d} Chapter {i}" for i in range(0, 50, 5))
    assert sniff(titles) == 0.0


# --- stamp lines with the text after them: the export forms of transcription tools -------------


def _clock(ms: int) -> str:
    s = ms // 1000
    h, rem = divmod(s, 3600)
    return f"{h}:{rem // 60:02d}:{rem % 60:02d}" if h else f"{rem // 60}:{rem % 60:02d}"


EXPORTS = {
    "otter": lambda s: f"{s.speaker}  {_clock(s.start)}\n{s.text}\n\n",
    "rev": lambda s: f"{s.speaker} ({_clock(s.start)}):\n{s.text}\n\n",
    "youtube panel": lambda s: f"{_clock(s.start)}\n{s.text}\n",
}


@pytest.mark.parametrize("form", sorted(EXPORTS))
def test_stamp_lines_over_their_text_are_detected_and_read(page, form):
    part = page.segments[:60]  # the first 23 minutes, in the export form
    text = "".join(EXPORTS[form](s) for s in part)
    t = parse_transcript(text, path="export.txt")
    assert t.format == "stamped"
    assert [s.start for s in t] == [s.start for s in part]
    assert [s.text for s in t] == [s.text for s in part]
    named = form != "youtube panel"
    assert [s.speaker for s in t] == ([s.speaker for s in part] if named else [None] * len(part))


def test_a_time_at_the_end_of_a_plain_sentence_is_not_a_stamp():
    text = "we met at the station at\n10:30\nand then we talked at length about the scaling of networks\n"
    assert parse_transcript("so we met at 10:30\n" * 5, path="t.txt").format == "plaintext"
    assert len(parse_transcript(text, format="plaintext", path="t.txt").segments) == 3


def _first_sentences(page, n: int = 30, label=lambda spk: spk.split()[0]) -> str:
    """The page's first paragraphs as a chat-style log: ``[HH:MM:SS] Lex: first sentence, at most 11 words``."""
    out = []
    for s in page.segments[:n]:
        words = re.split(r"(?<=[.?!])\s", s.text)[0].split()[:11]
        h, rem = divmod(s.start // 1000, 3600)
        out.append(f"[{h:02d}:{rem // 60:02d}:{rem % 60:02d}] {label(s.speaker)}: {' '.join(words)}")
    return "\n".join(out) + "\n"


def test_short_stamped_lines_with_speaker_labels_are_a_transcript_not_a_chapter_list(page, tmp_path):
    from clipper.summaries import load_summary
    from clipper.errors import UnknownFormatError

    text = _first_sentences(page)
    assert text.startswith("[00:00:00] Dario: If you extrapolate the curves that we’ve had so far, right?\n")
    p = tmp_path / "log.txt"
    p.write_text(text, encoding="utf-8")
    t = load_transcript(p)
    assert t.format == "stamped" and len(t) == 30
    assert [s.start for s in t][:10] == [s.start for s in page.segments[:10]]
    assert t.segments[0].text == "If you extrapolate the curves that we’ve had so far, right?"
    assert t.speakers == ("Dario", "Lex")
    with pytest.raises(UnknownFormatError):  # not a chapter list when given as the summary either
        load_summary(p)


# --- two paragraphs are enough when every paragraph is stamped -------------------------------------

TWO_PARAGRAPHS = {
    "speaker (stamp):": "Host (00:00:00):\nHello and welcome.\n\nGuest (00:00:10):\nThanks.\n",
    "otter": "Host  0:00\nHello and welcome.\n\nGuest  0:10\nThanks.\n",
    "youtube panel": "0:00\nHello and welcome.\n\n0:10\nThanks.\n",
    "youtube panel, no blank lines": "0:00\nHello and welcome.\n0:10\nThanks.\n",
    "transcript page": ("Host [(00:00:00)](https://lexfridman.com/x?t=0) Hello and welcome.\n\n"
                        "Guest [(00:00:10)](https://lexfridman.com/x?t=10) Thanks.\n"),
}


@pytest.mark.parametrize("text", TWO_PARAGRAPHS.values(), ids=TWO_PARAGRAPHS.keys())
def test_a_two_paragraph_stamped_transcript_is_read_with_its_times(text):
    t = parse_transcript(text, path="t.txt")
    assert t.format == "stamped"
    assert [(s.start, s.text) for s in t] == [(0, "Hello and welcome."), (10_000, "Thanks.")]
    if "Host" in text:
        assert [s.speaker for s in t] == ["Host", "Guest"]


@pytest.mark.parametrize("text", [
    "0:00 Intro\n5:00 The main part\n",          # a two-chapter list
    "(00:00) Intro\n\n(05:00) The main part\n",
    "Hello and welcome.\n\n0:10\nThanks.\n",      # an unstamped paragraph: not every one is stamped
])
def test_two_stamped_lines_that_are_not_all_stamped_paragraphs_of_speech_are_not_stamped(text):
    assert sniff(text) == 0.0


def test_a_cue_sheet_is_not_a_stamped_transcript():
    cue = ('TITLE "Episode 452"\nFILE "e.mp3" MP3\n  TRACK 01 AUDIO\n    TITLE "Introduction"\n    INDEX 01 00:00:00\n'
           '  TRACK 02 AUDIO\n    TITLE "Scaling laws"\n    INDEX 01 03:14:00\n'
           '  TRACK 03 AUDIO\n    TITLE "Limits"\n    INDEX 01 12:30:00\n')
    assert sniff(cue) == 0.0
