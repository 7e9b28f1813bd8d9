"""WebVTT transcripts: YouTube auto-captions as yt-dlp writes them, voices, entities, the writer."""
from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
import webvtt

from clipper import timecode
from clipper.errors import InputError, ParseError
from clipper.model import Segment, Transcript, Word
from clipper.transcripts import TRANSCRIPT_FORMATS, load_transcript, parse_transcript
from clipper.transcripts.vtt import read, write

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"


def test_youtube_auto_captions_give_every_word_once_with_its_inline_time():
    t = load_transcript(DATA / "youtube_auto.vtt")
    assert t.format == "vtt" and t.skipped == 0
    assert [s.text for s in t] == ["if you extrapolate the curves that we've", "had so far right R&D", "yes", "[Music]",
                                   "I don't know"]
    assert [s.turn for s in t] == [False, False, True, False, False]  # ">>": a new (unnamed) speaker says "yes"
    words = [w for s in t for w in s.words]
    assert [w.text for w in words] == "if you extrapolate the curves that we've had so far right R&D yes [Music] I don't know".split()
    assert words[0] == Word(160, 560, "if")  # the cue start, then the next word's inline time
    assert words[6] == Word(2480, 3429, "we've")  # the last word of a line ends with its cue
    assert words[7] == Word(3439, 3760, "had")
    assert words[11] == Word(4480, 4720, "R&D")  # &amp; decoded; the ">>" speaker mark after it is not a word
    assert words[12] == Word(5040, 5749, "yes")
    assert words[13] == Word(5759, 7100, "[Music]")  # a new line without inline times spans its cue
    assert [s.line for s in t] == [7, 15, 15, 23, 31]
    assert all(a.end <= b.start for a, b in zip(words, words[1:]))


def test_a_leading_dash_or_chevrons_in_a_plain_cue_marks_an_unnamed_turn():
    t = read("WEBVTT\n\n00:00.000 --> 00:02.000\n- Who is next?\n\n00:02.000 --> 00:04.000\nme, I think\n\n"
                 "00:04.000 --> 00:06.000\n&gt;&gt; Someone else.\n\n00:06.000 --> 00:08.000\n<v Ada>- Named anyway.\n")
    assert [s.text for s in t] == ["- Who is next?", "me, I think", ">> Someone else.", "- Named anyway."]  # as shown
    assert [s.turn for s in t] == [True, False, True, False]  # a named voice is a turn by its name already


def _yt_dlp_form(lines: list[str], ms_per_word: int = 310) -> str:
    """Caption lines in the exact rolling form yt-dlp writes for YouTube auto-captions."""
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    t, prev = 0, " "
    for ln in lines:
        words = ln.split()
        starts = [t + k * ms_per_word for k in range(len(words))]
        end = starts[-1] + ms_per_word
        tagged = words[0] + "".join(
            f"<{timecode.format_clock(s)}><c> {w.replace('&', '&amp;')}</c>" for s, w in zip(starts[1:], words[1:])
        )
        out += [f"{timecode.format_clock(t)} --> {timecode.format_clock(end)} align:start position:0%", prev, tagged, ""]
        out += [f"{timecode.format_clock(end)} --> {timecode.format_clock(end + 10)} align:start position:0%", ln, " ", ""]
        t, prev = end + 10, ln
    return "\n".join(out)


def test_real_auto_caption_lines_in_yt_dlp_form_read_back_word_for_word(seed_auto):
    raw = seed_auto.read_text(encoding="utf-8").split("\n")
    lines = [ln.strip() for ln in raw[raw.index("Language: en") + 1: raw.index("Resume")] if ln.strip()]
    assert len(lines) > 1000
    t = read(_yt_dlp_form(lines), path="auto.vtt")
    assert [s.text for s in t] == [" ".join(ln.split()) for ln in lines]
    got = [w.text for s in t for w in s.words]
    assert got == " ".join(lines).split()  # every word once, in order: no rolling repeats
    starts = [w.start for s in t for w in s.words]
    assert starts == sorted(starts) and starts[1] == 310


def test_bom_crlf_file_with_voices_entities_notes_and_styles():
    t = load_transcript(DATA / "bom_crlf.vtt")
    assert t.format == "vtt"
    assert t.segments == (
        Segment(1000, 4000, "Tom & Jerry > cats and dogs\nsecond line", "Lex Fridman"),
        Segment(4000, 6500, "Scaling 'laws'", "Dario Amodei"),
        Segment(6500, 8000, "no voice here"),
    )
    assert [s.line for s in t] == [9, 14, 17]  # the cue identifier "intro" is the first line of its cue


def test_plain_cues_with_inline_times_keep_them_as_words():
    t = read("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v A>one <00:00:01.500>two three\n<00:00:02.500>four\n")
    (s,) = t.segments
    assert s.text == "one two three\nfour" and s.speaker == "A"  # "two three" share a span by length
    assert s.words == (Word(1000, 1500, "one"), Word(1500, 1875, "two"), Word(1875, 2500, "three"),
                       Word(2500, 3000, "four"))


