"""Drafting a section from comparable passages of earlier reports.

`pipeline.stream_draft` wires the stages, one module each: plan (what the writer asked) → retrieve
(the passages) → write (outline and points, or one call) → complete (cleanup, one more point while
short) → verify (app.checks). `revision` rewrites a draft on screen under the same rules.
"""
