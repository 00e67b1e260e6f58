"""`wengao` command line: a thin layer over the ingest, vectorstore and app libraries.

Every command has `--json` for scripts; JSON output carries no progress noise.
Exit status: 0 all good; 1 some inputs failed and the others were done (ingest's files, eval's cases), each
named on stderr or in the JSON; 2 the command did nothing: a usage error, or a UserError such as an empty
query, a store path that holds no library, a file that cannot be read or a busy library, in one line on
stderr after ✗. search, draft and eval only read: they refuse a store path without a library and create
nothing there (serve starts a library only where app/web/workbench.py says).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from tqdm import tqdm

from app.drafting.events import DraftEvent, Outline, Retrieved, Token
from app.drafting.facts import read_facts_file
from app.drafting.pipeline import draft_section
from app.drafting.plan import plan_draft
from app.drafting.request import DraftOptions
from app.drafting.result import DraftResult
from app.drafting.tuning import DraftTuning
from app.errors import UserError
from app.export.word import strip_citations
from app.library import (
    FileReport,
    IngestRate,
    NoLibrary,
    embedding_model_path,
    ingest_into_library,
    open_library,
    prune_candidates,
    prune_refusal,
    require_documents,
    resolve_source_names,
    saved_drafts,
    searcher_for,
    topic_relevance,
    topic_search,
    writer_everyday_terms,
    writer_fixed_phrases,
    year_label,
)
from app.llm.connect import connect_llm
from app.llm.model_fetch import fetch_local_model
from app.report.blanks import report_blanks
from app.report.compose import (
    ReportDrafted,
    ReportEvent,
    SectionDrafted,
    SectionStarted,
    stream_report,
)
from app.report.document import ReportDraft
from app.report.outline import read_outline_file
from app.report.proposal import propose_outline, read_report_request, with_sources
from app.report.word_document import write_report
from app.settings import Settings
from ingest.load import FileSelection, collect_files
from ingest.pipeline import FileOutcome, chunk_files
from vectorstore.highlight import hit_spans, mark_spans
from vectorstore.search_filters import SearchFilters

cli = typer.Typer(add_completion=False, no_args_is_help=True)

StoreOption = Annotated[Path | None, typer.Option("--store", help="library folder (default: WENGAO_STORE or a per-user data folder)")]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output, one JSON object per line")]


@cli.callback()
def _commands() -> None:
    """文稿 wengao: drafting assistant for Chinese official writing."""
    # A callback keeps each command a subcommand: Typer would otherwise promote a lone command to
    # the whole program and read the command's name as its first argument.


def settings_for(store: Path | None) -> Settings:
    """The settings, with `--store` over WENGAO_STORE when given. A malformed WENGAO_* variable ends the
    command, named with what is wrong (never with its value: some are secrets)."""
    with reported():
        try:
            return Settings(**({"store": store} if store else {}))
        except ValidationError as err:
            raise UserError("; ".join(f"WENGAO_{str(e['loc'][0]).upper()}: {e['msg']}" for e in err.errors())) from None


def print_json(obj: dict[str, Any]) -> None:
    """One JSON object on its own line of stdout, flushed (a reader may be waiting for it)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@contextmanager
def reported() -> Iterator[None]:
    """A UserError raised in the block ends the command: its message on stderr after ✗, exit status 2
    (the command did nothing; 1 is for a batch of which some inputs failed)."""
    try:
        yield
    except UserError as err:
        typer.echo(f"✗ {err}", err=True)
        raise typer.Exit(2) from None


def _report_selection(selection: FileSelection) -> None:
    for missing in selection.missing:
        typer.echo(f"✗ {missing}: no such file or folder", err=True)
    for folder in selection.unreadable:
        typer.echo(f"✗ {folder}: cannot read this folder (permission denied?); its files were not ingested", err=True)
    for skipped in selection.skipped:
        typer.echo(f"- {skipped.name}: skipped ({_why_skipped(skipped)})", err=True)


