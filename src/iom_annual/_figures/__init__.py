"""The figures of the report's text: the record, its validator, the accessors, the frames, the type stub."""
