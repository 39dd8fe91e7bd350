"""The vector side of career memory: a chromadb collection per user (`memories-<user id>`), each record also
tagged with its user's id. Embedded and persistent (`$COACH_DATA_DIR/chroma`) by default; a Chroma server
(`chroma run --path DIR --port 8001`) when `CHROMA_HOST` is set, which several workers can share.

Why a collection per user, not one per deployment filtered by user: chroma answers a `where={"user_id": ...}`
query by first reading every matching id from its metadata store, ~50 ms for a user with 10,000 memories among
30,000 (and ~40 ms even for a user with 20, searching the shared graph for a tiny allowed set), against ~2 ms for
the same query on the user's own collection (bench/memory.py). It also makes isolation structural: a query can
only see the collection it names, and erasing a user drops theirs.

Embeddings: all-MiniLM-L6-v2 run locally (`memory/embeddings.py`) behind chromadb's EmbeddingFunction, since
chromadb's own default downloads its model at run time; or Gemini's (`COACH_EMBEDDINGS=gemini`,
memory/gemini_memory.py), in collections named for the model. The store computes vectors itself, once per text,
and hands them to chromadb, without the text (SQL holds it, encrypted). Any failure of the store (a server that is down, a corrupt folder) is raised as
VectorStoreDown, so callers can go on without recall and say so in the log."""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.errors import NotFoundError

from agent.settings import Settings
from memory.embeddings import MODEL_NAME, sentence_encoder

log = logging.getLogger(__name__)

COLLECTION_PREFIX = "memories"
HANDLES_KEPT = 1024  # open collection handles kept (the most recently used users')


class VectorStoreDown(RuntimeError):
    """The vector store could not be reached or used."""


class LocalEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb's interface over the local all-MiniLM-L6-v2 encoder (unit vectors, cosine space)."""

    def __init__(self, model_dir: str | None = None):
        self.model_dir = model_dir

    def __call__(self, input: Documents) -> Embeddings:
        from pathlib import Path

        return list(sentence_encoder(Path(self.model_dir) if self.model_dir else None).encode(list(input)))

    @staticmethod
    def name() -> str:
        return f"smartjobfit-{MODEL_NAME}"

    def get_config(self) -> dict[str, Any]:
        return {"model_dir": self.model_dir}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LocalEmbeddingFunction:
        return LocalEmbeddingFunction(config.get("model_dir"))

    def default_space(self) -> str:
        return "cosine"


@dataclass(frozen=True, slots=True)
class VectorHit:
    id: str
    similarity: float  # cosine similarity, 1 = same meaning
    metadata: dict[str, Any]