def _why_skipped(path: Path) -> str:
    """Why a path found is not ingested, read from the path itself: a link is told apart from what it
    points to, so the writer learns what is in the folder rather than a reason about another file."""
    if path.is_symlink() and not path.exists():
        return "a link to a file that does not exist"
    if path.is_dir():  # only a link to a folder is found as a path of its own; folders are walked
        return "a link to a folder: give that folder itself to ingest it"
    if path.exists() and not path.is_file():
        return "not a regular file"  # a pipe, a device or a socket, or a link to one
    return f"unsupported type {path.suffix or 'without suffix'}"


def _progress(items: list, desc: str, quiet: bool) -> tqdm:
    """A bar on stderr over `items` (iterate it, or call update() per item done); none for a few files."""
    return tqdm(items, desc=desc, unit="file", disable=quiet or len(items) < 5, file=sys.stderr, leave=False)


@cli.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)")],
    store: StoreOption = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="delete indexed documents that are not among PATHS (only when every PATH was read completely)"
    )] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show the chunks (and what --prune would delete), index nothing")] = False,
    as_json: JsonOption = False,
) -> None:
    """Clean, cut and index reports (.txt .md .docx .pdf .html)."""
    settings = settings_for(store)
    selection = collect_files(paths)
    _report_selection(selection)
    refusal = prune_refusal(selection) if prune else None
    if refusal:
        typer.echo(f"✗ --prune: nothing {'would be ' if dry_run else ''}deleted, because {refusal}", err=True)
    if dry_run:
        files = _progress(selection.files, "ingest", as_json)
        failed = _preview_chunks(files, selection.names, settings.max_bytes, as_json)
        if prune and not refusal:
            _preview_prune(selection, settings, as_json)
    else:
        failed = _index_files(selection.files, selection.names, settings, prune and not refusal, as_json)
    raise typer.Exit(1 if failed or not selection.complete or refusal else 0)


def _preview_prune(selection: FileSelection, settings: Settings, as_json: bool) -> None:
    with reported():
        try:
            with open_library(settings, create=False) as library:
                candidates = prune_candidates(library, selection.names.values())
        except NoLibrary:
            candidates = []  # nothing indexed yet, so nothing to delete; a dry run creates no library
    for source, doc_id in candidates:
        if as_json:
            print_json({"source": source, "status": "would be deleted", "doc_id": doc_id})
        else:
            typer.echo(f"- {source}: would be deleted")
    if not candidates and not as_json:
        typer.echo("--prune would delete nothing")


def _preview_chunks(files, names: dict[Path, str], max_bytes: int, as_json: bool) -> bool:
    failed = False
    for outcome in chunk_files(files, names=names, max_bytes=max_bytes):
        if not outcome.ok:
            failed = True
            tqdm.write(f"✗ {outcome.error}", file=sys.stderr)
        elif as_json:
            for chunk in outcome.result.chunks:
                print_json({"text": chunk.page_content, "metadata": chunk.metadata})
        else:
            _echo_chunks(outcome)
    return failed


def _echo_chunks(outcome: FileOutcome) -> None:
    parsed = outcome.result.parsed
    tqdm.write(
        f"✓ {outcome.result.chunks[0].metadata['source']}: 《{parsed.title}》 {year_label(parsed.year)} {parsed.doc_type}, "
        f"{len(outcome.result.chunks)} chunks, {outcome.result.removed_noise} noise pieces removed"
    )
    for chunk in outcome.result.chunks:
        meta = chunk.metadata
        preview = chunk.page_content.replace("\n", " ")[:60]
        tqdm.write(f"  [{meta['chunk_index']}] {meta['heading_path'] or '(开头)'} · {meta['section_role']} · {len(chunk.page_content)}字  {preview}…")


_STATUS_MARK = {"added": "✓", "replaced": "✓", "unchanged": "=", "duplicate": "≈", "deleted": "-", "failed": "✗"}


