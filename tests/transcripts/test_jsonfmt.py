"""Whisper JSON and Podcasting 2.0 JSON transcripts: reading, writing, telling them apart."""
from __future__ import annotations

import json
from textwrap import dedent

import pytest

from clipper.errors import ParseError
from clipper.model import Segment, Transcript, Word
from clipper.transcripts import TRANSCRIPT_FORMATS, parse_transcript
from clipper.transcripts.jsonfmt import read_podcast, read_whisper, write_podcast, write_whisper

FASTER_WHISPER = dedent("""\
    {"text": " Hello there. General Kenobi.",
     "language": "en",
     "segments": [
      {"id": 0, "seek": 0, "start": 0.0, "end": 1.56, "text": " Hello there.", "avg_logprob": -0.2,
       "words": [{"word": " Hello", "start": 0.0, "end": 0.56, "probability": 0.9},
                 {"word": " there.", "start": 0.56, "end": 1.3, "probability": 0.8}]},
      {"id": 1, "seek": 0, "start": 1.56, "end": 3.0, "text": " General Kenobi.", "speaker": "SPEAKER_01",
       "words": [{"text": "General", "start": 1.7, "end": 2.2}, {"text": "Kenobi.", "start": 2.2, "end": 3.0}]}
     ]}
    """)

PODCAST = dedent("""\
    {
      "version": "1.0.0",
      "segments": [
        {"speaker": "Alice", "startTime": 0, "endTime": 1.5, "body": "Welcome back."},
        {"speaker": "Bob", "startTime": 1.5, "endTime": 2.25, "body": "Thanks."}
      ]
    }
    """)


def test_faster_whisper_output_with_word_times_and_a_diarized_speaker():
    t = read_whisper(FASTER_WHISPER, path="w.json")
    assert t.format == "whisper-json"
    assert t.segments == (
        Segment(0, 1560, "Hello there.", None, (Word(0, 560, "Hello"), Word(560, 1300, "there."))),
        Segment(1560, 3000, "General Kenobi.", "SPEAKER_01", (Word(1700, 2200, "General"), Word(2200, 3000, "Kenobi."))),
    )
    assert [s.line for s in t] == [4, 7]


def test_whisperx_words_without_times_leave_the_segment_without_words():
    doc = {"segments": [{"start": 0.5, "end": 2.0, "text": "It was 1999.",
                         "words": [{"word": "It", "start": 0.5, "end": 0.7}, {"word": "was", "start": 0.7, "end": 1.0},
                                   {"word": "1999."}]}]}
    (s,) = read_whisper(json.dumps(doc)).segments
    assert s == Segment(500, 2000, "It was 1999.")


def test_podcast_json():
    t = read_podcast(PODCAST)
    assert t.format == "podcast-json"
    assert t.segments == (Segment(0, 1500, "Welcome back.", "Alice"), Segment(1500, 2250, "Thanks.", "Bob"))
    assert [s.line for s in t] == [4, 5]


def test_writers():
    t = Transcript((Segment(0, 1500, "Hi.", "A", (Word(0, 1500, "Hi."),)), Segment(1500, 2250, "Bye.")))
    assert json.loads(write_whisper(t)) == {
        "text": "Hi. Bye.",
        "segments": [
            {"id": 0, "start": 0.0, "end": 1.5, "text": "Hi.", "speaker": "A",
             "words": [{"word": " Hi.", "start": 0.0, "end": 1.5}]},
            {"id": 1, "start": 1.5, "end": 2.25, "text": "Bye."},
        ],
    }
    assert json.loads(write_podcast(t)) == {
        "version": "1.0.0",
        "segments": [{"speaker": "A", "startTime": 0.0, "endTime": 1.5, "body": "Hi."},
                     {"startTime": 1.5, "endTime": 2.25, "body": "Bye."}],
    }


def test_a_narrow_cue_with_its_label_alone_is_written_without_the_empty_line(lex_page):
    from clipper.subtitles import CueOptions, resegment
    from clipper.transcripts import load_transcript

    cues = resegment(load_transcript(lex_page), CueOptions(max_chars=20))
    alone = [c for c in cues.segments if c.text.startswith("\n")]  # "Dario Amodei:" does not fit beside "Exactly."
    assert alone and alone[0].speaker
    whisper = json.loads(write_whisper(cues))
    podcast = json.loads(write_podcast(cues))
    assert not any(s["text"].startswith("\n") for s in whisper["segments"]) and " \n" not in whisper["text"]
    assert not any(s["body"].startswith("\n") for s in podcast["segments"])
    assert [s["text"] for s in whisper["segments"]] == [c.text.lstrip("\n") for c in cues.segments]


def test_sniffers_tell_the_two_apart_and_leave_chapter_json_alone():
    whisper, podcast = TRANSCRIPT_FORMATS.get("whisper-json"), TRANSCRIPT_FORMATS.get("podcast-json")
    assert whisper.sniff(FASTER_WHISPER) > 0.9 and podcast.sniff(FASTER_WHISPER) == 0
    assert podcast.sniff(PODCAST) > 0.9 and whisper.sniff(PODCAST) == 0
    chapters = '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 60, "title": "Two"}]}'
    assert whisper.sniff(chapters) == 0 and podcast.sniff(chapters) == 0
    assert parse_transcript(FASTER_WHISPER, path="x.json").format == "whisper-json"
    assert parse_transcript(PODCAST, path="x.json").format == "podcast-json"


@pytest.mark.parametrize("value", ["1e308", "Infinity", "NaN", "-1"])
def test_times_that_are_not_an_episode_are_parse_errors(value):
    from clipper.transcripts import parse_transcript

    with pytest.raises(ParseError, match="seconds from 0") as e:
        parse_transcript('{"segments": [\n  {"start": %s, "end": 2, "text": "a"}\n]}' % value, path="w.json")
    assert e.value.line == 2


def test_line_numbers_of_a_long_file_are_counted_in_one_pass():
    import json

    from clipper.transcripts import parse_transcript

    segs = [{"start": i * 2.0, "end": i * 2.0 + 1.5, "text": f"word {i}"} for i in range(5000)]
    t = parse_transcript(json.dumps({"segments": segs}, indent=2), path="w.json")
    assert [s.line for s in t][:2] == [3, 8] and t.segments[-1].line == 3 + 5 * 4999


def test_a_long_episode_whose_text_comes_before_the_segments_is_still_whisper_json():
    # Whisper writes the whole episode's "text" first: a three-hour episode puts "segments" far past
    # any fixed prefix the sniffer might read.
    segs = [Segment(i * 4000, i * 4000 + 3500, f"Sentence number {i} of a long episode, said at length.")
            for i in range(2000)]
    text = write_whisper(Transcript(tuple(segs)))
    assert text.index('"segments"') > 100_000
    assert TRANSCRIPT_FORMATS.detect(text, "x.json").name == "whisper-json"
    t = parse_transcript(text, path="x.json")
    assert t.format == "whisper-json" and len(t.segments) == 2000 and t.segments[-1].start == 1999 * 4000


def test_a_quoted_segments_key_inside_the_text_does_not_make_a_document_whisper_json():
    doc = json.dumps({"text": 'he said "segments": [{"start": 0, "end": 1, "text": "x"}]', "other": 1})
    assert TRANSCRIPT_FORMATS.get("whisper-json").sniff(doc) == 0.0
