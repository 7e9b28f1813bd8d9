"""AssemblyAI and Deepgram JSON: reading the services' responses, telling all four JSON kinds apart."""
from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner

from clipper.cli import app
from clipper.errors import InputError, ParseError
from clipper.model import Segment, Word
from clipper.transcripts import TRANSCRIPT_FORMATS, load_transcript, parse_transcript
from clipper.transcripts.jsonstt import LONGEST, group_words, read_assemblyai, read_deepgram

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"


def _words(*spec: tuple[int, int, str]) -> tuple[Word, ...]:
    return tuple(Word(a, b, t) for a, b, t in spec)


# --- the fixtures, read -------------------------------------------------------------------------------


def test_assemblyai_utterances_are_segments_with_speakers_and_words():
    t = load_transcript(DATA / "assemblyai_speakers.json")
    assert t.format == "assemblyai-json" and t.skipped == 0
    assert t.segments == (
        Segment(240, 3360, "Welcome back to the show. Today we talk about chapters.", "Speaker A", _words(
            (240, 560, "Welcome"), (560, 760, "back"), (760, 880, "to"), (880, 1000, "the"), (1000, 1400, "show."),
            (1720, 2040, "Today"), (2040, 2160, "we"), (2160, 2480, "talk"), (2480, 2720, "about"),
            (2720, 3360, "chapters."))),
        Segment(3900, 4980, "Thanks for having me.", "Speaker B", _words(
            (3900, 4200, "Thanks"), (4200, 4340, "for"), (4340, 4620, "having"), (4620, 4980, "me."))),
    )
    assert [s.line for s in t] == [26, 45]
    assert t.speakers == ("Speaker A", "Speaker B")


def test_assemblyai_without_utterances_groups_words_at_sentence_ends():
    t = load_transcript(DATA / "assemblyai_words.json")
    assert t.format == "assemblyai-json"
    assert [(s.start, s.end, s.text, s.speaker, len(s.words)) for s in t] == [
        (120, 1180, "So what is a chapter?", None, 5),
        (1500, 3040, "It is a named part of the episode.", None, 8),
    ]
    assert t.segments[1].words[-1] == Word(2500, 3040, "episode.")
    assert [s.line for s in t] == [10, 15]  # the line of each segment's first word


def test_deepgram_utterances_are_preferred_to_paragraphs_and_words():
    t = load_transcript(DATA / "deepgram_utterances.json")
    assert t.format == "deepgram-json"
    assert t.segments == (
        Segment(80, 2400, "Hey, everyone. This is episode twelve.", "Speaker 0", _words(
            (80, 320, "Hey,"), (320, 880, "everyone."), (1200, 1360, "This"), (1360, 1480, "is"),
            (1480, 1900, "episode"), (1900, 2400, "twelve."))),
        Segment(2900, 3800, "Glad to be here.", "Speaker 1", _words(
            (2900, 3140, "Glad"), (3140, 3260, "to"), (3260, 3380, "be"), (3380, 3800, "here."))),
    )
    assert [s.line for s in t] == [38, 55]


def test_deepgram_paragraphs_get_the_words_inside_them():
    t = load_transcript(DATA / "deepgram_paragraphs.json")
    assert t.segments == (
        Segment(240, 1360, "Where did you grow up?", "Speaker 0", _words(
            (240, 480, "Where"), (480, 640, "did"), (640, 800, "you"), (800, 1040, "grow"), (1040, 1360, "up?"))),
        Segment(2000, 3440, "In Lisbon, mostly.", "Speaker 1", _words(
            (2000, 2160, "In"), (2160, 2720, "Lisbon,"), (2880, 3440, "mostly."))),
    )
    assert [s.line for s in t] == [30, 37]  # each paragraph's opening brace


def test_deepgram_words_alone_are_grouped_by_punctuated_word():
    t = load_transcript(DATA / "deepgram_words.json")
    assert [(s.start, s.end, s.text, s.speaker) for s in t] == [
        (160, 1600, "Chapters help listeners.", None),
        (2080, 3680, "They skip to the part they want!", None),
    ]
    assert t.segments[0].words == _words((160, 720, "Chapters"), (720, 960, "help"), (960, 1600, "listeners."))
    assert t.speakers == ()


# --- shapes the fixtures do not hold ------------------------------------------------------------------


def _dg(alternative: dict, **results) -> str:
    return json.dumps({"metadata": {"channels": 1}, "results": {"channels": [{"alternatives": [alternative]}],
                                                                 **results}}, indent=1)


