"""One parsed file as the finder sees it: libcst metadata plus the facts it needs.

libcst answers "which assignments can reach this name?" and "which qualified name
is this?" (ScopeProvider) and "where is this node?" (:mod:`linter.static.positions`,
PositionProvider's answers at a fraction of its cost).  Scopes
and positions are computed for the whole module at once, which is the expensive
part of checking a file, so a :class:`FileView` is only built for files that
passed the prefilter.  Qualified names are asked of the node's scope, and only
for the nodes the finder looks at: what QualifiedNameProvider would give, without
its traversal of every node.  It also records, in one traversal,
what scope analysis does not keep: the value of each simple assignment, the
``d["key"] = value`` stores, and the enclosing classes and functions of each call.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    CodeRange,
    QualifiedName,
    QualifiedNameSource,
    Scope,
)

from linter.events import Origin
from linter.static.modules import ModuleName, resolve_relative
from linter.static.positions import Positions
from linter.static.source import Source
from linter.static.symbols import Symbols

Position = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Frame:
    """An enclosing ``class``, ``def`` or ``lambda`` of a node."""

    kind: str
    name: str
    node: cst.CSTNode


@dataclass(frozen=True, slots=True)
class Store:
    """``name[key] = value``: how dict variables gain keys after they are created."""

    name: cst.Name
    key: cst.BaseExpression
    value: cst.BaseExpression
    statement: cst.CSTNode


@dataclass(slots=True)
class Facts:
    """What the collecting traversal found, besides libcst's metadata."""

    calls: list[tuple[cst.Call, tuple[Frame, ...]]] = field(default_factory=list)
    values: dict[cst.CSTNode, cst.BaseExpression] = field(default_factory=dict)
    stores: list[Store] = field(default_factory=list)
    params: dict[cst.Param, tuple[tuple[Frame, ...], int]] = field(default_factory=dict)
    # Code that may not run when the statement around it runs: branches of ``if``,
    # loop bodies, ``except`` and ``else`` blocks, the right of ``and``/``or``...
    branches: list[cst.CSTNode] = field(default_factory=list)
    # ``return`` and ``raise`` statements, with the function they leave.
    returns: list[tuple[cst.Return | cst.Raise, tuple[Frame, ...]]] = field(
        default_factory=list)
    # The body of each ``if name == "literal":`` (by id): the name and the literal.
    tests: dict[int, tuple[str, str]] = field(default_factory=dict)


class Collector(cst.BatchableCSTVisitor):
    """One traversal that records calls, assignments and parameters.

    It needs no metadata, so it runs in the traversal that scope analysis makes
    anyway (:func:`~linter.static.scopes.resolve_scopes`); calls are read once it is
    done, when every assignment of the module is known (a function may use a
    module global assigned below it).  Positions are resolved lazily by FileView: a
    file whose calls all turn out not to be tracking calls never pays for the code
    generation that positions take.
    """

    def __init__(self) -> None:
        super().__init__()
        self.facts = Facts()
        self.frames: list[Frame] = []
        self._decorated: list[Frame] = []  # frames set aside while in a decorator

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.frames.append(Frame("class", node.name.value, node))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.frames.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.frames.append(Frame("function", node.name.value, node))
        outer = tuple(self.frames)
        for index, param in enumerate(_all_params(node.params)):
            self.facts.params[param] = (outer, index)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.frames.pop()

    def visit_Decorator(self, node: cst.Decorator) -> None:
        # A decorator runs where its function or class is defined, not inside it: its
        # calls belong to the enclosing frames (``@track("X")`` on a method is a call
        # made once, in the class body; it makes the method neither a helper nor a site).
        self._decorated.append(self.frames.pop())

    def leave_Decorator(self, original_node: cst.Decorator) -> None:
        self.frames.append(self._decorated.pop())

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.frames.append(Frame("lambda", "<lambda>", node))

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.frames.pop()

    def visit_Call(self, node: cst.Call) -> None:
        self.facts.calls.append((node, tuple(self.frames)))

    def visit_Return(self, node: cst.Return) -> None:
        self.facts.returns.append((node, tuple(self.frames)))

    def visit_Raise(self, node: cst.Raise) -> None:
        self.facts.returns.append((node, tuple(self.frames)))

    # branches

    def visit_If(self, node: cst.If) -> None:
        self._branches(node.body, node.orelse)
        test = _literal_test(node.test)
        if test is not None and self.frames:
            self.facts.tests[id(node.body)] = test

    def visit_For(self, node: cst.For) -> None:
        self._branches(node.body, node.orelse)

    def visit_While(self, node: cst.While) -> None:
        self._branches(node.body, node.orelse)

    def visit_Try(self, node: cst.Try) -> None:
        self._branches(*node.handlers, node.orelse)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._branches(*node.handlers, node.orelse)

    def visit_Match(self, node: cst.Match) -> None:
        self._branches(*node.cases)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._branches(node.body, node.orelse)

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self._branches(node.right)

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._branches(node.elt)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._branches(node.elt)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._branches(node.elt)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._branches(node.key, node.value)

    def _branches(self, *nodes: cst.CSTNode | None) -> None:
        if self.frames:  # only branches inside functions matter
            self.facts.branches.extend(n for n in nodes if n is not None)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target, node.value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target, node.value, node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._target(node.target, node.value, node)

    def _target(self, target: cst.BaseExpression, value: cst.BaseExpression,
                statement: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.facts.values[target] = value
        elif (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name)
              and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index)):
            key = target.slice[0].slice.value
            self.facts.stores.append(Store(target.value, key, value, statement))


