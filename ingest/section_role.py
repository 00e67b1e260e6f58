"""The role of each block in the report: what kind of section it belongs to.

Roles (a small fixed vocabulary, used as a retrieval filter):

    开头          before the first heading (title, salutation, opening paragraph)
    基本情况      基本情况 / 现状 / 概况 / 总体情况
    主要做法及成效  主要做法 / 工作成效 / 成绩 / 主要工作 / 工作回顾 / 过去一年
    存在问题      问题 / 不足 / 困难 / 短板 / 差距
    下一步工作    下一步 / 打算 / 思路 / 计划 / 今年工作 / 重点任务 / 工作安排 / 目标任务
    讲话要求      the demands of a speech (讲话稿): parts after "讲几点意见", 第一/第二 parts, 要/必须 headings
    结尾          closing paragraphs ("让我们…", "同志们，…") and a 结束语 section
    其他          anything else

The role comes from the top-level heading; the deeper headings decide when the top one names two
roles ("存在困难和下一步工作思路"), and the paragraph's own wording decides when they do not.
"""

import re

ROLES = ("开头", "基本情况", "主要做法及成效", "存在问题", "下一步工作", "讲话要求", "结尾", "其他")

_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("基本情况", re.compile(r"基本情况|现状|概况|总体情况|基本概况")),
    ("主要做法及成效", re.compile(
        r"主要做法|做法|工作成效|成效|成绩|取得的|主要工作|工作回顾|过去一年|过去五年|回顾|进展|完成情况|开展情况")),
    ("存在问题", re.compile(r"问题|不足|困难|短板|差距|薄弱")),
    ("下一步工作", re.compile(
        r"下一步|打算|思路|计划|今年工作|重点任务|工作安排|目标任务|工作任务|总体要求|今后|展望|主要任务")),
)
_CLOSING_RE = re.compile(r"^(?:让我们|同志们[，,！!])")
_CLOSING_HEADING_RE = re.compile(r"结束语|结语")
_SPEECH_DEMAND_RE = re.compile(r"要|必须|务必|确保|切实|着力")
_SPEECH_OPINION_RE = re.compile(r"讲几点|讲[一二三四五六七八九]点|谈几点|几点意见|几点要求")


def _roles_in(label: str) -> list[str]:
    """Roles whose keywords occur in `label`, in order of first occurrence."""
    hits = []
    for role, pattern in _ROLE_PATTERNS:
        m = pattern.search(label)
        if m:
            hits.append((m.start(), role))
    return [role for _, role in sorted(hits)]


def _best_by_wording(candidates: list[str], text: str) -> str:
    scores = [(len(dict(_ROLE_PATTERNS)[r].findall(text)), -i, r) for i, r in enumerate(candidates)]
    return max(scores)[2]


def role_for(heading_path: tuple[str, ...], own_text: str, *, doc_type: str,
             after_opinion_cue: bool, inherited: str = "") -> str:
    """Role of one block under `heading_path` (for a heading block, the path includes itself)."""
    if not heading_path:
        return "开头"
    top = heading_path[0]
    if _CLOSING_HEADING_RE.search(top):
        return "结尾"
    candidates = _roles_in(top)
    if len(candidates) > 1:
        for label in heading_path[1:]:
            deeper = [r for r in _roles_in(label) if r in candidates]
            if deeper:
                return deeper[0]
        if inherited in candidates:
            return inherited  # a sub-item without cues keeps the role of its heading or siblings
        return _best_by_wording(candidates, own_text)
    if candidates:
        return candidates[0]
    if doc_type == "讲话稿" and (after_opinion_cue or _SPEECH_DEMAND_RE.search(top)):
        return "讲话要求"
    return "其他"


def assign_roles(paths: list[tuple[str, ...]], texts: list[str], kinds: list[str], *,
                 doc_type: str) -> list[str]:
    """Roles for a document's blocks, given in order; closing paragraphs at the end become 结尾."""
    roles: list[str] = []
    after_opinion_cue = False
    heading_roles: dict[tuple[str, ...], str] = {}   # full path of a heading -> its role
    sibling_roles: dict[tuple[str, ...], str] = {}   # parent path -> role of the last child heading
    for path, text, kind in zip(paths, texts, kinds):
        if kind == "heading":
            inherited = sibling_roles.get(path[:-1], "")
        else:
            inherited = heading_roles.get(path, "") if len(path) > 1 else ""
        role = role_for(path, text, doc_type=doc_type, after_opinion_cue=after_opinion_cue,
                        inherited=inherited)
        roles.append(role)
        if kind == "heading" and path:
            heading_roles[path] = role
            sibling_roles[path[:-1]] = role
        if kind == "paragraph" and _SPEECH_OPINION_RE.search(text):
            after_opinion_cue = True
    if not any(paths):
        # A report without headings has no opening part to speak of: only its first paragraph is 开头.
        first = next((i for i, k in enumerate(kinds) if k == "paragraph"), None)
        roles = ["开头" if i == first or kinds[i] == "heading" else "其他" for i in range(len(roles))]
    # The closing run: trailing paragraphs from the first one that opens with a closing formula.
    i = len(roles) - 1
    while i >= 0 and kinds[i] == "paragraph" and len(roles) - i <= 3:
        if _CLOSING_RE.match(texts[i]):
            for j in range(i, len(roles)):
                roles[j] = "结尾"
        i -= 1
    return roles
