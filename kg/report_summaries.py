"""The reports' summaries of a build (``ReportSummary``: its file, place, year, counts and
warnings), kept in a file rather than in memory, read back as a sequence.

A summary is 670 bytes as Python objects, more with warnings (its file name, place and warnings,
each a string of its own): some 35 MB at 50,000 reports, held from the first report to the end of
the view, where the build used most memory. In an unnamed temporary file they take 8 bytes each in
memory, for where each is.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

from kg.report_jobs import ReportSummary


class SpilledSummaries(Sequence[ReportSummary]):
    """Summaries appended to an unnamed temporary file in ``folder`` (gone when this is), read
    back in order, one at a time.

    >>> import tempfile
    >>> summaries = SpilledSummaries(tempfile.gettempdir())
    >>> summaries.append(ReportSummary("鲤城区2024.txt", "鲤城区", 2024, targets=12, outcomes=9, triples=480))
    >>> len(summaries), summaries[0].place, [s.targets for s in summaries]
    (1, '鲤城区', [12])
    """

    def __init__(self, folder: str | Path):
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".summaries-")
        self._starts = array("Q")

    def append(self, summary: ReportSummary) -> None:
        self._starts.append(self._file.seek(0, 2))
        pickle.dump(summary, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> ReportSummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[ReportSummary]: ...

    def __getitem__(self, index: int | slice) -> ReportSummary | list[ReportSummary]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self._file.seek(self._starts[index])
        return pickle.load(self._file)

    def __iter__(self) -> Iterator[ReportSummary]:
        for start in self._starts:
            # sought each time: the caller may read another summary (``[0]``) between two of these
            self._file.seek(start)
            yield pickle.load(self._file)