class _ReembedProgress:
    """Counts what re-embedding did, with a progress bar on stderr unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.done = 0
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and not self.quiet:
            self._bar = tqdm(total=total, desc="re-embedding the library", unit="chunk", file=sys.stderr)
        if self._bar is not None:
            self._bar.update(done - self.done)
            if done == total:
                self._bar.close()
        self.done = done


def _index_files(files, names: dict[Path, str], settings: Settings, prune: bool, as_json: bool) -> bool:
    failed = False
    with reported(), open_library(settings, reembed=True, on_reembed_progress=_ReembedProgress(as_json)) as library:
        reports = ingest_into_library(list(files), library, max_bytes=settings.max_bytes, names=names, prune=prune)
        rate = IngestRate()
        bar = _progress(files, "ingest", as_json)
        for report in reports:
            rate.add(report)
            bar.update()
            bar.set_postfix_str(f"{rate.chunks} chunks, {rate.per_second:.1f} chunks/s", refresh=False)
            failed |= report.failed
            if as_json:
                print_json(dataclasses.asdict(report))
            else:
                tqdm.write(_describe(report), file=sys.stderr if report.failed else sys.stdout)
        total = library.chunk_count()
        bar.close()
    if not as_json:
        typer.echo(f"library {settings.store}: {total} chunks")
    return failed


@cli.command()
def reindex(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Embed the library again with the configured embedding model (after changing the model or its backend)."""
    settings = settings_for(store)
    progress = _ReembedProgress(as_json)
    with reported(), open_library(settings, create=True, reembed=True, on_reembed_progress=progress) as library:
        model = library.embedder.model_id
    if as_json:
        print_json({"model": model, "reembedded_chunks": progress.done})
    elif progress.done:
        typer.echo(f"library {settings.store}: {progress.done} chunks embedded again with {model}")
    else:
        typer.echo(f"library {settings.store}: already embedded with {model}, nothing to do")


def _describe(report: FileReport) -> str:
    mark = _STATUS_MARK.get(report.status, "?")
    if report.failed:
        return f"{mark} {report.error}"
    if report.status in ("added", "replaced"):
        return f"{mark} {report.source}: {report.status}, 《{report.title}》 {year_label(report.year)} {report.doc_type}, {report.chunks} chunks"
    if report.status == "duplicate":
        return f"{mark} {report.source}: same content as {report.duplicate_of}, not indexed twice"
    return f"{mark} {report.source}: {report.status}"


@cli.command()
def search(
    query: Annotated[str, typer.Argument(help="what to look for, in your own words: \"2016年粮食产量多少\", \"看病贵 减轻群众负担的措施\"")],
    store: StoreOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="how many passages")] = 10,
    year: Annotated[int | None, typer.Option("--year", help="only passages of this year")] = None,
    as_of: Annotated[int | None, typer.Option("--as-of", min=1900, max=2100, help="the year 今年/去年/近三年 count from (default: for each type of document, the newest year the library holds)")] = None,
    exclude_source: Annotated[list[str], typer.Option("--exclude-source", help="leave out this document (its name, or base name where unambiguous); repeatable")] = [],
    as_json: JsonOption = False,
) -> None:
    """Search earlier reports (meaning and exact words, fused; years, figures and everyday words understood)."""
    settings = settings_for(store)
    with reported():  # before the library and its embedding model are loaded
        if not query.strip():
            raise UserError("the search query is empty: give the words or the topic to look for")
        everyday = writer_everyday_terms(settings)
    with reported(), open_library(settings, create=False) as library:
        require_documents(library)
        excluded = resolve_source_names(library, exclude_source)
        filters = SearchFilters(year_min=year, year_max=year, exclude_sources=excluded)
        results = searcher_for(library, everyday).search(query, k=k, filters=filters, as_of=as_of)
        words = library.tokenizer.tokenize(results.plan.keyword_query)
    understood = results.plan.explain()
    if not as_json and (summary := results.plan.summary()):
        typer.echo(f"理解为：{summary}\n")
    for rank, hit in enumerate(results.hits, start=1):
        meta = hit.metadata
        if as_json:
            print_json({
                "rank": rank, "text": hit.text, "source": meta.get("source"), "title": meta.get("title"),
                "year": meta.get("year"), "heading_path": meta.get("heading_path"), "score": hit.score,
                "dense_rank": hit.dense_rank, "bm25_rank": hit.bm25_rank,
                "why": [{"boost": b.name, "value": round(b.value, 4), "reason": b.reason} for b in hit.bonuses],
                "official_terms_found": [t for t in results.plan.added_terms if t in hit.text],
                "understood": understood, "metadata": meta,
            })
            continue
        tty = sys.stdout.isatty()
        before, after = ("\033[1;31m", "\033[0m") if tty else ("【", "】")
        snippet = mark_spans(hit.text, hit_spans(hit.text, words, hit.bonuses), before=before, after=after)
        typer.echo(f"{rank}. 《{meta.get('title')}》 {year_label(meta.get('year'))} · {meta.get('heading_path') or '(开头)'} · score {hit.score:.4f}  [{meta.get('source')}]")
        if reasons := results.plan.why(hit):
            typer.echo(f"   ↑ {'；'.join(reasons)}")
        typer.echo(f"   {snippet}\n")
    if not results.hits:
        typer.echo("no passage matches", err=True)


