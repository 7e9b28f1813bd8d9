"""Chapter benchmark: clipper's chapter starts against an episode's official chapter times.

    python bench/chapters.py --shared ../shared [--semantic] [--repeat 5]

Episode lex-452 (Lex Fridman Podcast #452, 5h15m): transcript = the public transcript page
(paragraph stamps; its headings and table of contents are not read), truth = the 40 official
chapters. Modes:
  summary   the summary page (seed 002, 37 sections, with paragraphs)
  headings  the official titles alone as the summary (no paragraphs)
  bundled   the bundled example (chapters/lex-452: seed 001 text retimed from the page) + seed 002
  auto-*    the page turned into YouTube auto-captions as yt-dlp writes them (lowercase, no punctuation,
            no speakers, rolling cues; clipper.transcripts.youtube_form), read back by the VTT reader,
            with the summary (auto-summary) and with the titles alone (auto-headings): the form most
            real inputs take, with none of the page's turns or sentence ends to lean on
  untimed-* seed 001 (human captions, no times) + seed 002: times estimated from the episode length
            alone (untimed-duration), or taken from the page by text alignment (untimed-retimed,
            `--timing-from`; the retiming is inside the timing)
  seed-headings  seed 002's own 37 headings without their paragraphs
  no-speakers    the page with every speaker name and turn removed (a transcript that does not say who speaks)
  unnamed-turns  the page with names removed but each change of speaker kept as SRT captions mark it ("- "),
            written by clipper's SRT writer and read back by its reader
  skip-one  seed 002 with one section left out, for each of its 36 sections after the first (a summary that
            skips a chapter: its neighbours must not move); the errors of all 36 runs pooled
  merge-two seed 002 with two neighbouring sections folded into one (the first heading, both paragraphs), for
            each of its 35 pairs after the first (a summary that merges chapters, as seed 002 does with
            "Claude"); the errors of all 35 runs pooled, the merged section scored at the first one's start
Prints the share of chapters within 5/10/30/60 s of the official start, the median error, and the
wall time of the alignment (median of --repeat runs; reading the files is timed separately).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clipper import align  # noqa: E402
from clipper.evaluate import Score, score  # noqa: E402
from clipper.model import Summary, Transcript  # noqa: E402
from clipper.retime import retime  # noqa: E402
from clipper.summaries import load_summary, parse_summary  # noqa: E402
from clipper.transcripts import load_transcript, parse_transcript  # noqa: E402
from clipper.transcripts.srt import write as write_srt  # noqa: E402
from clipper.transcripts.youtube_form import auto_captions  # noqa: E402

TARGETS = {"summary": ("within 10 s", 10, 0.95), "headings": ("within 30 s", 30, 0.80)}


def reference(tsv: Path) -> list[tuple[int, str]]:
    from clipper.summaries import load_summary as ls

    s = ls(tsv)
    return [(sec.start, sec.heading) for sec in s.sections]


def skip_one(summary: Summary) -> list[Summary]:
    """The summary without section k, for every k but the first (which always starts at 0)."""
    secs = summary.sections
    return [dataclasses.replace(summary, sections=secs[:k] + secs[k + 1:]) for k in range(1, len(secs))]


def merge_two(summary: Summary) -> list[Summary]:
    """The summary with sections k and k+1 folded into one: k's heading, both paragraphs."""
    secs = summary.sections
    out = []
    for k in range(1, len(secs) - 1):
        merged = dataclasses.replace(secs[k], body=f"{secs[k].body} {secs[k + 1].body}".strip())
        out.append(dataclasses.replace(summary, sections=secs[:k] + (merged,) + secs[k + 2:]))
    return out


def pooled(transcript, summaries: list[Summary], truth, opts) -> tuple[Score, float]:
    """Every variant aligned once; their errors pooled, the median alignment time."""
    errors, secs = [], []
    for s in summaries:
        t0 = time.perf_counter()
        chapters = align.find_chapters(transcript, s, opts)
        secs.append(time.perf_counter() - t0)
        errors.extend(score(chapters, truth).errors_s)
    return Score(tuple(errors), ()), statistics.median(secs)


