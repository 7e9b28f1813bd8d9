"""A clip's captions stay inside its audio; default titles end in one ellipsis (QA defects on the
lex-452 transcript page: a 10-word quote the page squeezes into 0.46 s, a quote that ends in '…')."""
import re

from clipper.clips.audiogram import wrap_title
from clipper.clips.cut import AUDIOGRAM_CUES, Episode, captions, default_title, plan_clip
from clipper.clips.spec import ClipSpec
from clipper.subtitles import CueOptions
from clipper.transcripts import load_transcript

SRT_TIME = re.compile(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)")


def cue_times(srt: str) -> list[tuple[int, int]]:
    out = []
    for m in SRT_TIME.finditer(srt):
        h, mi, s, ms, h2, mi2, s2, ms2 = map(int, m.groups())
        out.append((((h * 60 + mi) * 60 + s) * 1000 + ms, ((h2 * 60 + mi2) * 60 + s2) * 1000 + ms2))
    return out


def test_cues_of_a_short_clip_end_at_its_audio_end_and_keep_every_word(lex_page):
    ep = Episode.from_transcript(load_transcript(lex_page))
    plan = plan_clip(ep, ClipSpec(quote="A players want to look around and see other A players"), 1)
    assert plan.duration < 1000  # the page gives these 10 words 0.46 s
    for options in (None, CueOptions(**AUDIOGRAM_CUES)):
        srt, vtt = captions(ep, plan, options)
        times = cue_times(srt)
        assert times and all(0 <= s < e <= plan.duration for s, e in times), (times, plan.duration)
        text = " ".join(ln for ln in srt.split("\n") if ln and not ln.isdigit() and "-->" not in ln)
        assert text == "Lex Fridman: A players want to look around and see other A players"  # every word once
        assert f"00:00:00.{plan.duration:03d}" in vtt


def test_one_word_clip_caption_is_not_held_past_the_clip(lex_page):
    ep = Episode.from_transcript(load_transcript(lex_page))
    plan = plan_clip(ep, ClipSpec(start=3_600_000, end=3_600_100), 1)  # one word of the page
    assert plan.first_word == plan.last_word
    times = cue_times(captions(ep, plan)[0])
    assert len(times) == 1 and times[0][1] == plan.duration < 1000


def test_default_title_of_a_quote_ending_in_an_ellipsis_has_one():
    q = "So in my previous career as a biophysicist… So I did a physics undergrad"
    assert default_title(q, 1) == "So in my previous career as a biophysicist…"
    assert default_title("one two three four five six seven eight... nine", 1) == \
        "one two three four five six seven eight…"
    assert default_title("one two three four five six seven eight, nine", 1) == \
        "one two three four five six seven eight…"
    assert default_title("short and done…", 1) == "short and done…"  # not shortened: as said
    assert default_title("", 4) == "Clip 4"


def test_audiogram_title_shortened_after_an_ellipsis_has_one():
    title = "So in my previous career as a biophysicist… So I did a physics undergrad and then biophysics"
    lines = wrap_title(title, width=24, max_lines=2)
    assert lines.endswith("…") and not lines.endswith("……") and "...…" not in lines


def test_words_the_page_squeezes_get_a_warning_and_ordinary_quotes_none(lex_page):
    ep = Episode.from_transcript(load_transcript(lex_page))
    plan = plan_clip(ep, ClipSpec(quote="A players want to look around and see other A players"), 1)
    assert plan.warnings == ("the transcript gives its 11 words only 0.46 s (01:41:41.260-01:41:41.721): "
                             "its times there are doubtful; check the clip",)
    assert (plan.word_start, plan.word_end) == (6_101_260, 6_101_721)  # times kept as the page gives them
    q = "So in my previous career as a biophysicist"
    assert plan_clip(ep, ClipSpec(quote=q), 2).warnings == ()


def test_ranges_are_cut_against_the_audio_length_not_the_transcripts(lex_page):
    from clipper.clips.cut import fit_to_audio
    from clipper.errors import InputError

    ep = Episode.from_transcript(load_transcript(lex_page))
    audio_end = 5 * 3_600_000 + 15 * 60_000
    late = plan_clip(ep, ClipSpec(start=5 * 3_600_000 + 14 * 60_000, end=5 * 3_600_000 + 16 * 60_000), 1)
    fitted = fit_to_audio(ep, late, audio_end, "ep.mp3")
    assert fitted.end == audio_end and fitted.last_word == len(ep.words) - 1
    assert fitted.warnings == ("the range ends at 05:16:00, after the audio (05:15:00); cut to its end",)
    after = plan_clip(ep, ClipSpec(start=6 * 3_600_000, end=6 * 3_600_000 + 30_000, path="e9.csv", line=2), 1)
    try:
        fit_to_audio(ep, after, audio_end, "ep.mp3")
    except InputError as e:
        assert str(e).startswith("e9.csv:2: clip 1: the range 06:00:00-06:00:30 starts after the audio ends (05:15:00)")
    else:
        raise AssertionError("no error")
