"""The 文库 tab: upload files or name a folder, ingest with a progress bar and a result per file (the
reason for any failure), list documents with metadata and chunk counts, delete a document, and for an
empty library the bundled sample reports."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import gradio as gr

from app.library import FileReport, IngestRate, LibraryBusyError
from app.web.library import FolderNotAllowed, WebLibrary
from app.web.rendering import note_html
from ingest.chunk import known_year
from ingest.load import SUPPORTED_SUFFIXES

STATUS_NAMES = {
    "added": "✓ 已导入",
    "replaced": "✓ 已更新",
    "unchanged": "= 未变化",
    "duplicate": "≈ 重复（已有相同内容）",
    "failed": "✗ 失败",
    "deleted": "- 已删除",
}
REPORT_HEADERS = ["文件", "结果", "标题", "年份", "类型", "段落数", "说明"]
DOCUMENT_HEADERS = ["文件", "标题", "年份", "地区", "类型", "段落数"]
HOW_TO_ADD = (
    "添加自己的报告：把往年的工作总结、汇报材料、讲话稿（docx、pdf、txt、html、md）拖到下面的上传框，"
    "或填写服务器上的文件夹路径，然后点“导入”。同名文件再次导入会替换旧版本，内容未变的文件自动跳过。"
)


def report_row(report: FileReport) -> list[Any]:
    detail = report.error if report.failed else (f"与 {report.duplicate_of} 内容相同，未重复收录" if report.duplicate_of else "")
    return [report.source, STATUS_NAMES.get(report.status, report.status), report.title, known_year(report.year) or "", report.doc_type,
            report.chunks or "", detail]


class LibraryTab:
    def __init__(self, library: WebLibrary, *, max_file_mb: float) -> None:
        self.library = library
        self.max_file_mb = max_file_mb

    # -- handlers ----------------------------------------------------------------------------------

    def document_rows(self) -> list[list[Any]]:
        return [
            [d.source, d.title, known_year(d.year) or "", d.region, d.doc_type, d.n_chunks]
            for d in self.library.documents()
        ]

    def document_choices(self) -> list[tuple[str, str]]:
        return [(f"{d.source}（{d.title}）", d.doc_id) for d in self.library.documents()]

    def status(self) -> str:
        docs = self.library.documents()
        if not docs:
            return note_html("文库为空。点击“载入示例文库”可先用 8 篇虚构的示例报告体验起草和检索。" + HOW_TO_ADD, "warn")
        return note_html(f"文库中共有 {len(docs)} 篇报告、{sum(d.n_chunks for d in docs)} 个段落。" + HOW_TO_ADD)

    def _ingest(self, files: Mapping[Path, str], refused: list[FileReport], progress: gr.Progress) -> list[list[Any]]:
        rows = [report_row(r) for r in refused]
        if not files:
            if not rows:
                gr.Warning("没有可导入的文件。")
            return rows
        progress((0, len(files)), desc="正在导入…", unit="个文件")
        rate = IngestRate()
        try:
            for done, report in enumerate(self.library.ingest(files), start=1):
                rows.append(report_row(report))
                rate.add(report)
                progress(
                    (min(done, len(files)), len(files)),
                    desc=f"已处理 {report.source} · 共 {rate.chunks} 个段落，每秒 {rate.per_second:.1f} 个",
                    unit="个文件",
                )
        except LibraryBusyError:
            gr.Warning("文库正在被另一个导入或删除操作修改，请稍后再试。")
            rows.append(["（全部）", STATUS_NAMES["failed"], "", "", "", "", "文库正忙：另一个导入或删除正在进行，请稍后再试"])
            return rows
        failed = sum(row[1] == STATUS_NAMES["failed"] for row in rows)
        if failed:
            gr.Warning(f"{failed} 个文件未能导入，原因见下表。")
        else:
            gr.Info(f"导入完成：{len(rows)} 个文件。")
        return rows

    def ingest_uploads(self, uploads: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        paths = [Path(p) for p in (uploads or [])]
        stored, refused = self.library.store_uploads(paths)
        rows = self._ingest(stored, refused, progress)
        return rows, None, *self.refreshed()

    def ingest_folder(self, folder: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        folder = (folder or "").strip()
        if not folder:
            gr.Warning("请填写文件夹路径。")
            return [], *self.refreshed()
        try:
            files, refused = self.library.folder_files(Path(folder).expanduser())
        except FolderNotAllowed as err:
            # Shown twice: the toast fades, the row in the results table stays.
            gr.Warning(str(err))
            return [[folder, STATUS_NAMES["failed"], "", "", "", "", str(err)]], *self.refreshed()
        return self._ingest(files, refused, progress), *self.refreshed()

    def load_samples(self, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        files, refused = self.library.sample_files()
        return self._ingest(files, refused, progress), *self.refreshed()

    def delete(self, doc_id: str | None) -> tuple[Any, ...]:
        if not doc_id:
            gr.Warning("请先选择要删除的文档。")
            return self.refreshed()
        try:
            info = self.library.delete(doc_id)
        except LibraryBusyError:
            gr.Warning("文库正忙：另一个导入或删除正在进行，请稍后再试。")
            return self.refreshed()
        if info is None:
            gr.Warning("该文档已不在文库中。")
        else:
            gr.Info(f"已删除《{info.title or info.source}》（{info.n_chunks} 个段落，两个索引中均已移除）。")
        return self.refreshed()

    def refreshed(self) -> tuple[Any, ...]:
        """(document table, delete dropdown, status, sample button) after a change."""
        return (
            self.document_rows(),
            gr.update(choices=self.document_choices(), value=None),
            self.status(),
            gr.update(visible=self.library.is_empty()),
        )

    # -- layout ------------------------------------------------------------------------------------

    def render(self) -> dict[str, Any]:
        status = gr.HTML(self.status(), elem_id="library-status")
        samples = gr.Button("载入示例文库", variant="primary", visible=self.library.is_empty(), elem_id="library-samples")
        with gr.Row(equal_height=False):
            with gr.Column():
                uploads = gr.File(
                    label=f"上传报告（docx、pdf、txt、html、md；单个文件不超过 {self.max_file_mb:g} MB）",
                    file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), elem_id="library-upload",
                )
                upload_go = gr.Button("导入上传的文件", variant="primary", elem_id="library-ingest")
            with gr.Column():
                folder = gr.Textbox(label="或导入服务器上的文件夹", placeholder="例如：/data/往年报告", elem_id="library-folder")
                folder_go = gr.Button("导入文件夹", elem_id="library-ingest-folder")
        results = gr.Dataframe(headers=REPORT_HEADERS, label="导入结果", interactive=False, wrap=True,
                               elem_id="library-results", value=[])
        documents = gr.Dataframe(headers=DOCUMENT_HEADERS, label="文库中的文档", interactive=False, wrap=True,
                                 value=self.document_rows(), elem_id="library-documents")
        with gr.Row():
            victim = gr.Dropdown(self.document_choices(), label="选择要删除的文档", scale=4, elem_id="library-delete-pick")
            delete = gr.Button("删除文档", variant="stop", scale=1, elem_id="library-delete")
        listing = [documents, victim, status, samples]
        # Library writes one at a time: a second upload waits its turn instead of meeting the write lock.
        changes = [
            upload_go.click(self.ingest_uploads, [uploads], [results, uploads, *listing], concurrency_id="library-write", concurrency_limit=1),
            folder_go.click(self.ingest_folder, [folder], [results, *listing], concurrency_id="library-write", concurrency_limit=1),
            samples.click(self.load_samples, None, [results, *listing], concurrency_id="library-write", concurrency_limit=1),
            delete.click(self.delete, [victim], listing, concurrency_id="library-write", concurrency_limit=1,
                         js="(id) => { if (!id) return id; return confirm('确定从文库中删除该文档吗？') ? id : null; }"),
        ]
        return {"changes": changes, "listing": listing}
