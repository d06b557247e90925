from .abstractions import R2RProviders
from .api import *
from .app import *

# from .app_entry import r2r_app
from .assembly import *
from .orchestration import *
from .services import *

__all__ = [
    # R2R Primary
    "R2RProviders",
    "R2RApp",
    "R2RBuilder",
    "R2RConfig",
    # Factory
    "R2RProviderFactory",
    ## R2R SERVICES
    "AuthService",
    "IngestionService",
    "ManagementService",
    "RetrievalService",
    "GraphService",
]
