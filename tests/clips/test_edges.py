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


def expected_edges(lay, k, pad=PAD, plan=None):
    """``pad`` into the known gaps around phrase ``k``; with its ``plan``, never inside the
    transcript's word times (which may lie a little outside the audio's words)."""
    gap_before = next(g for g in lay.pauses if g[1] == lay.phrases[k].start)
    gap_after = next(g for g in lay.pauses if g[0] == lay.phrases[k].end)
    start, end = max(gap_before[0], gap_before[1] - pad), min(gap_after[1], gap_after[0] + pad)
    if plan is not None:
        start, end = min(start, plan.word_start), max(end, plan.word_end)
    return start, end


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
        plan = phrase_plan(ep, lay, k, opts)
        got = refine_edges(ffmpeg, episode.wav, ep, plan, duration=lay.duration, options=opts)
        want = expected_edges(lay, k, pad, plan)
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
        # in the true gap, unless the transcript's word time lies beyond it: never inside that
        assert got.start <= plan.word_start and got.end >= plan.word_end
        assert min(gap_in[0], plan.word_start) - 5 <= got.start <= gap_in[1] + 5, (got.start, gap_in)
        assert gap_out[0] - 5 <= got.end <= max(gap_out[1], plan.word_end) + 5, (got.end, gap_out)
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


# --- the promise: a cut never moves inward past the transcript's word times -------------------
#
# Tone bursts (lavfi sine) as "words", silences between them, and a hand-made timed transcript
# whose times are off the way ASR times are: a word's end given inside the short gap after it or
# up against the next word, a start given early or late.

RATE = 48_000
# (audio start, audio end, transcript start, transcript end, text); the gaps inside a phrase are
# 60 ms (too short to be a pause), the pauses between phrases 700 and 650 ms.
BURSTS = [
    (500, 800, 470, 855, "alpha"),  # ends 55 ms late, 5 ms before the next word
    (860, 1200, 858, 1235, "bravo"),  # ends 35 ms late
    (1260, 1420, 1255, 1400, "charlie"),  # short, last of its phrase: the pause starts just after it
    (2120, 2500, 2150, 2540, "delta"),  # starts 30 ms late
    (2560, 2900, 2545, 2930, "echo"),
    (2960, 3300, 2935, 3280, "foxtrot"),  # ends 20 ms early
]
LENGTH = 3_950


def sine_words_args(out):
    """ffmpeg arguments rendering BURSTS as 330 Hz sine bursts between digital silence."""
    pieces, t = [], 0
    for i, (s, e, *_rest) in enumerate(BURSTS):
        if s > t:
            pieces.append(f"anullsrc=r={RATE}:cl=mono,atrim=end_sample={(s - t) * RATE // 1000}")
        pieces.append(f"sine=frequency={220 + 40 * i}:sample_rate={RATE},volume=3,"
                      f"atrim=end_sample={(e - s) * RATE // 1000}")
        t = e
    pieces.append(f"anullsrc=r={RATE}:cl=mono,atrim=end_sample={(LENGTH - t) * RATE // 1000}")
    graph = ";".join(f"{src}[p{i}]" for i, src in enumerate(pieces))
    graph += ";" + "".join(f"[p{i}]" for i in range(len(pieces))) + f"concat=n={len(pieces)}:v=0:a=1[out]"
    return ["-filter_complex", graph, "-map", "[out]", "-c:a", "pcm_s16le", "-y", str(out)]


@pytest.fixture(scope="module")
def sine_words(ffmpeg, tmp_path_factory):
    from clipper import ffmpeg as ff
    from clipper.model import Segment, Transcript

    wav = tmp_path_factory.mktemp("sine") / "words.wav"
    ff.run(ffmpeg, sine_words_args(wav))
    words = tuple(Word(ts, te, text) for _s, _e, ts, te, text in BURSTS)
    phrases = (words[:3], words[3:])
    t = Transcript(tuple(Segment(p[0].start, p[-1].end, " ".join(w.text for w in p), words=p) for p in phrases))
    return wav, Episode.from_transcript(t)


def audio_word_at(t):
    """The burst (index) that sounds at ``t``, if any."""
    return next((i for i, (s, e, *_r) in enumerate(BURSTS) if s < t < e), None)


@pytest.mark.parametrize("pad", [0, 250])
def test_no_cut_moves_inward_past_the_transcript_words(ffmpeg, sine_words, pad):
    wav, ep = sine_words
    opts = ClipOptions(padding=pad)
    names = [b[4] for b in BURSTS]
    for i in range(len(BURSTS)):
        for j in range(i, len(BURSTS)):
            plan = plan_clip(ep, ClipSpec(quote=" ".join(names[i: j + 1])), 1, options=opts)
            assert (plan.first_word, plan.last_word) == (i, j)
            got = refine_edges(ffmpeg, wav, ep, plan, duration=LENGTH, options=opts)
            assert got.start <= plan.word_start and got.end >= plan.word_end, (names[i], names[j], got)
            # the cut is in silence, or at the transcript's own time when that is inside a burst
            for at, word_time in ((got.start, plan.word_start), (got.end, plan.word_end)):
                assert audio_word_at(at) is None or at == word_time, (names[i], names[j], at)


