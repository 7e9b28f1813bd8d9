"""Clip benchmark: cut 10 quote clips from a 3-hour episode, against plain ffmpeg cuts of the same ranges.

    python bench/clips.py [--hours 3] [--clips 10] [--repeat 3] [--keep DIR]

The episode is generated with ffmpeg's own generators (clipper.clips.synth: speech-like phrases
with silent gaps known to the millisecond), 48 kHz mono 96 kb/s MP3: a 2-minute block encoded once
and its frames repeated (the build is timed separately). Its transcript has every word a little off (up to 40 ms), as an
ASR's would, and new words in every block so each quote is said once. Each clip is a quote of
whole phrases (about 30 s), spread evenly over the episode.

Timed (median of --repeat runs, page cache warm):
  plain      one `ffmpeg -ss S -t D -i episode.mp3 -c:a libmp3lame -b:a 128k clip.mp3` per final clip
             range (clipper.clips.commands.plain_cut_args): the floor any tool pays
  clipper    the library in a fresh Python process, loudness off: find the quotes, then per clip one
             seek into the episode, edges into pauses, fades, tags, captions, clips.json
  loudness   the same normalised to -16 LUFS / -1 dBTP (the default: ebur128 measure, one gain, a limiter if needed)
Peak memory is the clipper process's, including its ffmpeg children (getrusage maxrss of SELF and
CHILDREN, read in that process). Edge error: each clip's start and end against where they belong
(padding 250 ms into the known gap, or the whole gap when it is shorter).
Targets: time ratio (loudness off) <= 1.5, peak memory < 150 MB, every edge within 20 ms.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clipper import ffmpeg as ff  # noqa: E402
from clipper.clips import synth  # noqa: E402
from clipper.clips.commands import audio_format, ebur128_args, parse_ebur128, plain_cut_args  # noqa: E402

BLOCK = 120_000  # ms of generated audio, looped
CLIP = 30_000  # ms: about this long per clip
PAD = 250
TARGETS = {"ratio": 1.5, "peak_mb": 150.0, "edge_ms": 20}


def build(ffmpeg: str, folder: Path, hours: float) -> tuple[Path, synth.Layout, float]:
    """The episode (MP3) and its layout; returns the seconds the build took.

    A 2-minute block is rendered and encoded once, then its MP3 frames are repeated (``-stream_loop``
    with ``-c copy``): every repeat starts exactly ``frames x 24 ms`` (1152 samples at 48 kHz) after
    the previous one, so the known gaps stay known to the millisecond.
    """
    t0 = time.perf_counter()
    duration = int(hours * 3600_000)
    block = synth.layout(BLOCK, seed=452)
    wav, mp3_block, mp3 = folder / "block.wav", folder / "block.mp3", folder / "episode.mp3"
    ff.run(ffmpeg, synth.render_args(block, wav))
    ff.run(ffmpeg, ["-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k", "-y", str(mp3_block)])
    crc = ff.run(ffmpeg, ["-i", str(mp3_block), "-map", "0:a", "-c", "copy", "-f", "framecrc", "-"], capture_stdout=True)
    frames = sum(1 for ln in crc.stdout.decode().split("\n") if ln and not ln.startswith("#"))
    period = frames * 1152 * 1000 // synth.RATE
    loops = -(-duration // period)
    ff.run(ffmpeg, ["-stream_loop", str(loops - 1), "-i", str(mp3_block), "-c", "copy", "-t", f"{duration / 1000:.3f}",
                    "-y", str(mp3)])
    wav.unlink()
    mp3_block.unlink()
    phrases = []
    for k in range(loops):
        shifted = block.shifted(k * period, seed=k)
        phrases += [p for p in shifted.phrases if p.end + 1000 <= duration]
    return mp3, synth.Layout(tuple(phrases), duration), time.perf_counter() - t0


def choose_clips(lay: synth.Layout, n: int) -> list[tuple[int, int]]:
    """``n`` runs of whole phrases (first, last index), about CLIP ms each, evenly spread."""
    out = []
    for k in range(n):
        at = int(lay.duration * (k + 0.5) / n)
        first = next(i for i, p in enumerate(lay.phrases) if p.start >= at)
        last = first
        while last + 1 < len(lay.phrases) and lay.phrases[last].end - lay.phrases[first].start < CLIP:
            last += 1
        out.append((first, last))
    return out


def expected(lay: synth.Layout, first: int, last: int) -> tuple[int, int]:
    gaps = {g[1]: g for g in lay.pauses}
    after = {g[0]: g for g in lay.pauses}
    g1, g2 = gaps[lay.phrases[first].start], after[lay.phrases[last].end]
    return max(g1[0], g1[1] - PAD), min(g2[1], g2[0] + PAD)


# --- the clipper side, in its own process (so its memory is its own) ---------------------------


def worker(spec: dict) -> dict:
    from clipper.clips.commands import Loudness
    from clipper.clips.cut import ClipOptions, Episode, cut_clips, plan_clips
    from clipper.clips.spec import load_clips
    from clipper.transcripts import load_transcript

    ffmpeg = ff.resolve(spec["ffmpeg"])
    t0 = time.perf_counter()
    transcript = load_transcript(spec["transcript"])
    ep = Episode.from_transcript(transcript)
    specs = load_clips(spec["clips"])
    t1 = time.perf_counter()
    options = ClipOptions(format="mp3", loudness=Loudness() if spec["loudness"] else None, force=True)
    plans = plan_clips(ep, specs, options=options)
    t2 = time.perf_counter()
    results = cut_clips(ffmpeg, spec["audio"], ep, plans, spec["out"], options=options, refine=True)
    t3 = time.perf_counter()
    return {
        "load_s": t1 - t0, "plan_s": t2 - t1, "cut_s": t3 - t2,
        "ranges": [(r.plan.start, r.plan.end) for r in results],
        "scores": [r.plan.score for r in results],
        # each clip as written, measured again (outside the timing): what a listener gets
        "loudness": [None if r.loudness is None else output_loudness(ffmpeg, r.audio) for r in results],
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def output_loudness(ffmpeg: str, path) -> float:
    """Integrated loudness (LUFS) of a written clip, measured with ffmpeg's ebur128."""
    proc = ff.run(ffmpeg, ebur128_args(path))
    return parse_ebur128(proc.stderr.decode("utf-8", "replace"))[0]


