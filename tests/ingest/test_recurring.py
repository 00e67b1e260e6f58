from langchain_core.documents import Document

from ingest.recurring import RecurringParagraphs, paragraph_fingerprint

COPIED = "全县建立控辍保学联控联保机制，县、乡、村、校四级层层压实责任，确保适龄儿童应学尽学。"


def chunks(doc_id: str, *texts: str) -> list[Document]:
    return [Document(page_content=t, metadata={"doc_id": doc_id}) for t in texts]


def test_a_paragraph_copied_from_an_earlier_document_is_counted():
    recurring = RecurringParagraphs()
    first = chunks("a", COPIED + "\n本县自己的一段独立表述，内容与其他文件都不相同，字数也足够长。")
    second = chunks("b", "另一份报告开头的独立段落，讲的是别的事情，字数同样足够长。\n" + COPIED)
    assert recurring.mark(first) == 0
    assert recurring.mark(second) == 1
    assert second[0].metadata["recurring_paragraphs"] == 1
    assert first[0].metadata["recurring_paragraphs"] == 0


def test_whitespace_and_punctuation_do_not_hide_a_copy():
    assert paragraph_fingerprint(COPIED) == paragraph_fingerprint(" " + COPIED.replace("，", ",").replace("。", "."))


def test_short_formulas_and_repeats_within_one_document_are_not_copies():
    recurring = RecurringParagraphs()
    assert paragraph_fingerprint("同志们：") is None
    assert recurring.mark(chunks("a", COPIED, COPIED)) == 0
    assert recurring.mark(chunks("a", COPIED)) == 0  # the same document re-ingested
