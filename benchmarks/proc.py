"""Resident memory of a process and its descendants, sampled from ``/proc`` (Linux).

``getrusage`` gives each process's own peak, and summing the peaks of an import process and its
workers overstates the memory they held together (the peaks need not coincide). The benchmarks
sample the whole process tree instead::

    with TreePeak(pid) as peak:
        ...                      # wait for the process
    print(peak.kib)              # the largest sum seen, KiB
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants now (KiB); 0 once ``root`` is gone."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class TreePeak:
    """Sample :func:`tree_rss_kib` of ``pid`` every ``interval`` seconds on a thread; keep the peak."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval, self.kib = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.kib = max(self.kib, tree_rss_kib(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
