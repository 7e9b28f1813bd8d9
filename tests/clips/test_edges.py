"""Clip edges: word boundaries first, then the pause next to them, on generated audio whose silent
gaps are known to the millisecond (tolerance: 20 ms)."""
import pytest

from clipper.clips import edges, synth
from clipper.clips.cut import ClipOptions, Episode, plan_clip, refine_edges
from clipper.clips.edges import Pause, choose_end, choose_start, snap_to_words
from clipper.clips.excerpt import extract
from clipper.clips.spec import ClipSpec
from clipper.model import Word

TOL = 20
PAD = 250

WORDS = [Word(1000, 1400, "a"), Word(1450, 1900, "b"), Word(2600, 3000, "c"), Word(3050, 3500, "d")]


# --- pure choices ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (1000, 3500, (0, 3)),
        (1200, 2700, (0, 2)),  # cuts "a" and "c": both kept whole
        (1950, 2550, None),  # only a pause
        (1900, 2600, None),  # touches the words' edges only
        (1899, 2601, (1, 2)),
        (0, 999, None),
        (3500, 9000, None),
    ],
)
def test_snap_to_words_never_cuts_a_word(start, end, expected):
    assert snap_to_words(start, end, WORDS) == expected


def test_start_goes_padding_before_the_onset_in_the_pause_nearest_the_first_word():
    pauses = [Pause(0, 950), Pause(1920, 2590)]
    assert choose_start(pauses, 2600, PAD, after=1900) == 2590 - PAD
    assert choose_start(pauses, 2600, 1000, after=1900) == 1920  # never before the pause
    # a pause that is not between the first word and the word before it does not count
    assert choose_start([Pause(0, 950)], 2600, PAD, after=1900) is None
    assert choose_start([Pause(2850, 3100)], 2600, PAD, after=1900) is None
    # ... unless the transcript's times are a little off
    assert choose_start([Pause(1700, 2750)], 2600, PAD, after=1900) == 2500
    # a pause running off the analysed window may go on: not used for a start
    assert choose_start([Pause(1920, 2590, open_end=True)], 2600, PAD, after=1900) is None


def test_end_goes_padding_after_the_offset_in_the_pause_nearest_the_last_word():
    pauses = [Pause(1920, 2590), Pause(3520, 4000)]
    assert choose_end(pauses, 1900, PAD, before=2600) == 1920 + PAD
    assert choose_end(pauses, 1900, 1000, before=2600) == 2590
    assert choose_end([Pause(3520, 4000)], 1900, PAD, before=2600) is None
    assert choose_end([Pause(1920, 2590, open_start=True)], 1900, PAD, before=2600) is None


# --- generated audio with known gaps -----------------------------------------------------------


def phrase_plan(ep, lay, k, options=ClipOptions()):
    quote = " ".join(w.text for w in lay.phrases[k].words)
    return plan_clip(ep, ClipSpec(quote=quote), k, options=options)


def expected_edges(lay, k, pad=PAD):
    gap_before = next(g for g in lay.pauses if g[1] == lay.phrases[k].start)
    gap_after = next(g for g in lay.pauses if g[0] == lay.phrases[k].end)
    return max(gap_before[0], gap_before[1] - pad), min(gap_after[1], gap_after[0] + pad)


@pytest.mark.parametrize("source", ["windows", "excerpt"])
def test_every_phrase_clip_lands_padding_into_its_known_gaps(ffmpeg, episode, tmp_path, source):
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    errors = []
    for k in range(len(lay.phrases)):
        plan = phrase_plan(ep, lay, k)
        assert plan.first_word is not None and plan.text == " ".join(w.text for w in lay.phrases[k].words)
        excerpt = None
        if source == "excerpt":
            lo, hi = plan.word_start - edges.SEARCH, plan.word_end + edges.SEARCH
            excerpt = extract(ffmpeg, episode.wav, lo, hi, tmp_path, rate=48_000, channels=1,
                              duration=lay.duration, name=f"x{k}")
        got = refine_edges(ffmpeg, episode.wav, ep, plan, duration=lay.duration, excerpt=excerpt)
        want = expected_edges(lay, k)
        errors.append((got.start - want[0], got.end - want[1]))
        assert not got.notes
    assert all(abs(a) <= TOL and abs(b) <= TOL for a, b in errors), errors


