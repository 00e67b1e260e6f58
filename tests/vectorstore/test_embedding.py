"""The embedding layer: vector shape and norm, meaning, backend agreement, cache, adapters, errors."""

from pathlib import Path

import numpy as np
import pytest

from vectorstore.embedder import Embedder
from vectorstore.embedding import (
    EmbeddingModelError,
    default_model_path,
    load_embedder,
    query_prefix_for,
)
from vectorstore.embedding_adapters import (
    as_chroma_embedding_function,
    as_langchain_embeddings,
)
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.int8_smoothing import smooth_activations
from vectorstore.model_folder import load_fast_tokenizer, token_arrays
from vectorstore.onnx_export import calibration_texts, ensure_onnx_model

# Own sentences: two pairs on one topic each, far apart from each other.
SCHOOL_A = "全县新建改扩建中小学校舍十二所，新增学位三千余个。"
SCHOOL_B = "今年共完成八所学校的校舍改造，增加了两千多个入学学位。"
RIVER_A = "沿河两岸开展污水截流整治，水质明显好转。"
RIVER_B = "加强河道治理和污水处理，流域水环境持续改善。"
TEXTS = [SCHOOL_A, SCHOOL_B, RIVER_A, RIVER_B]

# Measured on these sentences: smoothed int8 vectors keep cosine 0.9996 with torch's; per-channel int8
# without smoothing (recipe 2) kept 0.9980-0.9983, so this bound fails if the smoothing is lost.
INT8_MIN_COSINE = 0.999


@pytest.fixture(scope="session")
def model_path() -> Path:
    return default_model_path()  # the set-up installs the model: its absence is a failure


@pytest.fixture(scope="session")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def torch_embedder(model_path: Path) -> Embedder:
    return load_embedder(model_path, backend="torch", threads=2)


@pytest.fixture(scope="session")
def torch_vectors(torch_embedder: Embedder) -> np.ndarray:
    return torch_embedder.embed_documents(TEXTS)


def test_vectors_are_512_dimensional_unit_float32(torch_embedder: Embedder, torch_vectors: np.ndarray):
    assert torch_embedder.dimension == 512
    assert torch_vectors.shape == (4, 512) and torch_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(torch_vectors, axis=1), 1.0, atol=1e-5)
    query = torch_embedder.embed_query("学校建设")
    assert query.shape == (512,) and query.dtype == np.float32
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-5


def test_similar_sentences_are_closer_than_unrelated(torch_vectors: np.ndarray):
    sim = torch_vectors @ torch_vectors.T
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[0, 3]
    assert sim[2, 3] > sim[2, 0] and sim[2, 3] > sim[2, 1]


def test_query_finds_its_topic(torch_embedder: Embedder, torch_vectors: np.ndarray):
    scores = torch_vectors @ torch_embedder.embed_query("河流污染治理情况")
    assert set(np.argsort(-scores)[:2]) == {2, 3}


def test_empty_input_gives_empty_matrix(torch_embedder: Embedder):
    assert torch_embedder.embed_documents([]).shape == (0, 512)


@pytest.mark.parametrize(("backend", "min_cosine"), [("onnx", 0.9999), ("onnx-int8", INT8_MIN_COSINE)])
def test_onnx_backends_agree_with_torch(
    model_path: Path, onnx_dir: Path, torch_vectors: np.ndarray, backend: str, min_cosine: float
):
    embedder = load_embedder(model_path, backend=backend, threads=2, onnx_dir=onnx_dir)
    vectors = embedder.embed_documents(TEXTS)
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() > min_cosine, cosines
    assert backend in embedder.model_id
    # A second load reuses the export instead of producing another one.
    exports = sorted(p.name for p in onnx_dir.rglob("*.onnx"))
    load_embedder(model_path, backend=backend, threads=2, onnx_dir=onnx_dir)
    assert sorted(p.name for p in onnx_dir.rglob("*.onnx")) == exports


def test_batches_embedded_side_by_side_equal_one_at_a_time(model_path: Path, onnx_dir: Path):
    texts = [text[: 8 + 3 * i] for i, text in enumerate(TEXTS * 3)]  # lengths differ, so batches get sorted
    side_by_side = load_embedder(model_path, backend="onnx-int8", threads=2, batch_size=2, onnx_dir=onnx_dir)
    one_at_a_time = load_embedder(model_path, backend="onnx-int8", threads=1, batch_size=2, onnx_dir=onnx_dir)
    vectors = side_by_side.embed_documents(texts)
    np.testing.assert_allclose(vectors, one_at_a_time.embed_documents(texts), atol=1e-6)


def _run_onnx(model, feeds: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)[0]


