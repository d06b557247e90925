import logging

from .domain import Domain
from .expectation_suite import (
    ExpectationSuite,
    ExpectationSuiteSchema,
    expectationSuiteSchema,
)
from .expectation_validation_result import (
    ExpectationSuiteValidationResult,
    ExpectationSuiteValidationResultSchema,
    ExpectationValidationResult,
    ExpectationValidationResultSchema,
    expectationSuiteValidationResultSchema,
    expectationValidationResultSchema,
    get_metric_kwargs_id,
)
from .id_dict import IDDict
from .result_format import ResultFormat
from .run_identifier import RunIdentifier, RunIdentifierSchema
from .validation_definition import ValidationDefinition

__all__ = [
    "Domain",
    "ExpectationSuite",
    "ExpectationSuiteSchema",
    "ExpectationSuiteValidationResult",
    "ExpectationSuiteValidationResultSchema",
    "ExpectationValidationResult",
    "ExpectationValidationResultSchema",
    "IDDict",
    "RunIdentifier",
    "RunIdentifierSchema",
    "ValidationDefinition",
    "expectationSuiteSchema",
    "expectationSuiteValidationResultSchema",
    "expectationValidationResultSchema",
    "get_metric_kwargs_id",
]

logger = logging.getLogger(__name__)

RESULT_FORMATS = [fmt.value for fmt in ResultFormat]
