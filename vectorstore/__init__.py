"""Chunks <-> vectors and words; hybrid retrieval. Imports nothing else of wengao's."""
