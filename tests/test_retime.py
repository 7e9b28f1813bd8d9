"""Retiming: untimed text takes the times of a differently worded timed transcript."""
from __future__ import annotations

import random
import re
import time

import pytest

from clipper.errors import InputError
from clipper.model import Segment, Transcript, Word
from clipper.retime import align_tokens, guessed_spans, normalise, retime, retime_checked


def timed_words(text: str, start: int = 0, step: int = 400) -> list[Word]:
    return [Word(start + i * step, start + i * step + step - 50, w) for i, w in enumerate(text.split())]


def test_normalise_folds_case_punctuation_and_apostrophes():
    assert [normalise(t) for t in ["We’ve,", "PhD", "2026.", "“Well,", "—"]] == ["weve", "phd", "2026", "well", ""]
    assert normalise("Fußball") == normalise("FUSSBALL") == "fussball"


def test_alignment_is_increasing_and_skips_misrecognitions():
    a = "the scale up is very quick like we do this today".split()
    b = "the scale up is very quick like we we do this to day".split()
    pairs = align_tokens(a, b).pairs
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert (0, 0) in pairs and (8, 9) in pairs  # "do" -> the second "we" is skipped
    assert 10 not in dict(pairs)  # "today" has no partner


def test_matched_words_take_times_and_the_rest_are_interpolated():
    auto = timed_words("if you extrapolate the curves that we've had so far right if if you say well")
    timed = Transcript((Segment(0, auto[-1].end, " ".join(w.text for w in auto), "Dario", tuple(auto)),))
    untimed = Transcript((
        Segment(None, None, "If you extrapolate the curves"),
        Segment(None, None, "that we’ve had so far, right? If you say, WELL,"),
    ))
    out = retime(untimed, timed)
    assert out.timed and [s.text for s in out] == [s.text for s in untimed]
    assert out.segments[0].start == 0 and out.segments[1].start == auto[5].start
    w = out.segments[1].words
    assert [x.text for x in w][-1] == "WELL," and w[-1].start == auto[-1].start
    assert out.speakers == ("Dario",)


def test_paragraph_times_are_spread_over_words_first():
    timed = Transcript((
        Segment(0, 10_000, "Alpha beta gamma delta epsilon zeta eta theta iota kappa.", "A"),
        Segment(10_000, 20_000, "Lambda mu nu xi omicron pi rho sigma tau upsilon.", "B"),
    ))
    untimed = Transcript((
        Segment(None, None, "alpha beta gamma delta epsilon"),
        Segment(None, None, "zeta eta theta iota kappa lambda mu"),
        Segment(None, None, "nu xi omicron pi rho sigma tau upsilon"),
    ))
    out = retime(untimed, timed)
    assert [s.speaker for s in out] == ["A", "A", "B"]
    assert out.segments[0].start == 0
    assert 4_000 < out.segments[1].start < 6_000
    assert 10_000 < out.segments[2].start < 14_000
    assert out.segments[2].end <= 20_000


def test_words_beyond_the_last_match_run_on_at_the_speaking_rate():
    """Even past the timed transcript's end: text it lacks (an outro) was spoken after it, and squeezing
    the words into what is left would give them no time at all."""
    auto = timed_words("one two three four five six seven eight nine ten eleven twelve")
    timed = Transcript((Segment(0, auto[-1].end, " ".join(w.text for w in auto), "A", tuple(auto)),))
    untimed = Transcript((Segment(None, None, "one two three four five six seven eight nine ten eleven twelve"),
                          Segment(None, None, "thanks for listening")))
    ws = retime(untimed, timed).segments[1].words
    assert [w.text for w in ws] == ["thanks", "for", "listening"]
    assert auto[-1].end <= ws[0].start and auto[-1].end + 500 < ws[-1].end < auto[-1].end + 3_000


