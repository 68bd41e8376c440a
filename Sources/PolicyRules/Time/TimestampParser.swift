import Foundation

/// Reads timestamps from bytes by hand (no `DateFormatter` on the hot path): the one reader of
/// every time the tool takes in, event times of the loader as well as time text in record fields,
/// rule examples and the command line.
///
/// The resolution is the millisecond: a fraction of 1–9 digits is cut to its first three (not
/// rounded). Times with an offset (`Z`, `+08:00`, `+0800`, `+08`) are the instant they name, in
/// any zone; local times are read in the zone given (`TimeZoneOffsets`: a time skipped when clocks
/// go forward is shifted forward by the gap, a repeated one is its first occurrence). Years are
/// 0001–9999, and so is the instant both in UTC and in the zone: anything else is not a
/// timestamp, so a time read prints as ISO 8601 with a four-digit year, UTC or local. See
/// `TimestampFormat` for the shapes.
public struct TimestampParser: Sendable {
  public let format: TimestampFormat
  private let zone: TimeZoneOffsets
  private let pattern: [PatternToken]
  /// The pattern is `%Y-%m-%d %H:%M:%S` (or `%F %T`): a 19-byte cell of that exact shape is read
  /// at fixed positions, other cells of the column by the general pattern walk.
  private let isFixedDateTime: Bool

  enum PatternToken: Equatable, Sendable {
    case year, month, day, hour, minute, second, fraction, offset
    case literal(UInt8)
    case space
  }

  /// Fields read from text before conversion to an instant.
  struct Civil {
    var year = 0
    var month = 1
    var day = 1
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0
    /// Seconds east of UTC when the text carried an offset.
    var offset: Int?
  }

  /// The first and last instants accepted: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
  public static let earliest = Timestamp(milliseconds: -62_135_596_800_000)
  public static let latest = Timestamp(milliseconds: 253_402_300_799_999)

  /// A parser reading local times in `zone`.
  public init(format: TimestampFormat, zone: TimeZoneOffsets) {
    self.format = format
    self.zone = zone
    if case .pattern(let text) = format { pattern = Self.compile(text) } else { pattern = [] }
    isFixedDateTime = pattern == Self.dateTimePattern
  }

  /// A parser reading local times in `timeZone` (UTC when Foundation knows the zone but the offset
  /// table cannot be built, which does not happen for zones `TimeZone(identifier:)` returns).
  public init(format: TimestampFormat, timeZone: TimeZone) {
    self.init(format: format, zone: TimeZoneOffsets.named(timeZone.identifier) ?? .utc)
  }

  static let dateTimePattern: [PatternToken] = [
    .year, .literal(0x2D), .month, .literal(0x2D), .day, .space, .hour, .literal(0x3A), .minute,
    .literal(0x3A), .second,
  ]

  /// The instant written in `text` in any `auto` shape, local times in `zone`; nil if it is not
  /// one. For time text read once (a field value, an example, `--as-of`): no state is kept.
  public static func instant(_ text: some StringProtocol, zone: TimeZoneOffsets) -> Timestamp? {
    var copy = String(text)
    return copy.withUTF8 { bytes in
      let trimmed = trimmingSpaces(bytes)
      guard !trimmed.isEmpty, let civil = parseAuto(trimmed) else { return nil }
      return instant(civil, zone)
    }
  }

  /// The instant written in `text`, or nil if it is not a valid timestamp in this format.
  public mutating func parse(_ text: String) -> Timestamp? {
    var copy = text
    return copy.withUTF8 { parse($0) }
  }

  /// The date (first 10 bytes) of the last fixed-shape cell whose local day has one UTC offset
  /// throughout, and the instant of that day's local midnight (0: none yet). Rows of an event
  /// log come in time order, so thousands of cells in a row share a date: theirs is read once.
  private var cachedDateHead: UInt64 = 0
  private var cachedDateTail: UInt16 = 0
  private var cachedMidnight: Int64 = 0

