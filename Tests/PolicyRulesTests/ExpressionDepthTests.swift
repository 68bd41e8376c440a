import Foundation
import Testing

@testable import PolicyRules

/// Runs `body` on a thread with a 512 KiB stack (a secondary thread's and a Dispatch worker's
/// size on macOS), so a walk that fits there fits on every worker.
func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
  let box = SmallStackResult<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.value = body()
    done.signal()
  }
  thread.stackSize = 512 * 1024
  thread.start()
  done.wait()
  return box.value!
}

/// Written by the thread before it signals, read after the wait.
private final class SmallStackResult<T>: @unchecked Sendable {
  var value: T?
}

/// One way of nesting: the text at a given depth, where the depth error points for one level
/// more, and the value the text has at depth 256 (with `x` = 1 and `flag` = true).
struct NestingShape: CustomTestStringConvertible, Sendable {
  var name: String
  var text: @Sendable (Int) -> String
  /// The offset of the token that passes the bound in `text(257)`.
  var errorOffset: Int
  var valueAtBound: Value
  var testDescription: String { name }

  static let all: [NestingShape] = [
    .init(
      name: "parentheses",
      text: { String(repeating: "(", count: $0) + "x" + String(repeating: ")", count: $0) },
      errorOffset: 256, valueAtBound: .number(1)),
    .init(
      name: "calls",
      text: { String(repeating: "abs(", count: $0) + "x" + String(repeating: ")", count: $0) },
      errorOffset: 256 * 4, valueAtBound: .number(1)),
    .init(
      name: "not", text: { String(repeating: "not ", count: $0) + "flag" }, errorOffset: 256 * 4,
      valueAtBound: .bool(true)),
    .init(
      name: "unary minus", text: { String(repeating: "-", count: $0) + "x" }, errorOffset: 256,
      valueAtBound: .number(1)),
    // n operators: "x + x + …"; the 257th '+' is at 2 + 4 * 256.
    .init(
      name: "'+' chain", text: { "x" + String(repeating: " + x", count: $0) }, errorOffset: 2 + 4 * 256,
      valueAtBound: .number(257)),
    .init(
      name: "'*' chain", text: { "x" + String(repeating: " * x", count: $0) }, errorOffset: 2 + 4 * 256,
      valueAtBound: .number(1)),
    // Comparisons inside parentheses: "(x == (x == … "; each level is '(' and '=='.
    .init(
      name: "comparisons",
      text: { depth in
        let pairs = depth / 2
        return String(repeating: "(flag == ", count: pairs) + "flag" + String(repeating: ")", count: pairs)
      },
      errorOffset: -1, valueAtBound: .bool(true)),
  ]
}

@Suite struct ExpressionDepthTests {
  static let fields: [String: Value] = ["x": .number(1), "flag": .bool(true)]

  /// The expression compiled with no field or activity bound.
  static func compiled(_ expression: PolicyRules.Expression) -> ExpressionProgram {
    var code = ExpressionCode()
    return code.append(expression, field: { _ in (-1, false) }, activity: { _ in -1 })
  }

  /// Depth 256 parses, type-checks, lowers, folds, evaluates, compiles (`ExpressionCode`) and
  /// prints on a small stack; one level more is an error at the token that passes the bound.
  @Test(arguments: NestingShape.all)
  func boundIsExact(shape: NestingShape) {
    let deepest = shape.text(Expression.maxDepth)
    let result = onSmallStack { () -> String in
      switch Expression.parse(deepest) {
      case .failure(let error): return "error: \(error.message) at \(error.offset)"
      case .success(let expression):
        let program = Self.compiled(expression)
        #expect(program.count > 0 && program.stackDepth <= Int32(Expression.maxDepth) + 1)
        let value = expression.evaluate(in: ExpressionTestScope(fields: Self.fields))
        #expect(expression.description == deepest)
        return "\(value)"
      }
    }
    #expect(result == "\(shape.valueAtBound)")

    let tooDeep = shape.text(Expression.maxDepth + 1 + (shape.errorOffset < 0 ? 1 : 0))
    guard case .failure(let error) = Expression.parse(tooDeep) else {
      Issue.record("\(shape.name) at depth 257 parsed")
      return
    }
    #expect(error.message == "expression nested deeper than 256 levels")
    if shape.errorOffset >= 0 { #expect(error.offset == shape.errorOffset) }
  }

  /// The reproductions of issue 13: none may crash; each is an error except the `and` chain.
  @Test(arguments: [
    (
      "10,000 parentheses",
      String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
    ),
    ("10,000 calls", String(repeating: "abs(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)),
    ("30,000 not", String(repeating: "not ", count: 30_000) + "flag"),
    ("30,000 minus", String(repeating: "-", count: 30_000) + "x"),
    ("50,000-term '+'", "x" + String(repeating: " + x", count: 50_000)),
    ("100,000 unclosed parentheses", String(repeating: "(", count: 100_000)),
  ])
  func hostileNestingIsAnError(name: String, text: String) {
    let message = onSmallStack { () -> String? in
      if case .failure(let error) = Expression.parse(text) { return error.message }
      return nil
    }
    #expect(message == "expression nested deeper than 256 levels")
  }

  /// A 30,000-term `and` (or `or`) chain is a balanced tree: it parses and evaluates on a small
  /// stack with three-valued logic intact.
  @Test(arguments: ["and", "or", "&&", "||"])
  func longLogicalChainsEvaluate(op: String) {
    let count = 30_000
    let text = (0..<count).map { "f\($0 % 7)" }.joined(separator: " \(op) ")
    let isAnd = op == "and" || op == "&&"
    let results = onSmallStack { () -> [Value] in
      guard case .success(let expression) = Expression.parse(text) else { return [] }
      let identity = Value.bool(isAnd)
      let allIdentity = Dictionary(uniqueKeysWithValues: (0..<7).map { ("f\($0)", identity) })
      var oneDeciding = allIdentity
      oneDeciding["f6"] = .bool(!isAnd)
      var oneNull = allIdentity
      oneNull["f3"] = .null
      var nullAndDeciding = oneNull
      nullAndDeciding["f6"] = .bool(!isAnd)
      // Compiled too: a balanced chain holds few values at once.
      #expect(Self.compiled(expression).stackDepth <= 20)
      return [allIdentity, oneDeciding, oneNull, nullAndDeciding].map {
        expression.evaluate(in: ExpressionTestScope(fields: $0))
      }
    }
    #expect(results == [.bool(isAnd), .bool(!isAnd), .null, .bool(!isAnd)])
  }

  /// A chain of 600 operands each 250 deep: the logarithm of the chain is added to its
  /// operands' depth, so this passes the bound and is an error, never a crash.
  @Test func deepOperandsOfALongChainAreAnError() {
    let operand = String(repeating: "(", count: 250) + "flag" + String(repeating: ")", count: 250)
    let text = Array(repeating: operand, count: 600).joined(separator: " and ")
    guard case .failure(let error) = Expression.parse(text) else {
      Issue.record("parsed")
      return
    }
    #expect(error.message == "expression nested deeper than 256 levels")
  }
}
