from traceloop.sdk.tracing.context_manager import get_tracer
from traceloop.sdk.tracing.tracing import set_workflow_name, set_agent_name
