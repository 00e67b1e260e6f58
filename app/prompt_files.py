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
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<head>.*?)\n---\s*\n", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    text: str
    path: Path

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.text))

    def render(self, **values: object) -> str:
        missing = self.placeholders - values.keys()
        extra = values.keys() - self.placeholders
        if missing or extra:
            raise ValueError(
                f"prompt {self.path}: placeholders missing values {sorted(missing)}, "
                f"values without placeholder {sorted(extra)}"
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> PromptTemplate:
    """Read `prompts_dir/NAME.md`. Raises FileNotFoundError or ValueError naming the file."""
    path = prompts_dir / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"prompt file not found: {path}")
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise ValueError(f"prompt {path}: missing front matter ('---' / 'version: N' / '---') at the top")
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in match.group("head").splitlines() if line.strip())
    )
    version = fields.get("version", "")
    if not version:
        raise ValueError(f"prompt {path}: front matter has no 'version:' line")
    text = raw[match.end() :].strip()
    if not text:
        raise ValueError(f"prompt {path}: template text is empty")
    return PromptTemplate(name=name, version=version, text=text, path=path)
