"""Access to an LLM: the `ChatModel` contract the drafting pipeline needs, the OpenAI-compatible client
that has it, and the embedded default (a local llama.cpp server over a GGUF model assembled from its
packages)."""
