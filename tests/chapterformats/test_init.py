import pytest

from clipper.chapterformats import (CHAPTER_FORMATS, all_paths, check_all, check_writer, load_chapters,
                                   output_format, parse_chapters, render, write_all)
from clipper.errors import ClipperError, InputError, OutputError, UnknownFormatError

FILES = {
    "youtube": "youtube.txt",
    "json": "chapters.json",
    "vtt": "chapters.vtt",
    "ffmetadata": "chapters.ffmetadata",
    "psc": "chapters.psc.xml",
    "mkvxml": "chapters.mkv.xml",
    "cue": "chapters.cue",
    "audacity": "chapters.audacity.txt",
    "mp4chaps": "chapters.mp4chaps.txt",
    "markdown": "shownotes.md",
    "html": "shownotes.html",
}


def test_every_format_is_registered_with_its_file_name():
    assert {f.name: f.filename for f in CHAPTER_FORMATS} == FILES
    assert set(CHAPTER_FORMATS.names(readable=True)) == set(FILES) - {"markdown", "html"}


def test_write_all_writes_every_file_and_refuses_to_overwrite(tmp_path, episode):
    written = write_all(episode, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(FILES.values())
    (tmp_path / "out" / "youtube.txt").unlink()
    with pytest.raises(OutputError, match="--force"):
        write_all(episode, tmp_path / "out")
    assert not (tmp_path / "out" / "youtube.txt").exists()  # checked every target before writing any
    assert len(write_all(episode, tmp_path / "out", force=True)) == len(FILES)


def test_write_all_never_writes_over_an_input(tmp_path, episode):
    out = tmp_path / "out"
    out.mkdir()
    transcript = out / "youtube.txt"  # an input that happens to sit where a chapter file goes
    transcript.write_text("0:00 Intro\n")
    with pytest.raises(OutputError) as e:
        write_all(episode, out, force=True, inputs=(transcript,))
    assert (e.value.path, e.value.message) == (str(transcript), "output would overwrite an input file")
    assert sorted(p.name for p in out.iterdir()) == ["youtube.txt"] and transcript.read_text() == "0:00 Intro\n"


def test_too_few_chapters_for_youtube_leave_out_youtube_txt_only_when_asked(tmp_path, episode):
    from dataclasses import replace

    two = replace(episode, chapters=episode.chapters[:2])  # a summary of two sections
    with pytest.raises(ClipperError) as e:
        write_all(two, tmp_path / "strict", source="ep/summary.txt")
    assert e.value.path == "ep/summary.txt" and "at least 3 chapters" in e.value.message
    assert not (tmp_path / "strict").exists()  # nothing written
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "youtube.txt").write_text("mine")  # not a target then: needs no --force
    warnings = []
    written = write_all(two, tmp_path / "out", warnings=warnings, source="ep/summary.txt")
    assert sorted(p.name for p in written) == sorted(set(FILES.values()) - {"youtube.txt"})
    assert warnings == ["ep/summary.txt: youtube.txt not written: YouTube needs at least 3 chapters of at least "
                        "10 s; only 2 left after fixing"]
    assert (tmp_path / "out" / "youtube.txt").read_text() == "mine"
    assert [c.title for c in load_chapters(tmp_path / "out" / "chapters.json")] == [c.title for c in two]


def test_targets_and_formats_can_be_checked_before_any_work(tmp_path):
    assert sorted(p.name for p in all_paths(tmp_path)) == sorted(FILES.values())
    assert check_all(tmp_path / "new") == all_paths(tmp_path / "new")
    (tmp_path / "chapters.cue").write_text("mine")
    with pytest.raises(OutputError, match="--force"):
        check_all(tmp_path)
    assert check_writer("cue") == "cue"
    with pytest.raises(UnknownFormatError) as e:
        check_writer("yt")
    assert str(e.value) == "--format: not a chapter format clipper writes; use one of: " + ", ".join(FILES) + " (got 'yt')"


