"""Where a unit sits: its enclosing headings, and the units between two lines, looked up by bisection."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from mldrill.ingest.blocks import Unit


class Sections:
    """Section paths (enclosing headings) and unit positions of one document."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.starts = [u.start for u in units]
        self.index = {id(u): k for k, u in enumerate(units)}
        self.headings = [u for u in units if u.kind == "heading"]
        self.heading_starts = [h.start for h in self.headings]
        self.paths: list[list[Unit]] = []
        stack: list[Unit] = []
        for h in self.headings:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            self.paths.append(list(stack))

    def path(self, u: Unit) -> list[Unit]:
        """The path of the last heading before u (outermost first)."""
        k = bisect_left(self.heading_starts, u.start) - 1
        return self.paths[k] if k >= 0 else []

    def section_end(self, h: Unit, n_lines: int) -> int:
        """The line where heading h's section ends (the next heading at its level or above)."""
        k = self.headings.index(h)
        for g in self.headings[k + 1 :]:
            if g.level <= h.level:
                return g.start
        return n_lines

    def between(self, start: int, end: int) -> list[Unit]:
        return self.units[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def inside(spans: list[tuple[int, int]], line: int) -> bool:
    """Is line inside one of the sorted, non-overlapping (start, end) spans?"""
    k = bisect_right(spans, (line, 10**12)) - 1
    return k >= 0 and spans[k][0] <= line < spans[k][1]
