"""Benchmark: batch extraction, measured in one run and printed as ratios.

Run with ``make bench``. A synthetic corpus is generated reproducibly from the articles of
``corpus/`` (their sentences recombined into new short articles, with entity names swapped for
others of the same type), then:

* throughput: words/s of ``aikg extract`` (one process, everything: NLP, aikg's components,
  resolution, exports, store) vs bare ``nlp.pipe`` of the same spaCy model on the same texts,
  both timed the same way, as a whole process from start to exit (the interpreter, importing
  spaCy and loading the model count on both sides; aikg's own imports, pipeline build, cache,
  exports and store count against it); target >= 0.8x;
* speed-up of ``--jobs 2`` over ``--jobs 1``;
* a re-run on the unchanged corpus vs the first run; target >= 20x;
* peak RSS of ``aikg extract`` on two corpus sizes (2,000 and 20,000 documents by default);
  target: the larger within 1.5x of the smaller.

Timings are never asserted by the test suite: the machines it runs on are noisy.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
AIKG = Path(sys.executable).with_name("aikg")


def synthetic_corpus(documents: int, seed: int = 11) -> list[dict[str, str]]:
    """``documents`` short articles of 4 to 8 sentences, reproducible from ``seed``."""
    rng = random.Random(seed)
    sentences: list[str] = []
    names: dict[str, list[str]] = {}
    for gold in sorted(CORPUS.rglob("*.gold.json")):
        for entity in json.loads(gold.read_text(encoding="utf-8"))["entities"]:
            names.setdefault(entity["types"][0], []).append(entity["name"])
        text = gold.with_name(gold.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        for paragraph in text.split("\n")[1:]:  # the first line is the headline
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.split()) > 5]
    by_name = {name: kind for kind, pool in names.items() for name in pool}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True)))

    def vary(sentence: str) -> str:
        return pattern.sub(lambda m: rng.choice(names[by_name[m.group(0)]]), sentence)

    return [
        {
            "id": f"synthetic-{number:06d}",
            "text": " ".join(vary(s) for s in rng.sample(sentences, rng.randint(4, 8))),
        }
        for number in range(documents)
    ]


def write_jsonl(records: list[dict[str, str]], path: Path) -> int:
    """Write the records; return their word count."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return sum(len(r["text"].split()) for r in records)


def run_extract(inputs: Path, out: Path, *options: str) -> tuple[float, int]:
    """Wall time and peak RSS (kB) of one fresh ``aikg extract`` process, the RSS as the kernel
    counted it for that process alone (through a wrapper interpreter that only waits for it)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    command = [str(AIKG), "extract", str(inputs), "-o", str(out), "-q", *options]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"aikg extract failed: {done.stderr.strip()}")
    return seconds, int(done.stdout.strip())


def bare_spacy(records: list[dict[str, str]]) -> float:
    """Wall time of a fresh process running bare ``nlp.pipe`` of the same model (loaded as aikg
    loads it) over the texts, from start to exit like :func:`run_extract`."""
    script = (
        "import json, sys, spacy\n"
        "from aikg.config import Settings\n"
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
        "nlp = spacy.load(Settings().model, exclude=['senter'])\n"
        "for _ in nlp.pipe(texts, batch_size=32): pass\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.jsonl"
        write_jsonl(records, path)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, str(path)], check=True)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput-docs", type=int, default=400)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=20_000)
    args = parser.parse_args()
    failed = False

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        records = synthetic_corpus(args.throughput_docs)
        words = write_jsonl(records, work / "sample.jsonl")
        print(f"{len(records)} documents, {words:,} words\n", flush=True)

        bare = bare_spacy(records)
        first, _ = run_extract(work / "sample.jsonl", work / "one", "-j", "1")
        cached, _ = run_extract(work / "sample.jsonl", work / "one", "-j", "1")
        two, _ = run_extract(work / "sample.jsonl", work / "two", "-j", "2")
        ratio = bare / first
        failed |= ratio < 0.8
        print(f"bare nlp.pipe          {words / bare:10,.0f} words/s")
        print(f"aikg extract, 1 job    {words / first:10,.0f} words/s   "
              f"{ratio:.2f}x of bare spaCy (target >= 0.8)")  # fmt: skip
        print(f"aikg extract, 2 jobs   {words / two:10,.0f} words/s   {first / two:.2f}x of 1 job")
        print(f"re-run, unchanged      {cached:10.1f} s         "
              f"{first / cached:.1f}x faster than the first run (target >= 20)")  # fmt: skip
        failed |= first / cached < 20

        peaks = []
        for size in (args.small, args.large):
            corpus = work / f"corpus-{size}.jsonl"
            write_jsonl(synthetic_corpus(size, seed=size), corpus)
            seconds, peak = run_extract(corpus, work / f"out-{size}", "-j", "1")
            peaks.append(peak)
            print(f"{size:>6} documents       {seconds:10.1f} s, peak RSS {peak / 1024:,.0f} MB",
                  flush=True)  # fmt: skip
        growth = peaks[1] / peaks[0]
        failed |= growth > 1.5
        print(f"peak RSS growth        {growth:10.2f}x for {args.large // args.small}x the "
              "documents (target <= 1.5x)")  # fmt: skip
    print("targets met" if not failed else "TARGETS MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
