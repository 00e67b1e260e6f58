"""The scripted model and a small confirmed outline for the whole-document tests."""

from __future__ import annotations

from app.drafting.tuning import DraftTuning
from app.llm.client import LLMClient
from app.report.document import ReportDraft
from app.report.outline import OutlineSection, ReportOutline
from tests.scripted_llm import ScriptedLLM

OUTLINE = ReportOutline(
    "松岭县教育局2024年工作总结", "工作总结", 2024, "松岭县教育局",
    (
        OutlineSection("", 0, "开头", 100),
        OutlineSection("基本情况", 1, "基本情况", 100),
        OutlineSection("主要做法及成效", 1, "主要做法及成效", 0),
        OutlineSection("建强教师队伍，育人根基更加厚实", 2, "主要做法及成效", 100),
        OutlineSection("守牢安全底线，校园环境更加平安", 2, "主要做法及成效", 100),
        OutlineSection("存在问题", 1, "存在问题", 100),
    ),
)
FACTS = ("全县中小学：48所",)
REQUEST = "起草松岭县教育局2024年工作总结，约500字"
# One call a section: no outline, no extra points.
ONE_CALL = DraftTuning(outline_from_chars=10_000, max_continuations=0)

# One reply a drafted section, in order: figures the writer gave (48所) stay, the others become ××.
REPLIES = [
    "一年来，全县教育系统坚持立德树人根本任务，推动教育事业持续健康发展，人民群众满意度稳步提升[1]。",
    "全县共有中小学48所，在校学生3.1万人，办学条件持续改善，城乡学校布局更加合理，学位供给总体充足[1]。",
    "一是拓宽补充渠道，全年招聘教师96人。二是做实培养培训，培训教师3200人次，教师专业素养明显提高[2]。",
    "一是健全安全责任体系，落实校园安全管理制度。二是开展隐患排查整治，校园安全形势总体平稳[3]。",
    "一是城乡教育资源配置仍不均衡。二是部分乡村学校教师结构性缺员，学前教育普惠资源仍显不足[4]。",
]


def client(llm: ScriptedLLM) -> LLMClient:
    return LLMClient(llm.base_url, llm.model, max_retries=0, read_timeout_s=10)


def new_report() -> ReportDraft:
    return ReportDraft(request=REQUEST, outline=OUTLINE, facts=FACTS)


def drafted_report(search) -> ReportDraft:
    """The outline drafted from REPLIES (each ×× listed, 48所 kept)."""
    from app.report.compose import ReportDrafted, stream_report

    with ScriptedLLM(REPLIES) as llm:
        events = list(stream_report(new_report(), search=search, llm=client(llm), tuning=ONE_CALL))
    done = events[-1]
    assert isinstance(done, ReportDrafted)
    return done.report
