from .base import AgentAnswer
from .evaluate import evaluate
from .knowledge_base import KnowledgeBase
from .report import RAGReport
from .testset import QATestset, QuestionSample
from .testset_generation import generate_testset

__all__ = [
    "QATestset",
    "QuestionSample",
    "generate_testset",
    "KnowledgeBase",
    "evaluate",
    "RAGReport",
    "AgentAnswer",
]
