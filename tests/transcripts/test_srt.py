"""SRT transcripts: speaker prefixes, dialogue dashes, tags, the writer."""
from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from clipper.model import Segment, Transcript
from clipper.transcripts import TRANSCRIPT_FORMATS, dump_transcript, load_transcript, parse_transcript
from clipper.transcripts.srt import read, write

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"


def test_bom_crlf_file_with_speakers_and_a_two_dash_cue():
    t = load_transcript(DATA / "bom_crlf.srt")
    assert t.format == "srt"
    assert t.segments == (
        Segment(1000, 4000, "Hello there,\nhow are you?", "Lex"),  # <i> dropped, line break kept
        Segment(4000, 6000, "Fine, thanks.", "Lex"),  # the speaker carries on
        Segment(6000, 8000, "Who is next?", None),  # two dashes: two unknown speakers sharing the cue,
        Segment(8000, 10000, "Me, I think.", None),  # split by characters (12 and 12)
        Segment(10000, 12000, "Scaling laws.", "Dario Amodei"),
    )
    assert [s.line for s in t] == [1, 6, 10, 13, 15]
    assert [s.turn for s in t] == [False, False, True, True, False]  # dashes: new speakers, names unknown


def test_broadcast_chevrons_mark_turns_like_dashes_and_the_writer_keeps_them():
    t = read("1\n00:00:00,000 --> 00:00:02,000\n>> What is next?\n\n2\n00:00:02,000 --> 00:00:04,000\nthe answer\n\n"
             "3\n00:00:04,000 --> 00:00:06,000\n>>Another voice.\n\n4\n00:00:06,000 --> 00:00:07,000\n- And a third.\n")
    assert [(s.text, s.speaker, s.turn) for s in t] == [
        ("What is next?", None, True), ("the answer", None, False), ("Another voice.", None, True), ("And a third.", None, True)]
    back = read(write(t))
    assert back == t and [s.turn for s in back] == [True, False, True, True]  # written as "- ", read back as turns
    assert "- What is next?" in write(t) and ">>" not in write(t)


def test_dash_split_is_proportional_to_characters():
    t = read("1\n00:00:00,000 --> 00:00:03,000\n- Yes.\n- No, I do not agree.\n")
    assert [(s.start, s.end, s.text) for s in t] == [(0, 521, "Yes."), (521, 3000, "No, I do not agree.")]  # 3000 * 4 // 23


def test_tags_go_entities_are_decoded_and_a_lost_blank_line_is_survived():
    text = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"red\">R&amp;D</font>\n2\n00:00:02,000 --> 00:00:03,000\nnext\n"
    t = read(text)
    assert [s.text for s in t] == ["R&D", "next"]  # decoded, as every other reader does
    assert [s.line for s in t] == [1, 4]


ENTITIES = dedent("""\
    1
    00:00:01,000 --> 00:00:04,000
    Dario Amodei: We spend a lot on R&amp;D,
    and I&#39;d say &lt;scaling&gt; is why.

    2
    00:00:04,500 --> 00:00:06,000
    Lex Fridman: AT&amp;T&nbsp;and &quot;Claude&quot;?
    """)


def test_entities_are_decoded_and_written_back_once():
    t = read(ENTITIES, path="ep.srt")
    assert [(s.speaker, s.text) for s in t] == [
        ("Dario Amodei", "We spend a lot on R&D,\nand I'd say <scaling> is why."),
        ("Lex Fridman", 'AT&T and "Claude"?'),
    ]
    assert "R&D," in write(t) and "&amp;" not in write(t)  # SRT is written plain
    vtt = dump_transcript(t, "vtt")  # VTT escapes & < > exactly once
    assert "R&amp;D," in vtt and "&lt;scaling&gt;" in vtt and "AT&amp;T" in vtt and "&amp;amp;" not in vtt
    assert [s.text for s in parse_transcript(vtt, format="vtt")] == [s.text for s in t]


