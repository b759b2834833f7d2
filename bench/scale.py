"""A synthetic national corpus for benchmarking, and `kg build` measured on it (issue 19).

Makes N distinct reports from the corpus (../shared/corpus) by moving each report to another
real place of its level from the gazetteer (cpca's adcode table): the place's full and short
names and those of its city and province are replaced, the speaker gets another name, the
rest of the text is kept. Every (place, year) is used once, so the N reports are N reports of
N places and years, as a national collection would be. Then, for each N, it runs the whole
`kg build` process and reports wall time, CPU time, the peak memory of the process tree
(summed PSS, sampled), output sizes, the store's load time and the latency of every saved
query on the result, and the slope of time against N.

Usage: python bench/scale.py [--sizes 1000 5000 20000] [--jobs N] [--keep DIR]
(50,000 by hand: 1.5 GB of text, 23 minutes on two cores, 35 GB of outputs and cache: bench/RESULTS.md.)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import memory_kb, tree  # noqa: E402  (the sampler of bench/memory.py)

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌宁海波辉鹏飞"


def templates() -> list[tuple[str, object, str | None, int]]:
    """(text, place, speaker, plan year) of every corpus report below the national level."""
    from kg.report_jobs import extract_report

    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        extraction, _ = extract_report(path)
        meta = extraction.metadata
        if meta.place is not None and meta.place.parent is not None and meta.plan_year:
            found.append((path.read_text(encoding="utf-8", errors="replace"), meta.place, meta.speaker, meta.plan_year))
    return found


def moved(text: str, old, new, speaker: str | None, new_speaker: str) -> str:
    """The text with the place (and its city and province) and the speaker renamed."""
    pairs = []
    for before, after in zip(reversed(old.chain), reversed(new.chain)):
        if before.parent is None:  # the country stays
            continue
        pairs += [(before.name, after.name)]
        if len(before.short_name) >= 2 and before.short_name != before.name:
            pairs += [(before.short_name, after.short_name)]
    if speaker and len(speaker) >= 2:
        pairs.append((speaker, new_speaker))
    # longest first, in one pass of placeholders, so a new name is never renamed again
    pairs.sort(key=lambda pair: -len(pair[0]))
    for number, (before, _) in enumerate(pairs):
        text = text.replace(before, f"\x00{number}\x00")
    for number, (_, after) in enumerate(pairs):
        text = text.replace(f"\x00{number}\x00", after)
    return text


def make_corpus(target: Path, n: int, seed: int = 7) -> int:
    """N reports in ``target``; returns their bytes."""
    from kg.places import gazetteer

    chosen = random.Random(seed)
    sources = templates()
    by_depth: dict[int, list] = {}
    for place in gazetteer():
        by_depth.setdefault(len(place.chain), []).append(place)
    for places in by_depth.values():
        chosen.shuffle(places)
    used: set[tuple[str, int]] = set()
    cursor = {depth: 0 for depth in by_depth}
    target.mkdir(parents=True)
    total = 0
    made, i = 0, 0
    while made < n:
        if i > 50 * n:
            raise SystemExit(f"the gazetteer has too few places and years for {n} distinct reports")
        text, place, speaker, year = sources[i % len(sources)]
        i += 1
        pool = by_depth[len(place.chain)]
        new = None
        for _ in range(len(pool)):
            candidate = pool[cursor[len(place.chain)] % len(pool)]
            cursor[len(place.chain)] += 1
            if (candidate.adcode, year) not in used:
                new = candidate
                break
        if new is None:
            continue  # every place of this level has a report of this year: another template
        used.add((new.adcode, year))
        new_speaker = chosen.choice(SURNAMES) + "".join(chosen.choices(GIVEN, k=chosen.choice((1, 2))))
        data = moved(text, place, new, speaker, new_speaker).encode("utf-8")
        (target / f"{made:06d}_{new.name}_{year}.txt").write_bytes(data)
        total += len(data)
        made += 1
    return total


def measure(inputs: Path, out: Path, jobs: int | None) -> dict:
    kg = str(Path(sys.executable).with_name("kg"))
    command = [kg, "build", str(inputs), "--out", str(out), "--json", "--rebuild"]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = open(out.with_suffix(".log"), "w", encoding="utf-8")
    # the summary goes to a file: --json holds a line per report, more than a pipe buffers, and the
    # loop below reads no pipe while it samples memory (the build would wait on its write for good)
    summary_file = tempfile.TemporaryFile("w+", encoding="utf-8")
    process = subprocess.Popen(command, stdout=summary_file, stderr=log, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(memory_kb(p, "Pss") for p in tree(process.pid)))
        time.sleep(0.2)
    wall = time.monotonic() - started
    log.close()
    if process.returncode != 0:
        raise SystemExit(f"kg build failed ({process.returncode}): see {out.with_suffix('.log')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary_file.seek(0)
    summary = json.loads(summary_file.read())
    generation = (out / "current").resolve()
    sizes = {name: _size(generation / name) for name in ("graph.nq", "graph.ttl", "store", "graph.html")}
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_mb": peak / 1024,
        "summary": summary,
        "sizes_mb": {k: v / 1e6 for k, v in sizes.items()},
        "queries": query_latencies(out),
    }


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def query_latencies(out: Path) -> dict[str, float]:
    """Seconds each saved query takes on the build's store (defaults for parameters)."""
    from kg.store.embedded import open_store
    from kg.store.query import run_query, saved_queries

    store = open_store(out)
    latencies = {}
    for name, path in sorted(saved_queries().items()):
        started = time.perf_counter()
        run_query(path.read_text(encoding="utf-8"), store)
        latencies[name] = time.perf_counter() - started
    store.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", type=Path, help="keep the synthetic corpora and builds here")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="govkg-scale-"))
    rows = []
    for n in args.sizes:
        inputs = scratch / f"reports-{n}"
        size = make_corpus(inputs, n) if not inputs.exists() else sum(p.stat().st_size for p in inputs.iterdir())
        result = measure(inputs, scratch / f"out-{n}", args.jobs)
        rows.append((n, size, result))
        s = result["summary"]
        slowest = max(result["queries"].items(), key=lambda item: item[1])
        print(
            f"N={n:>6}  {size / 1e6:7.1f} MB  wall {result['wall']:7.1f} s  cpu {result['cpu']:7.1f} s  "
            f"peak {result['peak_mb']:6.0f} MB  {size / 1e6 / result['cpu']:.2f} MB/CPU-s  "
            f"reports {s['reports']}  triples {s['triples']:,}  store {s['phases'].get('store', 0):.1f} s  "
            f"view {s['phases'].get('view', 0):.1f} s  outputs "
            + ", ".join(f"{k} {v:.0f} MB" for k, v in result["sizes_mb"].items())
            + f"  slowest query {slowest[0]} {slowest[1] * 1000:.0f} ms",
            flush=True,
        )
    if len(rows) > 1:
        (n0, _, first), (n1, _, last) = rows[0], rows[-1]
        print(
            f"slope: {(last['wall'] - first['wall']) / (n1 - n0) * 1000:.1f} ms wall and "
            f"{(last['cpu'] - first['cpu']) / (n1 - n0) * 1000:.1f} ms CPU per report"
        )
    print(
        json.dumps(
            {str(n): {"bytes": size, **{k: v for k, v in r.items() if k != "summary"}} for n, size, r in rows},
            ensure_ascii=False,
        )
    )
    if not args.keep:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
