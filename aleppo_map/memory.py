"""How a long build hands the memory it frees back to the system.

A year's build reads a million claims, prepares them and forks a worker per core. Both
allocators in the process keep what is freed for reuse: Arrow's (mimalloc, where pandas'
text columns live) and glibc's (numpy's arrays). Every page kept that way is counted in
the parent's resident set and again in each forked worker's, which start from it. Kept
memory, not data, was a third of a year build's peak (docs/scale.md).
"""

from __future__ import annotations

import ctypes
import gc
import sys

import pyarrow as pa

__all__ = ["MMAP_THRESHOLD", "WORKER_MMAP_THRESHOLD", "hand_back_promptly", "release_unused"]

#: glibc's ``mallopt`` parameter for the size from which a block is mapped on its own.
_M_MMAP_THRESHOLD = -3
#: While preparing (the command line's setting): blocks from this size up are mapped on
#: their own and unmapped when freed; glibc's own starting value, held fixed. By default
#: glibc raises it to the largest block freed (up to 32 MiB), after which a million-row
#: column comes from its heap and stays resident when freed.
MMAP_THRESHOLD = 128 * 1024
#: In a build's workers, which allocate and free a date's arrays again and again: each
#: mapped block is faulted in afresh, so a lower threshold costs system time. On 8 dates of
#: a year, 1 MiB gave a 48 MB lower peak for 2.1 s more system time, 4 MiB 32 MB for 1.1 s,
#: 16 MiB nothing (docs/scale.md).
WORKER_MMAP_THRESHOLD = 4 << 20


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl)
        return None


def hand_back_promptly(threshold: int = MMAP_THRESHOLD) -> None:
    """Make this process return large freed blocks to the system when they are freed.

    Arrow's buffers go through the system allocator instead of mimalloc (which keeps
    freed pages for reuse; buffers made before stay in their pool), and glibc maps blocks
    of ``threshold`` bytes or more on their own. What is smaller goes back with
    :func:`release_unused`, between the steps of a build. Process-wide: the command line
    calls it before reading any data, a build's forked workers when they start (with
    :data:`WORKER_MMAP_THRESHOLD`); a notebook may, before a large build. Elsewhere than
    glibc (musl, macOS) only Arrow's part applies.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    libc = _glibc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_MMAP_THRESHOLD, threshold)


def release_unused() -> None:
    """Hand freed memory back to the system now: Python's garbage, glibc's and Arrow's free lists.

    Called before forking workers and after each of their jobs, so that what one step
    freed is not kept into the next (or into every worker).
    """
    gc.collect()
    try:
        pa.default_memory_pool().release_unused()
    except (AttributeError, NotImplementedError):  # an older pyarrow, or a pool without it
        pass
    libc = _glibc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
