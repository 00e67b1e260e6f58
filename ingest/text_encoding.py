"""Bytes of a plain-text or HTML file -> str, detecting the encoding Chinese writers' files come in.

Order: byte-order mark, strict UTF-8, BOM-less UTF-16 (told by where its NUL bytes fall), strict
GB18030 (a superset of GBK and GB2312), Big5 when GB18030 only "succeeds" with rare characters,
then charset-normalizer. Whatever wins must still read as text, or the file is called binary.
"""

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import IngestError

BINARY_REASON = "binary file, not text"
EMPTY_REASON = "empty file"

# UTF-32 marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters other than tab, newlines and form feed, the replacement character and the
# private-use area: text never holds many of them, a mis-decoded binary holds plenty.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_MAX_NOT_TEXT_SHARE = 0.01

# GB18030 decodes most Big5 bytes without error, but to characters outside GB2312's everyday set;
# genuine simplified-Chinese text keeps that share small.
_MAX_RARE_HANZI_SHARE = 0.2

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# Pages labelled GB2312 or GBK routinely contain characters only GBK/GB18030 define.
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a text file's bytes; return (text with "\\n" line endings, encoding name).

    Raises IngestError for empty, whitespace-only and binary content.
    """
    if not data:
        raise IngestError(path, EMPTY_REASON)
    text, encoding = _detect(data, path)
    return _checked(text, path), encoding


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode an HTML page, trusting its <meta charset> / XML declaration when the bytes agree."""
    if not data:
        raise IngestError(path, EMPTY_REASON)
    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        declared = _declared_charset(data[:4096])
        if declared is not None:
            try:
                return _checked(data.decode(declared), path), declared
            except UnicodeDecodeError:
                pass  # the declaration lies; detect from the bytes instead
    return decode_text(data, path)


def _detect(data: bytes, path: Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                raise IngestError(path, BINARY_REASON) from None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise IngestError(path, BINARY_REASON)
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _rare_hanzi_share(text) <= _MAX_RARE_HANZI_SHARE:
            return text, "gb18030"
        try:
            return data.decode("big5"), "big5"
        except UnicodeDecodeError:
            return text, "gb18030"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(path, BINARY_REASON)
    return str(best), best.encoding


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a mark: ASCII characters put their NUL byte on one side of every pair."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls >= 2 * even_nuls:
        encoding = "utf-16-le"
    elif even_nuls >= 2 * odd_nuls:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _not_text_share(text) > _MAX_NOT_TEXT_SHARE:
        return None
    return text, encoding


def _rare_hanzi_share(text: str) -> float:
    """Share of non-ASCII characters that GB2312 cannot encode."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii == 0:
        return 0.0
    dropped = len(text.encode("gb2312", "ignore").decode("gb2312"))
    return (len(text) - dropped) / non_ascii


def _not_text_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_NOT_TEXT.findall(text)) / len(text)


def _checked(text: str, path: Path) -> str:
    if _not_text_share(text) > _MAX_NOT_TEXT_SHARE:
        raise IngestError(path, BINARY_REASON)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, EMPTY_REASON)
    return text


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name
