"""ingest.load: choosing files and turning each supported format into plain text."""

import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
import trafilatura

from ingest.docx_numbering import format_number
from ingest.errors import IngestError
from ingest.file_limits import check_file_size, check_zip_members
from ingest.load import SUPPORTED_SUFFIXES, collect_files, load_file
from tests.fixture_files import (
    REPORT_LEVELS,
    REPORT_PARAGRAPHS,
    REPORT_TITLE,
    add_numbering_definition,
    set_paragraph_numbering,
    write_blank_pdf,
    write_corrupt_docx,
    write_corrupt_pdf,
    write_docx_replacing_part,
    write_docx_with_table,
    write_docx_zip_bomb,
    write_encoded_text,
    write_encrypted_pdf,
    write_gbk_text,
    write_numbered_docx,
    write_png_as_text,
    write_report_html,
    write_text_pdf,
)

REPORT_TEXT = "\n".join((REPORT_TITLE, *REPORT_PARAGRAPHS))
CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def reason_of(path: Path, **kwargs) -> str:
    """Load a file expected to fail; check the message names it and return the reason."""
    with pytest.raises(IngestError) as caught:
        load_file(path, **kwargs)
    assert str(caught.value).startswith(f"{path.name}: ")
    return caught.value.reason


# ---- plain text and encodings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "expected_encoding"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16-le"),  # Python's "utf-16" writes a little-endian BOM
        ("utf-16-be", "utf-16-be"),
        ("utf-16-le", "utf-16-le"),  # no BOM: told by its NUL bytes
    ],
)
def test_text_encodings_are_detected(tmp_path: Path, codec: str, expected_encoding: str) -> None:
    if codec == "utf-16-be":
        path = tmp_path / "report.txt"
        path.write_bytes(b"\xfe\xff" + REPORT_TEXT.encode("utf-16-be"))
    else:
        path = write_encoded_text(tmp_path / "report.txt", REPORT_TEXT, codec)
    loaded = load_file(path)
    assert loaded.text == REPORT_TEXT
    assert loaded.encoding == expected_encoding
    assert loaded.format == "txt"


def test_big5_text_is_not_mistaken_for_gbk(tmp_path: Path) -> None:
    text = "縣教育局年度工作報告：推動義務教育優質均衡發展，加強教師隊伍建設。"
    loaded = load_file(write_encoded_text(tmp_path / "traditional.txt", text, "big5"))
    assert loaded.text == text
    assert loaded.encoding == "big5"


def test_gbk_markdown_gets_unix_newlines(tmp_path: Path) -> None:
    path = write_gbk_text(tmp_path / "notes.md", "# 工作要点\r\n一、加强党建\r\n\r\n二、提升质量\r三、保障安全")
    loaded = load_file(path)
    assert loaded.text == "工作要点\n一、加强党建\n\n二、提升质量\n三、保障安全"  # Markdown markup stripped
    assert loaded.format == "md"


def test_png_renamed_to_txt_is_binary(tmp_path: Path) -> None:
    assert reason_of(write_png_as_text(tmp_path / "photo.txt")) == "binary file, not text"


def test_control_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(bytes(range(1, 9)) * 200 + "正文".encode())
    assert reason_of(path) == "binary file, not text"


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t ", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf\n"])
def test_empty_or_blank_text_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert reason_of(path) == "empty file"


