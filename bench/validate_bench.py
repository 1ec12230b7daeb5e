"""Time `kg validate`'s two halves on a built graph of about a million triples: the evidence checks (SPARQL on
Oxigraph, kg/sparql/checks/*.rq) and the SHACL shapes (pyshacl). Prints figures; asserts nothing.

    python bench/validate_bench.py                      # ~680 synthetic reports → ~1M triples (builds them first)
    python bench/validate_bench.py --reports 100        # a smaller graph
    python bench/validate_bench.py --graph out/kg.ttl   # an existing graph
    python bench/validate_bench.py --no-shacl           # only the evidence checks
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth


def build(reports: int, work: Path) -> Path:
    """kg.ttl of `reports` synthetic reports, built by the installed kg with both cores."""
    source, out = work / "reports", work / "out"
    synth.write(reports, source)
    kg = Path(sys.executable).with_name("kg")
    started = time.perf_counter()
    subprocess.run(
        [str(kg), "build", str(source), "--out", str(out), "--no-cache", "--jobs", "2"],
        check=True,
        capture_output=True,
    )
    print(f"built {reports} synthetic reports in {time.perf_counter() - started:.1f} s")
    return out / "kg.ttl"


def time_checks(graph: Path, repeat: int) -> None:
    from kg.quality import evidence
    from kg.sparql.engines import OxigraphEngine

    started = time.perf_counter()
    engine = OxigraphEngine.from_file(graph)
    print(f"load into Oxigraph: {time.perf_counter() - started:.2f} s ({len(engine):,} triples)")
    total = 0.0
    for name, sparql in evidence.checks().items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = list(engine.store.query(sparql, use_default_graph_as_union=True))
            times.append(time.perf_counter() - started)
        best = min(times)
        total += best
        print(f"  check {name:<18} {best * 1000:9.1f} ms  (best of {repeat}; {len(rows)} fault(s))")
    started = time.perf_counter()
    faults = evidence.check_store(engine.store)
    print(
        f"evidence checks, all: {total * 1000:.1f} ms (sum of bests); check_store: "
        f"{(time.perf_counter() - started) * 1000:.1f} ms, {len(faults)} fault(s)"
    )


def time_shacl(graph: Path) -> None:
    from kg.quality import validate

    started = time.perf_counter()
    rdf = validate.load_graph(graph)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    report = validate.validate_graph(rdf)
    print(
        f"pyshacl: load into rdflib {loaded:.1f} s, validate {time.perf_counter() - started:.1f} s "
        f"({len(report.violations)} violation(s))"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reports", type=int, default=680, help="synthetic reports to build (default 680: ~1M triples)"
    )
    parser.add_argument("--graph", type=Path, help="time this graph file instead of building one")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each check (the best is printed)")
    parser.add_argument("--no-shacl", action="store_true", help="skip pyshacl (minutes on 1M triples)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-validate-bench-") as work:
        graph = args.graph or build(args.reports, Path(work))
        time_checks(graph, args.repeat)
        if not args.no_shacl:
            time_shacl(graph)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
