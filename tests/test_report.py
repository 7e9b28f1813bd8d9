"""report.html: self-contained, an SVG timeline (chapters by confidence, clips, speaker turns), the chapter
table with the lines that opened each chapter, warnings, and relative links to every output file."""
import os
import re
import shutil
import struct
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clipper import pipeline, report, timecode
from clipper.model import Segment, Transcript
from clipper.transcripts import load_transcript

ROOT = Path(__file__).resolve().parents[1]
HEAD = ROOT / "tests/data/episodes/lex-452-head"


class Page(HTMLParser):
    """Every start tag with its attributes, the text inside each, and where it sits."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a, tuple(self.stack)))
        if tag not in ("meta", "line", "rect", "polygon", "br", "img", "link"):
            self.stack.append(tag if "class" not in a else f"{tag}.{a['class']}")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].split(".")[0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((tuple(self.stack), data))

    def find(self, tag, cls=None):
        return [a for t, a, _ in self.tags if t == tag and (cls is None or a.get("class") == cls)]

    def inside(self, tag, container):
        return [a for t, a, where in self.tags if t == tag and container in where]

    def text_in(self, container) -> str:
        return " ".join(d for where, d in self.texts if container in where)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One real run of the 23-minute slice (no audio), rendered with made-up clips added."""
    tmp = tmp_path_factory.mktemp("report")
    episode = tmp / "lex-452-head"
    shutil.copytree(HEAD, episode)
    # a clips file without the audio to cut it from: a run that has a warning to report
    (episode / "clips.yaml").write_text("- quote: scaling\n", encoding="utf-8")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp / "out"})
    result = pipeline.run_episode(inputs, options)
    transcript = load_transcript(inputs.transcript)
    return inputs, result, transcript


