/// A short ASCII text built in place (a date, a time, a number), at most 48 bytes, so report
/// loops can format instants without allocating a `String` for each.
struct ShortText {
  static let capacity = 48
  private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
  private(set) var count = 0

  /// Appends one byte; bytes past the capacity are dropped (no caller comes near it).
  @inline(__always)
  mutating func append(_ byte: UInt8) {
    guard count < ShortText.capacity else { return }
    withUnsafeMutableBytes(of: &storage) { $0[count] = byte }
    count += 1
  }

  /// Appends a decimal integer, e.g. `2024` or `-5`.
  mutating func append(integer value: Int) {
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
  mutating func append(twoDigits n: Int) {
    if n >= 0 && n < 100 {
      append(UInt8(ascii: "0") + UInt8(n / 10))
      append(UInt8(ascii: "0") + UInt8(n % 10))
    } else {
      append(integer: n)
    }
  }

  /// The bytes, for writing.
  func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    Swift.withUnsafeBytes(of: storage) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
  }

  var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
}
