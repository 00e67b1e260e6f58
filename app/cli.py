"""`wengao` command line: a thin layer over the ingest, vectorstore and app libraries.

Every command has `--json` for scripts; JSON output carries no progress noise.
Exit status: 0 all good, 1 some input failed (named on stderr or in the JSON), 2 usage error.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from app.library_access import open_library, searcher_for
from app.library_ingest import FileReport, ingest_into_library
from app.settings import Settings
from ingest.load import FileSelection, collect_files
from ingest.pipeline import FileOutcome, chunk_files
from vectorstore.highlight import highlight_spans, mark_spans
from vectorstore.library import LibraryBusy
from vectorstore.search_filters import SearchFilters

cli = typer.Typer(add_completion=False, no_args_is_help=True)

StoreOption = Annotated[Optional[Path], typer.Option("--store", help="library folder (default: WENGAO_STORE or a per-user data folder)")]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output, one JSON object per line")]


@cli.callback()
def _commands() -> None:
    """文稿 wengao: drafting assistant for Chinese official writing."""
    # A callback keeps each command a subcommand: Typer would otherwise promote a lone command to
    # the whole program and read the command's name as its first argument.


def _settings(store: Path | None) -> Settings:
    return Settings(**({"store": store} if store else {}))


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _report_selection(selection: FileSelection) -> None:
    for missing in selection.missing:
        typer.echo(f"✗ {missing}: no such file or folder", err=True)
    for skipped in selection.skipped:
        typer.echo(f"- {skipped.name}: skipped (unsupported type {skipped.suffix or 'without suffix'})", err=True)


def _progress(items: list, desc: str, quiet: bool):
    return tqdm(items, desc=desc, unit="file", disable=quiet or len(items) < 5, file=sys.stderr, leave=False)


@cli.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)")],
    store: StoreOption = None,
    prune: Annotated[bool, typer.Option("--prune", help="delete indexed documents that are not among PATHS")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show the chunks, index nothing")] = False,
    as_json: JsonOption = False,
) -> None:
    """Clean, cut and index reports (.txt .md .docx .pdf .html)."""
    settings = _settings(store)
    selection = collect_files(paths)
    _report_selection(selection)
    files = _progress(selection.files, "ingest", as_json)
    if dry_run:
        failed = _preview_chunks(files, settings.max_bytes, as_json)
    else:
        failed = _index_files(files, settings, prune, as_json)
    raise typer.Exit(1 if failed or selection.missing else 0)


def _preview_chunks(files, max_bytes: int, as_json: bool) -> bool:
    failed = False
    for outcome in chunk_files(files, max_bytes=max_bytes):
        if not outcome.ok:
            failed = True
            tqdm.write(f"✗ {outcome.error}", file=sys.stderr)
        elif as_json:
            for chunk in outcome.result.chunks:
                _print_json({"text": chunk.page_content, "metadata": chunk.metadata})
        else:
            _echo_chunks(outcome)
    return failed


def _echo_chunks(outcome: FileOutcome) -> None:
    parsed = outcome.result.parsed
    tqdm.write(
        f"✓ {outcome.path.name}: 《{parsed.title}》 {parsed.year or '年份不详'} {parsed.doc_type}, "
        f"{len(outcome.result.chunks)} chunks, {outcome.result.removed_noise} noise pieces removed"
    )
    for chunk in outcome.result.chunks:
        meta = chunk.metadata
        preview = chunk.page_content.replace("\n", " ")[:60]
        tqdm.write(f"  [{meta['chunk_index']}] {meta['heading_path'] or '(开头)'} · {meta['section_role']} · {len(chunk.page_content)}字  {preview}…")


_STATUS_MARK = {"added": "✓", "replaced": "✓", "unchanged": "=", "duplicate": "≈", "deleted": "-", "failed": "✗"}


def _index_files(files, settings: Settings, prune: bool, as_json: bool) -> bool:
    failed = False
    try:
        with open_library(settings) as library:
            for report in ingest_into_library(list(files), library, max_bytes=settings.max_bytes, prune=prune):
                failed |= report.failed
                if as_json:
                    _print_json(dataclasses.asdict(report))
                else:
                    tqdm.write(_describe(report), file=sys.stderr if report.failed else sys.stdout)
            total = library.chunk_count()
    except LibraryBusy as busy:
        typer.echo(f"✗ {busy}", err=True)
        raise typer.Exit(1) from None
    if not as_json:
        typer.echo(f"library {settings.store}: {total} chunks")
    return failed


def _describe(report: FileReport) -> str:
    mark = _STATUS_MARK.get(report.status, "?")
    if report.failed:
        return f"{mark} {report.error}"
    if report.status in ("added", "replaced"):
        return f"{mark} {report.source}: {report.status}, 《{report.title}》 {report.year or '年份不详'} {report.doc_type}, {report.chunks} chunks"
    if report.status == "duplicate":
        return f"{mark} {report.source}: same content as {report.duplicate_of}, not indexed twice"
    return f"{mark} {report.source}: {report.status}"


@cli.command()
def search(
    query: Annotated[str, typer.Argument(help="what to look for, in your own words")],
    store: StoreOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="how many passages")] = 10,
    year: Annotated[Optional[int], typer.Option("--year", help="only passages of this year")] = None,
    exclude_source: Annotated[list[str], typer.Option("--exclude-source", help="leave out this file (base name); repeatable")] = [],
    as_json: JsonOption = False,
) -> None:
    """Search earlier reports (meaning and exact words, fused)."""
    settings = _settings(store)
    filters = SearchFilters(year_min=year, year_max=year, exclude_sources=tuple(exclude_source))
    with open_library(settings) as library:
        if library.chunk_count() == 0:
            typer.echo(f"the library at {settings.store} is empty: add reports with `wengao ingest PATH`", err=True)
            raise typer.Exit(1)
        hits = searcher_for(library).search(query, k=k, filters=filters)
        words = library.tokenizer.tokenize(query)
    for rank, hit in enumerate(hits, start=1):
        meta = hit.metadata
        if as_json:
            _print_json({
                "rank": rank, "text": hit.text, "source": meta.get("source"), "title": meta.get("title"),
                "year": meta.get("year"), "heading_path": meta.get("heading_path"), "score": hit.score,
                "dense_rank": hit.dense_rank, "bm25_rank": hit.bm25_rank, "metadata": meta,
            })
            continue
        tty = sys.stdout.isatty()
        before, after = ("\033[1;31m", "\033[0m") if tty else ("【", "】")
        snippet = mark_spans(hit.text, highlight_spans(hit.text, words), before=before, after=after)
        year_text = meta.get("year") if meta.get("year", -1) != -1 else "年份不详"
        typer.echo(f"{rank}. 《{meta.get('title')}》 {year_text} · {meta.get('heading_path') or '(开头)'} · score {hit.score:.4f}  [{meta.get('source')}]")
        typer.echo(f"   {snippet}\n")
    if not hits:
        typer.echo("no passage matches", err=True)


def main() -> None:
    cli()
