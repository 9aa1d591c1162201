"""Every use of Whoosh internals, in one place, pinned to whoosh-reloaded 2.7.5."""
