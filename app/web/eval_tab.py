"""The 评估 tab: run `wengao eval` on a case file (the sample cases by default, or an uploaded one) as a
subprocess, show its progress, then the metrics table, the plots and the HTML report for download."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from app.web.eval_runner import (
    DEFAULT_CASES,
    CaseDone,
    EvalDone,
    EvalFailed,
    eval_command,
    metric_rows,
    read_output,
    run_eval,
)
from app.web.rendering import note_html


class EvalTab:
    def __init__(self, store: Path, *, program: Path | None = None, runs_dir: Path | None = None) -> None:
        self.store = store
        self.program = program
        self.runs_dir = runs_dir or Path(tempfile.gettempdir()) / "wengao-eval"

    def run(self, uploaded: str | None, retrieval_only: bool) -> Iterator[tuple[Any, ...]]:
        """Yields (status html, metrics rows, plot paths, report path)."""
        cases = Path(uploaded) if uploaded else DEFAULT_CASES
        if not cases.is_file():
            message = f"找不到评估用例文件 {cases}。请上传一个 JSONL 用例文件（每行一个用例）。"
            gr.Warning(message)
            yield note_html(message, "warn"), [], [], None
            return
        out = self.runs_dir / uuid.uuid4().hex
        command = eval_command(cases, store=self.store, out=out, retrieval_only=retrieval_only, program=self.program)
        yield note_html(f"正在评估 {cases.name}…（{'仅检索' if retrieval_only else '检索和起草'}）"), [], [], None
        errors: list[str] = []
        failure = ""
        for event in run_eval(command):
            if isinstance(event, CaseDone):
                if event.error:
                    errors.append(f"{event.case_id}: {event.error}")
                yield note_html(f"已完成 {event.done}/{event.total} 个用例（最近：{event.case_id}）"), [], [], None
            elif isinstance(event, EvalFailed):
                failure = event.message
            elif isinstance(event, EvalDone):
                out = event.out if str(event.out) else out
        output = read_output(out)
        metrics = output.metrics
        if failure and not metrics:
            gr.Warning("评估未完成")
            yield note_html(failure, "warn"), [], [], None
            return
        # `wengao eval` exits 1 when a case failed or a case line was bad, after writing the others' results.
        rows = [list(row) for row in metric_rows(metrics)]
        summary = f"评估完成：{len(rows)} 项指标。" + (f" {len(errors)} 个用例出错：" + "；".join(errors[:5]) if errors else "")
        if failure:
            summary += f" {failure}"
            errors.append(failure)
        yield (note_html(summary, "warn" if errors else "info"), rows, [str(p) for p in output.plots],
               str(output.report) if output.report else None)

    def render(self) -> None:
        gr.HTML(note_html(
            "离线评估：对一组用例（JSONL，每行一个请求）运行检索和起草，计算指标并生成报告。"
            f"默认用例：{DEFAULT_CASES.name}；也可以上传自己的用例文件。"
        ))
        with gr.Row():
            cases = gr.File(label="用例文件（.jsonl，可选）", file_types=[".jsonl"], elem_id="eval-cases")
            with gr.Column():
                retrieval_only = gr.Checkbox(label="只评估检索（快，不调用模型）", value=True, elem_id="eval-retrieval-only")
                go = gr.Button("运行评估", variant="primary", elem_id="eval-run")
        status = gr.HTML(elem_id="eval-status")
        table = gr.Dataframe(headers=["指标", "数值"], label="指标", interactive=False, value=[], elem_id="eval-metrics")
        plots = gr.Gallery(label="图表", columns=2, height=460, object_fit="contain", elem_id="eval-plots")
        report = gr.File(label="完整报告（report.html）", interactive=False, elem_id="eval-report")
        go.click(self.run, [cases, retrieval_only], [status, table, plots, report], concurrency_limit=1,
                 concurrency_id="llm")
