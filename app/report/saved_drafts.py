"""Whole-document drafts saved in the store (`drafts/<id>.json`), so a reload or another day loses nothing.

A save writes a temporary file beside the draft and renames it over the old one: a crash leaves the
previous version or the new one, never half a file. A file that cannot be read is listed with its
reason and left where it is, for the writer (or an administrator) to look at; the others still open.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.checks.numbers import FIXED_PHRASES
from app.errors import UserError
from app.report.document import ReportDraft, report_from_dict
from app.report.outline import OutlineError

DRAFTS_FOLDER = "drafts"
_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")


class SavedDraftError(UserError):
    """A saved draft that does not exist or cannot be read; the message names the file."""


@dataclass(frozen=True)
class SavedDraftInfo:
    draft_id: str
    title: str
    updated: float
    sections_drafted: int
    sections: int
    blanks: int
    problem: str = ""  # why the file cannot be opened; "" when it can

    @property
    def label(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.updated))
        if self.problem:
            return f"{self.draft_id}（无法打开：{self.problem}）"
        return f"{self.title} · {when} · 已起草 {self.sections_drafted}/{self.sections} 部分 · {self.blanks} 处××"


def new_draft_id(now: float | None = None) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now if now is not None else time.time()))
    return f"{stamp}-{secrets.token_hex(3)}"


class SavedDrafts:
    def __init__(self, folder: Path, *, fixed_phrases: Sequence[str] = FIXED_PHRASES) -> None:
        self.folder = Path(folder)
        self.fixed_phrases = tuple(fixed_phrases)

    def _path(self, draft_id: str) -> Path:
        if not _ID.match(draft_id):
            raise SavedDraftError(f"“{draft_id}”不是已保存文稿的编号（形如 20241208-093015-a1b2c3）")
        return self.folder / f"{draft_id}.json"

    def save(self, report: ReportDraft) -> ReportDraft:
        """Save `report` (given an id when it has none) and return it as saved."""
        if not report.draft_id:
            report = dataclasses.replace(report, draft_id=new_draft_id())
        path = self._path(report.draft_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        # One temporary file per writer: the web app's threads share a process id, and two saving at once
        # into one file could rename half of one over the draft.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        data = json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
        try:
            with open(temporary, "w", encoding="utf-8") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        return report

    def load(self, draft_id: str) -> ReportDraft:
        path = self._path(draft_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return report_from_dict(data, fixed_phrases=self.fixed_phrases)
        except FileNotFoundError:
            raise SavedDraftError(f"{path}：没有这份已保存的文稿") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, OutlineError) as err:
            raise SavedDraftError(f"{path}：无法打开（{type(err).__name__}: {err}）") from None

    def delete(self, draft_id: str) -> bool:
        path = self._path(draft_id)
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed

    def list(self) -> list[SavedDraftInfo]:
        """Every saved draft, the latest first; unreadable ones listed with their problem."""
        infos = []
        for path in self.folder.glob("*.json") if self.folder.is_dir() else ():
            if not _ID.match(path.stem):
                continue
            updated = path.stat().st_mtime
            try:
                report = self.load(path.stem)
            except SavedDraftError as err:
                infos.append(SavedDraftInfo(path.stem, "", updated, 0, 0, 0, problem=str(err).split("：", 1)[-1]))
                continue
            infos.append(SavedDraftInfo(
                report.draft_id, report.outline.title, updated, len(report.sections), len(report.outline.drafted()),
                sum(len(s.checks.blanks) for s in report.sections.values()),
            ))
        return sorted(infos, key=lambda info: info.updated, reverse=True)
