"""Command line, settings, LLM access, drafting pipeline and UI. Imports ingest and vectorstore."""
