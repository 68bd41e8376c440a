/// Numbers from bytes without making a String first.
package enum NumberParsing {
  /// A decimal number in plain or exponent notation; nil for anything else (including "", "nan",
  /// "inf", and a number beyond ±1.8e308 such as `1e400`, which would read as infinity).
  package static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    var lower = 0
    var upper = b.count
    while lower < upper && (b[lower] == 0x20 || b[lower] == 0x09) { lower += 1 }
    while upper > lower && (b[upper - 1] == 0x20 || b[upper - 1] == 0x09) { upper -= 1 }
    guard lower < upper, upper - lower < 64 else { return nil }
    // Fast path: an optionally signed integer of up to 15 digits is exact as a Double.
    var i = lower
    var negative = false
    if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
      negative = b[i] == UInt8(ascii: "-")
      i += 1
    }
    guard i < upper else { return nil }
    var integer: Int64 = 0
    var digits = 0
    while i < upper, b[i] >= 0x30, b[i] <= 0x39, digits < 16 {
      integer = integer * 10 + Int64(b[i] - 0x30)
      digits += 1
      i += 1
    }
    if i == upper && digits > 0 { return Double(negative ? -integer : integer) }
    // General path: check the grammar, then let the standard library round correctly.
    var k = lower
    if b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") { k += 1 }
    var mantissaDigits = 0
    while k < upper, b[k] >= 0x30, b[k] <= 0x39 { k += 1; mantissaDigits += 1 }
    if k < upper, b[k] == UInt8(ascii: ".") {
      k += 1
      while k < upper, b[k] >= 0x30, b[k] <= 0x39 { k += 1; mantissaDigits += 1 }
    }
    guard mantissaDigits > 0 else { return nil }
    if k < upper, b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") {
      k += 1
      if k < upper, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") { k += 1 }
      var exponentDigits = 0
      while k < upper, b[k] >= 0x30, b[k] <= 0x39 { k += 1; exponentDigits += 1 }
      guard exponentDigits > 0 else { return nil }
    }
    guard k == upper else { return nil }
    // A slice of the lent bytes, within them, copied into the string.
    guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: b[lower..<upper]), as: UTF8.self))
    else { return nil }
    return value.isFinite ? value : nil
  }
}
