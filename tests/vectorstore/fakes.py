"""Test doubles and fixture documents for the vectorstore tests (fictional county reports)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
from langchain_core.documents import Document


class FakeEmbedder:
    """Deterministic stand-in for an Embedder: hashed character bigrams, L2-normalised.

    `overrides` maps a marker substring to a fixed direction, so a test can make a passage close to a
    query in vector space without sharing any words with it.
    """

    def __init__(self, dimension: int = 64, overrides: Mapping[str, Sequence[float]] | None = None) -> None:
        self.model_id = f"fake-bigram-{dimension}"
        self.dimension = dimension
        self.overrides = {marker: np.asarray(vector, dtype=np.float32) for marker, vector in (overrides or {}).items()}

    def _one(self, text: str) -> np.ndarray:
        for marker, vector in self.overrides.items():
            if marker in text:
                return vector / np.linalg.norm(vector)
        vector = np.zeros(self.dimension, dtype=np.float32)
        for i in range(len(text) - 1):
            digest = hashlib.blake2b(text[i : i + 2].encode("utf-8"), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dimension] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._one(text) for text in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


def make_document(
    source: str,
    paragraphs: Sequence[str],
    *,
    year: int = 2023,
    region: str = "青石县",
    doc_type: str = "工作总结",
    title: str | None = None,
    roles: Sequence[str] | None = None,
    headings: Sequence[str] | None = None,
) -> list[Document]:
    """One document's chunks with the metadata the chunker produces; doc_id hashes the full text."""
    full_text = "\n".join(paragraphs)
    doc_id = hashlib.sha1(full_text.encode("utf-8")).hexdigest()[:16]
    chunks: list[Document] = []
    offset = 0
    for index, text in enumerate(paragraphs):
        chunks.append(
            Document(
                page_content=text,
                metadata={
                    "doc_id": doc_id,
                    "source": source,
                    "title": title or source.rsplit(".", 1)[0],
                    "year": year,
                    "region": region,
                    "issuer": f"{region}教育局",
                    "doc_type": doc_type,
                    "heading_path": headings[index] if headings else "",
                    "section_role": roles[index] if roles else "主要做法",
                    "chunk_index": index,
                    "char_start": offset,
                    "char_end": offset + len(text),
                },
            )
        )
        offset += len(text) + 1
    return chunks


# Fictional reports: every place, school and figure below is invented for the tests.
QINGSHI_2023 = make_document(
    "青石县2023年教育工作总结.docx",
    [
        "2023年，青石县教育系统坚持立德树人根本任务，全县共有中小学42所，在校学生3.1万人。",
        "扎实推进控辍保学，建立县、乡、校三级联控机制，义务教育巩固率达到99.2%。",
        "落实两免一补政策，全年发放寄宿生生活补助860万元，惠及学生1.2万人次。",
        "实施农村义务教育学生营养改善计划，覆盖学校35所，食堂供餐率100%。",
        "存在问题：乡村教师结构性缺编，音体美学科教师不足。",
        "下一步，我们将持续推进县域内义务教育优质均衡发展，加快学前教育普及普惠。",
    ],
    year=2023,
    region="青石县",
    roles=["基本情况", "主要做法", "主要做法", "主要做法", "存在问题", "下一步工作打算"],
)

BAIHE_2021 = make_document(
    "白河区2021年教育工作汇报.docx",
    [
        "2021年，白河区认真落实双减政策，校外培训机构压减率达到85%。",
        "全面开展课后服务，全区小学课后服务覆盖率达到100%，参与学生2.4万人。",
        "推进三个课堂建设，建成专递课堂教室28间，城乡学校结对帮扶实现全覆盖。",
        "五育并举，开展劳动教育实践活动，建设劳动教育基地6个。",
    ],
    year=2021,
    region="白河区",
    doc_type="汇报材料",
    roles=["主要做法", "主要做法", "主要做法", "主要做法"],
)

LIUSHU_2019 = make_document(
    "柳树镇2019年中心校工作总结.txt",
    [
        "2019年，柳树镇中心校围绕办好人民满意的教育，完成校舍维修改造工程3项。",
        "加强教师队伍建设，组织教师培训12期，参训教师达到460人次。",
        "做好学生资助工作，落实建档立卡家庭学生资助，确保不让一个学生因贫失学。",
    ],
    year=2019,
    region="柳树镇",
    roles=["主要做法", "主要做法", "主要做法"],
)

FIXTURE_DOCUMENTS = (QINGSHI_2023, BAIHE_2021, LIUSHU_2019)
