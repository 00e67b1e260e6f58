"""Prompt files: versions, placeholders, and errors that name the file."""

from pathlib import Path

import pytest

from app.drafting.prompts import DraftPrompts, PromptFileError, load_prompt


def test_prompt_files_load_with_versions_and_render_all_placeholders():
    prompts = DraftPrompts.load()
    assert set(prompts.versions) == {"draft_system", "draft_outline", "draft_point", "draft_short"}
    assert set(prompts.revision_versions) == {"draft_system", "draft_revise"}
    assert prompts.point.placeholders == {
        "section_type", "topic", "point", "lead", "chars", "previous", "opening", "facts", "passages", "example"
    }
    with pytest.raises(PromptFileError, match=r"draft_point\.md.*missing values \['topic'\]"):
        prompts.point.render(section_type="", point="", lead="", chars=1, previous="", opening="", facts="", passages="", example="")


def test_prompt_file_errors_name_the_file(tmp_path: Path):
    (tmp_path / "no_front.md").write_text("任务：{topic}", encoding="utf-8")
    (tmp_path / "no_version.md").write_text("---\nauthor: x\n---\n任务", encoding="utf-8")
    with pytest.raises(PromptFileError, match="no_front.md.*front matter"):
        load_prompt("no_front", tmp_path)
    with pytest.raises(PromptFileError, match="no_version.md.*version"):
        load_prompt("no_version", tmp_path)
    with pytest.raises(PromptFileError, match="absent.md"):
        load_prompt("absent", tmp_path)


def test_braces_that_are_not_placeholders_stay_literal(tmp_path: Path):
    (tmp_path / "p.md").write_text('---\nversion: 2\n---\n输出 {"points": []} 关于{topic}', encoding="utf-8")
    template = load_prompt("p", tmp_path)
    assert template.version == "2"
    assert template.render(topic="师资") == '输出 {"points": []} 关于师资'