@cli.command()
def draft(
    request: Annotated[str, typer.Argument(help="what to write, e.g. \"起草'主要做法及成效'中关于教师队伍建设的一段，约600字\"")],
    store: StoreOption = None,
    length: Annotated[int | None, typer.Option("--length", min=50, max=5000, help="target length in characters")] = None,
    facts: Annotated[Path | None, typer.Option("--facts", help="facts the draft may use: .txt one a line, or a .csv/.xlsx table 指标, 数值[, 年份/口径]")] = None,
    exclude_source: Annotated[list[str], typer.Option("--exclude-source", help="do not draw on this document (its name, or base name where unambiguous); repeatable")] = [],
    no_verify: Annotated[bool, typer.Option("--no-verify", help="list the checks' findings but do not apply them")] = False,
    as_json: JsonOption = False,
) -> None:
    """Draft a section in the formal register from comparable passages of earlier reports."""
    settings = settings_for(store)
    tuning = DraftTuning()
    # A bad facts file or a request that names nothing to look for ends the command before the library
    # and the models are loaded.
    with reported():
        writer_facts = read_facts_file(facts) if facts is not None else []
        phrases = writer_fixed_phrases(settings)
        options = DraftOptions(length=length, facts=writer_facts, fixed_phrases=phrases, exclude_sources=tuple(exclude_source))
        plan_draft(request, options, tuning)  # draft_section plans again; this is only the request's check
    with reported(), open_library(settings, create=False) as library:
        require_documents(library)  # before the local model starts: it takes a while, and would be for nothing
        options = dataclasses.replace(options, exclude_sources=resolve_source_names(library, exclude_source))
        with connect_llm(settings, quiet=as_json) as llm:
            on_event = None if as_json else _echo_draft_event
            search = topic_search(searcher_for(library, writer_everyday_terms(settings)))
            result = draft_section(
                request, search=search, llm=llm, options=options, tuning=tuning, verify=not no_verify,
                relevance=topic_relevance(library), on_event=on_event,
            )
    if as_json:
        print_json(result.as_dict())
    else:
        _echo_checks(result)


def _echo_draft_event(event: DraftEvent) -> None:
    if isinstance(event, Retrieved):
        typer.echo(f"检索到 {len(event.passages)} 段参考材料（检索词：{event.query}）", err=True)
    elif isinstance(event, Outline):
        typer.echo("提纲：" + "；".join(point.title for point in event.points), err=True)
    elif isinstance(event, Token):
        sys.stdout.write(event.text)
        sys.stdout.flush()


def _echo_checks(result: DraftResult) -> None:
    typer.echo("\n\n━━ 核验后的稿件 ━━\n" + result.draft)
    typer.echo("\n━━ 引用 ━━")
    for citation in result.citations:
        typer.echo(f"[{citation['n']}] 《{citation['title']}》 {citation['year']} {citation['heading_path']}  ({citation['source']})")
    typer.echo("\n━━ 核验 ━━")
    for finding in result.checks.findings():
        typer.echo(f"{finding.title}：{len(finding.items)}" + ("  " + "、".join(finding.items) if finding.items else ""))
    typer.echo(f"含有效引用的段落占比：{result.checks.paragraphs_with_valid_citation:.0%}；用时 {result.timings}")


