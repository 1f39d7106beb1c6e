"""Saving a PDF changed with pikepdf, the same way everywhere: reproducibly."""

from __future__ import annotations

import io

import pikepdf


def save(pdf: pikepdf.Pdf) -> bytes:
    """The PDF's bytes; the same input gives the same bytes (the /ID is derived from the
    content, not random), streams compressed, objects in object streams."""
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()
