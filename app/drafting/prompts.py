"""Prompt templates live in `prompts/` as plain Markdown a writer can read and edit.

A file starts with a front-matter block giving its version, then the template text:

    ---
    version: 3
    ---
    任务：……{topic}……

`{name}` (ASCII letters, digits, underscores) is a placeholder; any other brace is literal text. Rendering
requires exactly the file's placeholders, so an edited prompt that drops or misspells one fails loudly
with the file's name instead of silently losing the passages or facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.drafting.passages import DATA_END, DATA_START
from app.errors import UserError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
NONE_GIVEN = "（无）"  # what a prompt shows for an empty field (no facts, no earlier points)
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<head>.*?)\n---\s*\n", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PromptFileError(UserError, ValueError):
    """A prompt file is missing or malformed, or a template was rendered with the wrong values; the
    message names the file."""


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    text: str
    path: Path

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.text))

    @property
    def instructions(self) -> str:
        """The template's own wording, placeholders left empty: what a reply must not echo (the topic,
        passages and earlier paragraphs filled into it may rightly recur)."""
        return self.render(**dict.fromkeys(self.placeholders, ""))

    def render(self, **values: object) -> str:
        missing = self.placeholders - values.keys()
        extra = values.keys() - self.placeholders
        if missing or extra:
            raise PromptFileError(
                f"prompt {self.path}: placeholders missing values {sorted(missing)}, "
                f"values without placeholder {sorted(extra)}"
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> PromptTemplate:
    """Read `prompts_dir/NAME.md`. Raises PromptFileError naming the file."""
    path = prompts_dir / f"{name}.md"
    if not path.is_file():
        raise PromptFileError(f"prompt file not found: {path}")
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise PromptFileError(f"prompt {path}: missing front matter ('---' / 'version: N' / '---') at the top")
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in match.group("head").splitlines() if line.strip())
    )
    version = fields.get("version", "")
    if not version:
        raise PromptFileError(f"prompt {path}: front matter has no 'version:' line")
    text = raw[match.end() :].strip()
    if not text:
        raise PromptFileError(f"prompt {path}: template text is empty")
    return PromptTemplate(name=name, version=version, text=text, path=path)


def facts_block(facts: Sequence[str]) -> str:
    """The writer's facts as a prompt shows them: one "- fact" a line, or NONE_GIVEN."""
    return "\n".join(f"- {f}" for f in facts) or NONE_GIVEN


@dataclass(frozen=True)
class DraftPrompts:
    """The templates of drafting and revision, loaded together."""

    system: PromptTemplate
    outline: PromptTemplate
    point: PromptTemplate
    short: PromptTemplate
    revise: PromptTemplate

    @classmethod
    def load(cls, prompts_dir: Path = PROMPTS_DIR) -> DraftPrompts:
        return cls(
            system=load_prompt("draft_system", prompts_dir),
            outline=load_prompt("draft_outline", prompts_dir),
            point=load_prompt("draft_point", prompts_dir),
            short=load_prompt("draft_short", prompts_dir),
            revise=load_prompt("draft_revise", prompts_dir),
        )

    def system_text(self) -> str:
        return self.system.render(data_start=DATA_START, data_end=DATA_END)

    @property
    def versions(self) -> dict[str, str]:
        """Versions of the templates a first draft uses."""
        return {t.name: t.version for t in (self.system, self.outline, self.point, self.short)}

    @property
    def revision_versions(self) -> dict[str, str]:
        """Versions of the templates a revision uses."""
        return {t.name: t.version for t in (self.system, self.revise)}
