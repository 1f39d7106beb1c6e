"""Writing outputs: the PDF with WeasyPrint, the EPUB with ebooklib."""
