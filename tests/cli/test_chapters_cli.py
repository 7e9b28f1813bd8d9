import json
import re

from typer.testing import CliRunner

from clipper.cli import app

runner = CliRunner()


def test_youtube_block_for_the_real_episode(lex_page, seed_summary):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().split("\n")
    assert len(lines) == 37
    assert lines[0] == "0:00 Introduction"
    assert lines[-1].endswith("Beauty of neural networks")
    assert all(re.match(r"^(\d+:)?\d{1,2}:\d\d \S", ln) for ln in lines)
    assert re.match(r"^3:14 Scaling laws$", lines[1])


def test_json_chapters(lex_page, seed_summary, tmp_path):
    out = tmp_path / "c.json"
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert doc["version"] == "1.2.0" and len(doc["chapters"]) == 37
    assert doc["chapters"][0]["startTime"] == 0 and doc["chapters"][0]["title"] == "Introduction"
    # never overwrite without --force
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr


def test_all_formats(lex_page, seed_summary, tmp_path):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--all", "-o", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert names == sorted(["youtube.txt", "chapters.json", "chapters.vtt", "chapters.ffmetadata",
                            "chapters.psc.xml", "chapters.mkv.xml", "chapters.cue", "chapters.audacity.txt",
                            "chapters.mp4chaps.txt", "shownotes.md", "shownotes.html"])


def test_untimed_transcript_needs_timing(seed_human, seed_summary):
    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary)])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and "--timing-from" in r.stderr and "Traceback" not in r.output


def test_untimed_with_duration_says_estimates(seed_human, seed_summary):
    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary), "--duration", "5:14:30"])
    assert r.exit_code == 0, r.output
    assert "estimates" in r.stderr
    assert r.stdout.startswith("0:00 Introduction")


def test_timing_from_a_timed_transcript(seed_human, seed_summary, lex_page, lex_official):
    from clipper.chapterformats import parse_chapters
    from clipper.evaluate import score
    from clipper.summaries import load_summary

    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary), "--timing-from", str(lex_page),
                            "--format", "json"])
    assert r.exit_code == 0, r.output
    cl = parse_chapters(r.stdout, format="json")
    truth = [(s.start, s.heading) for s in load_summary(lex_official).sections]
    assert score(cl, truth).within(30) >= 0.8


def test_bad_summary_is_one_line_with_file_and_line(lex_page, tmp_path):
    bad = tmp_path / "summary.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = runner.invoke(app, ["chapters", str(lex_page), str(bad)])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and str(bad) in r.stderr