@cli.command()
def report(
    request: Annotated[str, typer.Argument(help="the document to write, e.g. \"起草青川县教育局2024年工作总结，约5000字\"")],
    store: StoreOption = None,
    facts: Annotated[Path | None, typer.Option("--facts", help="this year's figures: .txt one a line, or a .csv/.xlsx table 指标, 数值[, 年份/口径]")] = None,
    outline_file: Annotated[Path | None, typer.Option("--outline", help="an edited outline (.md or .json, as --outline-only prints it) instead of the proposed one")] = None,
    outline_only: Annotated[bool, typer.Option("--outline-only", help="print the proposed outline (markdown; JSON with --json) and stop")] = False,
    length: Annotated[int | None, typer.Option("--length", min=300, max=30000, help="target length of the whole document in characters")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="write the document to this .docx (GB/T 9704 layout; a comment on each ×× left)")] = None,
    sources_appendix: Annotated[bool, typer.Option("--sources-appendix", help="with --out: append a table of the earlier reports each paragraph draws on")] = False,
    as_json: JsonOption = False,
) -> None:
    """Draft a whole document: outline from the writer's past documents of the type, then every section."""
    if outline_file is not None and outline_only:
        typer.echo("✗ --outline and --outline-only exclude each other", err=True)
        raise typer.Exit(2)
    settings = settings_for(store)
    with reported():
        writer_facts = tuple(read_facts_file(facts)) if facts is not None else ()
        read_report_request(request, length=length)  # a request naming no document type ends here
        edited = read_outline_file(outline_file) if outline_file is not None else None
    with reported(), open_library(settings, create=False) as library:
        require_documents(library)
        search = topic_search(searcher_for(library, writer_everyday_terms(settings)))
        relevance = topic_relevance(library)
        outline = edited or with_sources(propose_outline(request, library, length=length)[0], search=search, relevance=relevance)
        if outline_only:
            print_json(outline.as_dict()) if as_json else typer.echo(outline.to_markdown())
            return
        drafts = saved_drafts(settings)
        document = drafts.save(ReportDraft(request=request, outline=outline, facts=writer_facts))
        with connect_llm(settings, quiet=as_json) as llm:
            events = stream_report(document, search=search, llm=llm, writer_phrases=writer_fixed_phrases(settings),
                                   relevance=relevance)
            for event in events:
                if isinstance(event, SectionDrafted):  # saved as it goes: a failure later loses no section
                    document = drafts.save(document.with_section(event.index, event.section))
                if not as_json:
                    _echo_report_event(event)
                if isinstance(event, ReportDrafted):
                    document, timings = drafts.save(event.report), event
        docx = write_report(document, out, sources_appendix=sources_appendix) if out is not None else None
    _echo_report(document, timings, docx, as_json)


def _echo_report_event(event: ReportEvent) -> None:
    if isinstance(event, SectionStarted):
        typer.echo(f"[{event.position}/{event.total}] {event.heading}（约{event.budget}字）…", err=True)
    elif isinstance(event, SectionDrafted):
        typer.echo(f"    {event.section.chars}字，累计用时 {event.elapsed_s:.0f} 秒", err=True)


def _report_json(document: ReportDraft, timings: ReportDrafted, docx: Path | None) -> dict[str, Any]:
    headings = document.outline.headings()
    return {
        "draft_id": document.draft_id, "title": document.outline.title, "outline": document.outline.as_dict(),
        "facts": list(document.facts), "text": document.text(), "docx": str(docx) if docx else None,
        "first_section_s": round(timings.first_section_s, 1), "total_s": round(timings.total_s, 1),
        "sections": [
            {"index": i, "heading": headings[i], "budget": document.outline.sections[i].budget, "chars": s.chars,
             "text": s.text, "checks": [{"title": f.title, "items": list(f.items)} for f in s.checks.findings() if f.items]}
            for i, s in sorted(document.sections.items())
        ],
        "blanks": [{"section": b.section, "heading": b.heading, "clause": b.clause, "earlier": b.said_before}
                   for b in report_blanks(document)],
    }


