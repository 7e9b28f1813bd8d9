"""Scale benchmark: time and peak memory of reading + aligning as the episode grows.

    python bench/scale.py --shared ../shared

Builds stamped-paragraph transcripts of 3, 6 and 12 hours from the real episode's paragraphs
(repeated, times shifted) and summaries of 37 and 60 sections from seed 002's sections, writes
them to a temporary folder, and runs `clipper chapters` on each in a fresh process, reading its
peak resident memory (ru_maxrss) and wall time.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = re.compile(r"^(?P<spk>[^\[\n]*?)\s*\[\((?P<t>\d\d:\d\d:\d\d)\)\]\((?P<url>[^)]*)\)\s*(?P<text>.*)$")


def hms(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def build_transcript(page: Path, hours: float, out: Path) -> int:
    paras = []
    for line in page.read_text(encoding="utf-8").splitlines():
        m = STAMP.match(line)
        if m:
            t = sum(int(x) * f for x, f in zip(m.group("t").split(":"), (3600, 60, 1)))
            paras.append((t, m.group("spk").strip(), m.group("text")))
    span = paras[-1][0] + 10
    lines, k, offset = [], 0, 0
    while True:
        for t, spk, text in paras:
            tt = t + offset
            if tt >= hours * 3600:
                out.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
                return len(lines)
            lines.append(f"{spk + ' ' if spk else ''}[({hms(tt)})](https://example.invalid/?t={tt}) {text}")
        k += 1
        offset = span * k


def build_summary(seed: Path, sections: int, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from clipper.summaries import load_summary

    s = load_summary(seed)
    secs = list(s.sections)
    lines = [f"# {s.title}", ""]
    for i in range(sections):
        sec = secs[i % len(secs)]
        lines += [f"## {sec.heading}{'' if i < len(secs) else f' (part {i // len(secs) + 1})'}", "", sec.body, ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def run_child(transcript: Path, summary: Path) -> dict:
    code = (
        "import resource,sys,time\n"
        "t0=time.perf_counter()\n"
        "from clipper.transcripts import load_transcript\n"
        "from clipper.summaries import load_summary\n"
        "from clipper.align import find_chapters\n"
        "t=load_transcript(sys.argv[1]); s=load_summary(sys.argv[2]); t1=time.perf_counter()\n"
        "cl=find_chapters(t,s); t2=time.perf_counter()\n"
        "print(len(t), len(cl), round(t1-t0,3), round(t2-t1,3), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(transcript), str(summary)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    n, k, read_s, align_s, rss_kb = out.stdout.split()
    return {"paragraphs": int(n), "chapters": int(k), "read_s": float(read_s), "align_s": float(align_s),
            "peak_mb": int(rss_kb) / 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    page = args.shared / "episodes/lex-452/transcript_page.md"
    seed = next((args.shared / "seeds").glob("002_*.txt"))
    rows = []
    print(f"{'hours':>6}{'sections':>9}{'paragraphs':>11}{'read':>8}{'align':>8}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for hours, sections in ((3, 37), (6, 37), (12, 37), (3, 60), (12, 60)):
            tr = Path(tmp) / f"t{hours}.md"
            su = Path(tmp) / f"s{sections}.md"
            build_transcript(page, hours, tr)
            build_summary(seed, sections, su)
            r = run_child(tr, su) | {"hours": hours, "sections": sections}
            rows.append(r)
            print(f"{hours:>6}{sections:>9}{r['paragraphs']:>11}{r['read_s']:>7.2f}s{r['align_s']:>7.2f}s{r['peak_mb']:>9.0f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