def test_cues_without_numbers_and_dot_decimals_are_read():
    t = read("00:00:01.000 --> 00:00:02.500\nhi\n\n00:00:03.000 --> 00:00:04.000\nthere\n")
    assert [(s.start, s.end) for s in t] == [(1000, 2500), (3000, 4000)]


def test_writer_names_the_first_cue_of_each_turn():
    t = Transcript((
        Segment(1000, 2000, "Hello.", "Lex"),
        Segment(2000, 3000, "Still me,\ntwo lines.", "Lex"),
        Segment(3000, 4000, "Someone else.", None),
        Segment(4000, 5000, "Me again.", "Lex"),
    ), format="srt")
    assert write(t) == dedent("""\
        1
        00:00:01,000 --> 00:00:02,000
        Lex: Hello.

        2
        00:00:02,000 --> 00:00:03,000
        Still me,
        two lines.

        3
        00:00:03,000 --> 00:00:04,000
        - Someone else.

        4
        00:00:04,000 --> 00:00:05,000
        Lex: Me again.
        """)
    assert read(write(t)) == t


def test_sniff():
    srt = TRANSCRIPT_FORMATS.get("srt")
    assert srt.sniff((DATA / "bom_crlf.srt").read_text(encoding="utf-8-sig")) > 0.9
    assert srt.sniff("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n") == 0
    assert srt.sniff("Lex (00:00:01) hello there\n") == 0


def test_numbered_speaker_labels_of_transcription_services():
    t = read("1\n00:00:01,000 --> 00:00:03,000\nSpeaker 1: Hello there.\n\n"
             "2\n00:00:03,500 --> 00:00:05,000\nSpeaker 2: Hi.\n\n"
             "3\n00:00:05,500 --> 00:00:07,000\nAt 10: we start.\n")
    assert [(s.speaker, s.text) for s in t] == [("Speaker 1", "Hello there."), ("Speaker 2", "Hi."),
                                                ("Speaker 2", "At 10: we start.")]  # a time is not a name


def test_youtube_auto_captions_converted_to_srt_give_every_word_once():
    """yt-dlp --convert-subs srt (or ffmpeg) keeps YouTube's rolling display: a cue repeats the line
    before it, the first line of a cue may be a lone space, and 10 ms echo cues repeat a finished line."""
    said = ["if you extrapolate the curves that we've had", "so far right if you say well i",
            "don't know we're starting to get to phd", "level and last year we were at",
            "undergraduate level and the year before", "we were at the level of a high school"]
    blocks, prev, t = [], " ", 0
    for k, line in enumerate(said):
        blocks.append((f"00:00:{t // 1000:02d},{t % 1000:03d} --> 00:00:{(t + 2000) // 1000:02d},{(t + 2000) % 1000:03d}", prev, line))
        blocks.append((f"00:00:{(t + 2000) // 1000:02d},{(t + 2000) % 1000:03d} --> 00:00:{(t + 2010) // 1000:02d},{(t + 2010) % 1000:03d}", line, " "))
        prev, t = line, t + 2060
    text = "".join(f"{i}\n{timing}\n{a}\n{b}\n\n" for i, (timing, a, b) in enumerate(blocks, 1))  # lone spaces kept
    t = read(text, path="auto.srt")
    assert [s.text for s in t] == said
    assert [(s.start, s.end) for s in t][:2] == [(0, 2000), (2060, 4060)]
    assert [s.line for s in t][:3] == [1, 14, 24]  # the cue, or the line its new text is on


def test_repeated_one_line_cues_are_not_taken_for_rolling_captions():
    text = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},900\nYeah.\n\n" for i in range(1, 6))
    assert [s.text for s in read(text)] == ["Yeah."] * 5


def test_writer_adds_no_second_dash_to_text_that_shows_one():
    # subtitle cues and VTT caption text carry their dash in the text (turn set)
    t = Transcript((Segment(1000, 2000, "Are you ready?", "Lex Fridman"),
                    Segment(2000, 3000, "- Yes.", None, turn=True),
                    Segment(3000, 4000, "- All of those.", None, turn=True)))
    assert "\n- Yes.\n" in write(t) and "\n- All of those.\n" in write(t) and "- -" not in write(t)
    assert [(s.text, s.speaker, s.turn) for s in read(write(t))] == [
        ("Are you ready?", "Lex Fridman", False), ("Yes.", None, True), ("All of those.", None, True)]


