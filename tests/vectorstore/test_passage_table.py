import json
from pathlib import Path

import numpy as np

from vectorstore.bm25_index import MANIFEST, KeywordIndex
from vectorstore.chunk_vectors import ChunkVectors
from vectorstore.passage_table import PassageTable

TEXTS = ["全面落实控辍保学责任，劝返复学12人。", "", "“两免一补”政策惠及学生3.2万人次 😀"]
METADATA = [{"source": "甲.txt", "year": 2021}, {"source": "乙.docx", "year": -1}, {"heading_path": "一、 > （一）"}]


def test_rows_come_back_as_written_after_a_save_and_load(tmp_path: Path) -> None:
    table = PassageTable.build(TEXTS, [json.dumps(m, ensure_ascii=False) for m in METADATA])
    table.save(tmp_path)
    loaded = PassageTable.load(tmp_path)
    assert len(loaded) == 3
    assert [loaded.get(row) for row in range(3)] == list(zip(TEXTS, METADATA))


def test_an_empty_table() -> None:
    assert len(PassageTable.build([], [])) == 0


def _index(rows: int) -> KeywordIndex:
    return KeywordIndex.build(
        version=7,
        signature="sig",
        chunk_ids=[f"c{i}" for i in range(rows)],
        token_lists=[["控辍保学", f"词{i}"] for i in range(rows)],
        years=[2020] * rows,
        columns={name: ["x"] * rows for name in ("region", "doc_type", "section_role", "source")},
        texts=TEXTS[:rows],
        metadata_json=[json.dumps(m, ensure_ascii=False) for m in METADATA[:rows]],
        vectors=ChunkVectors(np.eye(4, dtype=np.float32)[:rows]),
        vectors_model="test-model",
    )


def test_the_keyword_index_answers_with_each_chunks_text(tmp_path: Path) -> None:
    _index(3).save(tmp_path / "v7")
    index = KeywordIndex.load(tmp_path / "v7")
    assert index.passage("c2") == (TEXTS[2], METADATA[2])
    assert index.passage("not-committed") is None


def test_an_index_saved_in_an_older_layout_is_not_read(tmp_path: Path) -> None:
    _index(2).save(tmp_path / "v7")
    assert KeywordIndex.saved_version(tmp_path / "v7") == (7, "sig")
    manifest = json.loads((tmp_path / "v7" / MANIFEST).read_text(encoding="utf-8"))
    del manifest["layout"]
    (tmp_path / "v7" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert KeywordIndex.saved_version(tmp_path / "v7") is None