  /// The instant written in `bytes` (surrounding spaces ignored), or nil.
  public mutating func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    if isFixedDateTime, raw.count == 19, let base = raw.baseAddress {
      let bytes = UnsafeRawPointer(base)
      if bytes.loadUnaligned(as: UInt64.self) == cachedDateHead
        && bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == cachedDateTail && cachedDateHead != 0,
        let time = Self.fixedTimeOfDay(raw)
      {
        return Timestamp(milliseconds: cachedMidnight + time)
      }
      // A cached day is a whole day inside the accepted range: its times need no range check.
      if let civil = Self.parseFixedDateTime(raw), Self.isValid(civil) {
        let days = Int64(CivilDate(year: civil.year, month: civil.month, day: civil.day).daysSinceEpoch)
        let local = days * Timestamp.millisecondsPerDay
        if let offset = zone.uniformOffsetMilliseconds(ofLocalDayStarting: local),
          local - offset >= Self.earliest.milliseconds,
          local - offset + Timestamp.millisecondsPerDay - 1 <= Self.latest.milliseconds
        {
          cachedDateHead = bytes.loadUnaligned(as: UInt64.self)
          cachedDateTail = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
          cachedMidnight = local - offset
        }
      }
    }
    return parseWhole(raw)
  }

  /// Why `bytes` is not a timestamp, for a rejected cell: nil when it is malformed (the caller's
  /// "bad timestamp" says it), else the range it falls outside.
  public func problem(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    let bytes = Self.trimmingSpaces(raw)
    guard !bytes.isEmpty else { return nil }
    switch format {
    case .epochSeconds, .epochMilliseconds:
      guard let value = NumberParsing.parseDouble(bytes) else { return nil }
      return Self.epochInstant(value, scale: format == .epochSeconds ? 1000 : 1, zone) == nil
        ? Self.rangeText : nil
    case .auto, .pattern:
      guard let civil = civil(bytes) else { return nil }
      if civil.year < 1 { return Self.rangeText }
      guard Self.isValid(civil) else { return nil }
      return Self.instant(civil, zone) == nil ? Self.rangeText : nil
    }
  }

  static let rangeText = "outside years 0001-9999"

  /// The milliseconds since midnight of a 19-byte `YYYY-MM-DD HH:MM:SS` cell (its date already
  /// known valid), or nil when the clock part is not of that shape or out of range (then the
  /// whole cell is read again the general way).
  @inline(__always)
  static func fixedTimeOfDay(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A else { return nil }
    func digit(_ k: Int) -> UInt8 { b[k] &- 0x30 }
    guard digit(11) < 10, digit(12) < 10, digit(14) < 10, digit(15) < 10, digit(17) < 10, digit(18) < 10
    else {
      return nil
    }
    let hour = Int64(digit(11)) * 10 + Int64(digit(12))
    let minute = Int64(digit(14)) * 10 + Int64(digit(15))
    let second = Int64(digit(17)) * 10 + Int64(digit(18))
    guard hour <= 23, minute <= 59, second <= 59 else { return nil }
    return (hour * 3600 + minute * 60 + second) * 1000
  }

  /// `parse` without the cached date.
  private func parseWhole(_ raw: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    let bytes = Self.trimmingSpaces(raw)
    guard !bytes.isEmpty else { return nil }
    switch format {
    case .epochSeconds:
      return NumberParsing.parseDouble(bytes).flatMap { Self.epochInstant($0, scale: 1000, zone) }
    case .epochMilliseconds:
      return NumberParsing.parseDouble(bytes).flatMap { Self.epochInstant($0, scale: 1, zone) }
    case .auto, .pattern:
      guard let civil = civil(bytes), Self.isValid(civil) else { return nil }
      return Self.instant(civil, zone)
    }
  }

  /// The civil fields of a trimmed cell in this parser's (non-epoch) format.
  private func civil(_ bytes: UnsafeBufferPointer<UInt8>) -> Civil? {
    if case .auto = format { return Self.parseAuto(bytes) }
    return (isFixedDateTime ? Self.parseFixedDateTime(bytes) : nil) ?? Self.parse(bytes, pattern: pattern)
  }

  /// `bytes` without leading and trailing spaces.
  static func trimmingSpaces(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = raw.count
    while lower < upper && raw[lower] == 0x20 { lower += 1 }
    while upper > lower && raw[upper - 1] == 0x20 { upper -= 1 }
    // A slice of the lent bytes, within them, for this parse only.
    return UnsafeBufferPointer(rebasing: raw[lower..<upper])
  }

  /// The instant `value` units of `scale` milliseconds after the epoch, rounded to the
  /// millisecond; nil outside the accepted years (checked on the double, before any integer
  /// conversion could trap: `1e300`, `9223372036854775807`).
  static func epochInstant(_ value: Double, scale: Double, _ zone: TimeZoneOffsets) -> Timestamp? {
    let milliseconds = (value * scale).rounded()
    guard milliseconds >= Double(earliest.milliseconds), milliseconds <= Double(latest.milliseconds) else {
      return nil
    }
    return inRange(Int64(milliseconds), zone)
  }

  /// The instant, if it lies in years 0001–9999 both in UTC and in `zone`.
  @inline(__always)
  static func inRange(_ utc: Int64, _ zone: TimeZoneOffsets) -> Timestamp? {
    guard utc >= earliest.milliseconds, utc <= latest.milliseconds else { return nil }
    // Offsets are under a day: only an instant within a day of the bounds needs its local time.
    if utc < earliest.milliseconds + Timestamp.millisecondsPerDay
      || utc > latest.milliseconds - Timestamp.millisecondsPerDay
    {
      let local = zone.localMilliseconds(fromUTC: utc)
      guard local >= earliest.milliseconds, local <= latest.milliseconds else { return nil }
    }
    return Timestamp(milliseconds: utc)
  }

  /// The instant of valid civil fields: with their offset, else local in `zone`; nil outside the
  /// accepted range (years are four digits, so nothing here can overflow).
  static func instant(_ civil: Civil, _ zone: TimeZoneOffsets) -> Timestamp? {
    guard civil.year >= 1 else { return nil }
    let days = Int64(CivilDate(year: civil.year, month: civil.month, day: civil.day).daysSinceEpoch)
    let local =
      days * Timestamp.millisecondsPerDay + Int64(civil.hour) * Timestamp.millisecondsPerHour
      + Int64(civil.minute) * Timestamp.millisecondsPerMinute + Int64(civil.second) * 1000
      + Int64(civil.millisecond)
    if let offset = civil.offset { return inRange(local - Int64(offset) * 1000, zone) }
    // A local time of years 0001–9999 is in range in its zone; only UTC is to check.
    let utc = zone.utcMilliseconds(fromLocal: local)
    guard utc >= earliest.milliseconds, utc <= latest.milliseconds else { return nil }
    return Timestamp(milliseconds: utc)
  }

  static func isValid(_ c: Civil) -> Bool {
    c.year >= 1 && (1...12).contains(c.month) && c.day >= 1
      && c.day <= CivilDate.daysIn(month: c.month, year: c.year)
      && (0...23).contains(c.hour) && (0...59).contains(c.minute) && (0...59).contains(c.second)
  }

  // MARK: - Shapes

  private static let yearMark: [UInt8] = Array("年".utf8)
  private static let monthMark: [UInt8] = Array("月".utf8)
  private static let dayMark: [UInt8] = Array("日".utf8)

  /// The shapes listed on `TimestampFormat.auto`.
  static func parseAuto(_ b: UnsafeBufferPointer<UInt8>) -> Civil? {
    var cursor = ByteCursor(bytes: b)
    var c = Civil()
    guard let year = cursor.digits(min: 4, max: 4) else { return nil }
    c.year = year
    if cursor.consume(yearMark) {
      guard let month = cursor.digits(min: 1, max: 2), cursor.consume(monthMark),
        let day = cursor.digits(min: 1, max: 2), cursor.consume(dayMark)
      else { return nil }
      c.month = month
      c.day = day
    } else {
      guard let separator = cursor.peek, separator == 0x2D || separator == 0x2F || separator == 0x2E else {
        return nil
      }
      cursor.advance()
      guard let month = cursor.digits(min: 1, max: 2), cursor.consume(separator),
        let day = cursor.digits(min: 1, max: 2)
      else { return nil }
      c.month = month
      c.day = day
    }
    if cursor.isAtEnd { return c }
    if cursor.peek == UInt8(ascii: "T") {
      cursor.advance()
    } else {
      guard cursor.skipSpaces() else { return nil }
    }
    guard readClock(&cursor, into: &c) else { return nil }
    _ = cursor.skipSpaces()
    if !cursor.isAtEnd {
      guard let offset = readOffset(&cursor), cursor.isAtEnd else { return nil }
      c.offset = offset
    }
    return c
  }

  /// `H:MM`, `H:MM:SS`, `H:MM:SS.fff` (`,` also accepted before the fraction).
  static func readClock(_ cursor: inout ByteCursor, into c: inout Civil) -> Bool {
    guard let hour = cursor.digits(min: 1, max: 2), cursor.consume(UInt8(ascii: ":")),
      let minute = cursor.digits(min: 2, max: 2)
    else { return false }
    c.hour = hour
    c.minute = minute
    if cursor.consume(UInt8(ascii: ":")) {
      guard let second = cursor.digits(min: 2, max: 2) else { return false }
      c.second = second
      if cursor.peek == UInt8(ascii: ".") || cursor.peek == UInt8(ascii: ",") {
        cursor.advance()
        guard let ms = readFraction(&cursor) else { return false }
        c.millisecond = ms
      }
    }
    return true
  }

  /// Fractional seconds of 1–9 digits to milliseconds (digits beyond the third are dropped, not
  /// rounded); nil for no digit or more than nine.
  static func readFraction(_ cursor: inout ByteCursor) -> Int? {
    var ms = 0
    var count = 0
    while let d = cursor.peekDigit {
      if count < 3 { ms = ms * 10 + d }
      count += 1
      cursor.advance()
    }
    guard count > 0, count <= 9 else { return nil }
    var scaled = count
    while scaled < 3 {
      ms *= 10
      scaled += 1
    }
    return ms
  }

  /// `Z`, `±hh`, `±hhmm`, `±hh:mm` ⇒ seconds east of UTC.
  static func readOffset(_ cursor: inout ByteCursor) -> Int? {
    if cursor.consume(UInt8(ascii: "Z")) || cursor.consume(UInt8(ascii: "z")) { return 0 }
    guard let sign = cursor.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
    cursor.advance()
    guard let hours = cursor.digits(min: 2, max: 2), hours <= 14 else { return nil }
    var minutes = 0
    if cursor.consume(UInt8(ascii: ":")) {
      guard let m = cursor.digits(min: 2, max: 2) else { return nil }
      minutes = m
    } else if let m = cursor.digits(min: 2, max: 2) {
      minutes = m
    }
    guard minutes < 60 else { return nil }
    let seconds = hours * 3600 + minutes * 60
    return sign == UInt8(ascii: "-") ? -seconds : seconds
  }

  // MARK: - Patterns

  static func compile(_ pattern: String) -> [PatternToken] {
    var tokens: [PatternToken] = []
    let bytes = Array(pattern.utf8)
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "%") && i + 1 < bytes.count {
        i += 2
        switch bytes[i - 1] {
        case UInt8(ascii: "Y"): tokens.append(.year)
        case UInt8(ascii: "m"): tokens.append(.month)
        case UInt8(ascii: "d"): tokens.append(.day)
        case UInt8(ascii: "H"): tokens.append(.hour)
        case UInt8(ascii: "M"): tokens.append(.minute)
        case UInt8(ascii: "S"): tokens.append(.second)
        case UInt8(ascii: "f"): tokens.append(.fraction)
        case UInt8(ascii: "z"): tokens.append(.offset)
        case UInt8(ascii: "F"): tokens += [.year, .literal(0x2D), .month, .literal(0x2D), .day]
        case UInt8(ascii: "T"): tokens += [.hour, .literal(0x3A), .minute, .literal(0x3A), .second]
        default: tokens.append(.literal(bytes[i - 1]))
        }
      } else {
        tokens.append(byte == 0x20 ? .space : .literal(byte))
        i += 1
      }
    }
    return tokens
  }

  /// The directives a pattern may use, for validating descriptions.
  public static func unknownDirective(in pattern: String) -> String? {
    let bytes = Array(pattern.utf8)
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "%") {
        guard i + 1 < bytes.count else { return "%" }
        let directive = Character(Unicode.Scalar(bytes[i + 1]))
        if !"YmdHMSfzFT%".contains(directive) { return "%\(directive)" }
        i += 2
      } else {
        i += 1
      }
    }
    return nil
  }

  // `b`: the caller's bytes, read during the call only.
  static func parse(_ b: UnsafeBufferPointer<UInt8>, pattern: [PatternToken]) -> Civil? {
    var cursor = ByteCursor(bytes: b)
    var c = Civil()
    for token in pattern {
      switch token {
      case .year: guard let v = cursor.digits(min: 4, max: 4) else { return nil }; c.year = v
      case .month: guard let v = cursor.digits(min: 1, max: 2) else { return nil }; c.month = v
      case .day: guard let v = cursor.digits(min: 1, max: 2) else { return nil }; c.day = v
      case .hour: guard let v = cursor.digits(min: 1, max: 2) else { return nil }; c.hour = v
      case .minute: guard let v = cursor.digits(min: 2, max: 2) else { return nil }; c.minute = v
      case .second: guard let v = cursor.digits(min: 2, max: 2) else { return nil }; c.second = v
      case .fraction: guard let v = readFraction(&cursor) else { return nil }; c.millisecond = v
      case .offset: guard let v = readOffset(&cursor) else { return nil }; c.offset = v
      case .literal(let byte): guard cursor.consume(byte) else { return nil }
      case .space: guard cursor.skipSpaces() else { return nil }
      }
    }
    return cursor.isAtEnd ? c : nil
  }

  /// `YYYY-MM-DD HH:MM:SS` at fixed positions, or nil (then the general walk decides: it also
  /// takes one-digit months, days and hours and several spaces). Whatever this reads, the walk
  /// of `dateTimePattern` reads the same.
  @inline(__always)
  static func parseFixedDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Civil? {
    guard b.count == 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A else {
      return nil
    }
    // Wrapping: bytes below "0" become large, so one comparison checks a digit.
    func digit(_ k: Int) -> UInt8 { b[k] &- 0x30 }
    guard digit(0) < 10, digit(1) < 10, digit(2) < 10, digit(3) < 10, digit(5) < 10, digit(6) < 10,
      digit(8) < 10, digit(9) < 10, digit(11) < 10, digit(12) < 10, digit(14) < 10, digit(15) < 10,
      digit(17) < 10, digit(18) < 10
    else { return nil }
    func two(_ k: Int) -> Int { Int(digit(k)) * 10 + Int(digit(k + 1)) }
    var c = Civil()
    c.year = two(0) * 100 + two(2)
    c.month = two(5)
    c.day = two(8)
    c.hour = two(11)
    c.minute = two(14)
    c.second = two(17)
    return c
  }
}

/// A read position in a byte buffer.
struct ByteCursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  // `bytes`: the caller's, which outlive the cursor (a local of one parse).
  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  var isAtEnd: Bool { index >= bytes.count }
  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
  var peekDigit: Int? {
    guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
    return Int(bytes[index] - 0x30)
  }

  mutating func advance() { index += 1 }

  mutating func consume(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  mutating func consume(_ sequence: [UInt8]) -> Bool {
    guard bytes.count - index >= sequence.count else { return false }
    for (k, byte) in sequence.enumerated() where bytes[index + k] != byte { return false }
    index += sequence.count
    return true
  }

  /// One or more spaces.
  mutating func skipSpaces() -> Bool {
    let start = index
    while index < bytes.count && bytes[index] == 0x20 { index += 1 }
    return index > start
  }

  /// Between `min` and `max` decimal digits as a number.
  mutating func digits(min: Int, max: Int) -> Int? {
    var value = 0
    var count = 0
    while count < max, let d = peekDigit {
      value = value * 10 + d
      count += 1
      index += 1
    }
    return count >= min ? value : nil
  }
}
