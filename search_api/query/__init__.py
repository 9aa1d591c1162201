"""The query language: parse it, compile it to Whoosh, the index vocabulary, did-you-mean."""
