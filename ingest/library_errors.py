"""One-line descriptions of the exceptions third-party parsers raise on damaged files."""


def describe_library_error(exc: BaseException) -> str:
    """"TypeName: first line of the message", short enough for a one-line IngestError reason."""
    lines = str(exc).strip().splitlines()
    message = lines[0][:160] if lines else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
