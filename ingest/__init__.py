"""Files -> clean text -> document structure -> chunks. Imports nothing else of wengao's."""
