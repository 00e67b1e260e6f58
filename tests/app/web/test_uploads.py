from __future__ import annotations

import pytest

from app.web.uploads import MAX_NAME_CHARS, UnsafeFileName, safe_file_name


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("临江市2021年工作总结.docx", "临江市2021年工作总结.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\汇报材料.PDF", "汇报材料.pdf"),
        ("报告\x00\x1b[31m.txt", "报告[31m.txt"),
        ("..hidden.md", "hidden.md"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("右到左\u202etxt.exe.md", "右到左txt.exe.md"),
        ("  总结 .txt ", "总结.txt"),
    ],
)
def test_names_are_made_safe(given, expected):
    assert safe_file_name(given) == expected


def test_long_names_keep_their_suffix():
    name = safe_file_name("长" * 300 + ".docx")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".docx")


@pytest.mark.parametrize("given", ["", "../", "...", "\x00\x01", "/tmp/.."])
def test_names_with_nothing_usable_are_refused(given):
    with pytest.raises(UnsafeFileName):
        safe_file_name(given)
