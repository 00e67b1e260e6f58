"""OUT/report.html (self-contained: plots embedded as base64 PNG) and OUT/plots/<name>.png.

Sections: run facts, summary table with each metric's formula, per-metric distributions, per-case table
linking to each case's draft and sources further down the page, and with a comparison the side-by-side
of two runs with per-case wins and losses.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

from eval.comparison import Comparison  # noqa: E402
from eval.definitions import BY_NAME  # noqa: E402
from eval.text_metrics import artefact_texts  # noqa: E402

REPORT_FILE = "report.html"
PLOTS_DIR = "plots"
_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}
.err{color:#b00}.win{color:#070}.loss{color:#b00}.plots img{width:32%;min-width:300px}
.case{border-top:1px solid #ccc;margin-top:1.5em}.draft{white-space:pre-wrap;background:#fafafa;padding:.5em}
.passage{font-size:12px;color:#444;margin:.3em 0}code{font-size:12px}
"""


def plot_file_name(metric: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", metric.replace("@", "_at_")).strip("_") + ".png"


def _values(per_case: Sequence[Mapping[str, Any]], name: str) -> list[float]:
    return [c[name] for c in per_case if isinstance(c.get(name), (int, float))]


def write_plots(out_dir: Path, document: Mapping[str, Any], comparison: Comparison | None) -> dict[str, Path]:
    """One histogram per metric with values, and a wins/losses bar chart with a comparison."""
    folder = out_dir / PLOTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in document["summary"]:
        values = _values(document["per_case"], name)
        fig, ax = plt.subplots(figsize=(4.2, 2.8), dpi=100)
        ax.hist(values, bins=min(20, max(5, len(values) // 3)), color="#4878a8", edgecolor="white")
        mean = sum(values) / len(values)
        ax.axvline(mean, color="#c44", linestyle="--", linewidth=1)
        ax.set_title(f"{name}  (mean {mean:.3f}, n={len(values)})", fontsize=9)
        ax.set_ylabel("cases", fontsize=8)
        ax.tick_params(labelsize=7)
        fig.tight_layout()
        path = folder / plot_file_name(name)
        fig.savefig(path)
        plt.close(fig)
        written[name] = path
    if comparison is not None and comparison.metrics:
        names = [m.name for m in comparison.metrics]
        fig, ax = plt.subplots(figsize=(7, 0.3 * len(names) + 1.2), dpi=100)
        ys = range(len(names))
        ax.barh(ys, [m.wins for m in comparison.metrics], color="#3a3", label="wins (this run better)")
        ax.barh(ys, [-m.losses for m in comparison.metrics], color="#c33", label="losses")
        ax.set_yticks(list(ys), names, fontsize=7)
        ax.axvline(0, color="#555", linewidth=0.8)
        ax.set_xlabel("cases", fontsize=8)
        ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        path = folder / "compare_wins_losses.png"
        fig.savefig(path)
        plt.close(fig)
        written["compare"] = path
    return written


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f'<td class="num">{value:.3f}</td>'
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    return '<td class="num">–</td>'


def _anchor(case_id: str) -> str:
    return "case-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", case_id)


def _summary_table(document: Mapping[str, Any]) -> str:
    rows = []
    for name, stats in document["summary"].items():
        metric = BY_NAME[name]
        arrow = "↑" if metric.higher_is_better else "↓"
        rows.append(
            f"<tr><td><b>{html.escape(name)}</b> {arrow}</td><td>{metric.group}</td>"
            + "".join(_num(stats[k]) for k in ("mean", "median", "min", "max", "n"))
            + f"<td>{html.escape(metric.formula)}</td></tr>"
        )
    head = "<tr><th>metric</th><th>group</th><th>mean</th><th>median</th><th>min</th><th>max</th><th>n</th><th>definition</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _case_table(document: Mapping[str, Any], comparison: Comparison | None) -> str:
    names = list(document["summary"])
    head = "<tr><th>case</th>" + "".join(f"<th>{html.escape(n)}</th>" for n in names)
    head += "<th>vs other: wins/losses</th>" if comparison else ""
    rows = []
    for case in document["per_case"]:
        anchor = _anchor(case["id"])
        cell = f'<td><a href="#{anchor}">{html.escape(case["id"])}</a> · <a href="#{anchor}-sources">sources</a>'
        if case.get("error"):
            cell += f'<br><span class="err">{html.escape(case["error"][:120])}</span>'
        row = cell + "</td>" + "".join(_num(case.get(n)) for n in names)
        if comparison:
            wl = comparison.per_case.get(case["id"])
            row += (f'<td><span class="win">{wl["wins"]}</span> / <span class="loss">{wl["losses"]}</span></td>' if wl else "<td>–</td>")
        rows.append(f"<tr>{row}</tr>")
    return f"<table>{head}</tr>{''.join(rows)}</table>"


def _case_details(rows: Sequence[Mapping[str, Any]]) -> str:
    parts = []
    for row in rows:
        anchor = _anchor(row["id"])
        part = [f'<div class="case" id="{anchor}"><h3>{html.escape(row["id"])}</h3>',
                f"<p><b>request</b> {html.escape(row.get('request', ''))}<br><b>query</b> {html.escape(str(row.get('query', '')))}</p>"]
        if row.get("error"):
            part.append(f'<p class="err">{html.escape(row["error"])}</p>')
        if row.get("draft") is not None:
            part.append(f"<p><b>draft</b></p><div class=\"draft\">{html.escape(row['draft'])}</div>")
            if row.get("unsupported_numbers"):
                part.append(f"<p>blanked figures: {html.escape('、'.join(row['unsupported_numbers']))}</p>")
            if artefacts := artefact_texts(row["draft"]):
                part.append(f"<p>artefacts left: {html.escape(' ｜ '.join(artefacts))}</p>")
            for c in row.get("citations") or []:
                part.append(f'<div class="passage">[{c["n"]}] <code>{html.escape(str(c["source"]))}</code> {html.escape(c["text"][:200])}…</div>')
        part.append(f'<p id="{anchor}-sources"><b>retrieved</b> (rank · source · heading · score)</p>')
        for p in row.get("retrieved") or []:
            part.append(
                f'<div class="passage">{p["rank"]}. <code>{html.escape(str(p["source"]))}</code> '
                f'{html.escape(p.get("heading_path") or "")} · {p["score"]:.4f} — {html.escape(p["text"][:120])}…</div>'
            )
        part.append("</div>")
        parts.append("".join(part))
    return "".join(parts)


def _comparison_section(document: Mapping[str, Any], comparison: Comparison, plot: Path | None) -> str:
    rows = []
    for m in comparison.metrics:
        delta = m.this_mean - m.other_mean if m.this_mean is not None and m.other_mean is not None else None
        rows.append(
            f"<tr><td>{html.escape(m.name)} {'↑' if BY_NAME[m.name].higher_is_better else '↓'}</td>"
            f"{_num(m.this_mean)}{_num(m.other_mean)}{_num(delta)}"
            f'<td class="num win">{m.wins}</td><td class="num loss">{m.losses}</td><td class="num">{m.ties}</td></tr>'
        )
    head = "<tr><th>metric</th><th>this run</th><th>other run</th><th>Δ</th><th>wins</th><th>losses</th><th>ties</th></tr>"
    extra = ""
    if comparison.only_here or comparison.only_there:
        extra = f"<p>cases only in this run: {len(comparison.only_here)}; only in the other: {len(comparison.only_there)}</p>"
    image = _img(plot, "wins and losses per metric") if plot else ""
    return (f"<h2>Comparison with {html.escape(comparison.other_name)}</h2>"
            f"<p>Per case, this run wins a metric when it is better by more than 0.001 in that metric's direction.</p>"
            f"<table>{head}{''.join(rows)}</table>{extra}<div class=\"plots\">{image}</div>")


def write_report(
    out_dir: Path, document: Mapping[str, Any], *, rows: Sequence[Mapping[str, Any]], comparison: Comparison | None = None
) -> Path:
    plots = write_plots(out_dir, document, comparison)
    run = document["run"]
    facts = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in run.items())
    errors = "".join(f'<li class="err">{html.escape(e)}</li>' for e in document.get("case_errors", []))
    body = [
        "<h1>wengao evaluation</h1>",
        f"<table>{facts}</table>",
        f"<h2>Bad case lines</h2><ul>{errors}</ul>" if errors else "",
        "<h2>Summary</h2><p>↑ higher is better, ↓ lower is better; n = cases where the metric applies.</p>",
        _summary_table(document),
        "<h2>Distributions</h2><div class=\"plots\">",
        "".join(_img(path, name) for name, path in plots.items() if name != "compare"),
        "</div>",
        _comparison_section(document, comparison, plots.get("compare")) if comparison else "",
        "<h2>Cases</h2>",
        _case_table(document, comparison),
        "<h2>Drafts and sources</h2>",
        _case_details(rows),
    ]
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>wengao eval</title>'
            f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>")
    path = out_dir / REPORT_FILE
    path.write_text(page, encoding="utf-8")
    return path