def test_the_qa_cases_end_at_or_after_the_last_words_end(ffmpeg, sine_words):
    """Before the fix "alpha" ended at 810, 45 ms before its transcript end (the quietest instant of
    the gap after it), and a start or end pause was taken from beyond the word it should bound."""
    wav, ep = sine_words
    alpha = refine_edges(ffmpeg, wav, ep, plan_clip(ep, ClipSpec(quote="alpha"), 1), duration=LENGTH)
    assert 855 <= alpha.end <= 860  # the 5 ms of silence left before "bravo"
    # ... and not padding into the pause after "charlie", a short word: that took "charlie" in
    bravo = refine_edges(ffmpeg, wav, ep, plan_clip(ep, ClipSpec(quote="alpha bravo"), 1), duration=LENGTH)
    assert 1235 <= bravo.end <= 1260
    charlie = refine_edges(ffmpeg, wav, ep, plan_clip(ep, ClipSpec(quote="charlie delta"), 1), duration=LENGTH)
    assert 1200 <= charlie.start <= 1255  # in the gap before "charlie", never after its start
    assert 2540 <= charlie.end <= 2560  # "delta" ends (per the transcript) 20 ms before "echo" sounds
    # where there is a pause, the padding goes into it as before
    foxtrot = refine_edges(ffmpeg, wav, ep, plan_clip(ep, ClipSpec(quote="echo foxtrot"), 1), duration=LENGTH)
    assert abs(foxtrot.end - (3300 + PAD)) <= TOL
    delta = refine_edges(ffmpeg, wav, ep, plan_clip(ep, ClipSpec(quote="delta"), 1), duration=LENGTH)
    assert abs(delta.start - (2120 - PAD)) <= TOL


def test_choosers_clamp_to_the_word_times():
    # a pause that begins inside the first word (transcript start 1000) is not a place to start
    assert choose_start([Pause(1100, 1500)], 1000, PAD, after=900) is None
    # the onset found later than the transcript's start: the start stays at the transcript's
    assert choose_start([Pause(700, 1040)], 1000, 0, after=650) == 1000
    assert choose_start([Pause(700, 1040)], 1000, PAD, after=650) == 1040 - PAD
    # mirrored for ends
    assert choose_end([Pause(500, 900)], 1000, PAD, before=1500) is None
    assert choose_end([Pause(960, 1400)], 1000, 0, before=1400) == 1000
    assert choose_end([Pause(960, 1400)], 1000, PAD, before=1400) == 960 + PAD


# --- steady sound: no pause, no quieter instant -----------------------------------------------
#
# QA: a pure tone under the whole episode (lavfi sine) gave notes "cut at the quietest instant
# ... (00:12:22.222)", the first word's time, while the cut was at 12:22.068, 30 ms into the word
# before (the first frame of the search, all frames being alike); --padding 0 and 5 cut the same.

TONE_WORDS = [(1_000, 1_400, "what's"), (1_460, 1_640, "the"), (1_700, 2_130, "ceiling"),
              (2_190, 2_310, "of"), (2_370, 2_680, "this?"), (2_800, 3_030, "Yeah.")]


@pytest.fixture(scope="module")
def tone(ffmpeg, tmp_path_factory):
    from clipper import ffmpeg as ff
    from clipper.model import Segment, Transcript

    mp3 = tmp_path_factory.mktemp("tone") / "tone.mp3"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=8000:duration=5", "-b:a", "8k", "-y",
                    str(mp3)])
    words = tuple(Word(s, e, t) for s, e, t in [(300, 700, "is,"), *TONE_WORDS])
    t = Transcript((Segment(words[0].start, words[-1].end, " ".join(w.text for w in words), "Lex", words),))
    return mp3, Episode.from_transcript(t)


def test_steady_sound_has_no_dip_and_speech_run_together_has(ffmpeg, tone, tmp_path):
    from pydub import AudioSegment

    from clipper import ffmpeg as ff

    mp3, _ = tone
    steady = edges.window_near(ffmpeg, mp3, 2_000)  # from 0: decoding after a seek starts with ~200 ms of zeros
    assert edges.dip(steady, 1_100, 1_600) < 1.0
    noise = tmp_path / "noise.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "anoisesrc=color=white:amplitude=0.3:duration=2", "-y", str(noise)])
    assert edges.dip(edges.window_near(ffmpeg, noise, 1_000, search=1_000), 500, 900) < edges.MIN_DIP_DB
    seg = steady.segment
    run_together = edges.Window(seg[:300] + AudioSegment.silent(duration=40, frame_rate=seg.frame_rate) + seg[:300], 0)
    assert edges.dip(run_together, 100, 600) == float("inf")
    assert edges.dip(steady, 4_500, 6_000) is None  # not in the window


