"""The library as the web app uses it: one Library open for the app's life, shared by Gradio's worker threads.

Sharing is safe as measured in tests/app/web/test_tabs.py: the SQLite catalog and the embedding cache
hold one connection each opened with check_same_thread=False and serialised by a lock, the ONNX
embedder locks its tokenizer, and the store's write lock is a per-thread file lock, so a second write
from another thread (an upload while another ingest runs) fails at once with LibraryBusyError, whose message
the page shows. Uploaded files are copied into <store>/documents/ first: the library owns its files,
and deleting a document removes that copy too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.checks.topic import Relevance
from app.errors import UserError
from app.library import (
    SAMPLE_LIBRARY,
    FileReport,
    ingest_into_library,
    searcher_for,
    topic_relevance,
    topic_search,
    user_errors,
)
from app.search.everyday_terms import EverydayTerms
from app.search.question_search import SearchResults
from app.web.uploads import UnsafeFileName, safe_file_name
from ingest.load import SUPPORTED_SUFFIXES, collect_files
from vectorstore.chunk_catalog import DocumentInfo
from vectorstore.hybrid_search import SearchHit
from vectorstore.library import Library
from vectorstore.search_filters import SearchFilters


@dataclass(frozen=True)
class DocumentView:
    """A whole document's chunks in order, and which one a search hit pointed at."""

    info: DocumentInfo
    chunks: list[tuple[str, str, str]]  # (chunk_id, heading_path, text)
    focus: str  # chunk_id of the passage to show first; "" for none


class FolderNotAllowed(UserError):
    """A folder import outside the import roots (WENGAO_IMPORT_ROOTS), or with none set beyond localhost."""


