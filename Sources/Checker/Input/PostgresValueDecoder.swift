import PolicyRules

/// Reads PostgreSQL's binary wire format of the column types a source can hold into
/// `DatabaseRows` cells, without a detour through text (except `numeric`, whose base-10000
/// digits are written as decimal digits and parsed, so it rounds exactly as a file's number).
struct PostgresValueDecoder {
  enum Kind: Equatable {
    case bool, int2, int4, int8, oid, float4, float8, numeric, text, jsonb, uuid, date, timestamp, timestamptz

    init?(oid: UInt32) {
      switch oid {
      case 16: self = .bool
      case 20: self = .int8
      case 21: self = .int2
      case 23: self = .int4
      case 26: self = .oid
      case 700: self = .float4
      case 701: self = .float8
      case 1700: self = .numeric
      // text, varchar, bpchar, name, json, unknown: the bytes are the text.
      case 25, 1043, 1042, 19, 114, 705: self = .text
      case 3802: self = .jsonb
      case 2950: self = .uuid
      case 1082: self = .date
      case 1114: self = .timestamp
      case 1184: self = .timestamptz
      default: return nil
      }
    }
  }

  /// 2000-01-01, PostgreSQL's epoch, in milliseconds since 1970-01-01.
  static let epoch: Int64 = 946_684_800_000
  private var digits: [UInt8] = []

  /// Stores one non-null value; false (after rejecting the row) when it cannot be used.
  mutating func store(
    _ bytes: UnsafeBufferPointer<UInt8>, kind: Kind, column: Int, row: Int, into rows: inout DatabaseRows
  ) -> Bool {
    func integer(_ width: Int) -> Int64 {
      var value: Int64 = bytes.count > 0 && bytes[0] & 0x80 != 0 ? -1 : 0
      for k in 0..<min(width, bytes.count) { value = value << 8 | Int64(bytes[k]) }
      return value
    }
    switch kind {
    case .bool: return rows.bool(column, bytes.first.map { $0 != 0 } ?? false, row: row)
    case .int2: return rows.number(column, Double(integer(2)), row: row)
    case .int4: return rows.number(column, Double(integer(4)), row: row)
    case .int8: return rows.number(column, Double(integer(8)), row: row)
    case .oid: return rows.number(column, Double(UInt32(truncatingIfNeeded: integer(4))), row: row)
    case .float4:
      return rows.number(column, Double(Float(bitPattern: UInt32(truncatingIfNeeded: integer(4)))), row: row)
    case .float8: return rows.number(column, Double(bitPattern: UInt64(bitPattern: integer(8))), row: row)
    case .text: return rows.text(column, bytes, row: row)
    case .jsonb:
      // A version byte (1), then the text.
      return rows.text(column, UnsafeBufferPointer(rebasing: bytes[min(1, bytes.count)...]), row: row)
    case .uuid:
      var text: [UInt8] = []
      let hex = Array("0123456789abcdef".utf8)
      for (k, byte) in bytes.enumerated() {
        if [4, 6, 8, 10].contains(k) { text.append(UInt8(ascii: "-")) }
        text.append(hex[Int(byte >> 4)])
        text.append(hex[Int(byte & 15)])
      }
      // The text's bytes, lent for this call only.
      return text.withUnsafeBufferPointer { rows.text(column, $0, row: row) }
    case .date:
      let days = integer(4)
      if days == Int64(Int32.max) || days == Int64(Int32.min) {
        return infinite(days > 0, column: column, row: row, rows: &rows)
      }
      let local = Self.epoch + days * Timestamp.millisecondsPerDay
      return rows.localTime(column, local: local, row: row, shown: Self.localText(local))
    case .timestamp, .timestamptz:
      let micros = integer(8)
      if micros == Int64.max || micros == Int64.min {
        return infinite(micros > 0, column: column, row: row, rows: &rows)
      }
      // Floor to the millisecond (the tool's resolution), as a file's fraction is cut.
      let milliseconds = Self.epoch + (micros >= 0 ? micros / 1000 : (micros - 999) / 1000)
      if kind == .timestamp {
        return rows.localTime(column, local: milliseconds, row: row, shown: Self.localText(milliseconds))
      }
      return rows.instant(column, utc: milliseconds, row: row, shown: Self.localText(milliseconds) + "Z")
    case .numeric: return numeric(bytes, column: column, row: row, rows: &rows)
    }
  }

  private func infinite(_ positive: Bool, column: Int, row: Int, rows: inout DatabaseRows) -> Bool {
    rows.builder.reject(
      line: row, column: column + 1,
      reason: "bad timestamp '\(positive ? "" : "-")infinity' in column \(rows.builder.headerNames[column])")
    return false
  }

  /// `numeric`: digit count, weight (of the first base-10000 digit), sign, display scale, digits.
  private mutating func numeric(
    _ bytes: UnsafeBufferPointer<UInt8>, column: Int, row: Int, rows: inout DatabaseRows
  )
    -> Bool
  {
    func word(_ k: Int) -> Int {
      k * 2 + 1 < bytes.count ? Int(bytes[k * 2]) << 8 | Int(bytes[k * 2 + 1]) : 0
    }
    let count = word(0)
    let weight = Int(Int16(truncatingIfNeeded: word(1)))
    let sign = word(2)
    guard sign == 0 || sign == 0x4000 else {
      let shown = sign == 0xC000 ? "NaN" : sign == 0xD000 ? "Infinity" : "-Infinity"
      rows.builder.reject(
        line: row, column: column + 1,
        reason: "bad number '\(shown)' in column \(rows.builder.headerNames[column])")
      return false
    }
    digits.removeAll(keepingCapacity: true)
    if sign == 0x4000 { digits.append(UInt8(ascii: "-")) }
    func group(_ k: Int, padded: Bool) {
      let value = k >= 0 && k < count ? word(4 + k) : 0
      let text = Array(String(value).utf8)
      if padded { digits.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - text.count)) }
      digits.append(contentsOf: text)
    }
    if weight < 0 {
      digits.append(UInt8(ascii: "0"))
    } else {
      for k in 0...weight { group(k, padded: k > 0) }
    }
    if count - 1 > weight {
      digits.append(UInt8(ascii: "."))
      for k in (weight + 1)..<count { group(k, padded: true) }
    }
    // The digits' bytes, lent for this call only.
    return digits.withUnsafeBufferPointer { text in
      guard let value = NumberParsing.parseDouble(text) else {
        rows.builder.reject(
          line: row, column: column + 1,
          reason:
            "bad number '\(String(decoding: text, as: UTF8.self))' in column \(rows.builder.headerNames[column]) (out of range)"
        )
        return false
      }
      return rows.number(column, value, row: row)
    }
  }

  /// `2024-09-01 10:00:00` for milliseconds since 1970-01-01 (shown in messages).
  static func localText(_ milliseconds: Int64) -> String { SQLiteReader.localText(milliseconds) }
}
