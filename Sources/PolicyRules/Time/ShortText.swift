/// A short text built in place (a date, a time, a number), at most 48 bytes, so report
/// loops and deadline explanations can format instants without allocating a `String` for each.
/// (`package`: the reports in `Checker` use it too.)
package struct ShortText {
  package static let capacity = 48
  private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
  package private(set) var count = 0

  package init() {}

  /// Appends one byte; bytes past the capacity are dropped (no caller comes near it).
  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    guard count < ShortText.capacity else { return }
    withUnsafeMutableBytes(of: &storage) { $0[count] = byte }
    count += 1
  }

  /// Appends a decimal integer, e.g. `2024` or `-5`.
  package mutating func append(integer value: Int) {
    if value < 0 { append(UInt8(ascii: "-")) }
    let magnitude = value.magnitude
    // Years and clock fields are all there is on hot paths: up to four digits without a loop.
    if magnitude < 10_000 {
      if magnitude >= 1000 { append(UInt8(ascii: "0") + UInt8(magnitude / 1000)) }
      if magnitude >= 100 { append(UInt8(ascii: "0") + UInt8(magnitude / 100 % 10)) }
      if magnitude >= 10 { append(UInt8(ascii: "0") + UInt8(magnitude / 10 % 10)) }
      append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      return
    }
    var divisor: UInt = 1
    while magnitude / divisor >= 10 { divisor *= 10 }
    var rest = magnitude
    repeat {
      append(UInt8(ascii: "0") + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    } while divisor > 0
  }

  /// Appends `n` with at least two digits, as `CivilMath.pad2` prints it.
  package mutating func append(twoDigits n: Int) {
    if n >= 0 && n < 100 {
      append(UInt8(ascii: "0") + UInt8(n / 10))
      append(UInt8(ascii: "0") + UInt8(n % 10))
    } else {
      append(integer: n)
    }
  }

  /// Appends a year as ISO 8601 writes it (`CivilDate.yearText`): four digits (`0005`), signed
  /// beyond 0000–9999 (`+10000`, `-0001`).
  package mutating func append(year: Int) {
    if year > 9999 { append(UInt8(ascii: "+")) }
    if year < 0 { append(UInt8(ascii: "-")) }
    let magnitude = year.magnitude
    if magnitude < 1000 {
      if magnitude < 100 { append(UInt8(ascii: "0")) }
      if magnitude < 10 { append(UInt8(ascii: "0")) }
      append(UInt8(ascii: "0"))
    }
    append(integer: Int(magnitude))
  }

  /// Appends the UTF-8 bytes of a literal (a weekday name).
  package mutating func append(_ literal: StaticString) {
    let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    for byte in bytes { append(byte) }
  }

  /// The bytes, for writing.
  package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    Swift.withUnsafeBytes(of: storage) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
  }

  package var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
}