class WebLibrary:
    def __init__(
        self,
        library: Library,
        *,
        max_bytes: int,
        import_roots: Sequence[Path] | None = None,
        everyday: EverydayTerms | None = None,
    ) -> None:
        """`import_roots`: the folders a folder import may read (app.web.auth.folder_import_roots); None: any.
        `everyday`: the everyday words search understands (app.library.writer_everyday_terms); None: the
        built-in list."""
        self.library = library
        self.max_bytes = max_bytes
        # Resolved once, so that a root that is itself a symlink (/srv/reports -> /data/reports) compares.
        self.import_roots = None if import_roots is None else [root.expanduser().resolve() for root in import_roots]
        self.searcher = searcher_for(library, everyday or EverydayTerms.load())
        self.documents_dir = library.store_dir / "documents"

    # -- reading -----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.library.chunk_count() == 0

    def documents(self) -> list[DocumentInfo]:
        return self.library.documents()

    def regions(self) -> list[str]:
        return sorted({d.region for d in self.documents() if d.region})

    def doc_types(self) -> list[str]:
        return sorted({d.doc_type for d in self.documents() if d.doc_type})

    def search(self, query: str, *, k: int, filters: SearchFilters) -> SearchResults:
        return self.searcher.search(query, k=k, filters=filters)

    def topic_search(self) -> Callable[..., Sequence[SearchHit]]:
        """The search a drafting run uses (app.library.topic_search)."""
        return topic_search(self.searcher)

    def topic_relevance(self) -> Relevance:
        """How relevant texts are to a drafting topic (app.library.topic_relevance)."""
        return topic_relevance(self.library)

    def query_words(self, query: str) -> list[str]:
        return self.library.tokenizer.tokenize(query)

    def document_view(self, doc_id: str, focus: str = "") -> DocumentView | None:
        info = next((d for d in self.documents() if d.doc_id == doc_id), None)
        if info is None:
            return None
        chunks = [
            (chunk.id or "", str(chunk.metadata.get("heading_path", "")), chunk.page_content)
            for chunk in self.library.chunks_of(doc_id)
        ]
        return DocumentView(info, chunks, focus)

    # -- writing -----------------------------------------------------------------------------------

    def store_uploads(self, paths: Sequence[Path]) -> tuple[dict[Path, str], list[FileReport]]:
        """Copy uploaded files into the documents folder under safe names: ({stored path: document
        name}, refusals)."""
        stored: dict[Path, str] = {}
        refused: list[FileReport] = []
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        for path in paths:
            try:
                name = safe_file_name(path.name)
            except UnsafeFileName as err:
                refused.append(FileReport(path.name, "failed", error=str(err)))
                continue
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                refused.append(FileReport(name, "failed", error=f"{name}: 不支持的文件类型（支持 docx、pdf、txt、html、md）"))
                continue
            size = path.stat().st_size
            if size > self.max_bytes:
                refused.append(FileReport(
                    name, "failed", error=f"{name}: 文件过大（{size / 2**20:.1f} MB，上限 {self.max_bytes / 2**20:.0f} MB）"
                ))
                continue
            target = self.documents_dir / name
            shutil.copyfile(path, target)
            stored[target] = name
        return stored, refused

    def folder_files(self, folder: Path) -> tuple[dict[Path, str], list[FileReport]]:
        """Supported files under `folder` (recursively), each with its document name (its path in the
        folder, ingest.load.collect_files), and reports for what cannot be read.

        With import roots, `folder` must resolve (symlinks and ".." followed) to a path inside one, else
        FolderNotAllowed, and a file a symlink leads out of the roots is reported, never read.
        """
        if self.import_roots is None:
            return self._collect(folder)
        if not self.import_roots:
            raise FolderNotAllowed(
                "此服务对本机以外开放，为防止访问者读取服务器上的任意文件，已关闭“导入服务器上的文件夹”；"
                "请改用上传。如需开启，请由管理员设置 WENGAO_IMPORT_ROOTS=允许导入的文件夹"
                f"（多个用“{os.pathsep}”分隔）后重新启动 wengao serve。"
            )
        # Checked before anything is read, so that the answer does not tell whether an outside path exists.
        if not self._inside_roots(folder):
            raise FolderNotAllowed(
                f"“{folder}”不在允许导入的文件夹内，未导入。可导入的文件夹：{'、'.join(map(str, self.import_roots))}"
                "（由 WENGAO_IMPORT_ROOTS 设置）。"
            )
        files, refused = self._collect(folder.resolve())  # the folder checked is the folder walked
        # The walk takes files by their symlinks too: those whose target lies outside the roots are not read.
        inside: dict[Path, str] = {}
        for file, name in files.items():
            if self._inside_roots(file):
                inside[file] = name
            else:
                reason = f"{file.name}: 经符号链接指向允许导入的文件夹之外，未读取"
                refused.append(FileReport(file.name, "failed", error=reason))
        return inside, refused

    def sample_files(self) -> tuple[dict[Path, str], list[FileReport]]:
        """The bundled sample reports: part of the app, so importable whatever the import roots."""
        return self._collect(SAMPLE_LIBRARY)

    def _collect(self, folder: Path) -> tuple[dict[Path, str], list[FileReport]]:
        selection = collect_files([folder])
        refused = [FileReport(str(p), "failed", error=f"{p}: 找不到该文件或文件夹") for p in selection.missing]
        refused += [FileReport(str(p), "failed", error=f"{p}: 无法读取该文件夹（权限不足？），其中的文件未导入")
                    for p in selection.unreadable]
        return {path: selection.names[path] for path in selection.files}, refused

    def _inside_roots(self, path: Path) -> bool:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13) leads nowhere allowed
            return False
        return any(resolved.is_relative_to(root) for root in self.import_roots or ())

    def ingest(self, files: Mapping[Path, str]) -> Iterator[FileReport]:
        """Index {file: document name}, one report per file as it is done; raises LibraryBusyError when
        another write holds the store."""
        yield from ingest_into_library(list(files), self.library, max_bytes=self.max_bytes, names=files)

    def delete(self, doc_id: str) -> DocumentInfo | None:
        """Remove a document from both indexes (and our copy of its file); None when it was not indexed."""
        info = next((d for d in self.documents() if d.doc_id == doc_id), None)
        with user_errors():
            if info is None or not self.library.delete_document(doc_id):
                return None
        copy = self.documents_dir / info.source
        if copy.is_file():
            copy.unlink()
        return info