def test_unmatched_trailing_text_gets_no_speaker():
    auto = timed_words("one two three four five six seven eight nine ten eleven twelve")
    timed = Transcript((Segment(0, auto[-1].end, " ".join(w.text for w in auto), "Chris", tuple(auto)),))
    untimed = Transcript((Segment(None, None, "one two three four five six seven eight nine ten eleven twelve"),
                          Segment(None, None, "Thanks for listening to this conversation.", turn=True)))
    out = retime(untimed, timed)
    assert [s.speaker for s in out] == ["Chris", None]
    assert out.segments[1].turn  # still marked as someone else speaking, just not named


def test_seed_001_outro_runs_on_after_the_page_and_is_nobody_in_particular(seed_human, lex_page):
    """QA: the outro the page lacks ("Thanks for listening ...") was labelled Chris Olah, the last matched
    speaker; it runs on at the speaking rate after the page's last word (its 60 words take ~20 s)."""
    from clipper.transcripts import load_transcript

    page = load_transcript(lex_page)
    out = retime(load_transcript(seed_human), page)
    outro = out.segments[-1]
    assert outro.text.startswith("Thanks for listening") and outro.turn and outro.speaker is None
    assert 10_000 < outro.end - outro.start < 40_000 and outro.start >= out.segments[-2].end
    assert out.segments[-2].speaker == "Chris Olah"  # "Thank you for taking the time to chat as well." matched


def test_untimed_reference_is_an_error():
    with pytest.raises(InputError, match="no times"):
        retime(Transcript((Segment(None, None, "a"),)), Transcript((Segment(None, None, "a"),)))