def test_deepgram_without_punctuation_uses_word_and_splits_at_speakers_and_pauses():
    words = [{"word": "so", "start": 0.0, "end": 0.2, "speaker": 0}, {"word": "yes", "start": 0.2, "end": 0.5, "speaker": 1},
             {"word": "right", "start": 0.5, "end": 0.9, "speaker": 1}, {"word": "then", "start": 3.0, "end": 3.3, "speaker": 1}]
    t = read_deepgram(_dg({"transcript": "so yes right then", "words": words}))
    assert [(s.start, s.end, s.text, s.speaker) for s in t] == [
        (0, 200, "so", "Speaker 0"), (200, 900, "yes right", "Speaker 1"), (3000, 3300, "then", "Speaker 1")]


def test_grouping_caps_a_segment_without_sentence_ends_and_knows_abbreviations():
    run = [(1, Word(i * 500, i * 500 + 400, "word"), None) for i in range(100)]  # 50 s of unpunctuated words
    segs = group_words(run)
    assert len(segs) > 1 and all(s.end - s.start <= LONGEST for s in segs)
    assert sum(len(s.words) for s in segs) == 100
    segs = group_words([(1, Word(0, 100, "Dr."), None), (2, Word(100, 200, "Who."), None)])
    assert [s.text for s in segs] == ["Dr. Who."]


def test_deepgram_multichannel_is_merged_by_start_and_named_by_channel():
    ch = [{"alternatives": [{"transcript": "Hello there.", "words": [
              {"word": "hello", "start": 0.0, "end": 0.4, "punctuated_word": "Hello"},
              {"word": "there", "start": 0.4, "end": 0.8, "punctuated_word": "there."},
              {"word": "bye", "start": 2.0, "end": 2.4, "punctuated_word": "Bye."}]}]},
          {"alternatives": [{"transcript": "Hi.", "words": [
              {"word": "hi", "start": 0.6, "end": 1.0, "punctuated_word": "Hi."}]}]}]
    t = read_deepgram(json.dumps({"metadata": {"channels": 2}, "results": {"channels": ch}}))
    assert [(s.start, s.text, s.speaker) for s in t] == [
        (0, "Hello there.", "Channel 0"), (600, "Hi.", "Channel 1"), (2000, "Bye.", "Channel 0")]


def test_assemblyai_named_speakers_stay_names_and_untimed_words_leave_the_text():
    doc = {"status": "completed", "text": "It was 1999. Yes.", "utterances": [
        {"speaker": "Alice", "start": 0, "end": 1500, "text": "It was 1999.",
         "words": [{"text": "It", "start": 0, "end": 200}, {"text": "was", "start": 200, "end": 400}, {"text": "1999."}]},
        {"speaker": "B", "start": 1500, "end": 2000, "text": "Yes.",
         "words": [{"text": "", "start": 1500, "end": 1600}, {"text": "Yes.", "start": 1600, "end": 2000}]}]}
    t = read_assemblyai(json.dumps(doc))
    assert t.segments == (Segment(0, 1500, "It was 1999.", "Alice"),
                          Segment(1500, 2000, "Yes.", "Speaker B", _words((1600, 2000, "Yes."))))


def test_unfinished_assemblyai_transcript_says_so():
    doc = '{\n "id": "x",\n "status": "error",\n "error": "Download error, unable to download audio",\n "words": null\n}'
    with pytest.raises(ParseError) as e:
        read_assemblyai(doc, path="a.json")
    assert e.value.line == 3 and "not finished (status 'error'): Download error" in e.value.message


# --- malformed items: the right line, and lenient skips -----------------------------------------------

AAI_UTTERANCES = dedent("""\
    {"status": "completed",
     "utterances": [
      {"speaker": "A", "start": 0, "end": 1000, "text": "One.",
       "words": [{"text": "One.", "start": 0, "end": 1000, "confidence": 0.9}]},
      {"speaker": "B", "start": 1000, "end": 2000, "text": "Two.",
       "words": [
        {"text": "Two.", "start": 1000, "end": 2000, "confidence": 0.9}
       ]},
      {"speaker": "A", "start": 2000, "end": 3000, "text": "Three.", "words": []}
     ]}
    """)


