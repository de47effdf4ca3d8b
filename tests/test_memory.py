"""A long build hands the memory it frees back to the system."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from aleppo_map import memory

# Run apart: the allocators are process-wide, and the test suite's own must stay as they are.
_PROBE = textwrap.dedent(
    """
    import numpy as np, pyarrow as pa, pandas as pd
    from aleppo_map import memory

    def resident_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / 2**20

    if {promptly}:
        memory.hand_back_promptly()
    before = resident_mb()
    # Text columns in Arrow and numpy arrays, freed in an order that leaves holes behind.
    kept = []
    for n in range(40):
        column = pd.Series(np.arange(200_000).astype(str)).astype("str")
        numbers = np.random.default_rng(n).random(300_000)
        kept.append((column, numbers))
        if n % 2:
            kept[n - 1] = None
    del kept, column, numbers
    print(pa.default_memory_pool().backend_name, round(resident_mb() - before))
    """
)


def _kept_after_freeing(promptly: bool) -> tuple[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(promptly=promptly)], capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], float(out[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the resident set from /proc (Linux)")
def test_after_hand_back_promptly_freed_columns_leave_the_process():
    backend, kept = _kept_after_freeing(promptly=True)
    default_backend, kept_by_default = _kept_after_freeing(promptly=False)
    assert backend == "system" != default_backend
    # Measured: ≈ 80 of the ≈ 100 MB freed stay by default, ≈ 30 after (Python's own heap).
    assert kept < kept_by_default / 2


def test_release_unused_can_be_called_at_any_time():
    memory.release_unused()
    memory.release_unused()
