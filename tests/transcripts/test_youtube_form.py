"""clipper.transcripts.youtube_form: a transcript written as yt-dlp writes YouTube auto-captions reads
back (through the rolling-caption de-duplication) as the same words, once each, with their times."""
from clipper.model import Segment, Transcript
from clipper.transcripts import parse_transcript
from clipper.transcripts.youtube_form import asr_words, auto_captions


def test_words_come_back_once_each_with_their_times():
    t = Transcript((
        Segment(0, 4_000, "Well, I think it's the scaling hypothesis."),
        Segment(4_000, 4_000, "Yes."),  # a paragraph stamped at the same second as the next
        Segment(4_000, 9_000, "So what's the ceiling? Nobody knows — R&D will tell.", "Lex Fridman"),
    ))
    words = asr_words(t)
    assert [w.text for w in words] == "well i think it's the scaling hypothesis yes so what's the ceiling nobody knows rd will tell".split()
    assert all(a.start < b.start for a, b in zip(words, words[1:]))  # every word its own instant
    text = auto_captions(t, words_per_line=5)
    assert text.startswith("WEBVTT\nKind: captions\nLanguage: en\n") and "align:start position:0%" in text
    back = parse_transcript(text, path="auto.vtt")
    got = [w for s in back for w in s.words]
    assert [w.text for w in got] == [w.text for w in words]
    assert [w.start for w in got] == [w.start for w in words]
    assert not back.speakers
