"""How long work reports where it stands: ``Progress`` values and an ETA estimate.

Kept apart from the pipeline (which loads the NER model) so the UI can import it at start-up.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """Where long work stands: ``done`` of ``total`` units (total 0 when unknown)."""

    done: int
    total: int
    message: str = ""


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


class Eta:
    """Seconds left, from the rate over the last ``window`` seconds of ``update`` calls.

    A sliding window rather than the average since the start: an import speeds up once the
    worker processes are running, and slows down when another program takes a core.
    """

    def __init__(self, window: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._samples: deque[tuple[float, int]] = deque()

    def update(self, done: int, total: int) -> float | None:
        """Record ``done`` of ``total``; the estimate of the seconds left (None: not known yet)."""
        now = self.clock()
        samples = self._samples
        if samples and done < samples[-1][1]:
            samples.clear()  # a new phase started counting from 0
        samples.append((now, done))
        while len(samples) > 2 and now - samples[1][0] >= self.window:
            samples.popleft()
        if total <= 0 or len(samples) < 2:
            return None
        (t0, d0), (t1, d1) = samples[0], samples[-1]
        if t1 - t0 < 1.0 or d1 <= d0:
            return None
        return max(0.0, (total - done) * (t1 - t0) / (d1 - d0))


def clock_text(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``: a duration the way progress bars show it."""
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