def test_writer_emits_voices_escapes_and_inline_word_times():
    t = Transcript((
        Segment(1000, 3000, "Tom & Jerry <3\nagain", "Lex", (Word(1000, 1400, "Tom"), Word(1400, 1500, "&"),
                                                              Word(1600, 2000, "Jerry"), Word(2000, 2500, "<3"),
                                                              Word(2500, 2900, "again"))),
        Segment(3000, 4000, "no words --> here", None),
    ), format="vtt")
    assert write(t) == dedent("""\
        WEBVTT

        00:00:01.000 --> 00:00:03.000
        <v Lex><00:00:01.000>Tom <00:00:01.400>&amp;<00:00:01.500> <00:00:01.600>Jerry <00:00:02.000>&lt;3
        <00:00:02.500>again<00:00:02.900>

        00:00:03.000 --> 00:00:04.000
        no words --&gt; here
        """)
    assert read(write(t)) == t


def test_writer_output_is_valid_webvtt_for_webvtt_py():
    t = load_transcript(DATA / "bom_crlf.vtt")
    captions = webvtt.from_string(write(t)).captions
    assert [(c.start_in_seconds, c.end_in_seconds) for c in captions] == [(1, 4), (4, 6), (6, 8)]
    assert [c.voice for c in captions] == ["Lex Fridman", "Dario Amodei", None]
    assert captions[0].text == "Tom &amp; Jerry &gt; cats and dogs\nsecond line"  # webvtt-py leaves entities


def test_words_that_do_not_match_the_text_are_not_written():
    seg = Segment(0, 1000, "hello world", None, (Word(0, 500, "hullo"), Word(500, 1000, "world")))
    assert "<00:" not in write(Transcript((seg,)))


def test_untimed_transcript_cannot_be_written():
    with pytest.raises(InputError, match="untimed"):
        write(Transcript((Segment(None, None, "text"),), source="x.txt"))


def test_inline_time_going_backwards_names_its_line():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nfine\n<00:00:02.000>a <00:00:01.500>b\n"
    with pytest.raises(ParseError) as e:
        read(text, path="w.vtt")
    assert str(e.value).startswith("w.vtt:5: inline timestamp <00:00:01.500> goes backwards")


def test_a_block_that_is_not_a_cue_is_an_error_or_skipped():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\njust some text\nwithout timing\n\n00:00:03.000 --> 00:00:04.000\nok\n"
    with pytest.raises(ParseError, match=r"^b.vtt:6: not a cue"):
        read(text, path="b.vtt")
    t = read(text, path="b.vtt", lenient=True)
    assert [s.text for s in t] == ["fine", "ok"] and t.skipped == 1


def test_missing_header_is_an_error_on_line_1():
    with pytest.raises(ParseError, match=r"^n.vtt:1: not WebVTT"):
        read("00:00:01.000 --> 00:00:02.000\nhi\n", path="n.vtt")


def test_sniff_and_detection():
    vtt = TRANSCRIPT_FORMATS.get("vtt")
    assert vtt.sniff("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n") > 0.9
    assert vtt.sniff("WEBVTTX\n") == 0 and vtt.sniff("1\n00:00:01,000 --> 00:00:02,000\nhi\n") == 0
    assert parse_transcript((DATA / "youtube_auto.vtt").read_text(), path="captions.txt").format == "vtt"


def test_overlapping_asr_word_times_are_kept_as_starts():
    from clipper.model import Segment, Transcript, Word
    from clipper.transcripts import dump_transcript, parse_transcript

    words = (Word(1_000, 1_600, "so"), Word(1_500, 2_000, "the"), Word(2_000, 2_400, "scaling"), Word(2_600, 3_500, "hypothesis"))
    t = Transcript((Segment(1_000, 3_000, "so the scaling hypothesis", "Lex Fridman", words),))
    back = parse_transcript(dump_transcript(t, "vtt"), format="vtt")
    got = back.segments[0].words
    assert [w.text for w in got] == ["so", "the", "scaling", "hypothesis"]
    assert [w.start for w in got] == [1_000, 1_500, 2_000, 2_600]  # every start kept
    assert got[0].end == 1_500 and got[2].end == 2_400  # the overlap ends at the next start; a gap is kept
    assert got[-1].end <= 3_000


