"""Drafts written out as files the writer takes away: Word documents in the official-document layout."""
