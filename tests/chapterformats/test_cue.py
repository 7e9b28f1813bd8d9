from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.chapterformats.cue import format_cue_time, write
from clipper.errors import ClipperError, ParseError
from clipper.model import Chapter, ChapterList


def test_writes_tracks_with_frames_at_75_per_second(episode):
    assert render(episode, "cue") == dedent(
        """\
        TITLE "Ep 1: Tests"
        FILE "Ep 1 Tests.mp3" MP3
          TRACK 01 AUDIO
            TITLE "Intro & <welcome>"
            INDEX 01 00:00:00
          TRACK 02 AUDIO
            TITLE "Middle: a=b; #x \\ \u02bay\u02ba"
            INDEX 01 01:05:00
          TRACK 03 AUDIO
            TITLE "End"
            INDEX 01 61:40:38
        """
    )


def test_frames_round_to_the_nearest_and_minutes_pass_99():
    assert format_cue_time(1_000) == "00:01:00"
    assert format_cue_time(1_006) == "00:01:00"  # 0.45 frame
    assert format_cue_time(1_007) == "00:01:01"  # 0.525 frame
    assert format_cue_time(5 * 3_600_000 + 12 * 60_000 + 45_000) == "312:45:00"  # a 5-hour episode


def test_file_line_follows_the_audio_name():
    cl = ChapterList((Chapter(0, 0, "A"),))
    assert 'FILE "ep.flac" WAVE' in write(cl, audio_name="ep.flac")
    assert 'FILE "episode.mp3" MP3' in write(cl)


def test_more_than_99_tracks_is_an_error():
    cl = ChapterList(tuple(Chapter(i * 1000, i * 1000, f"c{i}") for i in range(100)))
    with pytest.raises(ClipperError, match="at most 99 tracks"):
        render(cl, "cue")


def test_reads_a_cue_sheet_with_rem_pregap_and_long_minutes():
    text = dedent(
        """\
        REM GENRE Podcast
        PERFORMER "Host"
        TITLE "Show"
        FILE "show.mp3" MP3
          TRACK 01 AUDIO
            TITLE "Intro"
            INDEX 01 00:00:00
          TRACK 02 AUDIO
            TITLE "Late"
            INDEX 00 311:59:70
            INDEX 01 312:00:37
        """
    )
    got = parse_chapters(text, path="s.cue")
    assert got.title == "Show"
    assert [(c.start, c.title) for c in got] == [(0, "Intro"), (312 * 60_000 + 493, "Late")]


def test_bad_index_names_the_line():
    with pytest.raises(ParseError) as e:
        parse_chapters('FILE "a.mp3" MP3\n  TRACK 01 AUDIO\n    INDEX 01 00:00:80\n', format="cue", path="s.cue")
    assert (e.value.line, e.value.text) == (3, "    INDEX 01 00:00:80")


def test_a_double_quote_in_a_title_is_written_as_a_double_prime_and_read_back():
    cl = ChapterList((Chapter(0, 60_000, 'Compost "gold"'), Chapter(60_000, 120_000, "It’s “smart” 'quoted'")),
                     title='The "Garden" show')
    text = render(cl, "cue")
    assert 'TITLE "Compost \u02bagold\u02ba"' in text and 'TITLE "The \u02baGarden\u02ba show"' in text
    back = parse_chapters(text, format="cue")
    assert [c.title for c in back] == ['Compost "gold"', "It’s “smart” 'quoted'"] and back.title == 'The "Garden" show'


def test_a_backslash_ending_a_title_does_not_escape_the_closing_quote_and_reads_back():
    import shlex

    cl = ChapterList((Chapter(0, 5_000, "Intro \\"), Chapter(5_000, 9_000, r"Paths like C:\temp\\")),
                     title="Episode 452 \\")
    text = render(cl, "cue")
    assert 'TITLE "Episode 452 \\ "' in text and 'TITLE "Intro \\ "' in text
    assert '\\"' not in text
    for line in text.splitlines():
        shlex.split(line)  # no line leaves a string open (ffmpeg's cue reader takes \" as an escape too)
    back = parse_chapters(text, path="chapters.cue")
    assert back.title == "Episode 452 \\" and [c.title for c in back] == ["Intro \\", r"Paths like C:\temp\\"]


@pytest.mark.parametrize("audio, line", [
    ("/podcasts/lex/episode 452.mp3", 'FILE "episode 452.mp3" MP3'),
    ("out/Episode.WAV", 'FILE "Episode.WAV" WAVE'),
    ("ep.aiff", 'FILE "ep.aiff" AIFF'),
    ("ep.m4a", 'FILE "ep.m4a" WAVE'),  # the sheet types know no AAC: readers take WAVE for decoded audio
    ("ep.flac", 'FILE "ep.flac" WAVE'),
    ("ep.opus", 'FILE "ep.opus" WAVE'),
])
def test_render_names_the_known_audio_by_its_file_name_and_type(episode, audio, line):
    lines = render(episode, "cue", audio=audio).splitlines()
    assert lines[1] == line
    assert render(episode, "cue").splitlines()[1] == 'FILE "Ep 1 Tests.mp3" MP3'  # audio unknown


def test_other_formats_ignore_the_audio(episode):
    assert render(episode, "json", audio="ep.m4a") == render(episode, "json")


def test_write_all_names_the_audio_in_chapters_cue(episode, tmp_path):
    from clipper.chapterformats import write_all

    write_all(episode, tmp_path, audio=tmp_path / "in" / "long.m4a")
    assert 'FILE "long.m4a" WAVE' in (tmp_path / "chapters.cue").read_text(encoding="utf-8")
    assert parse_chapters((tmp_path / "chapters.cue").read_text(encoding="utf-8")).chapters[1].start == 65_000