@pytest.mark.parametrize("old,new,line,message", [
    ('"start": 1000, "end": 2000, "text"', '"end": 2000, "text"', 5, "utterance 2 has no 'start'"),
    ('"start": 1000, "end": 2000, "text"', '"start": 1000, "end": 900, "text"', 5, "utterance 2 ends before it starts"),
    ('"start": 1000, "end": 2000, "text"', '"start": "1000", "end": 2000, "text"', 5, "'start' must be a number of milliseconds"),
    ('"text": "Two."', '"text": 2', 5, "utterance 2: 'text' must be a string"),
    ('{"text": "Two.", "start": 1000, "end": 2000', '{"text": "Two.", "start": 1000, "end": 20', 7,
     "utterance 2, word 1 ends before it starts"),
    ('"speaker": "B"', '"speaker": ["B"]', 5, "'speaker' must be a label or a name"),
])
def test_assemblyai_bad_utterance_names_its_line_and_lenient_skips_it(old, new, line, message):
    text = AAI_UTTERANCES.replace(old, new, 1)
    assert text != AAI_UTTERANCES
    with pytest.raises(ParseError) as e:
        read_assemblyai(text, path="aai.json")
    assert (e.value.path, e.value.line) == ("aai.json", line)
    assert message in e.value.message and e.value.text
    t = read_assemblyai(text, path="aai.json", lenient=True)
    assert [s.text for s in t] == ["One.", "Three."] and t.skipped == 1


AAI_WORDS = dedent("""\
    {"status": "completed", "utterances": null,
     "words": [
      {"text": "One", "start": 0, "end": 300, "confidence": 0.9, "speaker": null},
      {"text": "two.", "start": 300, "end": 600, "confidence": 0.9, "speaker": null},
      {"text": "Three.", "start": 700, "end": 900, "confidence": 0.9, "speaker": null}
     ]}
    """)


@pytest.mark.parametrize("old,new,message", [
    ('"start": 300, ', "", "word 2 has no 'start'"),
    ('"end": 600', '"end": 200', "word 2 ends before it starts"),
    ('"text": "two."', '"text": null', "word 2 has no 'text'"),
])
def test_assemblyai_bad_word_names_its_line_and_lenient_drops_it(old, new, message):
    text = AAI_WORDS.replace(old, new, 1)
    with pytest.raises(ParseError) as e:
        read_assemblyai(text, path="w.json")
    assert e.value.line == 4 and message in e.value.message
    t = read_assemblyai(text, path="w.json", lenient=True)
    assert t.skipped == 1 and [s.text for s in t] == ["One Three."]  # the sentence end went with the bad word


def test_assemblyai_crosstalk_overlapping_utterances_keep_every_word():
    """Two speakers at once: utterance 2 starts before utterance 1 ends. Legal, and nothing is lost."""
    text = AAI_UTTERANCES.replace('"start": 1000, "end": 2000, "text"', '"start": 400, "end": 2000, "text"', 1)
    text = text.replace('{"text": "Two.", "start": 1000', '{"text": "Two.", "start": 400', 1)
    t = read_assemblyai(text, path="aai.json")
    assert [(s.start, s.end, s.speaker, s.text) for s in t] == [
        (0, 1000, "Speaker A", "One."), (400, 2000, "Speaker B", "Two."), (2000, 3000, "Speaker A", "Three.")]
    assert t.segments[1].words[0].start == 400 and t.skipped == 0


def test_assemblyai_utterance_starting_before_the_previous_start_is_out_of_order():
    text = AAI_UTTERANCES.replace('"start": 2000, "end": 3000', '"start": 500, "end": 3000', 1)
    with pytest.raises(ParseError) as e:
        read_assemblyai(text, path="aai.json")
    assert e.value.line == 9
    assert "utterance 3 starts at 00:00:00.500, before the one before it starts (00:00:01.000)" in e.value.message
    t = read_assemblyai(text, path="aai.json", lenient=True)
    assert [s.text for s in t] == ["One.", "Two."] and t.skipped == 1


def test_assemblyai_overlapping_words_are_kept_and_backward_ones_are_not():
    overlapping = AAI_WORDS.replace('"start": 300, ', '"start": 100, ', 1)  # starts before "One" ends
    assert [w.start for w in read_assemblyai(overlapping).segments[0].words] == [0, 100]
    backwards = AAI_WORDS.replace('"start": 700, ', '"start": 200, ', 1)  # starts before "two." starts
    with pytest.raises(ParseError) as e:
        read_assemblyai(backwards, path="w.json")
    assert e.value.line == 5 and "word 3 starts at 00:00:00.200, before the one before it starts" in e.value.message