def test_edges_on_mp3_within_20_ms(ffmpeg, episode):
    mp3 = episode.encoded(ffmpeg, "mp3")
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    for k in (0, 5, len(lay.phrases) - 1):
        got = refine_edges(ffmpeg, mp3, ep, phrase_plan(ep, lay, k), duration=lay.duration)
        want = expected_edges(lay, k)
        assert abs(got.start - want[0]) <= TOL and abs(got.end - want[1]) <= TOL, (k, got.start, got.end, want)


def test_padding_option_is_kept_inside_the_pause(ffmpeg, episode):
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    k = 4  # pauses of 891 ms before and 585 ms after
    for pad in (0, 100, 400, 2000):
        opts = ClipOptions(padding=pad)
        got = refine_edges(ffmpeg, episode.wav, ep, phrase_plan(ep, lay, k, opts), duration=lay.duration, options=opts)
        want = expected_edges(lay, k, pad)
        assert abs(got.start - want[0]) <= TOL and abs(got.end - want[1]) <= TOL, (pad, got.start, got.end, want)


def test_mid_sentence_edges_fall_between_words_never_inside_one(ffmpeg, episode):
    """A quote starting and ending inside phrases: no pause there, so the cut is at the quietest
    instant, which is the short gap between two words."""
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    words = lay.words
    true_gaps = [(a.end, b.start) for a, b in zip(words, words[1:])]
    inner = [i for i in range(1, len(words) - 1) if true_gaps[i - 1][1] - true_gaps[i - 1][0] < 100
             and true_gaps[i][1] - true_gaps[i][0] < 100]  # words inside a phrase
    for first, last in ((inner[2], inner[6]), (inner[10], inner[13]), (inner[20], inner[27])):
        plan = plan_clip(ep, ClipSpec(quote=" ".join(w.text for w in words[first: last + 1])), 1)
        got = refine_edges(ffmpeg, episode.wav, ep, plan, duration=lay.duration)
        gap_in, gap_out = true_gaps[first - 1], true_gaps[last]
        assert gap_in[0] - 5 <= got.start <= gap_in[1] + 5, (got.start, gap_in)
        assert gap_out[0] - 5 <= got.end <= gap_out[1] + 5, (got.end, gap_out)
        assert any("quietest instant" in n for n in got.notes)


def test_range_edges_snap_to_words_then_pauses(ffmpeg, episode):
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    p3, p4 = lay.phrases[3], lay.phrases[4]
    # a range that starts inside phrase 3's first word and ends inside phrase 4's last word
    plan = plan_clip(ep, ClipSpec(start=p3.start + 100, end=p4.end - 100), 1)
    got = refine_edges(ffmpeg, episode.wav, ep, plan, duration=lay.duration)
    assert abs(got.start - expected_edges(lay, 3)[0]) <= TOL
    assert abs(got.end - expected_edges(lay, 4)[1]) <= TOL


def test_edges_at_the_episode_start_and_end(ffmpeg, episode):
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    first = refine_edges(ffmpeg, episode.wav, ep, phrase_plan(ep, lay, 0), duration=lay.duration)
    assert abs(first.start - (lay.phrases[0].start - PAD)) <= TOL
    last = refine_edges(ffmpeg, episode.wav, ep, phrase_plan(ep, lay, len(lay.phrases) - 1), duration=lay.duration)
    assert abs(last.end - (lay.phrases[-1].end + PAD)) <= TOL and last.end <= lay.duration


def test_silence_only_window_and_quietest():
    from pydub import AudioSegment

    seg = AudioSegment.silent(duration=1000, frame_rate=16_000)
    w = edges.Window(seg, 5000, at_start=False, at_end=True)
    assert edges.pauses_in(w) == [Pause(5000, 6000, open_start=True, open_end=False)]
    assert edges.quietest(w, 4000, 4500) is None
    assert 5000 <= edges.quietest(w, 5000, 6000) <= 6000


def test_synthetic_layout_is_what_it_says():
    lay = synth.layout(20_000, seed=1)
    assert lay.pauses[0] == (0, 600)
    for a, b in lay.pauses[1:-1]:
        assert 160 <= b - a <= 900
    for p in lay.phrases:
        for x, y in zip(p.words, p.words[1:]):
            assert 25 <= y.start - x.end <= 70
