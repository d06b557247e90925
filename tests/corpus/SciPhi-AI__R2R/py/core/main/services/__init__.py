from .auth_service import AuthService
from .graph_service import GraphService
from .ingestion_service import IngestionService, IngestionServiceAdapter
from .management_service import ManagementService
from .retrieval_service import RetrievalService  # type: ignore

__all__ = [
    "AuthService",
    "IngestionService",
    "IngestionServiceAdapter",
    "ManagementService",
    "GraphService",
    "RetrievalService",
]
