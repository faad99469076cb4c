"""Patient billing use cases. Services never commit; the caller's unit of work does."""
