"""Build benchmarks: prints figures, asserts nothing. Synthetic reports only (bench/synth.py).

For each corpus size: a full `kg build` (wall and CPU seconds, characters per second, peak memory of the
building process and of the others) next to bare jieba segmenting the same text in the same run —
`jieba.posseg` with the domain lexicon, the tokenizer of kg/extract/segment.py, and plain `jieba.cut` for
reference — and their ratio. (The extractor itself runs jieba only on the few spans its rules cannot
settle, so the ratio says what the whole build costs next to one segmentation pass.) Then the parallel
speed-up (--jobs 1 vs 2, interleaved rounds), the incremental rebuild after changing one report in
1,000, and the start-up time of `kg --help` and `kg query`.

    python bench/build_bench.py                 # 1 MB and 10 MB
    python bench/build_bench.py --sizes 1 10 50 # and 50 MB (about 4 minutes more: bare jieba takes 100 s)
    python bench/build_bench.py --only startup
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_CHARS = 10_000  # characters of one synthetic report (~28 KB of UTF-8)
INCREMENTAL_CHARS = 3_000  # smaller reports for the 1,000-report incremental corpus (~8 MB in all)


# -- children: each measurement runs in a fresh process, so its peak memory is its own ---------------


def child_build(folder: str, out: str, jobs: int | None, cache: bool, stages: bool) -> dict:
    """Build `folder` into `out` as `kg build` does; with `stages`, time each stage of the pipeline."""
    import resource

    from kg import read

    started, cpu = time.perf_counter(), time.process_time()
    if stages:
        times = _stages(folder, out, jobs, cache)
    else:
        from kg.build import build

        build([folder], out, jobs=jobs, cache=cache)
        times = {}
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    chars = sum(len(read.read(path).text) for path in read.collect([folder]))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "cpu": cpu + children.ru_utime + children.ru_stime,
        "workers_cpu": children.ru_utime + children.ru_stime,
        "chars": chars,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_mb": children.ru_maxrss / 1024,
        "stages": times,
    }


def _stages(folder: str, out: str, jobs: int | None, cache: bool) -> dict:
    """The build of kg.build.build, stage by stage (same calls, timed)."""
    from kg import corpus, rdf, read, viz
    from kg.files import atomic_write_all
    from kg.process import Background

    times, mark = {}, time.process_time()

    def lap(name: str) -> None:  # CPU seconds of this process (workers' CPU is counted apart)
        nonlocal mark
        now = time.process_time()
        times[name] = times.get(name, 0.0) + now - mark
        mark = now

    paths = read.collect([folder])
    cache_dir = Path(out) / ".cache" if cache else None

    def timed(parts):  # corpus.build, with the time this process spends waiting/working vs merging
        for part in parts:
            lap("read, extract, graph per report (here or waiting for workers)")
            yield part
            lap("merge into one graph")

    built = corpus._merge(timed(corpus._run(paths, None, jobs, cache_dir, None, corpus._document_part)))
    lap("merge into one graph")
    with Background(viz.page, built.graph, fork=jobs != 1) as page:
        rdf.class_counts(built.graph)
        lap("class_counts")

        def timed_file(make, name):  # each file made (in pieces, as it is written) and written, timed
            def made():
                lap("write")
                data = make()
                if not isinstance(data, bytes | str):
                    data = "".join(data)
                lap(name)
                return data

            return made

        atomic_write_all(
            {
                Path(out) / "kg.ttl": timed_file(built.turtle, "Turtle"),
                Path(out) / "kg.trig": timed_file(built.trig, "TriG"),
                Path(out) / "kg.html": timed_file(
                    page.result,
                    "page (a forked child draws it if --jobs is not 1: then this is receiving it)",
                ),
            }
        )
        lap("write")
    times["triples held (spans apart)"] = len(built.graph)
    return times


def child_jieba(folder: str) -> dict:
    """Bare jieba on the same text: posseg with the lexicon (the extractor's tokenizer), then plain cut."""
    import resource

    import jieba

    from kg import read
    from kg.extract import segment

    texts = [read.read(path).text for path in read.collect([folder])]
    started, cpu = time.perf_counter(), time.process_time()
    tokenizer = segment.tokenizer()
    init, init_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in tokenizer.cut(text, HMM=True):
            pass
    posseg, posseg_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in jieba.cut(text, HMM=True):
            pass
    cut, cut_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "init": init,
        "posseg": posseg,
        "cut": cut,
        "chars": sum(map(len, texts)),
        "init_cpu": init_cpu,
        "posseg_cpu": posseg_cpu,
        "cut_cpu": cut_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_extract(folder: str, jobs: int) -> dict:
    """Reading and extraction alone (no RDF), on `jobs` processes: the part a pool can share."""
    import resource

    from kg import corpus, read

    started = time.perf_counter()
    for _ in corpus.extractions(read.collect([folder]), jobs=jobs):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() + children.ru_utime + children.ru_stime,
    }


