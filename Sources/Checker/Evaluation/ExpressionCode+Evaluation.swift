import PolicyRules

/// What compiled expressions read (`ExpressionStep`): fields by slot and events by activity id.
/// Calls the plan did not bind (`hour(t)`, `has(name_field)`) read the scope by name.
protocol BoundExpressionScope: ExpressionScope {
  /// The field at `slot` of the case's record type (null at -1). `eventAlias`: the name is one an
  /// event answers itself (`PlanBinder.eventNames`).
  func field(slot: Int32, eventAlias: Bool) -> Value
  /// How many events up to the cut-off have this activity id (-1: none can).
  func eventCount(activity id: Int32) -> Int
  /// The time of the first (or last) event up to the cut-off with this activity id.
  func eventTime(activity id: Int32, last: Bool) -> Timestamp?
}

extension ExpressionCode {
  /// Runs `program` over `scope`: the same value as `Expression.evaluate(in:)` of the expression
  /// it was compiled from (`Expressions/README.md`), without comparing a name.
  ///
  /// Operands are evaluated before the operation, also where the tree walk stops early at a
  /// null (`binary`, calls): evaluation has no effects, so only `and` and `or`, whose right
  /// side may be skipped, jump.
  func evaluate(_ program: ExpressionProgram, in scope: some BoundExpressionScope) -> Value {
    // The value stack lives on this frame. Invariant: elements 0...top are initialized and the
    // rest are not; `stackDepth` is the most values the program holds at once (counted when it
    // was compiled), and a program leaves exactly one value, its result.
    withUnsafeTemporaryAllocation(of: Value.self, capacity: Int(program.stackDepth)) { stack in
      var top = -1
      func push(_ value: Value) {
        top += 1
        stack.initializeElement(at: top, to: value)
      }
      func pop() -> Value {
        top -= 1
        return stack.moveElement(from: top + 1)
      }
      var next = Int(program.start)
      let end = next + Int(program.count)
      while next < end {
        let step = steps[next]
        next += 1
        switch step {
        case .constant(let index):
          push(constants[Int(index)])
        case .field(let slot, let eventAlias):
          push(scope.field(slot: slot, eventAlias: eventAlias))
        case .isNull(let negated):
          push(.bool(pop().isNull != negated))
        case .not:
          guard case .bool(let value) = pop() else {
            push(.null)
            continue
          }
          push(.bool(!value))
        case .negate:
          push(ValueOperations.negated(pop()))
        case .andLeft(let decided):
          if stack[top].bool == false { next = Int(decided) }
        case .orLeft(let decided):
          if stack[top].bool == true { next = Int(decided) }
        case .and:
          let right = pop().bool
          push(Self.logical(pop().bool, right, decidedBy: false))
        case .or:
          let right = pop().bool
          push(Self.logical(pop().bool, right, decidedBy: true))
        case .binary(let op):
          let right = pop()
          let left = pop()
          push(left.isNull || right.isNull ? .null : ValueOperations.apply(op, left, right))
        case .membership(let count, let negated):
          let base = top - Int(count)
          var found = false
          if !stack[base].isNull {
            for k in base + 1..<top + 1 where ValueOperations.equals(stack[base], stack[k]) == true {
              found = true
              break
            }
          }
          let isNull = stack[base].isNull
          while top >= base { _ = pop() }
          push(isNull ? .null : .bool(found != negated))
        case .matches(let index):
          guard case .string(let text) = pop() else {
            push(.null)
            continue
          }
          push(.bool(regexes[Int(index)].matches(text)))
        case .call1(let function):
          push(function.apply(pop(), in: scope))
        case .call2(let function):
          let second = pop()
          let first = pop()
          push(first.isNull || second.isNull ? .null : function.apply(first, second))
        case .eventCount(let activity, let asBool):
          let count = activity < 0 ? 0 : scope.eventCount(activity: activity)
          push(asBool ? .bool(count > 0) : .number(Double(count)))
        case .eventTime(let activity, let last):
          let time = activity < 0 ? nil : scope.eventTime(activity: activity, last: last)
          push(time.map(Value.timestamp) ?? .null)
        }
      }
      return pop()
    }
  }

  /// Three-valued `and` (decided by false) or `or` (decided by true): either side with the
  /// deciding value decides; both with the other give the other; any null otherwise.
  private static func logical(_ left: Bool?, _ right: Bool?, decidedBy decisive: Bool) -> Value {
    if left == decisive || right == decisive { return .bool(decisive) }
    return left == !decisive && right == !decisive ? .bool(!decisive) : .null
  }
}