def unnamed(transcript: Transcript, *, keep_turns: bool) -> Transcript:
    """The transcript with speaker names removed; each change of speaker kept as an unnamed turn, or not."""
    segs, prev = [], None
    for seg in transcript.segments:
        turn = keep_turns and prev is not None and seg.speaker is not None and seg.speaker != prev
        prev = seg.speaker or prev
        segs.append(dataclasses.replace(seg, speaker=None, turn=turn))
    return dataclasses.replace(transcript, segments=tuple(segs))


def timed(fn, repeat: int):
    runs = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return out, statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--semantic", action="store_true", help="also run with sentence embeddings")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args()
    ep = args.shared / "episodes/lex-452"
    page = ep / "transcript_page.md"
    seed = next((args.shared / "seeds").glob("002_*.txt"))
    truth = reference(ep / "chapters_official.tsv")

    t0 = time.perf_counter()
    transcript = load_transcript(page)
    summary = load_summary(seed)
    read_s = time.perf_counter() - t0
    headings = parse_summary("\n".join(t for _, t in truth) + "\n", format="headings")
    cases = [("summary", transcript, summary), ("headings", transcript, headings)]
    bundled = ROOT / "chapters/lex-452/transcript.vtt"
    if bundled.exists():
        cases.append(("bundled", load_transcript(bundled), summary))
    auto = parse_transcript(auto_captions(transcript), format="vtt", path="auto-captions.vtt")
    cases += [("auto-summary", auto, summary), ("auto-headings", auto, headings)]
    seed001 = load_transcript(next((args.shared / "seeds").glob("001_*.txt")))
    cases += [("untimed-duration", seed001, summary), ("untimed-retimed", seed001, summary)]
    bare = dataclasses.replace(summary, sections=tuple(dataclasses.replace(x, body="") for x in summary.sections))
    cases.append(("seed-headings", transcript, bare))
    cases.append(("no-speakers", unnamed(transcript, keep_turns=False), summary))
    dashed = parse_transcript(write_srt(unnamed(transcript, keep_turns=True)), format="srt", path="unnamed.srt")
    cases.append(("unnamed-turns", dashed, summary))
    variants_of = {"skip-one": skip_one(summary), "merge-two": merge_two(summary)}
    cases += [(name, transcript, None) for name in variants_of]
    variants = [False, True] if args.semantic else [False]

    print(f"episode lex-452: {len(transcript)} paragraphs, {transcript.duration / 3_600_000:.2f} h; "
          f"{len(truth)} official chapters; reading inputs took {read_s:.2f} s")
    print(f"{'mode':<18}{'n':>4}{'<=5s':>8}{'<=10s':>8}{'<=30s':>8}{'<=60s':>8}{'median':>9}{'align':>9}  target")
    rows = []
    ok = True
    for semantic in variants:
        for name, t, s in cases:
            opts = align.AlignOptions(semantic=semantic, duration_ms=transcript.duration if name == "untimed-duration" else None)
            run = (lambda: align.find_chapters(retime(t, transcript), s, opts)) if name == "untimed-retimed" else \
                (lambda: align.find_chapters(t, s, opts))
            if name in variants_of:
                if semantic:
                    continue  # dozens of embedding runs: not worth the minutes
                sc, secs = pooled(t, variants_of[name], truth, opts)
            else:
                if semantic:
                    run()  # load the model once outside the timing
                chapters, secs = timed(run, args.repeat)
                sc = score(chapters, truth)
            label = name + (" +semantic" if semantic else "")
            verdict = ""
            if name in TARGETS and not semantic:
                what, thr, need = TARGETS[name]
                met = sc.within(thr) >= need and (name != "summary" or sc.median_s <= 3)
                ok &= met
                verdict = f"{'met' if met else 'MISSED'} ({what} >= {need:.0%}{', median <= 3 s' if name == 'summary' else ''})"
            if not semantic and name == "summary":
                met_t = secs < 2.0
                ok &= met_t
                verdict += f"; time {'met' if met_t else 'MISSED'} (< 2 s)"
            print(f"{label:<18}{sc.n:>4}" + "".join(f"{sc.within(x) * 100:7.1f}%" for x in (5, 10, 30, 60))
                  + f"{sc.median_s:8.1f}s{secs:8.2f}s  {verdict}")
            rows.append({"mode": label, "n": sc.n, **{f"within_{x}s": sc.within(x) for x in (5, 10, 30, 60)},
                         "median_s": sc.median_s, "align_s": secs})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    print("all targets met" if ok else "some targets MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