@pytest.mark.parametrize("name", sorted(set(FILES) - {"markdown", "html"}))
def test_each_written_file_is_detected_and_read_back(tmp_path, episode, name):
    path = write_all(episode, tmp_path)[list(FILES).index(name)]
    got = load_chapters(path)  # format detected from content (and name)
    # YouTube refuses < and > in a description: youtube.txt carries them as ‹ ›
    shown = [c.title.translate({ord("<"): "\u2039", ord(">"): "\u203a"}) if name == "youtube" else c.title
             for c in episode]
    assert [c.title.replace("'", '"') for c in got] == shown
    assert [c.start // 1000 for c in got] == [0, 65, 3700]


def test_user_templates_override_the_built_in_ones(tmp_path, episode):
    (tmp_path / "chapters.youtube.j2").write_text(
        "{% for c in chapters %}[{{ c.start_text }}] {{ c.title_text }}\n{% endfor %}"
    )
    assert render(episode, "youtube", templates=tmp_path).splitlines()[0] == "[0:00] Intro & \u2039welcome\u203a"
    assert render(episode, "vtt", templates=tmp_path).startswith("WEBVTT")  # others still built in


def test_a_template_error_writes_nothing(tmp_path, episode):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "shownotes.md.j2").write_text("{{ no_such_variable }}")
    with pytest.raises(ClipperError, match="no_such_variable"):
        write_all(episode, tmp_path / "out", templates=tmp_path / "t")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_template_syntax_error_names_file_and_line(tmp_path, episode):
    (tmp_path / "chapters.cue.j2").write_text("ok\n{% for c in chapters %}\n")
    with pytest.raises(ClipperError) as e:
        render(episode, "cue", templates=tmp_path)
    assert e.value.line == 2 and e.value.path.endswith("chapters.cue.j2")


def test_lex_summary_chapters_all_formats(tmp_path, lex_official):
    """A real 5-hour, 40-chapter episode through every writer and back through every reader."""
    from clipper import timecode
    from clipper.model import Chapter, ChapterList

    rows = [ln.split("\t") for ln in lex_official.read_text().splitlines() if ln[:1].isdigit()]
    starts = [timecode.parse(r[0]) for r in rows]
    ends = starts[1:] + [5 * 3_600_000 + 15 * 60_000]
    cl = ChapterList(tuple(Chapter(s, e, r[1]) for s, e, r in zip(starts, ends, rows)), title="Lex 452",
                     duration=ends[-1])
    for fmt in CHAPTER_FORMATS:
        text = render(cl, fmt.name)
        if fmt.read:
            back = parse_chapters(text, format=fmt.name)
            assert [c.start // 1000 for c in back] == [s // 1000 for s in starts], fmt.name
    assert "INDEX 01 311:50:00" in render(cl, "cue")  # 5:11:50 as CUE minutes


def test_output_format_from_the_file_name_or_format_and_both_must_agree():
    # without --format: the name says it, when a writer owns its extension; else YouTube
    assert {n: output_format(n) for n in ("x.json", "x.cue", "x.psc.xml", "x.mkv.xml", "notes.md", "x.ffmetadata",
                                          "x.audacity.txt", "youtube.txt", "x.txt", "x.xml", "chapters")} == {
        "x.json": "json", "x.cue": "cue", "x.psc.xml": "psc", "x.mkv.xml": "mkvxml", "notes.md": "markdown",
        "x.ffmetadata": "ffmetadata", "x.audacity.txt": "audacity", "youtube.txt": "youtube", "x.txt": "youtube",
        "x.xml": "youtube", "chapters": "youtube"}
    # each format's fixed --all name says that format
    assert {f.name: output_format(f.filename) for f in CHAPTER_FORMATS} == {f: f for f in FILES}
    # with --format: an unknown extension takes it, an agreeing one too, a disagreeing one is refused
    assert output_format("x.txt", "json") == "json" and output_format("x.cue", "cue") == "cue"
    with pytest.raises(InputError) as e:
        output_format("out/x.cue", "json")
    assert str(e.value) == "out/x.cue: the file name says cue but --format says json; name it .json or leave out --format"
    with pytest.raises(UnknownFormatError, match="not a chapter format clipper writes; .* \\(got 'nope'\\)"):
        output_format("x.json", "nope")


# --- titles as readers find them ---------------------------------------------------------------------


UNTITLED = ('{"version": "1.2.0", "title": "Multi\\nline  title", "chapters": [\n'
            '{"startTime": 0, "title": "Line one\\nLine two\\tand a tab"},\n'
            '{"startTime": 40, "title": "  "},\n'
            '{"startTime": 80, "title": "ok"}]}\n')


def test_a_chapter_without_a_title_is_an_error_on_its_line():
    """QA: blank or invisible titles were published ("0:40 " in youtube.txt, empty titles in the audio)."""
    from clipper.chapterformats import parse_chapters

    with pytest.raises(InputError) as e:
        parse_chapters(UNTITLED, format="json", path="c.json")
    assert (e.value.path, e.value.line, e.value.message) == ("c.json", 3, "chapter 2 has no title")
    lenient = parse_chapters(UNTITLED, format="json", path="c.json", lenient=True)
    assert [c.title for c in lenient] == ["Line one Line two and a tab", "Chapter 2", "ok"]
    assert lenient.title == "Multi line title"
    assert lenient.warnings == ("c.json:3: chapter 2 has no title; called it 'Chapter 2'",)