def test_smoothing_moves_scale_into_weights_without_changing_fp32_vectors(model_path: Path, onnx_dir: Path):
    import onnx

    fp32 = onnx.load(str(ensure_onnx_model(model_path, onnx_dir, int8=False, max_seq_length=512).path))
    tokenizer = load_fast_tokenizer(model_path, 512)
    feeds = token_arrays(tokenizer, TEXTS, ("input_ids", "attention_mask", "token_type_ids"))
    smoothed = smooth_activations(fp32, [feeds])
    # m3e-small has 4 layers, each with an attention, an FFN-input and an FFN-output MatMul to smooth.
    assert sum(node.op_type == "Mul" and node.name.endswith("_smooth") for node in smoothed.graph.node) == 12
    np.testing.assert_allclose(_run_onnx(smoothed, feeds), _run_onnx(fp32, feeds), atol=1e-4)


def test_calibration_file_names_the_int8_variant(
    model_path: Path, onnx_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    calibration = tmp_path / "calibration.txt"
    calibration.write_text("# a comment\n第一段校准文本。\n\n第二段校准文本，\n续行。\n", encoding="utf-8")
    assert calibration_texts(calibration) == ["第一段校准文本。", "第二段校准文本，\n续行。"]
    default = load_embedder(model_path, backend="onnx-int8", threads=1, onnx_dir=onnx_dir)
    monkeypatch.setattr("vectorstore.onnx_export.CALIBRATION_FILE", calibration)
    other = load_embedder(model_path, backend="onnx-int8", threads=1, onnx_dir=onnx_dir)
    # Another calibration gives other vectors, so it must be another model id (caches, stores).
    assert other.model_id != default.model_id
    assert not np.array_equal(other.embed_documents(TEXTS), default.embed_documents(TEXTS))


def test_onnx_backend_without_cache_folder_is_refused(model_path: Path):
    with pytest.raises(ValueError, match="onnx_dir"):
        load_embedder(model_path, backend="onnx")


def test_cache_serves_repeated_texts(torch_embedder: Embedder, tmp_path: Path):
    cached = CachedEmbedder(torch_embedder, tmp_path / "cache.sqlite")
    first = cached.embed_documents(TEXTS[:2])
    assert (cached.hits, cached.misses) == (0, 2)
    second = cached.embed_documents([TEXTS[1], TEXTS[0], TEXTS[2]])
    assert (cached.hits, cached.misses) == (2, 3)
    np.testing.assert_array_equal(second[:2], first[::-1])
    cached.close()
    reopened = CachedEmbedder(torch_embedder, tmp_path / "cache.sqlite")
    np.testing.assert_array_equal(reopened.embed_documents(TEXTS[:1]), first[:1])
    assert reopened.hits == 1
    reopened.close()


class _ShiftedModel:
    """Another model identity over the same vectors, to see that the cache keeps them apart."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.model_id = inner.model_id + "-other"
        self.dimension = inner.dimension

    def embed_documents(self, texts):
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def test_cache_is_keyed_by_model_id(torch_embedder: Embedder, tmp_path: Path):
    path = tmp_path / "cache.sqlite"
    CachedEmbedder(torch_embedder, path).embed_documents(TEXTS[:2])
    other = CachedEmbedder(_ShiftedModel(torch_embedder), path)
    other.embed_documents(TEXTS[:2])
    assert (other.hits, other.misses) == (0, 2)


def test_chroma_adapter(torch_embedder: Embedder, tmp_path: Path):
    import chromadb

    function = as_chroma_embedding_function(torch_embedder)
    vectors = function(TEXTS[:3])
    assert len(vectors) == 3 and all(len(v) == 512 for v in vectors)
    assert len(function.embed_query(["学校"])[0]) == 512
    assert not function.is_legacy()  # no deprecation warnings from Chroma about missing methods
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"))
    collection = client.create_collection("adapter-test", embedding_function=function)
    collection.add(ids=[str(i) for i in range(4)], documents=TEXTS)
    hits = collection.query(query_texts=["水污染治理"], n_results=2)["ids"][0]
    assert set(hits) == {"2", "3"}


def test_langchain_adapter(torch_embedder: Embedder):
    embeddings = as_langchain_embeddings(torch_embedder)
    documents = embeddings.embed_documents(TEXTS[:2])
    assert len(documents) == 2 and len(documents[0]) == 512 and isinstance(documents[0][0], float)
    assert len(embeddings.embed_query("学校")) == 512


def test_query_prefix_table():
    assert query_prefix_for("BAAI/bge-small-zh-v1.5").startswith("为这个句子")
    assert query_prefix_for(Path("/models/bge-small-zh-v1.5")) == query_prefix_for("BAAI/bge-small-zh-v1.5")
    assert query_prefix_for("m3e-small") == ""


def test_missing_model_folder_is_named(tmp_path: Path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(EmbeddingModelError, match="no-such-model"):
        load_embedder(missing, backend="torch")


def test_folder_without_model_is_named(tmp_path: Path):
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(EmbeddingModelError, match="empty-model.*config.json"):
        load_embedder(tmp_path / "empty-model", backend="torch")


def test_unknown_backend_is_refused(model_path: Path):
    with pytest.raises(ValueError, match="tensorrt"):
        load_embedder(model_path, backend="tensorrt")
