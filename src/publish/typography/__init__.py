"""German typography and hyphenation on the text of the model."""