@pytest.mark.parametrize("pad, start, end", [
    (0, 1_000, 2_680),  # the words' own times
    (100, 900, 2_780),
    (250, 750, 2_800),  # up to the word after ("Yeah." starts at 2800), not into it
    (5_000, 700, 2_800),  # and up to the word before ("is," ends at 700)
])
def test_steady_sound_pads_by_the_transcript_up_to_the_neighbouring_words(ffmpeg, tone, pad, start, end):
    mp3, ep = tone
    opts = ClipOptions(padding=pad)
    plan = plan_clip(ep, ClipSpec(quote="what's the ceiling of this"), 1, options=opts)
    got = refine_edges(ffmpeg, mp3, ep, plan, duration=5_000, options=opts)
    assert (got.start, got.end) == (start, end)
    # the notes give the cut's own times, the ones in the clip's range
    assert got.notes == (
        f"no pause before the first word, and the sound there is steady: cut by the transcript's times, padded but "
        f"not into the word before (00:00:0{start / 1000:.3f})",
        f"no pause after the last word, and the sound there is steady: cut by the transcript's times, padded but "
        f"not into the word after (00:00:0{end / 1000:.3f})")


def test_quietest_instant_notes_give_the_cut_not_the_word_time(ffmpeg, episode):
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    words = lay.words
    gaps = [(a.end, b.start) for a, b in zip(words, words[1:])]
    inner = [i for i in range(1, len(words) - 1) if gaps[i - 1][1] - gaps[i - 1][0] < 100
             and gaps[i][1] - gaps[i][0] < 100]
    plan = plan_clip(ep, ClipSpec(quote=" ".join(w.text for w in words[inner[2]: inner[6] + 1])), 1)
    got = refine_edges(ffmpeg, episode.wav, ep, plan, duration=lay.duration)
    from clipper.timecode import format_clock

    assert f"{edges.NOTE_QUIETEST_START} ({format_clock(got.start)})" in got.notes
    assert f"{edges.NOTE_QUIETEST_END} ({format_clock(got.end)})" in got.notes


# --- silence: nothing to find an edge by -------------------------------------------------------
#
# QA: an episode whose audio is all digital silence (lavfi anullsrc) gave the note "no pause before
# the first word, and the sound there is steady"; it is silent, and the note now says so.


def test_silent_audio_pads_by_the_transcript_and_says_it_is_silent(ffmpeg, episode, tmp_path):
    from clipper import ffmpeg as ff
    from clipper.timecode import format_clock

    lay = episode.layout
    wav = tmp_path / "silence.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", str(lay.duration / 1000), "-y", str(wav)])
    ep = Episode.from_transcript(episode.transcript)
    for k in (0, 5, len(lay.phrases) - 1):  # at the episode's start, inside, at its end
        plan = phrase_plan(ep, lay, k)
        got = refine_edges(ffmpeg, wav, ep, plan, duration=lay.duration)
        after = ep.words[plan.first_word - 1].end if plan.first_word else None
        before = ep.words[plan.last_word + 1].start if plan.last_word + 1 < len(ep.words) else None
        start = max(0, plan.word_start - PAD) if after is None else min(plan.word_start, max(after, plan.word_start - PAD))
        end = plan.word_end + PAD if before is None else max(plan.word_end, min(before, plan.word_end + PAD))
        assert (got.start, got.end) == (start, min(end, lay.duration))  # the padded words, never inward
        assert got.notes == (f"{edges.NOTE_SILENT_START} ({format_clock(got.start)})",
                             f"{edges.NOTE_SILENT_END} ({format_clock(got.end)})")
        assert "steady" not in " ".join(got.notes)


def test_a_quiet_tone_is_not_silence(ffmpeg, tmp_path):
    """A 300 Hz tone at -60 dBFS peak is quiet, not silent: its windows are steady sound."""
    from clipper import ffmpeg as ff

    wav = tmp_path / "quiet.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000:duration=4,volume=-42dB", "-y",
                    str(wav)])
    w = edges.window_near(ffmpeg, wav, 2_000, duration=4_000, search=1_000)
    assert -61.0 <= w.segment.max_dBFS <= -59.0
    assert not edges.is_silent(w)
    at, note = edges.start_edge(w, 2_000, 250, after=1_900)
    assert (at, note) == (1_900, edges.NOTE_STEADY_START)
    assert edges.is_silent(edges.Window(w.segment - 40, w.offset))  # the same tone at -100 dBFS