def _echo_report(document: ReportDraft, timings: ReportDrafted, docx: Path | None, as_json: bool) -> None:
    if as_json:
        print_json(_report_json(document, timings, docx))
        return
    typer.echo("\n━━ 全文 ━━\n" + strip_citations(document.text()))
    blanks = report_blanks(document)
    typer.echo(f"\n━━ 待填写的数字（{len(blanks)} 处）━━")
    for blank in blanks:
        typer.echo(f"{blank.heading}：{blank.clause}（往年材料：{blank.said_before}）")
    typer.echo(f"\n{document.chars}字；首个部分 {timings.first_section_s:.0f} 秒，全文 {timings.total_s:.0f} 秒；已保存：{document.draft_id}")
    if docx is not None:
        typer.echo(f"Word 文件：{docx}")


drafts_cli = typer.Typer(no_args_is_help=True, help="saved whole-document drafts")
cli.add_typer(drafts_cli, name="drafts")


@drafts_cli.command("list")
def drafts_list(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """The saved drafts, the latest first."""
    with reported():
        infos = saved_drafts(settings_for(store)).list()
    for info in infos:
        if as_json:
            print_json(dataclasses.asdict(info))
        else:
            typer.echo(f"{info.draft_id}  {info.label}")
    if not infos and not as_json:
        typer.echo("no saved drafts", err=True)


@drafts_cli.command("export")
def drafts_export(
    draft_id: Annotated[str, typer.Argument(help="the draft's id, as `wengao drafts list` shows it")],
    out: Annotated[Path, typer.Option("--out", help="the .docx to write")],
    store: StoreOption = None,
    sources_appendix: Annotated[bool, typer.Option("--sources-appendix", help="append a table of the earlier reports each paragraph draws on")] = False,
) -> None:
    """Write a saved draft to a Word file."""
    with reported():
        document = saved_drafts(settings_for(store)).load(draft_id)
        path = write_report(document, out, sources_appendix=sources_appendix)
    typer.echo(f"Word 文件：{path}（{document.chars}字，{len(report_blanks(document))} 处××待填写）")


models = typer.Typer(no_args_is_help=True, help="local models")
cli.add_typer(models, name="models")


@models.command("fetch")
def models_fetch(
    model: Annotated[str | None, typer.Option("--model", help="which local model (default: the configured WENGAO_LLM_MODEL)")] = None,
    verify: Annotated[bool, typer.Option("--verify", help="re-hash a model already present")] = False,
    as_json: JsonOption = False,
) -> None:
    """Obtain the local models (the embedding model check and the GGUF LLM) and verify their hashes."""
    settings = settings_for(None)
    with reported():
        embedding = embedding_model_path(settings)
        variant = settings.llm_model if model is None else model  # `--model ""` is refused, not the default
        gguf = fetch_local_model(variant, settings.models_dir, quiet=as_json, verify=verify)
    if as_json:
        print_json({"embedding_model": str(embedding), "llm_model": str(gguf), "llm_bytes": gguf.stat().st_size})
    else:
        typer.echo(f"embedding model: {embedding}\nLLM: {gguf} ({gguf.stat().st_size:,} bytes, sha256 verified)")


@cli.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="address to bind; beyond 127.0.0.1 set WENGAO_AUTH")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 7860,
    store: StoreOption = None,
    insecure: Annotated[bool, typer.Option(
        "--insecure", help="serve beyond 127.0.0.1 without WENGAO_AUTH: anyone who reaches the port may use the app"
    )] = False,
) -> None:
    """Open the writer's workbench in the browser (起草 检索 文库 评估)."""
    # Imported here: gradio takes seconds to import, which the other commands should not pay.
    from app.web.auth import AuthSettingError, OpenBindRefused
    from app.web.workbench import serve as serve_app

    with reported():
        try:
            serve_app(settings_for(store), host=host, port=port, insecure=insecure)
        except (AuthSettingError, OpenBindRefused) as err:  # a setting or flag to correct: exit 2, as for a usage error
            typer.echo(f"✗ {err}", err=True)
            raise typer.Exit(2) from None


@functools.cache
def full_cli() -> typer.Typer:
    """`cli` with the commands of packages built on app/ (`wengao eval` from eval/), which app/ must not
    import: they register themselves under the entry-point group "wengao.commands"."""
    for entry in entry_points(group="wengao.commands"):
        entry.load()(cli)
    return cli


def main() -> None:
    full_cli()()
