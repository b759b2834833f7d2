"""Give freed memory back to the system between the phases of a build.

glibc keeps the blocks a process frees for its own reuse, so a phase that frees 200 MB (the
store's RocksDB buffers, the view's projection) leaves the process's resident size where it was,
and the next phase's peak counts on top of it.
"""

from __future__ import annotations

import ctypes
import gc


def return_freed_memory(collect: bool = True) -> None:
    """Collect garbage (unless ``collect`` is false: nothing since the last collection made cycles,
    such as the store's load, all of it in RocksDB) and hand the allocator's free blocks back (at
    1,000 reports, some 100 MB off the build's peak); a no-op where the C library is not glibc."""
    if collect:
        gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator keeps its own counsel
