from ingest.doc_metadata import extract_issuer, extract_region


def test_a_quoted_state_council_document_does_not_make_the_report_the_state_councils():
    opening = "中央办公厅、国务院办公厅《关于进一步减轻义务教育阶段学生作业负担的意见》印发以来，我市坚持系统推进。"
    closing = "某江市教育局\n2021年12月20日"
    assert extract_issuer("某江市2021年双减工作推进情况汇报", opening, closing) == "某江市教育局"


def test_the_state_council_issues_what_its_speaker_presents():
    assert extract_issuer("政府工作报告", "各位代表：现在，我代表国务院，向大会报告政府工作。", "") == "国务院"


def test_a_speech_title_opening_with_a_preposition_is_not_a_place():
    assert extract_region("在全县2023年教育工作会议上的讲话", "某川县人民政府") == "某川县"
