"""libcst's scope analysis of a module, with the finder's own traversal folded into it.

``MetadataWrapper.resolve(ScopeProvider)`` walks a module three times: once for
expression contexts (load or store), once in ScopeProvider's own visitor, and once
more in the batched pass that ScopeProvider runs in, which visits every node and
does nothing with them.  Then the finder's collecting visitor walked it a fourth
time.  Each walk rebuilds every node, and together they were most of checking a
file with a tracking call.  Here the collecting visitors share the expression
context pass and the scope visitor runs on its own: two walks, and the same
scopes (ScopeProvider's own code computes them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import libcst as cst
from libcst.metadata import ExpressionContextProvider, Scope, ScopeProvider


def _folds() -> bool:
    """Whether this libcst keeps what the folded traversal reads: each provider's
    ``_computed`` results and the ``metadata`` a provider's visitor looks up."""
    provider = ScopeProvider()
    return isinstance(getattr(provider, "_computed", None), dict) and \
        hasattr(provider, "metadata")


_FOLDS = _folds()


def resolve_scopes(module: cst.Module, *visitors: cst.BatchableCSTVisitor
                   ) -> Mapping[cst.CSTNode, Scope | None]:
    """The scope of every node (what ScopeProvider gives), after ``visitors`` have seen
    the module in the same traversal as the expression contexts.

    The visitors must not need metadata themselves: none is resolved for them.  On a
    libcst whose internals differ, libcst's public (slower) path gives the same.
    """
    if not _FOLDS:
        return public_scopes(module, *visitors)
    contexts = ExpressionContextProvider()
    cst.visit_batched(module, [contexts, *visitors])
    scopes = ScopeProvider()
    scopes.metadata = {ExpressionContextProvider: contexts._computed}
    scopes.visit_Module(module)
    # ScopeProvider stores each scope itself, never a lazy value.
    return cast(Mapping[cst.CSTNode, Scope | None], scopes._computed)


def public_scopes(module: cst.Module, *visitors: cst.BatchableCSTVisitor
                  ) -> Mapping[cst.CSTNode, Scope | None]:
    """The same, through ``MetadataWrapper`` (on the module's own nodes) and a walk."""
    cst.visit_batched(module, list(visitors))
    wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
    return wrapper.resolve(ScopeProvider)