DG_UTTERANCES = dedent("""\
    {"metadata": {"channels": 1},
     "results": {
      "channels": [{"alternatives": [{"transcript": "", "words": []}]}],
      "utterances": [
       {"start": 0.0, "end": 1.0, "transcript": "One.", "speaker": 0, "channel": 0,
        "words": [{"word": "one", "punctuated_word": "One.", "start": 0.0, "end": 1.0}]},
       {"start": 1.0, "end": 2.0, "transcript": "Two.", "speaker": 1, "channel": 0,
        "words": [{"word": "two", "punctuated_word": "Two.", "start": 1.0, "end": 2.0}]},
       {"start": 2.0, "end": 3.0, "transcript": "Three.", "speaker": 0, "channel": 0, "words": []}
      ]}}
    """)


def test_deepgram_crosstalk_is_kept_and_a_start_before_the_previous_start_is_not():
    overlap = DG_UTTERANCES.replace('"start": 1.0, "end": 2.0, "transcript"', '"start": 0.5, "end": 2.0, "transcript"', 1)
    assert [(s.start, s.end, s.speaker) for s in read_deepgram(overlap)] == [
        (0, 1000, "Speaker 0"), (500, 2000, "Speaker 1"), (2000, 3000, "Speaker 0")]
    back = DG_UTTERANCES.replace('"start": 2.0, "end": 3.0', '"start": 0.5, "end": 3.0', 1)
    with pytest.raises(ParseError, match="utterance 3 starts at 00:00:00.500, before the one before it starts"
                       r" \(00:00:01.000\): times go back") as e:
        read_deepgram(back, path="dg.json")
    assert e.value.line == 9


@pytest.mark.parametrize("old,new,line,message", [
    ('"end": 2.0, "transcript"', '"transcript"', 7, "utterance 2 has no 'end'"),
    ('"start": 1.0, "end": 2.0, "transcript"', '"start": 1.0, "end": 0.5, "transcript"', 7, "ends before it starts"),
    ('"start": 1.0, "end": 2.0, "transcript"', '"start": true, "end": 2.0, "transcript"', 7, "number of seconds"),
    ('"start": 1.0, "end": 2.0, "transcript"', '"start": 1.0, "end": 1e308, "transcript"', 7, "number of seconds"),
    ('"start": 1.0, "end": 2.0, "transcript"', '"start": NaN, "end": 2.0, "transcript"', 7, "number of seconds"),
    ('"punctuated_word": "Two.", "start": 1.0', '"punctuated_word": 2, "start": 1.0', 8,
     "utterance 2, word 1: 'punctuated_word' must be a string"),
])
def test_deepgram_bad_utterance_names_its_line_and_lenient_skips_it(old, new, line, message):
    text = DG_UTTERANCES.replace(old, new, 1)
    assert text != DG_UTTERANCES
    with pytest.raises(ParseError) as e:
        read_deepgram(text, path="dg.json")
    assert (e.value.line, message in e.value.message) == (line, True), e.value.message
    t = read_deepgram(text, path="dg.json", lenient=True)
    assert [s.text for s in t] == ["One.", "Three."] and t.skipped == 1


def test_deepgram_bad_paragraph_and_bad_word_lines():
    text = (DATA / "deepgram_paragraphs.json").read_text(encoding="utf-8")
    bad = text.replace('"start": 2.0,\n                  "end": 3.44', '"start": 2.0,\n                  "end": 1.0')
    assert bad != text
    with pytest.raises(ParseError) as e:
        read_deepgram(bad, path="p.json")
    assert e.value.line == 37 and "paragraph 2 ends before it starts" in e.value.message
    t = read_deepgram(bad, path="p.json", lenient=True)
    assert [s.text for s in t] == ["Where did you grow up?"] and t.skipped == 1
    bad = text.replace('"start": 2.16, "end": 2.72', '"start": 2.16, "end": -1')
    with pytest.raises(ParseError) as e:
        read_deepgram(bad, path="p.json")
    assert e.value.line == 24 and "word 7: 'end' must be a number of seconds >= 0" in e.value.message
    t = read_deepgram(bad, path="p.json", lenient=True)
    assert t.skipped == 1 and [w.text for w in t.segments[1].words] == ["In", "mostly."]


@pytest.mark.parametrize("read,text,line", [
    (read_assemblyai, "[1, 2]", 1),
    (read_assemblyai, '{"status": "completed",\n "words": []}', 2),
    (read_assemblyai, '{"status": "completed",\n "utterances": {"A": 1}}', 2),
    (read_deepgram, '{"metadata": {},\n "results": []}', 2),
    (read_deepgram, '{"metadata": {},\n "results": {\n  "channels": [{"alternatives": "x"}]}}', 3),
    (read_deepgram, '{"results": {"channels": [\n {"alternatives": [{"words": [\n  {"word": "", "start": 0, "end": 1}]}]}]}}', 1),
    (read_deepgram, '{"results": {\n "channels": [{"alternatives": [{"words": [\n {"word": "a", "start": 0, "end": 1',
     3),
])
def test_documents_that_are_not_transcripts_are_errors_with_a_line(read, text, line):
    with pytest.raises(InputError) as e:
        read(text, path="x.json", lenient=True)
    assert e.value.path == "x.json" and e.value.line == line


