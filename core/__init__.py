"""What the indexer and the search API share: analysis, the index on disk, Whoosh internals."""
