"""Main text of a saved web page: trafilatura drops navigation, sidebars and footers."""

import logging
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from ingest.errors import IngestError
from ingest.library_errors import describe_library_error

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tr", "ul",
}
_CELL_TAGS = {"td", "th"}
_INVISIBLE_TAGS = ["script", "style", "noscript", "template", "head"]


def extract_html_text(html: str, path: Path) -> str:
    """Return the page's main text, paragraphs a line; whole-page text when trafilatura finds none."""
    logger = logging.getLogger("trafilatura")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)  # it logs at ERROR for pages it merely finds too short
    try:
        text = trafilatura.extract(html, include_tables=True, include_comments=False)
    except Exception as exc:  # lxml and trafilatura raise many types on malformed markup
        raise IngestError(path, f"cannot parse HTML: {describe_library_error(exc)}") from exc
    finally:
        logger.setLevel(previous)
    if text is None or not text.strip():
        text = _all_visible_text(html, path)
    if not text.strip():
        raise IngestError(path, "no text in HTML page")
    return text


def _all_visible_text(html: str, path: Path) -> str:
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_utf8_parser())
    except (etree.ParserError, etree.XMLSyntaxError):
        return ""  # nothing parseable: reported as a page without text
    except Exception as exc:
        raise IngestError(path, f"cannot parse HTML: {describe_library_error(exc)}") from exc
    etree.strip_elements(root, *_INVISIBLE_TAGS, etree.Comment, with_tail=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _CELL_TAGS:
            element.tail = "\t" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _utf8_parser() -> lxml.html.HTMLParser:
    # The page is already decoded; re-encoding as UTF-8 and saying so stops lxml from
    # re-guessing from a <meta charset> that described the original bytes.
    return lxml.html.HTMLParser(encoding="utf-8")
