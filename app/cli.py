"""`wengao` command line: a thin layer over the ingest, vectorstore and app libraries.

Every command has `--json` for scripts; JSON output carries no progress noise.
Exit status: 0 all good, 1 some input failed (named on stderr or in the JSON), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from app.settings import Settings
from ingest.load import collect_files
from ingest.pipeline import FileOutcome, chunk_files

cli = typer.Typer(add_completion=False, no_args_is_help=True, help="文稿 wengao: drafting assistant for Chinese official writing")

StoreOption = Annotated[Optional[Path], typer.Option("--store", help="library folder (default: WENGAO_STORE or a per-user data folder)")]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output, one JSON object per line")]


@cli.callback()
def _commands() -> None:
    """文稿 wengao: drafting assistant for Chinese official writing."""
    # A callback keeps `ingest` a subcommand: Typer would otherwise promote a lone command to the
    # whole program and read the word "ingest" as a path.


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _file_summary(outcome: FileOutcome) -> dict:
    if not outcome.ok:
        return {"file": str(outcome.path), "status": "failed", "error": outcome.error}
    result = outcome.result
    parsed = result.parsed
    return {
        "file": str(outcome.path),
        "status": "chunked",
        "doc_id": result.doc_id,
        "title": parsed.title,
        "year": parsed.year,
        "region": parsed.region,
        "doc_type": parsed.doc_type,
        "chunks": len(result.chunks),
        "noise_removed": result.removed_noise,
        "masked_figures": len(result.masked_figures),
        "recurring_paragraphs": result.recurring_paragraphs,
    }


@cli.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)")],
    store: StoreOption = None,
    prune: Annotated[bool, typer.Option("--prune", help="delete indexed documents whose file is gone")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show the chunks, index nothing")] = False,
    as_json: JsonOption = False,
) -> None:
    """Clean, cut and index reports (.txt .md .docx .pdf .html)."""
    settings = Settings(**({"store": store} if store else {}))
    selection = collect_files(paths)
    for missing in selection.missing:
        typer.echo(f"{missing}: no such file or folder", err=True)
    for skipped in selection.skipped:
        typer.echo(f"{skipped.name}: skipped (unsupported type {skipped.suffix or 'without suffix'})", err=True)
    if not dry_run:
        typer.echo("indexing is not built yet: run with --dry-run to preview the chunks", err=True)
        raise typer.Exit(2)

    failed = bool(selection.missing)
    files = tqdm(selection.files, desc="ingest", unit="file", disable=as_json or len(selection.files) < 5, file=sys.stderr)
    for outcome in chunk_files(files, max_bytes=int(settings.max_file_mb * 2**20)):
        if not outcome.ok:
            failed = True
            typer.echo(f"✗ {outcome.error}", err=True)
            continue
        if as_json:
            for chunk in outcome.result.chunks:
                _print_json({"text": chunk.page_content, "metadata": chunk.metadata})
        else:
            _echo_chunks(outcome)
    raise typer.Exit(1 if failed else 0)


def _echo_chunks(outcome: FileOutcome) -> None:
    summary = _file_summary(outcome)
    typer.echo(
        f"✓ {outcome.path.name}: 《{summary['title']}》 {summary['year'] or '年份不详'} {summary['doc_type']}, "
        f"{summary['chunks']} chunks, {summary['noise_removed']} noise pieces removed"
    )
    for chunk in outcome.result.chunks:
        meta = chunk.metadata
        preview = chunk.page_content.replace("\n", " ")[:60]
        typer.echo(f"  [{meta['chunk_index']}] {meta['heading_path'] or '(开头)'} · {meta['section_role']} · {len(chunk.page_content)}字  {preview}…")


def main() -> None:
    cli()