def test_overlapping_cues_are_crosstalk_and_keep_every_word():
    text = dedent("""\
        1
        00:00:01,000 --> 00:00:03,100
        ANN: hi there

        2
        00:00:03,000 --> 00:00:06,000
        - hello, can you hear me?

        3
        00:00:06,000 --> 00:00:07,000
        good.
        """).replace("ANN: ", "Ann Lee: ")  # a full name: a lone "Ann:" or "ANN:" is not used consistently
    t = read(text, path="x.srt")
    assert [(s.start, s.end, s.speaker, s.text) for s in t] == [
        (1000, 3100, "Ann Lee", "hi there"), (3000, 6000, None, "hello, can you hear me?"), (6000, 7000, None, "good.")]
    assert t.skipped == 0


def test_a_cue_starting_before_the_previous_start_is_out_of_order():
    import pytest
    from clipper.errors import ParseError

    text = "1\n00:00:05,000 --> 00:00:06,000\nlater\n\n2\n00:00:01,000 --> 00:00:02,000\nearlier\n"
    with pytest.raises(ParseError) as e:
        read(text, path="x.srt")
    assert e.value.line == 6 and "before the previous cue starts (00:00:05.000): cues must be in time order" \
        in e.value.message
    t = read(text, lenient=True)
    assert [s.text for s in t] == ["later"] and t.skipped == 1


def test_only_formatting_tags_are_dropped_from_cue_text():
    text = ('1\n00:00:01,000 --> 00:00:03,000\nWhen a<b and c>d we use List<String> <laughs>\n\n'
            '2\n00:00:03,000 --> 00:00:05,000\n<i>It</i> is <font color="#ff0000">red</font> <B>now</B> &lt;ok&gt;\n')
    assert [s.text for s in read(text)] == ["When a<b and c>d we use List<String> <laughs>", "It is red now <ok>"]


def _srt(*texts: str) -> str:
    return "\n".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{t}\n" for i, t in enumerate(texts, 1))


def test_speaker_labels_in_capitals_used_consistently_name_speakers():
    t = read(_srt("SPEAKER 1: Hi, welcome.", "SPEAKER 2: Thanks for having me.", "It is a pleasure.",
                  "SPEAKER 1: Let us begin."))
    assert [(s.speaker, s.text) for s in t] == [("SPEAKER 1", "Hi, welcome."), ("SPEAKER 2", "Thanks for having me."),
                                                ("SPEAKER 2", "It is a pleasure."), ("SPEAKER 1", "Let us begin.")]
    t = read(_srt("JOHN: Hi there.", "MARY: Hello.", "JOHN: How are you?"))
    assert [s.speaker for s in t] == ["JOHN", "MARY", "JOHN"]


def test_note_and_a_shouted_line_are_not_speakers():
    t = read(_srt("JOHN: Hi there.", "NOTE: the audio drops here.", "JOHN: Where was I?", "I SAID: STOP RIGHT NOW"))
    assert [(s.speaker, s.text) for s in t] == [("JOHN", "Hi there."), ("JOHN", "NOTE: the audio drops here."),
                                                ("JOHN", "Where was I?"), ("JOHN", "I SAID: STOP RIGHT NOW")]
    assert [s.speaker for s in read(_srt("WARNING: loud noise ahead.", "And then it began."))] == [None, None]
    assert [s.speaker for s in read(_srt("Speaker 1: hi", "more words"))] == ["Speaker 1", "Speaker 1"]


def _cues(*lines: str) -> str:
    return "\n".join(f"{n}\n00:00:{2 * n:02d},000 --> 00:00:{2 * n + 2:02d},000\n{ln}\n" for n, ln in enumerate(lines, 1))


