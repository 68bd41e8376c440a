/// Expressions compiled for evaluation against data whose names are already bound: each
/// expression is a run of `steps` in postfix order, and a step refers to fields by their slot
/// and to activities by their id, so evaluation compares no names and walks no tree.
///
/// The checker builds one `ExpressionCode` per audit while it binds the rules to the dataset
/// (`append`), then only reads it: it is shared by every worker. The interpreter lives with the
/// scopes it reads (Checker's `ExpressionCode.evaluate`), so that it is specialised for them.
package struct ExpressionCode: Sendable {
  /// Every program's steps, one program after another.
  package private(set) var steps: [ExpressionStep] = []
  /// The constants `ExpressionStep.constant` names.
  package private(set) var constants: [Value] = []
  /// The patterns `ExpressionStep.matches` names.
  package private(set) var regexes: [CompiledRegex] = []

  package init() {}

  /// Compiles `expression` and returns where its program is. `field` gives a field's slot (-1
  /// where the record type lacks it) and whether the name also reads the event's resource (an
  /// event's `where`); `activity` gives an activity's id (-1 when no event has it).
  package mutating func append(
    _ expression: Expression, field: (String) -> (slot: Int32, eventAlias: Bool), activity: (String) -> Int32
  ) -> ExpressionProgram {
    let start = steps.count
    // The emitter holds the resolvers only while this call runs.
    let deepest = withoutActuallyEscaping(field) { field in
      withoutActuallyEscaping(activity) { activity in
        var emitter = Emitter(code: self, field: field, activity: activity)
        self = ExpressionCode()  // the emitter's copy is the only one: appending copies nothing
        emitter.emit(expression.root)
        self = emitter.code
        return emitter.deepest
      }
    }
    return ExpressionProgram(
      start: Int32(start), count: Int32(steps.count - start), stackDepth: Int32(max(1, deepest)))
  }

  /// Appends `regex` to `regexes` and returns its index.
  package mutating func append(_ regex: CompiledRegex) -> Int32 {
    regexes.append(regex)
    return Int32(regexes.count - 1)
  }

  /// Emits a tree in postfix order, tracking how many values the program holds at once.
  private struct Emitter {
    var code: ExpressionCode
    let field: (String) -> (slot: Int32, eventAlias: Bool)
    let activity: (String) -> Int32
    var depth = 0
    var deepest = 0

    mutating func push(_ step: ExpressionStep, popping popped: Int = 0) {
      code.steps.append(step)
      depth += 1 - popped
      deepest = max(deepest, depth)
    }

    /// Recurses as deep as the tree, at most `Expression.maxDepth`.
    mutating func emit(_ node: ExpressionNode) {
      switch node {
      case .constant(let value):
        code.constants.append(value)
        push(.constant(Int32(code.constants.count - 1)))
      case .field(let name):
        let (slot, alias) = field(name)
        push(.field(slot: slot, eventAlias: alias))
      case .isNull(let operand, let negated):
        emit(operand)
        push(.isNull(negated: negated), popping: 1)
      case .not(let operand):
        emit(operand)
        push(.not, popping: 1)
      case .negate(let operand):
        emit(operand)
        push(.negate, popping: 1)
      case .and(let left, let right):
        emitShortCircuit(left, right, and: true)
      case .or(let left, let right):
        emitShortCircuit(left, right, and: false)
      case .binary(let op, let left, let right):
        emit(left)
        emit(right)
        push(.binary(op), popping: 2)
      case .membership(let left, let elements, let negated):
        emit(left)
        for element in elements { emit(element) }
        push(.membership(count: Int32(elements.count), negated: negated), popping: elements.count + 1)
      case .matches(let left, let regex):
        emit(left)
        push(.matches(code.append(regex)), popping: 1)
      case .call1(let function, .constant(.string(let name)))
      where function == .has || function == .count || function == .first || function == .last:
        let id = activity(name)
        switch function {
        case .has, .count: push(.eventCount(activity: id, asBool: function == .has))
        default: push(.eventTime(activity: id, last: function == .last))
        }
      case .call1(let function, let argument):
        emit(argument)
        push(.call1(function), popping: 1)
      case .call2(let function, let first, let second):
        emit(first)
        emit(second)
        push(.call2(function), popping: 2)
      }
    }

    /// `left`, a step that ends the operation when the left side decides it, `right`, and the
    /// step that combines both.
    private mutating func emitShortCircuit(_ left: ExpressionNode, _ right: ExpressionNode, and: Bool) {
      emit(left)
      let decide = code.steps.count
      // Replaced below, once the target is known. The left value stays either way.
      push(.constant(0), popping: 1)
      emit(right)
      push(and ? .and : .or, popping: 2)
      let end = Int32(code.steps.count)
      code.steps[decide] = and ? .andLeft(decided: end) : .orLeft(decided: end)
    }
  }
}

/// Where one compiled expression is in its `ExpressionCode`: `count` steps from `start`, which
/// hold at most `stackDepth` values at once (at least one: the result).
package struct ExpressionProgram: Sendable, Hashable {
  package let start: Int32
  package let count: Int32
  package let stackDepth: Int32
}

/// One step of a compiled expression. Each pops its operands from the top of the value stack and
/// pushes its result (`Expressions/README.md` gives the meaning of each operation).
package enum ExpressionStep: Sendable {
  /// Pushes `constants[index]`.
  case constant(Int32)
  /// Pushes the record's field at `slot` (null at -1). `eventAlias`: the name is one an event
  /// answers itself (its resource), before its attributes and the record.
  case field(slot: Int32, eventAlias: Bool)
  /// `x == null`, `x != null`, `exists(x)`.
  case isNull(negated: Bool)
  case not
  case negate
  /// The left side of `and` is on top: when it is false it is the result, and evaluation goes on
  /// at step `decided` (past the `and`); otherwise it stays for `and`.
  case andLeft(decided: Int32)
  /// Three-valued `and` of the two values on top.
  case and
  /// `andLeft` for `or`: a true left side is the result.
  case orLeft(decided: Int32)
  case or
  case binary(ExpressionOperator)
  /// The left value under `count` elements: whether it equals one of them.
  case membership(count: Int32, negated: Bool)
  /// Whether the text on top matches `regexes[index]`.
  case matches(Int32)
  case call1(ExpressionFunction)
  case call2(ExpressionFunction)
  /// `has("A")` (`asBool`) or `count("A")` of the activity with this id (-1: none has it).
  case eventCount(activity: Int32, asBool: Bool)
  /// `first("A")` or `last("A")` of the activity with this id (-1: none has it).
  case eventTime(activity: Int32, last: Bool)
}