class VectorStore:
    """The store, with the embedding function the settings choose: the local model (COACH_EMBEDDINGS=local) or
    Gemini's (gemini), each in collections of its own since their vectors cannot be compared."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.embedding = self._embedding_function(settings)
        self._client_made = None
        self._collections: OrderedDict[str, Any] = OrderedDict()  # user id → handle, the most recent last
        self._lock = threading.Lock()

    @staticmethod
    def _embedding_function(settings: Settings):
        if settings.embeddings == "gemini":
            from memory.gemini_memory import GeminiEmbeddingFunction

            return GeminiEmbeddingFunction.from_settings(settings)
        model_dir = settings.embedding_model_dir
        return LocalEmbeddingFunction(str(model_dir) if model_dir else None)

    def collection_name(self, user_id: str) -> str:
        base = f"{COLLECTION_PREFIX}-{re.sub(r'[^a-zA-Z0-9]', '', user_id)}"
        name_for = getattr(self.embedding, "collection_name", None)  # Gemini's: one per model and size
        return name_for(base) if name_for else base

    def _client(self):
        if self._client_made is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False)  # nothing leaves the machine
            if self.settings.chroma_host:
                self._client_made = chromadb.HttpClient(host=self.settings.chroma_host,
                                                        port=self.settings.chroma_port, settings=chroma_settings)
            else:
                path = self.settings.data_dir / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                self._client_made = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        return self._client_made

    def collection(self, user_id: str, create: bool = True):
        """The user's collection; None when it does not exist and `create` is false (a user with no memories)."""
        with self._lock:
            handle = self._collections.get(user_id)
            if handle is not None:
                self._collections.move_to_end(user_id)
                return handle
            name = self.collection_name(user_id)
            try:
                if create:
                    handle = self._client().get_or_create_collection(
                        name, embedding_function=self.embedding, configuration={"hnsw": {"space": "cosine"}},
                        metadata={"user_id": user_id})
                else:
                    handle = self._client().get_collection(name, embedding_function=self.embedding)
            except NotFoundError:
                return None
            except Exception as exc:  # chromadb raises many kinds: connection, value, sqlite errors
                self._client_made = None  # reconnect next time
                raise VectorStoreDown(f"vector store unavailable: {exc}") from exc
            self._collections[user_id] = handle
            if len(self._collections) > HANDLES_KEPT:
                self._collections.popitem(last=False)
            return handle

    def _call(self, what: str, user_id: str, action, create: bool = True, empty: Any = None):
        """`action(collection)` on the user's collection; `empty` when it does not exist and `create` is false."""
        collection = self.collection(user_id, create)
        if collection is None:
            return empty
        try:
            return action(collection)
        except NotFoundError:  # dropped meanwhile (another worker erased the user)
            self._forget_handle(user_id)
            return empty
        except Exception as exc:
            self._forget_handle(user_id)
            self._client_made = None  # reconnect next time
            raise VectorStoreDown(f"vector store {what} failed: {exc}") from exc

    def _forget_handle(self, user_id: str) -> None:
        with self._lock:
            self._collections.pop(user_id, None)

    def embed_documents(self, texts: list[str]) -> list[Any]:
        """Vectors for texts to store, computed once so a write can both look for a duplicate and upsert."""
        try:
            return list(self.embedding(list(texts)))
        except Exception as exc:  # the embedding model or API failed: the store cannot be used this time
            raise VectorStoreDown(f"embedding failed: {exc}") from exc

    def embed_query(self, text: str) -> Any:
        try:
            embed = getattr(self.embedding, "embed_query", None)  # Gemini embeds questions for retrieval
            return (embed or self.embedding)([text])[0]
        except Exception as exc:
            raise VectorStoreDown(f"embedding failed: {exc}") from exc

    def upsert(self, user_id: str, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]],
               embeddings: list[Any] | None = None) -> None:
        if ids:
            vectors = embeddings if embeddings is not None else self.embed_documents(texts)
            # No documents: the text stays in SQL only, where it is encrypted (chroma would keep it in plain text).
            self._call("upsert", user_id, lambda c: c.upsert(ids=ids, embeddings=vectors,
                                                             metadatas=[{**m, "user_id": user_id} for m in metadatas]))

    def query(self, user_id: str, text: str, limit: int, embedding: Any = None) -> list[VectorHit]:
        """The user's records nearest in meaning to `text` (or to its `embedding`), best first."""
        collection = self.collection(user_id, create=False)
        if collection is None:
            return []  # no memories yet: nothing to embed the question for
        vector = embedding if embedding is not None else self.embed_query(text)
        result = self._call("query", user_id, lambda c: c.query(query_embeddings=[vector], n_results=limit,
                                                                include=["metadatas", "distances"]),
                            create=False, empty={"ids": []})
        ids = result["ids"][0] if result["ids"] else []
        hits = [VectorHit(ids[i], 1.0 - float(result["distances"][0][i]), dict(result["metadatas"][0][i] or {}))
                for i in range(len(ids))]
        return [hit for hit in hits if hit.metadata.get("user_id") == user_id]  # belt and braces

    def delete(self, user_id: str, ids: list[str]) -> None:
        if ids:
            self._call("delete", user_id, lambda c: c.delete(ids=ids), create=False)

    def delete_user(self, user_id: str) -> None:
        """Drops the user's collection, every vector of theirs with it."""
        self._forget_handle(user_id)
        try:
            self._client().delete_collection(self.collection_name(user_id))
        except (NotFoundError, ValueError):  # never had one (older chromadb versions raise ValueError)
            return
        except Exception as exc:
            self._client_made = None
            raise VectorStoreDown(f"vector store delete failed: {exc}") from exc

    def count(self, user_id: str) -> int:
        return self._call("count", user_id, lambda c: c.count(), create=False, empty=0)