def run_child(*args: str) -> dict:
    """Run this script as a child with `args`; its JSON answer."""
    # One hash seed for every child: the extractor's output must not depend on it, but today it does (a tie
    # broken by set order in kg/extract/programmes.py), which would hide whether serial = parallel.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# -- the figures -------------------------------------------------------------------------------------


def corpus_of(megabytes: float, work: Path) -> Path:
    """A folder of synthetic reports totalling about `megabytes` MB of UTF-8 text."""
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    count = max(1, round(megabytes * 2**20 / (REPORT_CHARS * 2.8)))
    folder = work / f"synth-{megabytes:g}mb"
    if not folder.is_dir():
        synth.write(count, folder, size=REPORT_CHARS)
    return folder


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 2**20


def throughput(sizes: list[float], work: Path, stages: bool) -> None:
    print("## Full build vs bare jieba (same text, same run; wall seconds)")
    for size in sizes:
        folder = corpus_of(size, work)
        segmented = run_child("jieba", str(folder))
        out = work / f"out-{size:g}"
        shutil.rmtree(out, ignore_errors=True)
        build = run_child("build", str(folder), str(out), "0", "0", "1" if stages else "0")
        chars = build["chars"]
        bare = segmented["init"] + segmented["posseg"]
        bare_cpu = segmented["init_cpu"] + segmented["posseg_cpu"]
        print(f"{megabytes(folder):6.1f} MB, {len(list(folder.glob('*.txt')))} reports, {chars:,} characters")
        print(
            f"  kg build      wall {build['wall']:7.1f} s ({chars / build['wall']:,.0f} chars/s)  CPU {build['cpu']:7.1f} s"
            f" (workers {build['workers_cpu']:.1f} s; {chars / build['cpu']:,.0f} chars per CPU s)"
            f"  peak {build['peak_mb']:,.0f} MB (workers {build['workers_peak_mb']:,.0f} MB)"
        )
        print(
            f"  jieba posseg  wall {bare:7.1f} s ({chars / bare:,.0f} chars/s)  CPU {bare_cpu:7.1f} s"
            f" (init {segmented['init_cpu']:.1f} s)  peak {segmented['peak_mb']:,.0f} MB"
        )
        print(f"  jieba cut     wall {segmented['cut']:7.1f} s  CPU {segmented['cut_cpu']:7.1f} s")
        print(
            f"  ratio build / posseg: wall {build['wall'] / bare:.2f}, CPU {build['cpu'] / bare_cpu:.2f}  (goal <= 1.5)"
        )
        graph_mb = (out / "kg.ttl").stat().st_size / 2**20
        largest = max(p.stat().st_size for p in folder.glob("*.txt")) / 2**10
        print(
            f"  memory: peak {build['peak_mb'] / graph_mb:.1f} MB per MB of kg.ttl ({graph_mb:,.0f} MB) and"
            f" {build['peak_mb'] / megabytes(folder):.0f} MB per MB of reports; largest report {largest:,.0f} KB"
            " (the others' peak counts the page's forked child, which shares this process's memory)"
        )
        print("  CPU of the building process by stage (workers apart):")
        for stage, seconds in build["stages"].items():
            print(f"    {stage:<24} {seconds:10,.1f}" + ("" if stage.startswith("triples") else " s"))


