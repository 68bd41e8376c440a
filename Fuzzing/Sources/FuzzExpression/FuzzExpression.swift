// Expression parser, type checker and evaluator: text in, then every expression that type-checks
// is evaluated against scopes whose fields take every kind of value, extremes included.
//
// Invariants: a rejected expression has a message and an offset inside the text; evaluating a
// type-checked expression never traps; a non-null result has the statically checked type.
import FuzzSupport
import PolicyRules

let parameters: [String: Value] = [
  "limit": .number(35), "zero": .number(0), "name": .string("leak"), "flag": .bool(true),
  "window": .duration(86_400_000), "pattern": .string("^A\\d+$"),
]

/// Values a field may hold when read from data (timestamps across the years a parser accepts,
/// numbers up to the largest finite double), and at the limits of their storage.
let fieldValues: [Value] = [
  .null, .bool(false), .bool(true), .number(0), .number(-0.0), .number(0.5), .number(-3), .number(1e15),
  .number(1.7e308), .number(-1.7e308), .string(""), .string("42"), .string(" 7 "), .string("leak"),
  .string("受理时间"), .timestamp(Timestamp(milliseconds: 1_727_000_000_000)),
  .timestamp(Timestamp(milliseconds: -62_135_596_800_000)),
  .timestamp(Timestamp(milliseconds: 253_402_300_799_999)),
  .timestamp(Timestamp(milliseconds: Int64.max)), .timestamp(Timestamp(milliseconds: Int64.min)),
  .duration(Int64.max), .duration(Int64.min), .duration(-1),
]

/// A case whose field `name` holds one of `fieldValues`, chosen by the name and the scope's seed.
struct FuzzScope: ExpressionScope {
  var seed: Int
  var timeZoneIdentifier: String

  func field(_ name: String) -> Value {
    fieldValues[(Self.hash(name) &+ seed) % fieldValues.count]
  }

  func eventTimes(_ activity: String) -> [Timestamp] {
    let count = (Self.hash(activity) &+ seed) % 4
    return (0..<count).map { Timestamp(milliseconds: 1_727_000_000_000 + Int64($0) * 3_600_000) }
  }

  /// Stable across runs (Swift's `hashValue` is seeded per process).
  static func hash(_ text: String) -> Int {
    text.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
  }
}

let zones = ["Asia/Shanghai", "America/New_York", "UTC", "Nowhere/Unknown"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  let text = bytes.text
  switch Expression.parse(text, parameters: parameters) {
  case .failure(let error):
    Invariants.checkError(message: error.message, offset: error.offset, in: text)
  case .success(let expression):
    for seed in 0..<fieldValues.count {
      let scope = FuzzScope(seed: seed, timeZoneIdentifier: zones[seed % zones.count])
      let value = expression.evaluate(in: scope)
      if expression.resultType != .any && !value.isNull {
        FuzzDriver.require(
          value.type == expression.resultType,
          "'\(text)' is typed \(expression.resultType) but gave \(value) in scope \(seed)")
      }
    }
  }
}
