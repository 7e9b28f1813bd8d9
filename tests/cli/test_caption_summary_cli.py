"""A caption track given where the summary goes is one clear error (give it as the transcript); a chapters
track, with or without WebVTT header lines, is a summary with its chapters already placed."""
import pytest
from typer.testing import CliRunner

from clipper.cli import app

runner = CliRunner()


@pytest.mark.parametrize("ext, kind", [("vtt", "WebVTT caption"), ("srt", "subtitle (SRT)")])
def test_clippers_own_captions_as_the_summary(lex_page, tmp_path, ext, kind):
    cap = tmp_path / f"captions.{ext}"
    assert runner.invoke(app, ["subtitles", str(lex_page), "-o", str(cap)]).exit_code == 0
    for args in (["chapters", str(lex_page), str(cap), "-o", str(tmp_path / "out")],
                 ["inspect", "--kind", "summary", str(cap)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.output, r.output
        assert r.stderr.startswith(f"error: {cap}:") and f"this is a {kind} track" in r.stderr
        assert "give it as the TRANSCRIPT" in r.stderr
    assert not (tmp_path / "out").exists()
    # as the transcript it is read
    assert runner.invoke(app, ["inspect", str(cap)]).exit_code == 0


def test_a_chapters_track_with_header_lines_is_a_summary(lex_page, seed_summary, tmp_path):
    ours = tmp_path / "chapters.vtt"
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--format", "vtt", "-o", str(ours)])
    assert r.exit_code == 0, r.output
    text = ours.read_text(encoding="utf-8")
    headed = tmp_path / "other.vtt"
    headed.write_text(text.replace("WEBVTT", "WEBVTT - exported\nKind: chapters\nLanguage: en", 1), encoding="utf-8")
    plain = runner.invoke(app, ["inspect", str(ours)])
    r = runner.invoke(app, ["inspect", str(headed)])
    assert r.exit_code == 0, r.output
    assert "format:     vtt" in r.stdout and "timed (chapter times given)" in r.stdout
    assert r.stdout.split("\n")[1:] == plain.stdout.split("\n")[1:]  # the same chapters, only the file differs