def test_one_megabyte_of_windows_text_keeps_every_line(tmp_path: Path) -> None:
    # Load speed is measured by the ingest benchmark (bench/ingest_throughput.py), not here.
    line = (REPORT_PARAGRAPHS[1] + "\r\n").encode()
    path = tmp_path / "big.txt"
    path.write_bytes(line * (2**20 // len(line)))
    loaded = load_file(path)
    assert loaded.text.count("\n") == 2**20 // len(line)
    assert "\r" not in loaded.text


# ---- docx ------------------------------------------------------------------------------------


def test_docx_keeps_automatic_heading_numbers(tmp_path: Path) -> None:
    lines = load_file(write_numbered_docx(tmp_path / "summary.docx")).text.split("\n")
    headings = [line for line in lines if line not in REPORT_PARAGRAPHS and line != REPORT_TITLE]
    assert headings == [
        "一、总体情况",
        "（一）基础教育",
        "1.师资队伍",
        "2.校舍建设",
        "（二）职业教育",
        "1.实训基地",  # level 3 restarts under a new level 2
        "（1）新增专业",  # level 4 directly under level 3
        "二、存在问题",
        "（一）经费保障",  # level 2 restarts under a new level 1
        "附件说明",  # numId 0 on the paragraph cancels the style's numbering
        "三、下一步工作打算",
    ]
    assert lines[0] == REPORT_TITLE
    assert lines[-1] == REPORT_PARAGRAPHS[3]


def test_docx_numbering_lists_continue_restart_and_nest(tmp_path: Path) -> None:
    document = docx.Document()
    # num 1 and 2 share a list (Word continues it); num 3 restarts it with a start override.
    add_numbering_definition(document, 70, REPORT_LEVELS, [71, 72, 73], start_overrides={73: {0: 1}})
    add_numbering_definition(document, 80, [("decimal", "%1."), ("decimal", "%1.%2")], [81])
    add_numbering_definition(document, 85, [("decimalEnclosedCircle", "%1"), ("upperRoman", "%2.")], [86])
    for text, num_id, level in [
        ("甲", 71, 0), ("乙", 72, 0), ("丙", 73, 0), ("丁", 73, 0),
        ("章", 81, 0), ("节一", 81, 1), ("节二", 81, 1), ("下一章", 81, 0), ("其节", 81, 1),
        ("圈", 86, 0), ("圈二", 86, 0), ("罗马", 86, 1),
    ]:
        set_paragraph_numbering(document.add_paragraph(text), num_id, level)
    document.add_paragraph("")  # empty paragraphs are dropped
    path = tmp_path / "lists.docx"
    document.save(path)
    assert load_file(path).text.split("\n") == [
        "一、甲", "二、乙", "一、丙", "二、丁",
        "1.章", "1.1 节一", "1.2 节二", "2.下一章", "2.1 其节",
        "① 圈", "② 圈二", "I.罗马",
    ]


@pytest.mark.parametrize(
    ("value", "num_fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (35, "chineseCounting", "三十五"),
        (101, "chineseCountingThousand", "一百零一"),
        (1234, "chineseCountingThousand", "一千二百三十四"),
        (10005, "chineseCountingThousand", "一万零五"),
        (12, "japaneseCounting", "十二"),
        (105, "japaneseCounting", "百五"),
        (3, "ideographTraditional", "丙"),
        (10, "ideographTraditional", "癸"),
        (3, "decimalEnclosedCircle", "③"),
        (21, "decimalEnclosedCircle", "21"),
        (2, "lowerLetter", "b"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (7, "decimal", "7"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(value: int, num_fmt: str, expected: str) -> None:
    assert format_number(value, num_fmt) == expected


def test_docx_table_rows_in_document_order(tmp_path: Path) -> None:
    text = load_file(write_docx_with_table(tmp_path / "schools.docx")).text
    assert text.split("\n") == [
        "全县学校基本情况如下：",
        "学段\t学校数\t在校生",
        "小学\t24所\t15600人",
        "初中\t9所\t7300人",
        "以上数据截至2023年底。",
    ]


def test_docx_skips_headers_and_footers(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "白鹭湾县教育局文件"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph(REPORT_PARAGRAPHS[0])
    path = tmp_path / "with_header.docx"
    document.save(path)
    assert load_file(path).text == REPORT_PARAGRAPHS[0]


def test_truncated_docx_is_not_a_zip(tmp_path: Path) -> None:
    assert reason_of(write_corrupt_docx(tmp_path / "cut.docx")) == "not a valid .docx (not a zip archive)"


def test_docx_without_main_part(tmp_path: Path) -> None:
    path = write_docx_replacing_part(tmp_path / "hollow.docx", "word/document.xml", None)
    assert reason_of(path) == "not a valid .docx (missing word/document.xml)"


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    path = write_docx_replacing_part(tmp_path / "broken.docx", "word/document.xml", b"<w:document><w:body>")
    assert reason_of(path).startswith("corrupt .docx: ")


def test_password_protected_docx_is_an_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert "encrypted .docx" in reason_of(path)


def test_docx_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    path = write_docx_zip_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 2**20
    started = time.perf_counter()
    reason = reason_of(path)
    assert time.perf_counter() - started < 0.5
    assert reason.startswith("zip bomb suspected: member word/document.xml expands")


def test_zip_total_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for index in range(3):
            archive.writestr(f"part{index}.xml", b"x" * 4000)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    check_zip_members(path, members, max_total_bytes=12000)
    with pytest.raises(IngestError, match=r"unpacks to 11.7 KB > 10 KB limit"):
        check_zip_members(path, members, max_total_bytes=10 * 1024)


# ---- pdf -------------------------------------------------------------------------------------


def test_pdf_pages_joined_in_order(tmp_path: Path) -> None:
    pages = [[REPORT_TITLE, REPORT_PARAGRAPHS[0]], [REPORT_PARAGRAPHS[1]]]
    loaded = load_file(write_text_pdf(tmp_path / "report.pdf", pages))
    assert loaded.text.split("\n") == [REPORT_TITLE, REPORT_PARAGRAPHS[0], REPORT_PARAGRAPHS[1]]
    assert (loaded.format, loaded.encoding) == ("pdf", None)


def test_pdf_with_user_password_is_refused(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "locked.pdf", user_password="secret")
    assert reason_of(path) == "encrypted PDF, cannot read without password"


def test_pdf_encrypted_with_empty_password_is_read(tmp_path: Path) -> None:
    path = write_encrypted_pdf(tmp_path / "restricted.pdf", user_password="", algorithm="AES-256")
    assert load_file(path).text == REPORT_PARAGRAPHS[0]


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    assert reason_of(write_blank_pdf(tmp_path / "scan.pdf")) == "no text layer (scanned PDF?)"


def test_corrupt_pdf(tmp_path: Path) -> None:
    assert reason_of(write_corrupt_pdf(tmp_path / "damaged.pdf")).startswith("corrupt PDF")


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = write_encoded_text(tmp_path / "fake.pdf", REPORT_TEXT, "utf-8")
    assert reason_of(path) == "not a PDF file (no %PDF header)"


# ---- html ------------------------------------------------------------------------------------


def test_html_main_text_without_navigation(tmp_path: Path) -> None:
    loaded = load_file(write_report_html(tmp_path / "page.html", encoding="gbk"))
    assert loaded.encoding == "gb18030"  # from the page's meta charset, widened to GBK's superset
    for paragraph in REPORT_PARAGRAPHS:
        assert paragraph in loaded.text
    assert "24所" in loaded.text  # tables are kept
    for boilerplate in ("网站首页", "机构设置", "网站地图", "版权所有"):
        assert boilerplate not in loaded.text


def test_htm_in_utf8_with_lying_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    page = write_report_html(tmp_path / "source.html", encoding="utf-8").read_text("utf-8")
    path.write_bytes(page.replace("charset=utf-8", "charset=gb2312").encode("utf-8"))
    loaded = load_file(path)
    assert (loaded.format, loaded.encoding) == ("html", "utf-8")
    assert REPORT_PARAGRAPHS[2] in loaded.text


def test_html_falls_back_to_visible_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    path = tmp_path / "bare.html"
    path.write_text(
        "<html><head><title>标题</title><script>var x = 1;</script></head>"
        "<body><div>第一段<br>第二行</div><table><tr><td>小学</td><td>24所</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert load_file(path).text == "第一段\n第二行\n小学\t24所"


# ---- files and limits ------------------------------------------------------------------------


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_encoded_text(tmp_path / "long.txt", REPORT_TEXT * 10, "utf-8")
    assert reason_of(path, max_bytes=1024) == f"file too large: {path.stat().st_size / 1024:.1f} KB > 1 KB limit"


def test_too_large_message_in_megabytes(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^huge\.pdf: file too large: 50\.0 MB > 20 MB limit$"):
        check_file_size(tmp_path / "huge.pdf", 50 * 2**20, 20 * 2**20)


def test_missing_directory_and_unknown_type(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "absent.txt") == "file not found"
    (tmp_path / "folder.txt").mkdir()
    assert reason_of(tmp_path / "folder.txt") == "not a regular file"
    sheet = tmp_path / "data.xlsx"
    sheet.write_bytes(b"PK")
    assert reason_of(sheet) == "unsupported file type '.xlsx'"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write_encoded_text(tmp_path / "secret.txt", REPORT_TEXT, "utf-8")
    path.chmod(0)
    try:
        assert reason_of(path) == "cannot read file: permission denied"
    finally:
        path.chmod(0o644)


def test_collect_files_walks_folders(tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "2023" / "summaries").mkdir(parents=True)
    (root / ".git").mkdir()
    wanted = [
        write_encoded_text(root / "plan.md", "计划", "utf-8"),
        write_encoded_text(root / "2023" / "summaries" / "总结.TXT", "总结", "utf-8"),
        write_numbered_docx(root / "2023" / "report.docx"),
    ]
    (root / "2023" / "budget.xlsx").write_bytes(b"PK")
    (root / "notes").write_text("no suffix")
    (root / ".hidden.txt").write_text("hidden")
    (root / ".git" / "config.txt").write_text("hidden folder")
    (root / "2023" / "~$report.docx").write_bytes(b"lock")  # Word's lock file
    missing = tmp_path / "nowhere"

    selection = collect_files([root, wanted[0], Path(str(root) + "/2023/../plan.md"), missing])

    assert selection.files == sorted(path.resolve() for path in wanted)
    assert selection.skipped == sorted([(root / "2023" / "budget.xlsx").resolve(), (root / "notes").resolve()])
    assert selection.missing == [missing]
    assert all(path.suffix.lower() in SUPPORTED_SUFFIXES for path in selection.files)


@pytest.mark.corpora
def test_reference_corpora_texts_load() -> None:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent")
    selection = collect_files([CORPORA / "seeds", CORPORA / "gov_reports"])
    assert selection.files
    for path in selection.files:
        loaded = load_file(path)
        assert loaded.text.strip()
        assert "\r" not in loaded.text
