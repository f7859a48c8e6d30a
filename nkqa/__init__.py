"""nkqa: answers from a folder of documents, each proven by a ``file:line`` citation."""

from nkqa.api import ask, bundled_corpus, load_index
from nkqa.cleaning import clean
from nkqa.errors import (
    CorpusError,
    DatabaseError,
    IndexFormatError,
    IndexWriteError,
    InvalidArgumentError,
    InvalidQuestionError,
    ModelLoadError,
    NkqaError,
    OutputPathError,
    SkippedFileWarning,
)
from nkqa.fusion import Mode, reciprocal_rank_fusion
from nkqa.index import Index, Settings
from nkqa.passage import Answer, Citation, Passage, Scores
from nkqa.tokenizer import tokenize

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Citation",
    "CorpusError",
    "DatabaseError",
    "Index",
    "IndexFormatError",
    "IndexWriteError",
    "InvalidArgumentError",
    "InvalidQuestionError",
    "Mode",
    "ModelLoadError",
    "NkqaError",
    "OutputPathError",
    "Passage",
    "Scores",
    "Settings",
    "SkippedFileWarning",
    "__version__",
    "ask",
    "bundled_corpus",
    "clean",
    "load_index",
    "reciprocal_rank_fusion",
    "tokenize",
]
