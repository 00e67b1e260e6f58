"""The one error type a bad input file raises: it names the file and the reason in one line."""

from pathlib import Path


class IngestError(Exception):
    """A file that cannot be ingested. `str(err)` is a one-line message naming the file."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")
