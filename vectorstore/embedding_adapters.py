"""An Embedder seen through Chroma's and LangChain's embedding interfaces, for using wengao's embedding
model in one's own Chroma collection or LangChain chain."""

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings as LangChainEmbeddingsBase

from vectorstore.embedder import Embedder

CHROMA_FUNCTION_NAME = "wengao"


# Registered so Chroma can read back a collection's stored configuration by this name.
@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma 1.x embedding function over a Embedder.

    A collection remembers only the name and `get_config()`; rebuilding from that config gives an
    unbound function, because loading a model is the caller's decision (backend, threads, cache).
    """

    def __init__(self, embedder: Embedder | None, model_id: str | None = None):
        self._embedder = embedder
        self._model_id = embedder.model_id if embedder is not None else (model_id or "unknown")

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._bound().embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        embedder = self._bound()
        return [embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return CHROMA_FUNCTION_NAME

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        return ChromaEmbeddingFunction(None, model_id=str(config.get("model_id", "unknown")))

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        # Vectors are unit length, so the three spaces rank neighbours identically.
        return ["cosine", "ip", "l2"]

    def _bound(self) -> Embedder:
        if self._embedder is None:
            raise ValueError(
                f"this Chroma collection was embedded with {self._model_id}; open it with "
                "embedding_function=as_chroma_embedding_function(<that embedder>)"
            )
        return self._embedder


class LangChainEmbeddings(LangChainEmbeddingsBase):
    """LangChain `Embeddings` over a Embedder."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def as_chroma_embedding_function(embedder: Embedder) -> ChromaEmbeddingFunction:
    return ChromaEmbeddingFunction(embedder)


def as_langchain_embeddings(embedder: Embedder) -> LangChainEmbeddings:
    return LangChainEmbeddings(embedder)
