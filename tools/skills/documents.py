"""Text from an uploaded resume: PDF (its text layer, pypdf), DOCX (python-docx) or plain text. Every failure is
a SkillInputError naming the `file` field: too big, empty, not the type it claims, or a PDF with no text layer."""

from __future__ import annotations

import io
import zipfile

from tools.skills.extract import SkillInputError, check_text

MAX_BYTES = 5 * 1024 * 1024
FIELD = "file"


def _kind(name: str, data: bytes) -> str:
    lower = name.lower()
    if data.startswith(b"%PDF") or lower.endswith(".pdf"):
        return "pdf"
    if data.startswith(b"PK") or lower.endswith(".docx"):
        return "docx"
    return "txt"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SkillInputError(FIELD, "unreadable_pdf", f"the PDF could not be read: {exc}") from exc
    if not text.strip():
        raise SkillInputError(FIELD, "no_text_layer", "the PDF has no text layer (a scan or images only): "
                              "export it with text, or paste the text instead")
    return text


def _docx_text(data: bytes) -> str:
    from docx import Document
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SkillInputError(FIELD, "unreadable_docx", "the file is not a readable DOCX document") from exc
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise SkillInputError(FIELD, "not_text", "the file is binary, not text: upload a PDF, DOCX or TXT resume")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SkillInputError(FIELD, "not_text", "the file is not text in a known encoding")


def document_text(name: str, data: bytes) -> str:
    """The text of an uploaded PDF, DOCX or TXT file, checked like pasted text."""
    if len(data) > MAX_BYTES:
        raise SkillInputError(FIELD, "too_large", f"the file is {len(data) / 1e6:.1f} MB; the limit is "
                              f"{MAX_BYTES // (1024 * 1024)} MB", status=413)
    if not data.strip():
        raise SkillInputError(FIELD, "empty", "the file is empty")
    kind = _kind(name or "", data)
    text = _pdf_text(data) if kind == "pdf" else _docx_text(data) if kind == "docx" else _plain_text(data)
    return check_text(text, FIELD)