# --- telling the four JSON kinds apart ----------------------------------------------------------------

WHISPER = '{"text": " Hi.", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " Hi.",\n' \
          ' "words": [{"word": " Hi.", "start": 0.0, "end": 1.0, "probability": 0.9}]}]}'
PODCAST = '{"version": "1.0.0", "segments": [{"speaker": "A", "startTime": 0, "endTime": 1, "body": "Hi."}]}'


@pytest.mark.parametrize("name,expected", [
    ("assemblyai_speakers.json", "assemblyai-json"), ("assemblyai_words.json", "assemblyai-json"),
    ("deepgram_utterances.json", "deepgram-json"), ("deepgram_paragraphs.json", "deepgram-json"),
    ("deepgram_words.json", "deepgram-json"),
])
def test_detection_by_content_picks_the_service(name, expected):
    text = (DATA / name).read_text(encoding="utf-8")
    assert TRANSCRIPT_FORMATS.detect(text).name == expected
    assert TRANSCRIPT_FORMATS.detect(text, "episode.json").name == expected
    assert parse_transcript(text, path="x.txt").format == expected


def test_the_four_json_kinds_are_told_apart_and_chapter_json_is_left_alone():
    aai, dg = TRANSCRIPT_FORMATS.get("assemblyai-json"), TRANSCRIPT_FORMATS.get("deepgram-json")
    kinds = {"whisper-json": WHISPER, "podcast-json": PODCAST,
             "assemblyai-json": (DATA / "assemblyai_speakers.json").read_text(encoding="utf-8"),
             "deepgram-json": (DATA / "deepgram_utterances.json").read_text(encoding="utf-8")}
    for expected, text in kinds.items():
        assert parse_transcript(text, path="x.json").format == expected
        assert TRANSCRIPT_FORMATS.detect(text).name == expected
    assert aai.sniff(WHISPER) == dg.sniff(WHISPER) == 0 and aai.sniff(PODCAST) == dg.sniff(PODCAST) == 0
    assert aai.sniff(kinds["deepgram-json"]) == 0 and dg.sniff(kinds["assemblyai-json"]) == 0
    chapters = '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}'
    assert aai.sniff(chapters) == dg.sniff(chapters) == 0
    for other in DATA.glob("*.*"):  # the other transcript fixtures keep their formats
        if other.name.startswith(("assemblyai", "deepgram")) or other.suffix not in {".json", ".vtt", ".srt"}:
            continue
        text = other.read_bytes().decode("utf-8", "replace")
        assert aai.sniff(text) == dg.sniff(text) == 0, other.name


def test_inspect_shows_the_format_and_speakers():
    runner = CliRunner()
    for name, fmt, speakers in [("assemblyai_speakers.json", "assemblyai-json", "2: Speaker A, Speaker B"),
                                ("deepgram_utterances.json", "deepgram-json", "2: Speaker 0, Speaker 1"),
                                ("deepgram_words.json", "deepgram-json", "none named")]:
        r = runner.invoke(app, ["inspect", str(DATA / name)])
        assert r.exit_code == 0, r.output
        assert f"kind:     transcript\nformat:   {fmt}\n" in r.stdout
        assert "timing:   timed, word times\n" in r.stdout
        assert f"speakers: {speakers}\n" in r.stdout


def test_a_long_episode_reads_in_linear_time():
    """About three hours of words (20,000): item lines are counted on, not from the file start each time
    (that took 18 s here)."""
    import time

    words = [{"word": "word", "start": i * 0.5, "end": i * 0.5 + 0.4, "confidence": 0.9,
              "punctuated_word": "word." if i % 12 == 11 else "word", "speaker": (i // 600) % 2} for i in range(20_000)]
    text = _dg({"transcript": "", "words": words})
    t0 = time.perf_counter()
    t = parse_transcript(text, path="long.json")
    assert time.perf_counter() - t0 < 4
    assert t.format == "deepgram-json" and len(t) == 20_000 // 12 + 1 and t.word_count == 20_000
    assert t.speakers == ("Speaker 0", "Speaker 1") and t.duration == 9_999_900
