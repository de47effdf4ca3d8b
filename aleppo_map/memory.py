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

__all__ = ["hand_back_promptly", "release_unused"]

#: glibc's ``mallopt`` parameter for the size from which a block is mapped on its own.
_M_MMAP_THRESHOLD = -3
#: Blocks from this size up are mapped on their own and unmapped when freed: glibc's own
#: starting value, held fixed. By default glibc raises it to the largest block freed (up to
#: 32 MiB), after which a million-row column comes from the heap and stays there when freed.
MMAP_THRESHOLD = 128 * 1024


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl)
        return None


def hand_back_promptly() -> None:
    """Make this process return large freed blocks to the system when they are freed.

    Arrow's buffers go through the system allocator instead of mimalloc (which keeps
    freed segments for reuse), and glibc maps blocks of :data:`MMAP_THRESHOLD` or more on
    their own. What is smaller goes back with :func:`release_unused`, between the steps
    of a build. Process-wide: the command line calls it before reading any data; a
    notebook may, before a large build. Elsewhere than glibc only Arrow's part applies.
    """
    pa.set_memory_pool(pa.system_memory_pool())
    libc = _glibc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


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
