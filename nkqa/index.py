"""The :class:`Index`: passages of a folder, searchable by BM25, dense vectors, or both."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence

import numpy as np

from nkqa.answer import RERANK_DEPTH, compose_answer
from nkqa.collection import Collection, FileStats, build_collection
from nkqa.dense import Embedder, RememberedVectors, vocabulary_coverage, word_pieces
from nkqa.errors import IndexFormatError, InvalidArgumentError
from nkqa.extraction_cache import ExtractionCache
from nkqa.freshness import Citations
from nkqa.fusion import Mode
from nkqa.loading import Document
from nkqa.named import NAMED_DEPTH, named_files
from nkqa.onnx_encoder import query_embedder
from nkqa.passage import Answer, Passage
from nkqa.persistence import SavedIndex, default_cache_dir, load, save, settings_fingerprint
from nkqa.postgres import PostgresStore, is_dsn
from nkqa.postgres_write import write
from nkqa.retrieve import FUSION_DEPTH, Ranker, coverage_sample, dense_scale, rank, rank_documents
from nkqa.settings import Settings, check_query
from nkqa.store import MemoryStore, Store
from nkqa.tokenizer import remembering_tokenizer, tokenize
from nkqa.vector_cache import embed_reusing

__all__ = [
    "Index",
    "Settings",
    "check_query",
    "FUSION_DEPTH",
]

TEXT_CACHE_SIZE = 20_000
"""Sentence-window vectors an index remembers (about 30 MB at 384 dimensions), and texts
whose tokens it remembers."""


class Index:
    """Unique, cited passages of a folder with BM25 and dense search.

    Build one with :meth:`Index.build`. Dense vectors are computed at build time
    unless ``embed=False``, in which case the first dense or hybrid search
    computes them; BM25-only use never loads the model. ``Index(collection, store=...)``
    reads any :class:`~nkqa.store.Store` instead of the embedded one; :meth:`open` gives
    one over PostgreSQL.

    Examples
    --------
    >>> index = nkqa.Index.build("corpus/")                      # doctest: +SKIP
    >>> answer = index.ask("Who built the Angkor Panorama Museum?")  # doctest: +SKIP
    >>> answer.passages[0].citation.location                      # doctest: +SKIP
    '000_77a9533f9ec5c58b.txt:17'
    """

    def __init__(
        self,
        collection: Collection,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        vectors: np.ndarray | None = None,
        tokens: list[list[str]] | None = None,
        file_hashes: Mapping[str, str] | None = None,
        progress: bool = True,
        store: Store | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder
        self._progress = progress
        self._reuse: dict[str, np.ndarray] = {}
        self._tokenize = remembering_tokenizer(self.settings.stopwords, self.settings.stem, TEXT_CACHE_SIZE)
        if store is None:
            # The embedded store; a given store (nkqa.postgres) holds tokens, vectors and hashes.
            if tokens is None:
                stop, stem = self.settings.stopwords, self.settings.stem
                tokens = [tokenize(p.indexed_text, stop, stem=stem) for p in collection.passages]
            store = MemoryStore(
                collection,
                tokens,
                self._embed_passages if vectors is None else vectors,
                dense_index=self.settings.dense_index,
                file_hashes=dict(file_hashes) if file_hashes is not None else None,
            )
        self._store = store
        self._collection = collection
        # Results are checked against the files as they were indexed.
        self._citations = Citations(collection, store.file_hashes())
        self._text_vectors = RememberedVectors(lambda: self.embedder, TEXT_CACHE_SIZE)
        self._passage_coverage: float | None = None

    @classmethod
    def build(
        cls,
        folder: str | os.PathLike[str],
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        embed: bool = True,
        progress: bool = True,
        reuse: Mapping[str, np.ndarray] | None = None,
        backend: str | None = None,
    ) -> Index:
        """Load, clean, deduplicate, chunk and index every document below ``folder``.

        Parameters
        ----------
        folder:
            Folder of ``.txt``/``.md`` files, read recursively.
        settings:
            Chunk size, model, fusion weights... (:class:`Settings` defaults if None).
        embedder:
            Embedding model; by default ``settings.model`` through sentence-transformers.
        embed:
            Compute dense vectors now (True) or on the first dense search.
        progress:
            Show progress bars: the files read, then the passages embedded (rate, ETA).
        reuse:
            Vectors already computed with the same model, by exact passage text;
            only passages not found there are embedded.
        backend:
            ``None`` keeps the index in memory (save it with :meth:`save`); a
            ``postgresql://`` URI writes it to that database, replacing the index
            there in one transaction, and returns :meth:`open` of it.

        Raises
        ------
        CorpusError
            If the folder is missing or has no readable documents.
        ModelLoadError
            If the model cannot be loaded offline.
        """
        settings = settings or Settings()
        collection = build_collection(
            folder,
            max_chars=settings.max_chars,
            near_threshold=settings.near_threshold,
            max_file_bytes=round(settings.max_file_mb * 2**20),
            progress=progress,
            extractions=ExtractionCache(default_cache_dir()),
        )
        index = cls(collection, settings=settings, embedder=embedder, progress=progress)
        index._reuse = dict(reuse or {})
        if backend is not None:
            if not is_dsn(backend):
                raise InvalidArgumentError(f"backend must be None or a postgresql:// URI, got {backend!r}")
            write(backend, index._saved())
            return cls.open(backend, embedder=index._embedder, progress=progress)
        if embed:
            index.vectors  # noqa: B018 - computes them now
        return index

    def update(self) -> Index:
        """Index this index's corpus folder again and return the new index.

        Only passages whose text is new are embedded; deleted files' passages go, and
        a repeated paragraph keeps every location it still has. A database index is
        replaced in the database in one transaction; an embedded one is returned in
        memory (:meth:`save` it to keep it).

        Raises
        ------
        InvalidArgumentError
            When the corpus folder is not on this machine.
        """
        root = self._collection.root
        if root is None or not root.is_dir():
            raise InvalidArgumentError(f"this index's corpus folder {str(root)!r} is not on this machine")
        reuse = dict(zip((p.indexed_text for p in self.passages), self.vectors))
        backend = self._store.dsn if isinstance(self._store, PostgresStore) else None
        return type(self).build(
            root, settings=self.settings, embedder=self._embedder, progress=self._progress, reuse=reuse, backend=backend
        )

    @classmethod
    def open(
        cls,
        dsn: str,
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        progress: bool = True,
    ) -> Index:
        """The index stored in the PostgreSQL database at ``dsn`` (see :mod:`nkqa.postgres`).

        Raises
        ------
        DatabaseError
            The server cannot be reached or holds a newer nkqa schema.
        IndexFormatError
            The database holds no nkqa index, or one built with other ``settings``.
        """
        if not is_dsn(dsn):
            raise InvalidArgumentError(f"dsn must be a postgresql:// URI, got {dsn!r}")
        store = PostgresStore(dsn, dense_index=settings.dense_index if settings else "exact")
        built = store.settings
        if settings is not None and settings_fingerprint(settings) != settings_fingerprint(built):
            store.close()
            raise IndexFormatError(f"the index in the database was built with other settings (model {built.model!r})")
        return cls(store.collection(), settings=built, embedder=embedder, progress=progress, store=store)

    def save(self, folder: str | os.PathLike[str], *, vectors: bool = True) -> None:
        """Write the index to ``folder`` as readable files (see :mod:`nkqa.persistence`).

        Dense vectors are computed first if they were not yet; with ``vectors=False``
        they are not, and the loaded index computes them on its first dense search.
        The write is atomic: a crash leaves the previous index in ``folder`` whole.
        Only a new path, an empty folder or an nkqa index is replaced.

        Raises
        ------
        OutputPathError
            ``folder`` is a file, holds other files, or overlaps the corpus folder.
        IndexWriteError
            Writing failed (a full disk); nothing was left half-written.
        """
        save(self._saved(vectors=vectors), folder)

    @property
    def embedded(self) -> bool:
        """Whether the passage vectors exist yet (a BM25-only index computes them on
        its first dense search)."""
        return not isinstance(self._store, MemoryStore) or self._store.embedded

    def _saved(self, *, vectors: bool = True) -> SavedIndex:
        """The index as files; without ``vectors`` (a BM25-only cache entry), a 0-wide
        matrix stands for vectors not computed yet."""
        store = self._store
        if not isinstance(store, MemoryStore):
            raise InvalidArgumentError("only an embedded index is saved to a folder; a database index is already stored")
        rows = self.vectors if vectors or self.embedded else np.zeros((len(self.passages), 0), dtype=np.float32)
        return SavedIndex(self._collection, self.settings, rows, store.tokens, self.file_hashes)

    @classmethod
    def load(
        cls,
        folder: str | os.PathLike[str],
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        progress: bool = True,
        corpus: str | os.PathLike[str] | None = None,
    ) -> Index:
        """Read an index written by :meth:`save`; nothing is re-embedded.

        ``corpus`` names the folder to cite when the corpus has moved since the save
        (default: the folder recorded in the index).

        Raises
        ------
        IndexFormatError
            If files are missing, edited or corrupted, a recorded path leads outside
            its folder, the format version differs, or ``settings`` differ from the
            index's.
        """
        saved = load(folder, settings=settings, corpus=corpus)
        return cls(
            saved.collection,
            settings=saved.settings,
            embedder=embedder,
            # 0 wide: saved before any dense search; computed on the first one.
            vectors=saved.vectors if saved.vectors.shape[1] else None,
            tokens=saved.tokens,
            file_hashes=saved.file_hashes,
            progress=progress,
        )

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Every indexed passage, in index order."""
        return self._collection.passages

    @property
    def collection(self) -> Collection:
        """The documents and passages behind the index."""
        return self._collection

    @property
    def stats(self) -> tuple[FileStats, ...]:
        """Per-file paragraph and duplicate counts."""
        return self._collection.stats

    @property
    def embedder(self) -> Embedder:
        """The embedding model, created on first use: the model's ONNX export when it
        has one (no torch needed), else sentence-transformers, which exports it for
        the next process (see :mod:`nkqa.onnx_encoder`)."""
        if self._embedder is None:
            self._embedder = query_embedder(self.settings.model)
        return self._embedder

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` as this index's BM25 sees them."""
        return self._tokenize(text)

    def idf_of(self, term: str) -> float:
        """The BM25 idf of ``term`` in this index (see :meth:`nkqa.sparse.BM25.idf_of`)."""
        return self._store.idf_of(term)

    def document(self, source: str) -> Document:
        """The indexed document whose relative path is ``source``."""
        return self._collection.document(source)

    def word_pieces(self, text: str) -> list[list[str]]:
        """The model's word pieces of each word of ``text`` (:func:`nkqa.dense.word_pieces`)."""
        return word_pieces(self.embedder, text)

    def bm25_scores(self, question: str) -> np.ndarray:
        """BM25 score of every passage for ``question``, in index order."""
        return self._store.bm25_scores(self.tokenize(question))

    def encode_query(self, question: str) -> np.ndarray:
        """The normalised query vector of ``question``."""
        return self.embedder.encode([question])[0]

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors of ``texts`` (one row each), remembered by exact text.

        Answering re-scores the sentences of the top passages; the same passages
        come back for related questions and in every mode, so their vectors are
        kept (least recently used first out, :data:`TEXT_CACHE_SIZE` at most).
        """
        return self._text_vectors(texts)

    def search(self, question: str, k: int = 5, mode: Mode | str = "hybrid") -> list[Passage]:
        """Rank passages for ``question``; return the best ``k`` with their scores.

        ``k`` larger than the number of passages returns them all.
        """
        question, k, mode = check_query(question, k, mode)
        return self._rank(question, k, mode)

    def search_documents(self, question: str, k: int = 10, mode: Mode | str = "hybrid") -> list[Passage]:
        """Rank the documents (source files) for ``question``; return the best ``k``, each
        as its best passage with the citations in that document and the document's scores
        (:func:`nkqa.retrieve.rank_documents`). ``nkqa eval --beir`` ranks by it."""
        question, k, mode = check_query(question, k, mode)
        return self._rank(question, k, mode, ranker=rank_documents)

    def ask(self, question: str, k: int = 5, mode: Mode | str = "hybrid") -> Answer:
        """Search, re-rank the top passages by their best sentences, and quote the
        sentence (or pair of adjacent sentences) that best answers ``question``;
        abstain when the evidence is too weak or the question names something the
        passage never mentions (see :mod:`nkqa.answer`)."""
        question, k, mode = check_query(question, k, mode)
        query_vector = None if mode is Mode.BM25 else self.encode_query(question)
        # The passages of a file the question names come first, from deeper in the ranking.
        named = named_files(self, question)
        depth = NAMED_DEPTH if named else RERANK_DEPTH
        passages = self._rank(question, max(k, depth), mode, query_vector)
        return compose_answer(self, question, passages, mode, query_vector, k, named)

    def _rank(
        self, question: str, k: int, mode: Mode, query_vector: np.ndarray | None = None, *, ranker: Ranker = rank
    ) -> list[Passage]:
        if mode is not Mode.BM25 and query_vector is None:
            query_vector = self.encode_query(question)
        weights = self.hybrid_weights(question) if mode is Mode.HYBRID else {}
        results = ranker(self._store, self.tokenize(question), query_vector, k, mode, self.settings, weights)
        return self._citations.check(results)

    def hybrid_weights(self, question: str) -> dict[str, float]:
        """The fusion weights hybrid mode uses for ``question``: the settings' weights,
        with dense's scaled by how much of the question and of the passages the model's
        vocabulary holds (:func:`nkqa.retrieve.dense_scale`)."""
        weights = {"bm25": 1.0, "dense": 1.0, **self.settings.weights}
        weights["dense"] *= dense_scale(vocabulary_coverage(self.embedder, question), self.passage_coverage())
        return weights

    def passage_coverage(self) -> float:
        """Mean vocabulary coverage of the passages of :func:`nkqa.retrieve.coverage_sample`
        (computed once; 1.0 for an empty index)."""
        if self._passage_coverage is None:
            passages = self.passages
            sample = [vocabulary_coverage(self.embedder, passages[i].text) for i in coverage_sample(len(passages))]
            self._passage_coverage = float(np.mean(sample)) if sample else 1.0
        return self._passage_coverage

    @property
    def file_hashes(self) -> dict[str, str]:
        """sha256 of each corpus file when it was indexed (source → hex digest)."""
        return self._citations.file_hashes

    @functools.cached_property
    def file_terms(self) -> dict[str, frozenset[str]]:
        """Each indexed file's path as BM25 terms, read once: every question asks whether it names a file."""
        return {source: frozenset(self.tokenize(source)) for source in self._citations.file_hashes}

    def _embed_passages(self) -> np.ndarray:
        self._reuse, reuse = {}, self._reuse
        return embed_reusing(self.embedder, [p.indexed_text for p in self.passages], reuse, progress=self._progress)

    @property
    def vectors(self) -> np.ndarray:
        """Passage vectors, one row per passage (computed if not yet)."""
        return self._store.vectors_of(range(len(self._store)))
