from clipper.align.units import host_speaker, make_units
from clipper.model import Segment, Transcript, Word


def test_paragraphs_are_units_and_turns_are_marked():
    t = Transcript((
        Segment(0, 20_000, "Welcome to the show. Today my guest is Ada.", "Host"),
        Segment(20_000, 45_000, "Thanks for having me. I build compilers.", "Ada"),
        Segment(45_000, 70_000, "And also databases, sometimes.", "Ada"),
        Segment(70_000, 80_000, "Let's talk about compilers?", "Host"),
    ))
    units = make_units(t)
    assert [u.start for u in units] == [0, 20_000, 45_000, 70_000]
    assert [u.turn for u in units] == [True, True, False, True]
    assert host_speaker(units + [units[-1]]) in {"Host", "Ada"}


def test_caption_cues_merge_into_sentences_and_never_start_mid_sentence():
    words = [Word(i * 500, i * 500 + 400, w) for i, w in enumerate(
        "so that is how it works. now the next topic is here and it goes on for a while. done.".split())]
    cues = [Segment(words[i].start, words[min(i + 3, len(words)) - 1].end, " ".join(w.text for w in words[i:i + 3]),
                    "A", tuple(words[i:i + 3])) for i in range(0, len(words), 3)]
    units = make_units(Transcript(tuple(cues)), target_ms=1_000)
    assert all(u.sentence_start for u in units)
    assert [u.text.split()[0] for u in units] == ["so", "now", "done."]


def _cues(text: str, per_cue: int = 8, ms: int = 300, gap_every: int = 0) -> Transcript:
    words, t = [], 0
    for i, w in enumerate(text.split()):
        if gap_every and i and i % gap_every == 0:
            t += 600  # a pause
        words.append(Word(t, t + ms - 20, w))
        t += ms
    return Transcript(tuple(Segment(ws[0].start, ws[-1].end, " ".join(w.text for w in ws), None, tuple(ws))
                            for ws in (words[i:i + per_cue] for i in range(0, len(words), per_cue))))


def test_unpunctuated_captions_are_cut_into_short_units_that_may_all_start_a_chapter():
    # YouTube auto-captions: no sentence ends, no speakers. Without a fallback this was one unit of
    # the whole episode, and no chapter could be placed at all.
    text = " ".join(f"word{i} and then some more talk about topic {i // 40}" for i in range(300))
    units = make_units(_cues(text))
    assert len(units) > 60  # 15 minutes of speech
    assert all(u.sentence_start for u in units)
    assert max(u.end - u.start for u in units) <= 2 * 5_000 + 3_000  # no pauses here: 10 s and a cue at most


def test_unpunctuated_units_end_at_pauses_once_long_enough():
    text = " ".join(f"w{i}" for i in range(400))
    units = make_units(_cues(text, per_cue=10, gap_every=20))  # a 600 ms pause every other cue (6 s)
    assert all(u.pause_ms >= 600 for u in units[1:])
    assert all(5_000 <= u.end - u.start <= 7_000 for u in units[:-1])


def test_a_punctuated_sentence_running_for_minutes_is_cut_for_evidence_but_never_started_in():
    opening = " ".join(f"this is sentence {i}." for i in range(40))  # 48 s of short sentences
    run_on = " ".join(f"w{i}" for i in range(2000)) + "."  # then 10 minutes of one sentence
    units = make_units(_cues(opening + " " + run_on))
    w0 = 160 * 300  # the run-on sentence starts after the opening's 160 words
    inside = [u for u in units if u.start > w0]
    assert len(inside) >= 9  # cut into pieces for the content evidence,
    assert not any(u.sentence_start for u in inside)  # none of which may open a chapter
    assert max(u.end - u.start for u in units) <= 60_000 + 3_000


def test_a_caption_mark_of_an_unnamed_new_speaker_is_a_turn():
    t = Transcript((
        Segment(0, 20_000, "Welcome to the show. Today my guest is Ada."),
        Segment(20_000, 45_000, "Thanks for having me. I build compilers.", turn=True),
        Segment(45_000, 70_000, "And also databases, sometimes."),
        Segment(70_000, 80_000, "Let's talk about compilers?", turn=True),
    ))
    units = make_units(t)
    assert [u.turn for u in units] == [True, True, False, True]
    assert all(u.speaker is None for u in units) and host_speaker(units) is None