def test_unnamed_turns_from_srt_keep_their_dash_in_vtt_and_read_back_as_turns():
    srt = dedent("""\
        1
        00:00:01,000 --> 00:00:03,000
        - Do you like it?
        - Yes, a lot.

        2
        00:00:06,500 --> 00:00:08,000
        Because it is good.
        """)
    src = parse_transcript(srt, format="srt")
    vtt = write(src)
    assert "\n- Do you like it?\n" in vtt and "\n- Yes, a lot.\n" in vtt and "\nBecause it is good.\n" in vtt
    back = parse_transcript(vtt, format="vtt")
    assert [s.turn for s in back.segments] == [True, True, False]
    assert [s.start for s in back.segments] == [s.start for s in src.segments]
    assert parse_transcript(write(back), format="vtt").segments == back.segments  # no second dash


# --- crosstalk: cues that overlap --------------------------------------------------------------------

CROSSTALK = dedent("""\
    WEBVTT

    00:00:01.000 --> 00:00:03.100
    <v Ann>hi there

    00:00:03.000 --> 00:00:06.000
    <v Ben>hello, can you hear me?

    00:00:04.000 --> 00:00:05.000
    <v Ann>yes

    00:00:06.000 --> 00:00:08.000
    <v Ben>good, then let us start with the garden.
    """)


def test_overlapping_cues_are_crosstalk_and_keep_every_word():
    t = read(CROSSTALK, path="x.vtt")
    assert [(s.start, s.end, s.speaker, s.text) for s in t] == [
        (1000, 3100, "Ann", "hi there"), (3000, 6000, "Ben", "hello, can you hear me?"), (4000, 5000, "Ann", "yes"),
        (6000, 8000, "Ben", "good, then let us start with the garden.")]
    assert t.skipped == 0 and t.duration == 8000


def test_a_cue_starting_before_the_previous_start_is_out_of_order():
    """WebVTT requires cues in order of their start times; a cue further back than rounding is an error."""
    text = CROSSTALK.replace("00:00:04.000 --> 00:00:05.000", "00:00:02.000 --> 00:00:05.000")
    with pytest.raises(ParseError) as e:
        read(text, path="x.vtt")
    assert e.value.line == 9 and e.value.message.startswith(
        "cue starts at 00:00:02.000, before the previous cue starts (00:00:03.000)")
    assert [s.text for s in read(text, lenient=True)] == ["hi there", "hello, can you hear me?",
                                                         "good, then let us start with the garden."]
    back = CROSSTALK.replace("00:00:04.000 --> 00:00:05.000", "00:00:02.960 --> 00:00:05.000")  # rounding: kept
    assert len(read(back)) == 4


def test_overlapping_cues_make_subtitles_and_chapters_with_every_word():
    from clipper.align import AlignOptions, find_chapters
    from clipper.model import Section, Summary
    from clipper.subtitles import resegment

    t = read(CROSSTALK)
    cues = resegment(t)
    assert " ".join(c.text.replace("\n", " ") for c in cues).split() == t.text().split()
    assert all(a.start <= b.start and c.start <= c.end for a, b, c in zip(cues, cues.segments[1:], cues))
    chapters = find_chapters(t, Summary(None, (Section("Hello"), Section("The garden"))),
                             AlignOptions(min_chapter_ms=1000))
    assert [(c.start, c.title) for c in chapters] == [(0, "Hello"), (6000, "The garden")]


def test_only_webvtt_markup_is_dropped_from_cue_text():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nWhen a<b and c>d we use List<String> here\n\n"
            "00:00:03.000 --> 00:00:05.000\n<v.loud Bob>It is <c.yellow.bg_blue>yellow</c> <i>now</i> "
            "<lang en-GB>colour</lang> <ruby>kan<rt>k</rt></ruby> &lt;T&gt;\n")
    t = read(text)
    assert [(s.speaker, s.text) for s in t] == [
        (None, "When a<b and c>d we use List<String> here"), ("Bob", "It is yellow now colour kank <T>")]


def _vtt(*texts: str) -> str:
    return "WEBVTT\n\n" + "\n".join(f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n{t}\n" for i, t in enumerate(texts, 1))


def test_speaker_labels_in_cue_text_name_speakers_in_capitals_when_consistent():
    t = read(_vtt("SPEAKER 1: Hi, welcome.", "SPEAKER 2: Thanks for having me.", "It is a pleasure.",
                  "- Who said that?", "<v Ann>SPEAKER 1: quoted", "NOTE: the audio drops."))
    assert [(s.speaker, s.text) for s in t] == [
        ("SPEAKER 1", "Hi, welcome."), ("SPEAKER 2", "Thanks for having me."), ("SPEAKER 2", "It is a pleasure."),
        (None, "- Who said that?"), ("Ann", "SPEAKER 1: quoted"), (None, "NOTE: the audio drops.")]
    zoom = read(_vtt("Ann Lee: Hello everyone.", "Bob: Hi Ann."))  # Zoom's transcript form
    assert [(s.speaker, s.text) for s in zoom] == [("Ann Lee", "Hello everyone."), ("Bob", "Hi Ann.")]
    assert [s.speaker for s in read(_vtt("JOHN: hi there", "and more"))] == [None, None]  # one label, no pattern
