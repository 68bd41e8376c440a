/// A regular expression of single-character steps (`^1[0-9]{10}$`, `[A-Z]{2}-\d+`) matched
/// without ICU.
///
/// Field patterns are matched once per case and `NSRegularExpression` costs microseconds a
/// call. Patterns made only of literal ASCII characters, `.`, `\d`, bracket classes of ASCII
/// characters and ranges, greedy quantifiers and `^`/`$` at the ends are matched here on ASCII
/// text without control characters; for those, whether a match exists does not depend on the
/// engine. Any other pattern or text is left to ICU (`init` or `matches` gives nil).
struct ASCIIPattern: Sendable {
  /// One step: a set of ASCII bytes repeated `minimum...maximum` times.
  struct Step: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var minimum = 1
    var maximum = 1

    @inline(__always)
    func accepts(_ byte: UInt8) -> Bool {
      byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : (high >> UInt64(byte - 64)) & 1 == 1
    }

    mutating func insert(_ byte: UInt8) {
      if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for byte in range { insert(byte) } }
  }

  let steps: [Step]
  let anchoredStart: Bool
  let anchoredEnd: Bool

  /// Nil when the pattern uses anything beyond the subset described above.
  init?(_ pattern: String) {
    var bytes = Array(pattern.utf8)
    var anchoredStart = false
    var anchoredEnd = false
    if bytes.first == UInt8(ascii: "^") {
      anchoredStart = true
      bytes.removeFirst()
    }
    // A final `$` not escaped by a backslash.
    if bytes.last == UInt8(ascii: "$") {
      var slashes = 0
      var i = bytes.count - 2
      while i >= 0 && bytes[i] == UInt8(ascii: "\\") {
        slashes += 1
        i -= 1
      }
      if slashes % 2 == 0 {
        anchoredEnd = true
        bytes.removeLast()
      }
    }
    var steps: [Step] = []
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      guard byte >= 0x20 && byte < 0x7F else { return nil }
      var step = Step()
      switch byte {
      case UInt8(ascii: "."):
        step.insert(0x20...0x7E)
        i += 1
      case UInt8(ascii: "\\"):
        guard i + 1 < bytes.count, Self.escape(bytes[i + 1], into: &step) else { return nil }
        i += 2
      case UInt8(ascii: "["):
        guard let end = Self.bracket(bytes, from: i + 1, into: &step) else { return nil }
        i = end
      default:
        guard Self.isLiteral(byte) else { return nil }
        step.insert(byte)
        i += 1
      }
      // An optional greedy quantifier.
      if i < bytes.count {
        switch bytes[i] {
        case UInt8(ascii: "?"): (step.minimum, step.maximum, i) = (0, 1, i + 1)
        case UInt8(ascii: "*"): (step.minimum, step.maximum, i) = (0, Int.max, i + 1)
        case UInt8(ascii: "+"): (step.minimum, step.maximum, i) = (1, Int.max, i + 1)
        case UInt8(ascii: "{"):
          guard let (minimum, maximum, end) = Self.counts(bytes, from: i + 1) else { return nil }
          (step.minimum, step.maximum, i) = (minimum, maximum, end)
        default: break
        }
        // Lazy and possessive forms and stacked quantifiers are left to ICU.
        if i < bytes.count,
          [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{")]
            .contains(bytes[i])
        {
          return nil
        }
      }
      steps.append(step)
    }
    self.steps = steps
    self.anchoredStart = anchoredStart
    self.anchoredEnd = anchoredEnd
  }

  /// Whether the pattern matches anywhere in `text`; nil when the text is not plain ASCII.
  func matches(_ text: String) -> Bool? {
    var text = text
    return text.withUTF8 { bytes -> Bool? in
      for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
      return matches(bytes)
    }
  }

  /// Follows every way through the steps at once: `reach[p]` says some path ends at offset p.
  ///
  /// Linear in the text for each step: offset q is reached by a step when some reached p with
  /// `minimum <= q - p <= maximum` has only accepted bytes between p and q. Scanning q upwards,
  /// the accepted run ending at q starts at `runStart`, and the last reached offset at or
  /// before `q - minimum` is the best candidate for p.
  private func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = text.count
    // Buffers of this call only, of trivial elements, each written before it is read.
    return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (n + 1)) { buffer in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { lastReached in
        var reach = UnsafeMutableBufferPointer(rebasing: buffer[0...n])
        // The second half of the temporary buffer, within it, for this match only.
        var next = UnsafeMutableBufferPointer(rebasing: buffer[(n + 1)...])
        for p in 0...n { reach[p] = !anchoredStart || p == 0 }
        for step in steps {
          // lastReached[i]: the largest reached offset <= i, or -1.
          var last = -1
          for i in 0...n {
            if reach[i] { last = i }
            lastReached[i] = last
          }
          var any = false
          var runStart = 0
          for q in 0...n {
            if q > 0 && !step.accepts(text[q - 1]) { runStart = q }
            var reached = false
            if q - runStart >= step.minimum {
              let p = lastReached[q - step.minimum]
              // Any other candidate is further back: if this one is too far, all are.
              reached = p >= runStart && q - p <= step.maximum
            }
            next[q] = reached
            any = any || reached
          }
          guard any else { return false }
          swap(&reach, &next)
        }
        return anchoredEnd ? reach[n] : reach.contains(true)
      }
    }
  }

  private static func isLiteral(_ byte: UInt8) -> Bool {
    guard byte >= 0x20 && byte < 0x7F else { return false }
    return !Array("\\^$.|?*+()[]{}".utf8).contains(byte)
  }

  /// `\d` or an escaped ASCII punctuation character; nil for any other escape.
  private static func escape(_ byte: UInt8, into step: inout Step) -> Bool {
    if byte == UInt8(ascii: "d") {
      step.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
      return true
    }
    let isPunctuation =
      (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
      || (0x7B...0x7E).contains(byte)
    guard isPunctuation else { return false }
    step.insert(byte)
    return true
  }

  /// A bracket class after its `[`: literal characters, ranges, `\d` and escaped punctuation,
  /// optionally negated. Returns the offset after `]`; nil for nested sets, set operations and
  /// anything else ICU reads specially.
  private static func bracket(_ bytes: [UInt8], from start: Int, into step: inout Step) -> Int? {
    var i = start
    var negated = false
    if i < bytes.count && bytes[i] == UInt8(ascii: "^") {
      negated = true
      i += 1
    }
    var members = Step()
    var first = true
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "]") && !first { break }
      // Nested sets, set operations, POSIX classes and string sets are ICU's.
      guard byte >= 0x20 && byte < 0x7F, !Array("[]&${}".utf8).contains(byte),
        !(first && byte == UInt8(ascii: ":"))
      else { return nil }
      first = false
      var low = byte
      if byte == UInt8(ascii: "\\") {
        guard i + 1 < bytes.count else { return nil }
        let escaped = bytes[i + 1]
        if escaped == UInt8(ascii: "d") {
          members.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
          i += 2
          continue
        }
        var single = Step()
        guard escape(escaped, into: &single) else { return nil }
        low = escaped
        i += 2
      } else if byte == UInt8(ascii: "-") {
        // Only a leading or trailing `-` is a plain character.
        guard i == start + (negated ? 1 : 0) || (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "]"))
        else { return nil }
        members.insert(byte)
        i += 1
        continue
      } else {
        i += 1
      }
      // A range `a-z` (not `a-]`).
      if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "-") && bytes[i + 1] != UInt8(ascii: "]") {
        let high = bytes[i + 1]
        guard high >= 0x20 && high < 0x7F, Self.isLiteral(high) || high == UInt8(ascii: "."), low <= high
        else { return nil }
        members.insert(low...high)
        i += 2
      } else {
        members.insert(low)
      }
    }
    guard i < bytes.count else { return nil }
    if negated {
      for byte in UInt8(0x20)...UInt8(0x7E) where !members.accepts(byte) { step.insert(byte) }
    } else {
      step.low = members.low
      step.high = members.high
    }
    return i + 1
  }

  /// `{n}`, `{n,}` or `{n,m}` after its `{`: (minimum, maximum, offset after `}`).
  private static func counts(_ bytes: [UInt8], from start: Int) -> (Int, Int, Int)? {
    func number(_ i: inout Int) -> Int? {
      var value = 0
      var digits = 0
      while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), digits < 6 {
        value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
        digits += 1
        i += 1
      }
      return digits == 0 ? nil : value
    }
    var i = start
    guard let minimum = number(&i), i < bytes.count else { return nil }
    if bytes[i] == UInt8(ascii: "}") { return (minimum, minimum, i + 1) }
    guard bytes[i] == UInt8(ascii: ",") else { return nil }
    i += 1
    guard i < bytes.count else { return nil }
    if bytes[i] == UInt8(ascii: "}") { return (minimum, Int.max, i + 1) }
    guard let maximum = number(&i), maximum >= minimum, i < bytes.count, bytes[i] == UInt8(ascii: "}")
    else { return nil }
    return (minimum, maximum, i + 1)
  }
}
