"""Benchmark: how much longer `rj --help` takes than `--help` of a minimal ten-command Typer app.

    python bench/help_speed.py               # median of 15 runs each, interleaved
    python bench/help_speed.py --repeat 31
    python bench/help_speed.py --imports     # also: rj's slowest imports for --help

Both run as real subprocesses of this interpreter, alternately, so a busy machine slows
both alike; the figure that matters is the ratio (the issue's target: at most 1.2).
Measured, never asserted: wall-clock limits make flaky tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True)


def make(number: int) -> None:
    def command(
        text: Annotated[str, typer.Argument(help="Some text.")],
        count: Annotated[int, typer.Option(help="How many.")] = 1,
        loud: Annotated[bool, typer.Option(help="Shout it.")] = False,
    ) -> None:
        typer.echo(text * count)

    command.__doc__ = f"Do thing number {number}."
    app.command(f"command-{number}")(command)


for number in range(10):
    make(number)

if __name__ == "__main__":
    app()
"""


def run_once(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def slowest_imports(env: dict[str, str], count: int = 30) -> str:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "recovery_journal", "--help"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    rows = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    rows = [row for row in rows if row.split("|")[1].strip().isdigit()]
    rows.sort(key=lambda row: int(row.split("|")[1]))
    return "\n".join(rows[-count:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--imports", action="store_true", help="list rj's slowest imports")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        # Never a real journal, no colours: the same work on every machine.
        env = {
            **os.environ,
            "RECOVERY_JOURNAL_PATH": str(Path(folder) / "none.rj"),
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        commands = {
            "rj --help": [sys.executable, "-m", "recovery_journal", "--help"],
            "minimal --help": [sys.executable, str(minimal), "--help"],
        }
        for argv in commands.values():  # warm the file cache and the bytecode
            run_once(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():
                times[name].append(run_once(argv, env))
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, median in medians.items():
            print(f"{name:<16} median {median * 1000:7.1f} ms over {args.repeat} runs")
        ratio = medians["rj --help"] / medians["minimal --help"]
        print(f"ratio            {ratio:.2f}x (target: at most 1.20x)")
        if args.imports:
            print("\nrj --help, slowest imports (self us | cumulative us | module):")
            print(slowest_imports(env))


if __name__ == "__main__":
    main()
