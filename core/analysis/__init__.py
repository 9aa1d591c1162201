"""Words to index terms: the analyzer chain and its term markers, stemming, the word-form cache."""
