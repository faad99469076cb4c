"""The files the sandbox answers with, built as x12 models from adjudication decisions:
TA1 and 999 (:mod:`.acks`), 277CA (:mod:`.ack277`), 835 (:mod:`.era`)."""