def speedup(size: float, work: Path, rounds: int = 3) -> None:
    print(
        f"## Parallel speed-up, {size:g} MB, no cache (wall seconds; --jobs 1 and 2 in turn, {rounds} rounds,"
        " as other load on a shared machine moves single runs by 20%)"
    )
    folder = corpus_of(size, work)
    ratios, extraction_ratios = [], []
    for round_ in range(1, rounds + 1):
        walls, extraction = {}, {}
        for jobs in (1, 2):
            out = work / f"out-jobs{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            built = run_child("build", str(folder), str(out), str(jobs), "0", "0")
            walls[jobs] = built["wall"]
            extraction[jobs] = run_child("extract", str(folder), str(jobs))["wall"]
            print(
                f"  round {round_}, --jobs {jobs}: build wall {walls[jobs]:.1f} s (CPU {built['cpu']:.1f} s, of which"
                f" other processes {built['workers_cpu']:.1f} s); reading + extraction alone wall {extraction[jobs]:.1f} s"
            )
        ratios.append(walls[1] / walls[2])
        extraction_ratios.append(extraction[1] / extraction[2])
    same = all(
        (work / "out-jobs1" / n).read_bytes() == (work / "out-jobs2" / n).read_bytes()
        for n in ("kg.ttl", "kg.trig", "kg.html")
    )
    print(
        f"  speed-up: build {statistics.median(ratios):.2f}x median ({', '.join(f'{r:.2f}' for r in ratios)}),"
        f" extraction {statistics.median(extraction_ratios):.2f}x median (goal >= 1.7); outputs byte-identical: {same}"
    )


def incremental(count: int, work: Path) -> None:
    print(f"## Incremental rebuild after changing one report in {count:,} (wall seconds)")
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    folder = work / f"incremental-{count}"
    if not folder.is_dir():
        synth.write(count, folder, size=INCREMENTAL_CHARS, seed=1)
    out = work / "out-incremental"
    shutil.rmtree(out, ignore_errors=True)
    first = run_child("build", str(folder), str(out), "0", "1", "0")["wall"]
    again = run_child("build", str(folder), str(out), "0", "1", "1")
    report = sorted(folder.glob("*.txt"))[count // 2]
    report.write_text(report.read_text(encoding="utf-8").replace("会议指出", "会议认为", 1), encoding="utf-8")
    changed = run_child("build", str(folder), str(out), "0", "1", "1")
    print(
        f"  full build (cold cache) {first:.1f} s; rebuild, nothing changed {again['wall']:.1f} s;"
        f" rebuild, one report changed {changed['wall']:.1f} s"
    )
    print(
        "  where the rebuild goes: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in changed["stages"].items() if not k.startswith("triples"))
    )


def startup(work: Path) -> None:
    print(
        "## Start-up (best and median of 7; wall, and CPU of the process, which a loaded machine inflates less)"
    )
    import resource

    kg = str(Path(sys.executable).with_name("kg"))
    graph = work / "startup" / "kg.ttl"
    if not graph.is_file():
        subprocess.run(
            [kg, "build", str(ROOT / "tests" / "corpus"), "--out", str(graph.parent)],
            check=True,
            capture_output=True,
        )
    for args in (
        [sys.executable, "-c", "pass"],
        [sys.executable, "-c", "import click"],
        [kg, "--help"],
        [kg, "query", "--list"],
        [kg, "query", "officials", "--graph", str(graph)],
    ):
        walls, cpus = [], []
        for _ in range(7):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        name = " ".join(Path(args[0]).name if i == 0 else a for i, a in enumerate(args[:3]))
        print(
            f"  {name:<28} wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s;"
            f" CPU best {min(cpus):.3f} s" + ("  (goal < 0.2 s)" if args[1:] == ["--help"] else "")
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *args = sys.argv[2:]
        if kind == "build":
            folder, out, jobs, cache, stages = args
            answer = child_build(folder, out, int(jobs) or None, cache == "1", stages == "1")
        elif kind == "jieba":
            answer = child_jieba(args[0])
        else:
            answer = child_extract(args[0], int(args[1]))
        print(json.dumps(answer))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10], help="corpus sizes in MB")
    parser.add_argument("--speedup-size", type=float, default=10)
    parser.add_argument("--incremental", type=int, default=1000, help="reports in the incremental corpus")
    parser.add_argument("--only", choices=["throughput", "speedup", "incremental", "startup"], default=None)
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# kg build benchmarks ({os.cpu_count()} cores; corpora in {work})")
    if args.only in (None, "startup"):
        startup(work)
    if args.only in (None, "throughput"):
        throughput(args.sizes, work, stages=True)
    if args.only in (None, "speedup"):
        speedup(args.speedup_size, work)
    if args.only in (None, "incremental"):
        incremental(args.incremental, work)


if __name__ == "__main__":
    main()