def run_worker(spec: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"clipper worker failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().split("\n")[-1])
    out["process_s"] = time.perf_counter() - t0
    return out


def plain(ffmpeg: str, audio: Path, ranges, out: Path) -> float:
    fmt = audio_format("mp3")
    t0 = time.perf_counter()
    for k, (s, e) in enumerate(ranges, 1):
        ff.run(ffmpeg, plain_cut_args(audio, s, e, out / f"plain{k:02d}.mp3", fmt=fmt))
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, default=3.0)
    ap.add_argument("--clips", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ffmpeg", default=None)
    ap.add_argument("--keep", type=Path, help="build the episode here and keep it (default: a temp folder)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0

    from clipper.transcripts import dump_transcript

    ffmpeg = ff.resolve(args.ffmpeg)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="clipper-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"building a {args.hours:g} h episode with ffmpeg generators ...", flush=True)
        audio, lay, build_s = build(ffmpeg, folder, args.hours)
        transcript = folder / "episode.vtt"
        transcript.write_text(dump_transcript(synth.transcript(lay, jitter=40, seed=1), "vtt"), encoding="utf-8")
        chosen = choose_clips(lay, args.clips)
        clips = folder / "clips.yaml"
        clips.write_text("".join(
            f"- quote: {json.dumps(' '.join(w.text for p in lay.phrases[a: b + 1] for w in p.words))}\n"
            for a, b in chosen), encoding="utf-8")
        print(f"  {audio.stat().st_size / 1e6:.0f} MB MP3, {len(lay.words)} words, built in {build_s:.1f} s "
              f"(not counted below)")
        out = folder / "out"
        out.mkdir(exist_ok=True)
        spec = {"ffmpeg": ffmpeg, "transcript": str(transcript), "clips": str(clips), "audio": str(audio),
                "out": str(out), "loudness": False}
        runs_off, runs_on, runs_plain = [], [], []
        for _ in range(args.repeat):
            runs_off.append(run_worker(spec))
            runs_plain.append(plain(ffmpeg, audio, runs_off[-1]["ranges"], out))
            runs_on.append(run_worker({**spec, "loudness": True}))
        off = min(runs_off, key=lambda r: r["plan_s"] + r["cut_s"])
        plain_s = statistics.median(runs_plain)
        med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
        off_s = statistics.median(r["plan_s"] + r["cut_s"] for r in runs_off)
        on_s = statistics.median(r["plan_s"] + r["cut_s"] for r in runs_on)
        errors = []
        for (s, e), (a, b) in zip(off["ranges"], chosen):
            want = expected(lay, a, b)
            errors += [s - want[0], e - want[1]]
        peak = max(max(r["self_mb"], r["children_mb"]) for r in runs_off + runs_on)
        ratio = off_s / plain_s
        loud = [x for r in runs_on for x in r["loudness"]]

        print()
        print(f"{args.clips} clips of ~{CLIP // 1000} s from a {args.hours:g} h MP3 (96 kb/s mono 48 kHz), "
              f"median of {args.repeat} runs")
        print(f"{'':28}{'wall s':>9}{'vs plain':>10}")
        print(f"{'plain ffmpeg cuts':28}{plain_s:>9.2f}{1:>10.2f}")
        print(f"{'clipper, --loudness off':28}{off_s:>9.2f}{ratio:>10.2f}   (find quotes {med(runs_off, 'plan_s'):.2f} s"
              f" + cut {med(runs_off, 'cut_s'):.2f} s)")
        print(f"{'clipper, loudness -16 LUFS':28}{on_s:>9.2f}{on_s / plain_s:>10.2f}   (ebur128 + gain)")
        print(f"{'  reading the transcript':28}{med(runs_off, 'load_s'):>9.2f}{'':>10}   (not in the ratio; whole "
              f"process incl. Python start: {med(runs_off, 'process_s'):.2f} s)")
        print(f"peak memory: {peak:.0f} MB (python {max(r['self_mb'] for r in runs_off + runs_on):.0f} MB, "
              f"largest ffmpeg child {max(r['children_mb'] for r in runs_off + runs_on):.0f} MB)")
        print(f"edges vs known gaps: max {max(map(abs, errors))} ms, mean {statistics.mean(map(abs, errors)):.1f} ms "
              f"over {len(errors)} edges")
        print(f"loudness of the clips as written (ebur128): {min(loud):.1f} .. {max(loud):.1f} LUFS")
        print(f"quote scores: min {min(off['scores']):.0f}")
        verdict = {
            f"ratio <= {TARGETS['ratio']}": ratio <= TARGETS["ratio"],
            f"peak < {TARGETS['peak_mb']:.0f} MB": peak < TARGETS["peak_mb"],
            f"edges <= {TARGETS['edge_ms']} ms": max(map(abs, errors)) <= TARGETS["edge_ms"],
        }
        print("targets: " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in verdict.items()))
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