def _literal_test(test: cst.BaseExpression) -> tuple[str, str] | None:
    """``name == "literal"`` (either way round): the name and the literal."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.Equal)):
        return None
    sides = (test.left, test.comparisons[0].comparator)
    for name, literal in (sides, sides[::-1]):
        if isinstance(name, cst.Name) and isinstance(literal, cst.SimpleString) and \
                isinstance(literal.evaluated_value, str):
            return name.value, literal.evaluated_value
    return None


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


class FileView:
    """Metadata queries for one file, with positions as tracklint reports them."""

    def __init__(self, source: Source, module: cst.Module, collector: Collector,
                 scopes: Mapping[cst.CSTNode, Scope | None], name: ModuleName,
                 symbols: Symbols) -> None:
        self.source = source
        self.module = module
        self.collector = collector
        self.scopes = scopes
        self._positions: Positions | None = None
        self._qualified_names: dict[cst.CSTNode, Collection[QualifiedName]] = {}
        self.facts = collector.facts
        self.name = name
        self.symbols = symbols

    @property
    def path(self) -> str:
        return self.source.path

    # positions

    def range(self, node: cst.CSTNode) -> CodeRange:
        if self._positions is None:
            self._positions = Positions(self.module)
        return self._positions[node]

    def start(self, node: cst.CSTNode) -> Position:
        start = self.range(node).start
        return start.line, start.column

    def origin(self, node: cst.CSTNode) -> Origin:
        where = self.range(node)
        return self.source.origin(where.start.line, where.start.column,
                                  where.end.line, where.end.column)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    # names

    def qualified_names(self, node: cst.CSTNode) -> list[str]:
        """Absolute qualified names of a name or attribute; function locals are left out."""
        found = self._qualified(node)
        names: list[str] = []
        for qualified in sorted(found, key=lambda q: q.name):
            if qualified.source is QualifiedNameSource.IMPORT:
                absolute = resolve_relative(qualified.name, self.name.name, self.name.is_package)
            elif qualified.source is QualifiedNameSource.LOCAL:
                local = "<locals>" in qualified.name
                absolute = None if local else f"{self.name.name}.{qualified.name}"
            else:
                absolute = qualified.name
            if absolute:
                names.append(absolute)
        return names

    def _qualified(self, node: cst.CSTNode) -> Collection[QualifiedName]:
        """QualifiedNameProvider's answer for one node (it asks the node's scope, as here)."""
        found = self._qualified_names.get(node)
        if found is None:
            scope = self.scopes.get(node)
            found = scope.get_qualified_names_for(node) if scope is not None else set()
            self._qualified_names[node] = found
        return found

    def is_local(self, name: cst.Name) -> bool:
        """True for a name bound inside a function (a parameter or local variable)."""
        found = self._qualified(name)
        return any("<locals>" in q.name for q in found)

    def referents(self, name: cst.Name) -> tuple[BaseAssignment, ...] | None:
        """The assignments that may give ``name`` its value here (None if not an access)."""
        scope = self.scopes.get(name)
        if scope is None:
            return None
        for access in scope.accesses[name]:
            if access.node is name:
                return tuple(access.referents)
        return None

    def single_assignment(self, name: cst.Name) -> Assignment | None:
        """The one plain assignment that gives a name its value here, if there is exactly one."""
        reaching = self.reaching(name)
        if len(reaching) != 1:
            return None
        only = reaching[0]
        return only if isinstance(only, Assignment) else None

    def reaching(self, name: cst.Name) -> tuple[BaseAssignment, ...]:
        """The assignments whose value a name may have where it is read.

        Scope analysis knows every assignment of the name in its scope; of those, the
        ones made before the read count, from the last one that always runs before
        it (one not in a branch the read is outside of) on: ``x = A()`` then ``if c:
        x = B()`` reaches a later read as A or B, and ``x = None`` before them not at
        all.  Without any assignment before the read (a loop's back edge), all count.
        """
        referents = self.referents(name)
        if not referents:
            return ()
        at = self.start(name)
        ordered = sorted(referents, key=self._assigned_at)
        before = [a for a in ordered if self._assigned_at(a) <= at]
        if not before:
            return tuple(referents)
        dominating = [a for a in before if self._always_before(a, name)]
        if not dominating:
            return tuple(before)
        last = self._assigned_at(dominating[-1])
        return tuple(a for a in before if self._assigned_at(a) >= last)

    def _assigned_at(self, assignment: BaseAssignment) -> Position:
        """Where an assignment takes effect: after its value, or at its target."""
        node = assignment.node if isinstance(assignment, Assignment) else None
        if node is None:
            return (0, 0)
        value = self.facts.values.get(node)
        if value is not None:
            end = self.range(value).end
            return end.line, end.column
        return self.start(node)

    def _always_before(self, assignment: BaseAssignment, read: cst.CSTNode) -> bool:
        """Whether no branch holds the assignment without also holding the read."""
        node = assignment.node if isinstance(assignment, Assignment) else None
        if node is None or isinstance(node, cst.Param):
            return True
        start, end = self._span(node)
        read_start, read_end = self._span(read)
        for branch in self.facts.branches:
            branch_start, branch_end = self._span(branch)
            holds_assignment = branch_start <= start and end <= branch_end
            holds_read = branch_start <= read_start and read_end <= branch_end
            if holds_assignment and not holds_read:
                return False
        return True

    def assigned_value(self, assignment: Assignment) -> cst.BaseExpression | None:
        return self.facts.values.get(assignment.node)

    def param_of(self, assignment: BaseAssignment
                 ) -> tuple[cst.Param, tuple[Frame, ...], int] | None:
        """When an assignment is a parameter: the parameter, its function's frames, its index."""
        if not isinstance(assignment, Assignment) or not isinstance(assignment.node, cst.Param):
            return None
        owner = self.facts.params.get(assignment.node)
        return None if owner is None else (assignment.node, owner[0], owner[1])

    def conditional(self, node: cst.CSTNode, frames: tuple[Frame, ...]) -> bool:
        """Whether a node inside a function's body may not run when the body runs.

        True inside a branch of the innermost function (an ``if``, a loop, an
        ``except``, the right of ``and``...) or after a ``return`` or ``raise`` of it
        (an early exit); ``try`` and ``with`` bodies run.
        """
        if not frames:
            return False
        start = self._span(node)[0]
        if any(owner == frames and self._span(returned)[1] <= start
               for returned, owner in self.facts.returns):
            return True
        return any(True for _ in self._branches_around(node, frames))

    def in_handler(self, node: cst.CSTNode, frames: tuple[Frame, ...]) -> bool:
        """Whether a node lies in an ``except`` block of the innermost function."""
        return bool(frames) and any(
            isinstance(b, cst.ExceptHandler | cst.ExceptStarHandler)
            for b in self._branches_around(node, frames))

    def literal_tests(self, node: cst.CSTNode, frames: tuple[Frame, ...]
                      ) -> list[tuple[str, str]]:
        """The ``if name == "literal":`` tests of the innermost function a node is under."""
        if not frames:
            return []
        return [self.facts.tests[id(b)] for b in self._branches_around(node, frames)
                if id(b) in self.facts.tests]

    def _branches_around(self, node: cst.CSTNode, frames: tuple[Frame, ...]
                         ) -> Iterator[cst.CSTNode]:
        """The branches inside the innermost function's span that hold a node."""
        start, end = self._span(node)
        outer_start, outer_end = self._span(frames[-1].node)
        for branch in self.facts.branches:
            branch_start, branch_end = self._span(branch)
            if outer_start <= branch_start and branch_end <= outer_end and \
                    branch_start <= start and end <= branch_end:
                yield branch

    def _span(self, node: cst.CSTNode) -> tuple[Position, Position]:
        where = self.range(node)
        return (where.start.line, where.start.column), (where.end.line, where.end.column)

    def frames_name(self, frames: tuple[Frame, ...]) -> str:
        return ".".join([self.name.name, *(f.name for f in frames)])

