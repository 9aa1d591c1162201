"""The index on disk: schema and fields, documents and their stored form, the index folder, the writer lock."""