def test_five_hour_episode_aligns_in_seconds():
    rng = random.Random(452)
    vocab = [f"w{i}" for i in range(3_000)] + ["the", "and", "like", "of", "so", "you", "know"] * 300
    clean = [rng.choice(vocab) for _ in range(55_000)]
    auto, truth = [], []
    for w in clean:  # auto-captions: 8% misheard, 4% dropped, 4% stutters
        r = rng.random()
        truth.append(None if 0.08 <= r < 0.12 else len(auto) * 330)
        if r < 0.08:
            auto.append("x" + w)
        elif r < 0.12:
            continue
        else:
            auto.append(w)
            if r > 0.96:
                auto.append(w)
    words = [Word(i * 330, i * 330 + 300, w) for i, w in enumerate(auto)]
    timed = Transcript(tuple(Segment(ws[0].start, ws[-1].end, " ".join(w.text for w in ws), None, tuple(ws))
                             for ws in (words[i:i + 10] for i in range(0, len(words), 10))))
    untimed = Transcript(tuple(Segment(None, None, " ".join(clean[i:i + 12])) for i in range(0, len(clean), 12)))
    t0 = time.perf_counter()
    out = retime(untimed, timed)
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, elapsed
    starts = [w.start for s in out for w in s.words]
    errs = sorted(abs(s - t) for s, t in zip(starts, truth) if t is not None)
    assert errs[len(errs) // 2] == 0 and errs[int(0.95 * len(errs))] <= 1_000


def test_page_paragraphs_retimed_against_the_page_get_their_own_stamps(lex_page):
    from clipper.transcripts import load_transcript

    page = load_transcript(lex_page)
    untimed = page.with_segments(Segment(None, None, s.text) for s in page.segments)
    out = retime(untimed, page)
    errs = sorted(abs(a.start - b.start) for a, b in zip(out.segments, page.segments))
    assert errs[len(errs) // 2] == 0 and errs[int(0.95 * len(errs))] <= 1_000
    assert [s.speaker for s in out] == [s.speaker for s in page.segments]


def test_human_captions_of_001_land_in_the_page_paragraph_holding_their_text(seed_human, lex_page):
    from clipper.transcripts import load_transcript

    page = load_transcript(lex_page)
    human = load_transcript(seed_human)
    out = retime(human, page)
    assert out.timed and len(out) == len(human)
    paras = [[x for x in (normalise(t) for t in s.text.split()) if x] for s in page.segments]
    grams: dict[tuple[str, ...], list[int]] = {}
    for k, ws in enumerate(paras):
        for i in range(len(ws) - 4):
            grams.setdefault(tuple(ws[i:i + 5]), []).append(k)
    found = inside = 0
    for s in out.segments:
        toks = tuple([x for x in (normalise(t) for t in s.text.split()) if x][:5])
        hits = set(grams.get(toks, ()))
        if len(toks) < 5 or len(hits) != 1:
            continue
        para = page.segments[hits.pop()]
        found += 1
        inside += para.start <= s.start <= para.end
    assert found > 200 and inside / found >= 0.97, (inside, found)
    assert set(out.speakers) == set(page.speakers)


def test_bundled_example_transcript_is_seed_text_with_page_times_and_speakers(lex_page):
    from pathlib import Path

    from clipper.transcripts import load_transcript

    folder = Path(__file__).resolve().parents[1] / "chapters" / "lex-452"
    t = load_transcript(folder / "transcript.vtt")
    assert t.timed and t.segments[0].start < 5_000
    assert 5 * 3600_000 + 14 * 60_000 <= t.duration <= 5 * 3600_000 + 16 * 60_000  # page ends 5:14:23
    assert set(t.speakers) == set(load_transcript(lex_page).speakers)
    assert "we're starting to get to like PhD level" in t.text()  # seed 001's wording, not the page's


# --- how well the texts matched -------------------------------------------------------------------


def _episode(n_words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(2_000)] + ["the", "and", "so", "you", "know"] * 100
    return [rng.choice(vocab) for _ in range(n_words)]


def _timed(words: list[str], keep=lambda i: True, step: int = 375) -> Transcript:
    """``words`` said one every ``step`` ms (160 a minute); only those ``keep`` says are in the transcript."""
    ws = [Word(i * step, i * step + step - 40, w) for i, w in enumerate(words) if keep(i)]
    return Transcript(tuple(Segment(c[0].start, c[-1].end, " ".join(w.text for w in c), None, tuple(c))
                            for c in (ws[i:i + 12] for i in range(0, len(ws), 12))), source="timed.vtt")


def _untimed(words: list[str]) -> Transcript:
    return Transcript(tuple(Segment(None, None, " ".join(words[i:i + 10])) for i in range(0, len(words), 10)))


def test_a_full_match_has_no_warning():
    words = _episode(3_000)
    r = retime_checked(_untimed(words), _timed(words))
    assert (r.words, r.matched, r.guessed, r.warnings) == (3_000, 3_000, (), ())
    assert r.transcript == retime(_untimed(words), _timed(words))


def test_a_timed_transcript_of_only_the_first_part_says_where_times_become_guesses():
    words = _episode(3_000)
    r = retime_checked(_untimed(words), _timed(words, lambda i: i < 800))  # 5 of 18.75 minutes
    assert round(r.share, 2) == 0.27
    (g,) = r.guessed
    assert g.after == 799 * 375 + 335 and g.before is None and g.words == 2_200
    assert r.warnings == ("only 27% of the words matched the timed transcript (timed.vtt); times after 00:04:59 are "
                          "guesses: the timed transcript ends there (a preview or a cut-off copy?)",)


def test_a_missing_middle_is_named_even_when_most_words_match():
    words = _episode(3_000)
    r = retime_checked(_untimed(words), _timed(words, lambda i: not 1_000 <= i < 1_600))
    assert r.share == 0.8
    assert r.warnings == ("a stretch of 600 words did not match the timed transcript (timed.vtt); times from 00:06:14 to "
                          "00:10:00 are guesses (the timed transcript lacks that part)",)
    # gaps shorter than MIN_RUN windows (misheard words, a dropped sentence) are not worth a warning
    assert retime_checked(_untimed(words), _timed(words, lambda i: not 1_000 <= i < 1_150)).warnings == ()


def test_unrelated_text_is_flagged():
    words = _episode(3_000)
    other = _episode(2_000, seed=8)
    r = retime_checked(_untimed(other), _timed(words))
    assert r.share < 0.1
    (w,) = r.warnings
    assert w.startswith("only ") and "% of the words matched the timed transcript (timed.vtt); times " in w
    assert w.endswith("are guesses (is the timed transcript of the same episode?)")


def test_an_untimed_text_none_of_whose_words_match_is_an_error_naming_it():
    """QA: "Yeah." against the page gave one cue lasting 00:00:00-05:14:26."""
    words = _episode(3_000)
    for text in (["zz"] * 50, ["Yeah."]):
        untimed = Transcript((Segment(None, None, " ".join(text), line=1),), source="short.txt")
        with pytest.raises(InputError) as e:
            retime_checked(untimed, _timed(words))
        assert (e.value.path, e.value.message) == ("short.txt", "none of its words match timed.vtt: is it the same "
                                                                "episode?")


def test_a_fourth_stretch_is_one_more_stretch():
    from clipper.retime import Guessed, match_warning

    g = tuple(Guessed(k * 600_000, k * 600_000 + 300_000, 400) for k in range(1, 6))
    assert match_warning(10_000, 8_000, g[:4], 4 * 3600_000).endswith("and 1 more stretch are guesses "
                                                                       "(the timed transcript lacks that part)")
    assert "and 2 more stretches are guesses" in match_warning(10_000, 8_000, g, 4 * 3600_000)


def test_guessed_spans_widen_to_the_matched_words_either_side():
    keys = [f"k{i}" for i in range(1_000)]
    keys[500] = ""  # punctuation only: not a word
    matched = set(range(0, 347)) | set(range(700, 1_000))
    assert guessed_spans(keys, matched) == [(347, 700)]
    assert guessed_spans(keys, set(range(1_000))) == []
    assert guessed_spans(keys, set()) == [(0, 1_000)]


def test_seed_001_against_the_full_page_does_not_warn_but_against_a_49_minute_preview_does(seed_human, lex_page):
    """The thresholds' measurements: the full page matches 90% of seed 001's words and no 300 words
    in a row go unmatched; a timed transcript of the first 49 minutes (the YouTube page's preview,
    seed 000) leaves the rest of the episode to guesses."""
    from clipper.transcripts import load_transcript

    page = load_transcript(lex_page)
    human = load_transcript(seed_human)
    full = retime_checked(human, page)
    assert full.share > 0.85 and full.warnings == ()
    preview = page.with_segments(s for s in page.segments if s.start < 49 * 60_000 + 12_000)
    cut = retime_checked(human, preview)
    assert 0.12 < cut.share < 0.16
    (w,) = cut.warnings
    assert w.startswith("only 14% of the words matched the timed transcript") and "times after 00:49:" in w
    assert w.endswith("are guesses: the timed transcript ends there (a preview or a cut-off copy?)")


def test_cli_warns_when_the_timed_transcript_is_a_cut_off_copy(seed_human, lex_page, tmp_path):
    from typer.testing import CliRunner

    from clipper.cli import app

    cut = tmp_path / "preview.md"
    cut.write_text("\n".join(lex_page.read_text(encoding="utf-8").split("\n")[:200]), encoding="utf-8")
    out = tmp_path / "captions.srt"
    r = CliRunner().invoke(app, ["retime", str(seed_human), str(cut), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "warning: only 8% of the words matched the timed transcript" in r.stderr
    assert "are guesses: the timed transcript ends there" in r.stderr and out.exists()
    r = CliRunner().invoke(app, ["retime", str(seed_human), str(lex_page), "-o", str(tmp_path / "full.srt"), "-q"])
    assert r.exit_code == 0 and r.stderr == ""


# --- the other direction: an untimed text of only part of the episode ----------------------------


def test_an_untimed_text_of_only_the_first_part_says_what_it_covers():
    words = _episode(3_000)  # 18:45 at 375 ms a word
    r = retime_checked(_untimed(words[:800]), _timed(words))
    assert r.share == 1.0 and r.guessed == ()
    assert r.warnings == ("the text covers only 00:00:00-00:04:59 of the timed transcript's 00:18:44 (timed.vtt): "
                          "is it a cut-off copy?",)
    # a missing intro or outro of a few minutes is not worth a warning
    assert retime_checked(_untimed(words[300:2_800]), _timed(words)).warnings == ()


def test_an_untimed_text_missing_much_of_the_middle_says_so():
    words = _episode(3_000)
    r = retime_checked(_untimed(words[:700] + words[2_300:]), _timed(words))
    (w,) = r.warnings
    assert w == ("the text holds only 47% of the timed transcript's words (timed.vtt), over 00:00:00-00:18:44 of its "
                 "00:18:44: does it leave parts out?")


def test_seed_000_against_the_full_page_is_a_cut_off_copy_and_seed_001_is_not(seed_auto, seed_human, lex_page):
    """Seed 000 is the text of the first 49 minutes (the YouTube preview) of the 5:14:26 episode: its
    words match the page well where it has text, so only the page's side says it is cut off."""
    from clipper.transcripts import load_transcript

    page = load_transcript(lex_page)
    cut = retime_checked(load_transcript(seed_auto), page)
    (w,) = cut.warnings
    assert w.startswith("the text covers only 00:00:00-00:49:") and "of the timed transcript's 05:14:26" in w
    assert w.endswith(": is it a cut-off copy?")
    assert retime_checked(load_transcript(seed_human), page).warnings == ()


# --- QA: a timed transcript with a hole, untimed text in another order, an untimed text missing its middle


def _page_without(page: Transcript, lo: int, hi: int) -> Transcript:
    """The page with its paragraphs stamped in ``[lo, hi)`` cut out (their text is gone; the paragraph
    before the cut keeps ending where the next one starts, as a page's paragraphs do)."""
    kept = [s for s in page.segments if not lo <= s.start < hi]
    return page.with_segments(Segment(s.start, kept[k + 1].start if k + 1 < len(kept) else s.end, s.text, s.speaker,
                                      line=s.line) for k, s in enumerate(kept))


def test_an_hour_cut_from_the_timed_page_is_spread_over_the_hour_unnamed_and_named(seed_human, lex_page):
    """QA: one cue ran 00:58:51-02:00:36 and the hour's 10,705 words sat in zero-length cues at 02:00:36,
    all "Dario Amodei", with the warning naming 01:53:43-02:00:36."""
    from clipper.transcripts import load_transcript

    holed = _page_without(load_transcript(lex_page), 3600_000, 7200_000)
    r = retime_checked(load_transcript(seed_human), holed)
    (w,) = r.warnings
    assert w.startswith("a stretch of 10,7") and "times from 01:00:" in w and w.endswith(
        "to 02:00:36 are guesses (the timed transcript lacks that part)")
    inside = [s for s in r.transcript if 3630_000 < s.start and s.end < 7200_000]
    assert len(inside) > 50 and all(s.speaker is None for s in inside)
    assert all(s.end - s.start >= 250 * len(s.words) for s in inside)  # no zero-length cues
    assert all(0 < w.end - w.start < 2_000 for s in inside for w in s.words if len(w.text) > 3)
    assert max(s.end - s.start for s in r.transcript) < 15 * 60_000


def test_a_paragraph_lasting_an_hour_ends_when_its_text_is_said():
    from clipper.retime import fit_paragraphs

    paras = (Segment(0, 10_000, "a b c d e f g h i j " * 4), Segment(10_000, 20_000, "k l m n o p q r s t " * 4),
             Segment(20_000, 3620_000, "u v w x y z " * 4), Segment(3620_000, 3630_000, "a " * 20))
    out = fit_paragraphs(paras)
    assert out[:2] == list(paras[:2]) and out[3] == paras[3]
    assert out[2].start == 20_000 and 5_000 < out[2].end < 10_000 + 20_000


def test_seed_001_without_its_middle_third_says_which_part_of_the_page_it_skips(seed_human, lex_page):
    """QA: it matched 90% of its words and said nothing, though 1:50-3:36 of the page had no text."""
    from clipper.transcripts import load_transcript

    human = load_transcript(seed_human)
    n = len(human.segments)
    cut = human.with_segments(human.segments[:n // 3] + human.segments[2 * n // 3:])
    r = retime_checked(cut, load_transcript(lex_page))
    assert r.share > 0.85 and r.guessed == ()
    (w,) = r.warnings
    m = re.fullmatch(r"the text skips (\d\d:\d\d:\d\d)-(\d\d:\d\d:\d\d) of the timed transcript "
                     r"\(.*transcript_page\.md\): is part of it missing\?", w)
    assert m, w
    hms = [sum(int(x) * f for x, f in zip(t.split(":"), (3600, 60, 1))) for t in m.groups()]
    assert 90 * 60 < hms[1] - hms[0] < 2 * 3600 and 3600 < hms[0] < 2.5 * 3600  # the middle third of 5:14


def test_a_skipped_stretch_warns_only_when_long_both_absolutely_and_for_the_episode():
    from clipper.retime import coverage_warning, largest_skip

    hour = 3600_000
    assert coverage_warning(1_000, 900, 0, 3 * hour, 3 * hour, "p.md", skip=(hour, hour + 11 * 60_000)) == (
        "the text skips 01:00:00-01:11:00 of the timed transcript (p.md): is part of it missing?")
    assert coverage_warning(1_000, 900, 0, 3 * hour, 3 * hour, skip=(hour, hour + 9 * 60_000)) is None  # < 10 min
    assert coverage_warning(1_000, 900, 0, 5 * hour, 5 * hour, skip=(hour, hour + 14 * 60_000)) is None  # < 5%
    tw = timed_words("a b c d e f g h i j", step=60_000)
    assert largest_skip(tw, [0, 2, 7, 9]) == (tw[3].start, tw[6].end)
    assert largest_skip(tw, [0, 1, 2]) is None


def test_an_untimed_text_skipping_a_quarter_of_the_timed_one_says_where():
    words = _episode(8_000)  # 50 minutes
    r = retime_checked(_untimed(words[:3_000] + words[5_000:]), _timed(words))
    assert r.warnings == ("the text skips 00:18:45-00:31:14 of the timed transcript (timed.vtt): is part of it missing?",)


def test_seed_001_with_its_last_third_first_is_an_error_naming_the_line_where_the_start_comes(seed_human, lex_page):
    """QA: it put 19,669 words at 00:00:00 and called the text a cut-off copy."""
    from clipper.transcripts import load_transcript

    human = load_transcript(seed_human)
    n = len(human.segments)
    moved = human.with_segments(human.segments[2 * n // 3:] + human.segments[:2 * n // 3])
    with pytest.raises(InputError) as e:
        retime_checked(moved, load_transcript(lex_page))
    first = human.segments[0]
    assert e.value.path == str(seed_human) and e.value.line == first.line
    assert e.value.message == (f"the text from line {first.line} on matches the timed transcript at 00:00:00, before "
                               "text above it: is it in another order?")


def test_a_block_moved_down_is_found_where_the_text_after_it_goes_back_in_time():
    words = _episode(6_000)
    a, b, c = words[:2_000], words[2_000:4_000], words[4_000:]
    with pytest.raises(InputError, match=r"^the text from .*w.* on matches the timed transcript at 00:12:30, before text "
                                         r"above it: is it in another order\?$"):
        retime_checked(_untimed(a + c + b), _timed(words))  # b (from 12:30 on) comes after c (25:00 on)
    # a small passage out of place (a sentence said again, a short quote) is not a different order
    assert retime_checked(_untimed(a + c[:150] + b + c[150:]), _timed(words)).transcript.timed


def test_out_of_order_points_at_the_first_word_of_the_block_even_if_worded_differently():
    from clipper.retime import out_of_order

    words = _episode(3_000)
    start = words[:1_000]
    start[:3] = ["uh", "so", "zz"]  # the block's first words differ from the timed text's
    assert out_of_order(words[1_000:] + start, words) == (2_003, 3)
    assert out_of_order(words, words) is None


def _seed_lines(seed_human, dashes: bool = True) -> list[str]:
    lines = seed_human.read_text(encoding="utf-8").rstrip("\n").split("\n")
    return lines if dashes else [ln.removeprefix("- ") for ln in lines]  # without turns: a segment a line


def _moved(lines: list[str], first: int, n: int, after: int) -> list[str]:
    """``lines`` with ``lines[first:first + n]`` moved to after ``lines[after - 1]``."""
    return lines[:first] + lines[first + n:after] + lines[first:first + n] + lines[after:]


@pytest.mark.parametrize("first, n, after", [(1999, 600, 9000), (4999, 300, 6000), (100, 200, 1500),
                                             (9000, 250, 11000), (3000, 1000, 9000), (2030, 490, 10156)])
def test_a_moved_block_is_named_by_its_first_line(seed_human, lex_page, first, n, after):
    """QA: seed 001 with 300 lines (1,599 words, 3% of its shared 4-grams) moved down was not seen as out
    of order: its words got 02:56:33.818-.826 and a false warning that the page lacks them."""
    from clipper.transcripts import load_transcript
    from clipper.transcripts.plaintext import read

    lines = _moved(_seed_lines(seed_human, dashes=False), first, n, after)
    with pytest.raises(InputError) as e:
        retime_checked(read("\n".join(lines) + "\n", path="moved.txt"), load_transcript(lex_page))
    line = after - n + 1  # where the block's first line is now
    assert e.value.line == line and e.value.message.startswith(f"the text from line {line} on matches the timed "
                                                                 "transcript at ")


def test_a_block_moved_inside_a_speakers_turn_is_named_by_its_words_and_the_turns_line(seed_human, lex_page):
    """Seed 001's turns are read as one passage each, lines joined: the block's own line is not known, its
    words are (QA: lines 2000-2599 moved after line 9000 start at line 8401, said as line 8351)."""
    from clipper.transcripts import load_transcript
    from clipper.transcripts.plaintext import read

    lines = _moved(_seed_lines(seed_human), 1999, 600, 9000)
    assert lines[8400] == "So if I were to back up a little bit,"
    with pytest.raises(InputError) as e:
        retime_checked(read("\n".join(lines) + "\n", path="moved.txt"), load_transcript(lex_page))
    assert e.value.line == 8351 and lines[8350].startswith("- ")  # the turn holding line 8401
    assert e.value.message == ("the text from “So if I were to back” on (in the passage from line 8351) matches the "
                               "timed transcript at 00:59:04, before text above it: is it in another order?")


def test_seed_001_cut_or_whole_is_not_out_of_order(seed_human, lex_page):
    from clipper.retime import fit_paragraphs, out_of_order
    from clipper.subtitles import transcript_words
    from clipper.transcripts import load_transcript

    def keys(t):
        return [normalise(w) for s in t.segments for w in s.text.split()]

    page = load_transcript(lex_page)
    human = load_transcript(seed_human)
    n = len(human.segments)
    for timed in (page, _page_without(page, 3600_000, 7200_000)):
        b = [normalise(w.text) for w in transcript_words(timed.with_segments(fit_paragraphs(timed.segments)))]
        assert out_of_order(keys(human), b) is None
        assert out_of_order(keys(human.with_segments(human.segments[:n // 3] + human.segments[2 * n // 3:])), b) is None


def test_a_block_pasted_twice_is_named(seed_human, lex_page):
    """QA: seed 001 with lines 2001-2300 pasted again after line 2300 had the copy's 1,592 words crushed into
    40 ms and a warning that the timed transcript lacks them; its repeated 4-grams are not unique, so the
    order check cannot see it. The copy starts at line 2301 and repeats line 2001."""
    from clipper.transcripts import load_transcript
    from clipper.transcripts.plaintext import read

    lines = _seed_lines(seed_human, dashes=False)
    doubled = lines[:2300] + lines[2000:2300] + lines[2300:]
    with pytest.raises(InputError) as e:
        retime_checked(read("\n".join(doubled) + "\n", path="twice.txt"), load_transcript(lex_page))
    assert e.value.line == 2301
    assert e.value.message == ("the text from line 2301 repeats the text from line 2001, which the timed transcript "
                               "says once: is a block pasted twice?")
