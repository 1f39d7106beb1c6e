"""Reading the source: book.yaml and the chapter Markdown files → the model."""
