"""`make bench` / `python -m bench`: the benchmarks there are, and the command that runs each (they print figures)."""

from __future__ import annotations

import pkgutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    print(
        "Benchmarks (each prints its figures; run one with .venv/bin/python -m bench.<name> [--help], "
        "or make bench BENCH=<name>):\n"
    )
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if info.name in ("clone", "database", "tickets_db") or info.name.startswith("_"):
            continue
        source = (HERE / f"{info.name}.py").read_text(encoding="utf-8")
        first = source.split('"""', 2)[1].strip().splitlines()[0] if source.startswith('"""') else ""
        print(f"  bench.{info.name:<22} {first}")


if __name__ == "__main__":
    main()