def test_report_of_a_run(run):
    inputs, result, transcript = run
    html = result.report.read_text(encoding="utf-8")
    page = Page(html)
    chapters = result.chapters.chapters

    # self-contained: no scripts, no style sheets or images to fetch, nothing loaded from the network
    assert not page.find("script") and not page.find("link") and not page.find("img")
    for tag, attrs, _ in page.tags:
        for k in ("src", "href"):
            assert not re.match(r"^(https?:)?//", attrs.get(k, "")), (tag, attrs)
    assert "url(" not in html and "@import" not in html

    # one SVG timeline: one band per chapter, in order, coloured by its confidence
    (svg,) = page.find("svg")
    assert svg["class"] == "timeline"
    bands = page.find("rect", "band")
    assert len(bands) == len(chapters) == 4
    assert [b["fill"] for b in bands] == [report.confidence_colour(c.confidence) for c in chapters]
    xs = [float(b["x"]) for b in bands]
    assert xs[0] == 0 and xs == sorted(xs)
    assert len({b["fill"] for b in bands}) > 1  # the low-confidence chapter stands out

    # speaker turns: one mark per turn, coloured per speaker (Dario Amodei and Lex Fridman here)
    turns = report.speaker_turns(transcript)
    marks = page.inside("rect", "g.turns")
    assert len(marks) == len(turns) > 10
    assert len({m["fill"] for m in marks}) == len(transcript.speakers) == 2
    legend = page.text_in("p.legend")
    assert "Dario Amodei" in legend and "Lex Fridman" in legend
    assert not page.find("polygon", "clip")  # no clips in this run

    # the chapters table: start, title, confidence, the transcript line that opened the chapter
    rows = [r for r in html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>") if r.strip()]
    assert len(rows) == len(chapters)
    by_section = {p.section: p for p in result.placements}
    for i, (row, c) in enumerate(zip(rows, chapters)):
        assert f">{timecode.format_hms(c.start)}<" in row
        assert f">{c.title}<" in row
        assert f">{c.confidence:.2f}</span>" in row
        unit = by_section[i].unit
        assert report.opening(unit.text)[:40] in row.replace("&#39;", "'")
        assert f"transcript.vtt:{unit.line}" in row
    # the reference column, scored against chapters_official.tsv
    assert "chapters_official.tsv" in html and "4 chapters:" in page.text_in("p.accuracy")

    # warnings, as the run gave them
    assert result.warnings
    items = page.inside("li", "ul.warnings")
    assert len(items) == len(result.warnings)

    # every output, linked relative to the report's folder, and the link resolves
    links = [a["href"] for a in page.inside("a", "ul.files")]
    assert "report.html" in links and "chapters/chapters.json" in links and "subtitles.vtt" in links
    for href in links:
        assert not href.startswith("/") and (result.out / href).is_file(), href
    assert len(links) == len(result.files)


def test_clip_markers_and_clip_list(run, tmp_path):
    inputs, result, transcript = run
    clips = (pipeline.ClipOut(tmp_path / "clips/01-scaling.mp3", 200_000, 230_500, "01 scaling <laws>"),
             pipeline.ClipOut(tmp_path / "clips/02-data.mp3", 940_000, 975_000, "02 running out of data"))
    data = report.build(replace(result, clips=clips), inputs, transcript)
    html = report.render_report(data)
    page = Page(html)
    markers = page.find("polygon", "clip")
    assert len(markers) == 2
    # each marker's tip sits at its clip's start on the 0..1000 axis
    tips = [float(m["points"].split()[-1].split(",")[0]) for m in markers]
    dur = data.duration
    assert tips == pytest.approx([1000 * 200_000 / dur, 1000 * 940_000 / dur], abs=0.01)
    assert "Triangles: clips." in html
    assert "00:03:20–00:03:50 01 scaling &lt;laws&gt;" in html


def test_titles_and_text_are_escaped():
    rows = (report.ChapterRow(1, 0, 60_000, 'Q&A: "<script>alert(1)</script>"', 0.9,
                              speaker="Tom & 'Jerry'", opening="x < y & y > z", line=3),
            report.ChapterRow(2, 60_000, 120_000, "<b>bold</b>", 0.2))
    data = report.ReportData(title="Ep <1> & 'more'", duration=120_000, chapters=rows,
                             turns=(report.Turn(0, 60_000, "Tom & 'Jerry'"), report.Turn(60_000, 120_000, "<i>x</i>")),
                             warnings=("low <confidence> & \"quotes\"",),
                             files=(report.OutputFile("chapters/a b&c.json", 10),))
    html = report.render_report(data)
    assert "<script>" not in html and "<b>bold" not in html and "<i>x" not in html
    assert "<title>clipper report: Ep &lt;1&gt; &amp; &#39;more&#39;</title>" in html
    assert "Q&amp;A: &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in html
    assert "Tom &amp; &#39;Jerry&#39;:" in html and "x &lt; y &amp; y &gt; z" in html
    assert "low &lt;confidence&gt; &amp; &#34;quotes&#34;" in html
    assert 'href="chapters/a%20b%26c.json"' in html
    page = Page(html)
    assert "Ep <1> & 'more'" in page.text_in("h1")


def test_confidence_colour_runs_red_to_green():
    assert report.confidence_colour(0.0) == "hsl(0, 65%, 52%)"
    assert report.confidence_colour(1.0) == "hsl(120, 65%, 44%)"
    assert report.confidence_colour(0.5) == "hsl(60, 65%, 48%)"
    assert report.confidence_colour(-3) == report.confidence_colour(0) and report.confidence_colour(7) == report.confidence_colour(1)


def test_speaker_turns_join_a_speakers_segments():
    t = Transcript((Segment(0, 1000, "hi", "A"), Segment(1100, 2000, "there", "A"), Segment(2500, 4000, "yes", "B"),
                    Segment(4000, 5000, "untagged"), Segment(5200, 6000, "ok", "A")))
    assert report.speaker_turns(t) == (report.Turn(0, 2500, "A"), report.Turn(2500, 5200, "B"), report.Turn(5200, 6000, "A"))
    assert report.speaker_turns(Transcript((Segment(None, None, "untimed", "A"),))) == ()


def test_opening_is_cut_at_a_word():
    assert report.opening("  a   b\nc ") == "a b c"
    long = "word " * 100
    cut = report.opening(long, 23)
    assert cut == "word word word word …" and len(cut) <= 25


def test_timeline_handles_an_empty_episode():
    svg = report.timeline(report.ReportData(title="t", duration=0, chapters=()))
    assert svg["bands"] == [] and svg["ticks"][0]["x"] == 0


# --- a real browser, where one is installed --------------------------------------------------


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def screenshot(browser: str, page: Path, png: Path, profile: Path, size=(1400, 1800)) -> subprocess.CompletedProcess:
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={png}",
            f"--window-size={size[0]},{size[1]}", page.resolve().as_uri()]
    return subprocess.run(args, capture_output=True, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_headless_chromium_renders_the_report(run, tmp_path):
    browser = find_chromium()
    if browser is None:
        pytest.skip("no Chromium/Chrome installed (apt-get install chromium to run this test)")
    _, result, _ = run
    png = tmp_path / "report.png"
    proc = screenshot(browser, result.report, png, tmp_path / "profile")
    assert png.is_file(), proc.stderr.decode(errors="replace")[-2000:]
    w, h = png_size(png)
    assert (w, h) == (1400, 1800)
    assert png.stat().st_size > 20_000  # a drawn page, not a blank one


def test_a_broken_user_template_is_an_error_with_file_and_line(tmp_path):
    from clipper.errors import InputError

    data = report.ReportData(title="t", duration=60_000, chapters=(report.ChapterRow(1, 0, 60_000, "A", 1.0),))
    (tmp_path / "report.html.j2").write_text("<h1>{{ data.title }}</h1>\n{{ data.no_such_field }}\n")
    with pytest.raises(InputError, match="template error: .*no_such_field") as e:
        report.render_report(data, templates=tmp_path)
    assert e.value.path.endswith("report.html.j2") and e.value.line == 2
    (tmp_path / "report.html.j2").write_text("ok\n\n{% if %}\n")
    with pytest.raises(InputError, match="template error") as e:
        report.render_report(data, templates=tmp_path)
    assert e.value.line == 3
    # a user template that works is used instead of the built-in one
    (tmp_path / "report.html.j2").write_text("<p>{{ data.title }}: {{ data.chapters | length }} chapter(s)</p>\n")
    assert report.render_report(data, templates=tmp_path) == "<p>t: 1 chapter(s)</p>\n"


def test_a_report_template_has_the_names_chapter_templates_have(tmp_path):
    """QA: a custom report written like a chapter template ({% for c in chapters %}) failed: 'chapters' is
    undefined; it had only data.chapters."""
    data = report.ReportData(title="t", duration=60_000, chapters=(report.ChapterRow(1, 0, 60_000, "A", 1.0),),
                             warnings=("w",))
    (tmp_path / "report.html.j2").write_text(
        "{{ title }} {{ duration }} {{ estimated }} {{ warnings | length }}:"
        "{% for c in chapters %} {{ c.number }} {{ c.title }}{% endfor %}")
    assert report.render_report(data, templates=tmp_path) == "t 60000 False 1: 1 A"


# --- a chapter the user pinned in the summary ---------------------------------------------------


def test_a_pinned_chapter_shows_pinned_not_a_confidence(run, tmp_path):
    """A heading that states its start ("12:20 Limits of LLM scaling") gets confidence 1.0 by fiat: the report
    must not show it as a sure find. Its band is neutral grey, its confidence cell and opening say it is
    pinned, the legend explains the grey; the found chapters keep their confidence and colour."""
    _, found, _ = run
    episode = tmp_path / "lex-452-head"
    shutil.copytree(HEAD, episode)
    summary = episode / "summary.txt"
    text = summary.read_text(encoding="utf-8")
    assert "\nLimits of LLM scaling\n" in text
    summary.write_text(text.replace("\nLimits of LLM scaling\n", "\n12:20 Limits of LLM scaling\n"), encoding="utf-8")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "out"})
    result = pipeline.run_episode(inputs, options)
    chapters = result.chapters.chapters
    assert [c.pinned for c in chapters] == [False, False, True, False]
    assert chapters[2].start == 740_000 and chapters[2].confidence == 1.0

    html = result.report.read_text(encoding="utf-8")
    page = Page(html)
    bands = page.find("rect", "band")
    assert [b["fill"] for b in bands] == [report.confidence_colour(c.confidence) for c in chapters[:2]] + \
        [report.PINNED_FILL] + [report.confidence_colour(chapters[3].confidence)]
    assert report.PINNED_FILL not in {report.confidence_colour(k / 100) for k in range(101)}  # not on the scale
    tips = page.text_in("g.bands")
    assert "3. Limits of LLM scaling (00:12:20, pinned in the summary)" in tips
    assert "confidence 1.00" not in tips.split("3. Limits")[1].split("4. ")[0]
    assert "pinned: the start was written in the summary heading, not found" in page.text_in("p.legend")

    rows = [r for r in html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>") if r.strip()]
    pinned_row = rows[2]
    assert f'<span style="background: {report.PINNED_FILL}">pinned</span>' in pinned_row
    assert ">1.00<" not in pinned_row and "pinned in the summary" in pinned_row
    assert "transcript.vtt:" in pinned_row  # the transcript line the pin falls in is still given
    for row, c in zip(rows[:2] + rows[3:], chapters[:2] + chapters[3:]):
        assert f'<span style="background: {report.confidence_colour(c.confidence)}">{c.confidence:.2f}</span>' in row
        assert "pinned" not in row
    # a run without pins says nothing of them
    plain = found.report.read_text(encoding="utf-8")
    shown = Page(plain)
    assert not any("pinned" in shown.text_in(where) for where in ("tbody", "p.legend", "g.bands"))
    assert report.PINNED_FILL not in {b["fill"] for b in shown.find("rect", "band")}


def test_chapter_rows_carry_the_pin():
    from clipper.model import Chapter, ChapterList

    cl = ChapterList((Chapter(0, 60_000, "A", 1.0), Chapter(60_000, 90_000, "B", 1.0, pinned=True),
                      Chapter(90_000, 120_000, "C", 0.4)))
    rows = report.chapter_rows(cl)
    assert [r.pinned for r in rows] == [False, True, False]
    assert [report.band_fill(r) for r in rows] == [report.confidence_colour(1.0), report.PINNED_FILL,
                                                   report.confidence_colour(0.4)]