def test_a_one_word_label_used_once_is_text_not_a_speaker():
    t = read(_cues("Hello and welcome to the show.", "Remember: this is important.",
                   "We talk about scaling today.", "WOW: great stuff.", "And then more talk."), path="x.srt")
    assert [s.speaker for s in t] == [None] * 5
    assert [s.text for s in t][1::2] == ["Remember: this is important.", "WOW: great stuff."]


def test_a_one_word_label_that_recurs_or_sits_among_named_speakers_is_a_speaker():
    recurs = read(_cues("Lex: Hello there.", "Welcome.", "Lex: And we are back."), path="x.srt")
    assert [s.speaker for s in recurs] == ["Lex", "Lex", "Lex"]
    among = read(_cues("Dario Amodei: Scaling works.", "Lex: Why?", "Dario Amodei: Nobody knows."), path="x.srt")
    assert [(s.speaker, s.text) for s in among] == [
        ("Dario Amodei", "Scaling works."), ("Lex", "Why?"), ("Dario Amodei", "Nobody knows.")]


def test_two_one_off_words_do_not_make_each_other_speakers():
    t = read(_cues("Remember: this is important.", "We go on.", "Wow: great stuff."), path="x.srt")
    assert [s.speaker for s in t] == [None, None, None]


def test_a_cue_whose_text_reads_as_a_label_names_its_speaker_again():
    # clipper's SRT of the lex-452 page: a paper's title opens a cue in the middle of Lex's turn
    t = Transcript((Segment(0, 2000, "So, I think you first described them\nin a 2020 paper,", "Lex Fridman"),
                    Segment(2000, 4000, "Zoom In: An Introduction to Circuits.", "Lex Fridman"),
                    Segment(4000, 6000, "Yes, that was the one.", "Chris Olah")))
    assert write(t).split("\n")[7] == "Lex Fridman: Zoom In: An Introduction to Circuits."
    back = read(write(t))
    assert [(s.text, s.speaker) for s in back] == [(s.text, s.speaker) for s in t]


def test_a_one_off_speaker_after_a_finished_sentence_or_the_only_label_is_a_speaker():
    after = read(_cues("Lex Fridman: Any questions?", "Audience Member: Yes, about scaling.",
                       "Lex Fridman: Go on."), path="x.srt")
    assert [s.speaker for s in after] == ["Lex Fridman", "Audience Member", "Lex Fridman"]
    clip = read(_cues("we said it before,", "Dario Amodei: it keeps working."), path="x.srt")
    assert [s.speaker for s in clip] == [None, "Dario Amodei"]


def test_a_label_on_a_line_of_its_own_names_the_speaker_of_the_lines_below():
    # clipper subtitles --max-chars 20 of lex-452: "Dario Amodei: Exactly." is 22 columns, so the cue leaves
    # its first line empty for the label and the writer puts the label there alone
    t = Transcript((Segment(0, 1500, "you have a higher\ncapacity to-", "Lex Fridman"),
                    Segment(1500, 2500, "\nExactly. If you have", "Dario Amodei"),
                    Segment(2500, 4000, "a small network,", "Dario Amodei"),
                    Segment(4000, 5000, "\nExactly.", "Lex Fridman")))
    text = write(t)
    assert text.split("\n\n")[1].split("\n")[2:] == ["Dario Amodei:", "Exactly. If you have"]
    assert text.strip().split("\n\n")[3].split("\n")[2:] == ["Lex Fridman:", "Exactly."]
    back = read(text)
    assert [(s.speaker, s.text) for s in back] == [
        ("Lex Fridman", "you have a higher\ncapacity to-"), ("Dario Amodei", "Exactly. If you have"),
        ("Dario Amodei", "a small network,"), ("Lex Fridman", "Exactly.")]
    assert [s.line for s in back] == [1, 6, 11, 15]
    # a line ending in a colon that names no one stays text, with its line break
    notes = read(_cues("Here is the list:\nfirst the data,", "then the model."), path="x.srt")
    assert [(s.speaker, s.text) for s in notes] == [(None, "Here is the list:\nfirst the data,"),
                                                      (None, "then the model.")]
