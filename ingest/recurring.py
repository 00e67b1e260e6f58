"""Paragraphs that recur across documents: document-sharing sites copy each other's reports.

A paragraph (a line of chunk text) that an earlier document already contained is counted in the
chunk's `recurring_paragraphs` metadata, so retrieval can collapse copies and users can see them.
Short lines are ignored: formulas such as "同志们：" recur everywhere and say nothing about copying.
"""

from __future__ import annotations

import hashlib
import re

from langchain_core.documents import Document

MIN_PARAGRAPH_CHARS = 20
_NOT_CONTENT = re.compile(r"[\s，。、；：！？,.;:!?“”\"'‘’（）()《》【】\-—…·]+")


def paragraph_fingerprint(paragraph: str) -> str | None:
    """Hash of a paragraph with whitespace and punctuation removed; None for short ones."""
    core = _NOT_CONTENT.sub("", paragraph)
    if len(core) < MIN_PARAGRAPH_CHARS:
        return None
    return hashlib.sha1(core.encode("utf-8")).hexdigest()


class RecurringParagraphs:
    """Remembers which document first had each paragraph and marks later copies."""

    def __init__(self) -> None:
        self.first_seen: dict[str, str] = {}

    def mark(self, chunks: list[Document]) -> int:
        """Set `recurring_paragraphs` on each chunk of one document; return the document's total."""
        own: dict[str, str] = {}
        total = 0
        for chunk in chunks:
            doc_id = chunk.metadata["doc_id"]
            count = 0
            for line in chunk.page_content.split("\n"):
                fingerprint = paragraph_fingerprint(line)
                if fingerprint is None:
                    continue
                owner = self.first_seen.get(fingerprint)
                if owner is not None and owner != doc_id:
                    count += 1
                else:
                    own[fingerprint] = doc_id
            chunk.metadata["recurring_paragraphs"] = count
            total += count
        self.first_seen.update(own)
        return total
