"""Demo rows of the quality loop (filled in below)."""

from csc.demo import DemoOptions


def load_demo(options: DemoOptions) -> dict[str, int]:
    return {}
