"""Whole documents: an outline the writer confirms, every section drafted under the section rules, the
blanks resolved into facts, the draft saved in the store and handed in as one Word file."""
