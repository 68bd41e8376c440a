import Foundation
import PolicyRules

/// Turns cells of one column into packed values (text as ids into the file's pool), caching
/// zone offsets in its own timestamp parser.
struct ColumnConverter {
  enum Kind {
    case text
    case timestamp
    case number
    case boolean
  }

  let headerName: String
  let kind: Kind
  private var parser: TimestampParser?
  /// False when the file's bytes are known to be valid, so cells need no check.
  let validatesUTF8: Bool
  let encodingName: String

  init(
    headerName: String, kind: Kind, timestampFormat: TimestampFormat, timeZone: TimeZone, validatesUTF8: Bool,
    encodingName: String
  ) {
    self.headerName = headerName
    self.kind = kind
    self.validatesUTF8 = validatesUTF8
    self.encodingName = encodingName
    if kind == .timestamp { parser = TimestampParser(format: timestampFormat, timeZone: timeZone) }
  }

  /// The value of a text cell, or the reason the row must be rejected.
  @inline(__always)
  mutating func convert(
    _ bytes: UnsafeBufferPointer<UInt8>, column: Int, pool: inout StringInterner
  ) -> Result<StoredValue, CellProblem> {
    if let value = value(bytes, pool: &pool) { return .success(value) }
    return .failure(problem(bytes, column: column))
  }

  /// The value of a text cell; nil when the row must be rejected (`problem` tells why). No
  /// reason is built on the way: the common path returns a plain value, not a `Result` that
  /// carries a String.
  @inline(__always)
  mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, pool: inout StringInterner) -> StoredValue? {
    if bytes.isEmpty { return .null }
    // Timestamps, numbers and booleans are read without a UTF-8 check first: what parses is
    // ASCII digits and signs or the literals of a format or word list, valid UTF-8 all, so only
    // a cell that does not parse is checked (its rejection names the encoding when invalid).
    switch kind {
    case .text: return Self.text(bytes, validating: validatesUTF8, pool: &pool)
    case .timestamp:
      if let time = parser?.parse(bytes) {
        return StoredValue(tag: .timestamp, bits: UInt64(bitPattern: time.milliseconds))
      }
    case .number:
      if let number = NumberParsing.parseDouble(bytes) {
        return StoredValue(tag: .number, bits: number.bitPattern)
      }
    case .boolean:
      if let flag = Self.boolean(bytes) { return StoredValue(tag: .bool, bits: flag ? 1 : 0) }
    }
    // Did not parse: invalid text or a bad value reject the row; a blank cell is null.
    if validatesUTF8 && !UTF8Validation.isValid(bytes) { return nil }
    return Self.isBlank(bytes) ? .null : nil
  }

  /// The value of a cell of a text column (no converter state needed).
  @inline(__always)
  static func text(
    _ bytes: UnsafeBufferPointer<UInt8>, validating: Bool, pool: inout StringInterner
  ) -> StoredValue? {
    if bytes.isEmpty { return .null }
    return pool.internID(bytes, validating: validating).map { .string($0) }
  }

  /// Why `value` refused `bytes` (cell `column`, 1-based).
  func problem(_ bytes: UnsafeBufferPointer<UInt8>, column: Int) -> CellProblem {
    if kind == .text || (validatesUTF8 && !UTF8Validation.isValid(bytes)) { return invalidText(column) }
    switch kind {
    case .text, .timestamp:
      guard let reason = parser?.problem(bytes) else { return problem("bad timestamp", bytes, column) }
      return CellProblem(
        column: column,
        reason:
          "bad timestamp '\(String(decoding: bytes, as: UTF8.self))' in column \(headerName) (\(reason))")
    case .number: return problem("bad number", bytes, column)
    case .boolean: return problem("bad boolean", bytes, column)
    }
  }

  /// The value of a typed cell from JSON Lines or XES.
  mutating func convert(_ cell: CellValue, column: Int, pool: inout StringInterner) -> Result<
    StoredValue, CellProblem
  > {
    switch cell {
    case .null: return .success(.null)
    case .string(var text), .json(var text):
      return text.withUTF8 { convert($0, column: column, pool: &pool) }
    case .number(let number):
      switch kind {
      case .text, .number: return .success(StoredValue(tag: .number, bits: number.bitPattern))
      case .boolean:
        return number == 0 || number == 1
          ? .success(StoredValue(tag: .bool, bits: number == 1 ? 1 : 0))
          : .failure(problem("bad boolean", number, column))
      case .timestamp:
        var text = Value.number(number).description
        return text.withUTF8 { convert($0, column: column, pool: &pool) }
      }
    case .bool(let flag):
      switch kind {
      case .text, .boolean: return .success(StoredValue(tag: .bool, bits: flag ? 1 : 0))
      case .number, .timestamp:
        return .failure(problem(kind == .number ? "bad number" : "bad timestamp", flag, column))
      }
    }
  }

  private func invalidText(_ column: Int) -> CellProblem {
    CellProblem(column: column, reason: "invalid \(encodingName) at column \(column)")
  }

  // `bytes`: the caller's cell, read during the call only (copied into the message).
  private func problem(_ what: String, _ bytes: UnsafeBufferPointer<UInt8>, _ column: Int) -> CellProblem {
    CellProblem(
      column: column, reason: "\(what) '\(String(decoding: bytes, as: UTF8.self))' in column \(headerName)")
  }

  private func problem(_ what: String, _ value: some CustomStringConvertible, _ column: Int) -> CellProblem {
    CellProblem(column: column, reason: "\(what) '\(value)' in column \(headerName)")
  }

  // `bytes`: the caller's cell, read during the call only.
  static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  private static let trueWords: [[UInt8]] = ["true", "TRUE", "True", "yes", "1", "是", "Y", "y"].map {
    Array($0.utf8)
  }
  private static let falseWords: [[UInt8]] = ["false", "FALSE", "False", "no", "0", "否", "N", "n"].map {
    Array($0.utf8)
  }

  // `bytes`: the caller's cell, read during the call only.
  static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    if trueWords.contains(where: { $0.elementsEqual(bytes) }) { return true }
    if falseWords.contains(where: { $0.elementsEqual(bytes) }) { return false }
    return nil
  }
}

/// Why one cell makes its row unusable.
struct CellProblem: Error {
  var column: Int
  var reason: String
}
