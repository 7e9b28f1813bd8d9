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
