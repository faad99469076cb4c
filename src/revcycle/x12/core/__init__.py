"""The shared core of the X12 engine: delimiters, tokenizer, envelope, segment writer, loop walking."""
