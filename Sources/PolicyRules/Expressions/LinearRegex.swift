/// A regular expression matched in time linear in the text: O(text × pattern) for every pattern
/// and text, so no pattern can hang an audit (`(a+)+$` on a million characters takes as long
/// as `a+$`).
///
/// Hand-written because nothing the project may use gives that guarantee: ICU
/// (`NSRegularExpression`) and Swift's `Regex` both backtrack, and `(a+)+$` on 200 characters
/// ran past 100 s. The method is Thompson's: the pattern is compiled to a small program of
/// steps, and the matcher follows every thread through it at once, one text character at a
/// time, keeping at most one thread per step (as RE2 and Rust's regex-automata do), so no work
/// is ever repeated for the same position. It only answers whether the pattern occurs, which
/// is all `matches` needs.
///
/// The subset, with ICU's meaning (checked against `NSRegularExpression` by a seeded
/// differential test):
/// - literal characters; `\` before ASCII punctuation; `\n \t \r \f \a \e`, `\uhhhh`,
///   `\x{h…}`, `\xhh`
/// - `.` (any character but a line terminator: U+000A–000D, U+0085, U+2028, U+2029)
/// - classes `[abc]`, `[^a-z0-9_]` with ranges, escapes and `\d \w \s` inside
/// - `\d` (Unicode decimal digits, Nd), `\w` (letters, marks, decimal digits, connector
///   punctuation, ZWNJ, ZWJ), `\s` (Unicode White_Space), and their negations `\D \W \S`
/// - `^` and `\A` (start of text), `$` and `\Z` (end, or before a final line terminator), `\z`
///   (end), `\b` and `\B` (between a `\w` and a non-`\w` character, or not; combining marks
///   and format characters belong to the character before them)
/// - groups `( )`, `(?: )`, `(?<name> )`, alternation `|`
/// - quantifiers `* + ? {n} {n,} {n,m}` (counts up to 1,000), greedy or lazy (`*?`; whether a
///   match exists does not depend on it)
/// - `(?i)` at the very start: the whole pattern ignores case (a character matches when it, its
///   lowercase or its uppercase form does, one character for one)
///
/// Everything else is rejected when the rule loads, with the character where it starts:
/// backreferences, lookaround, atomic groups, possessive quantifiers, other inline flags,
/// `\p{…}` properties, nested classes and set operations, `\Q…\E` and other escapes.
/// Groups nest at most 256 deep, and a pattern compiles to at most 10,000 steps.
struct LinearRegex: Sendable {
  struct SyntaxError: Error, Sendable, Equatable {
    var message: String
    /// 0-based position, in Unicode scalars, in the pattern.
    var position: Int
  }

  static let maxGroupDepth = 256
  static let maxCount = 1_000
  static let maxSteps = 10_000

  private let program: [Instruction]
  private let sets: [ScalarSet]
  /// Every alternative starts with `^` or `\A`: only position 0 can start a match.
  private let anchoredStart: Bool
  /// `(?i)`.
  private let ignoresCase: Bool
  /// Every match starts with one of these characters, when the pattern says so (`leak`,
  /// `投诉|举报`; not under `(?i)`): positions without threads skip straight to the next one.
  private let firstScalars: Set<Unicode.Scalar>?
  /// Whether the pattern has `\b` or `\B`, which need the character before each position.
  private let tracksWords: Bool
  /// Each set's ASCII members, read without touching the set's arrays.
  private let asciiMasks: [ASCIIMask]

  init(_ pattern: String) throws(SyntaxError) {
    let scalars = Array(pattern.unicodeScalars)
    ignoresCase = scalars.starts(with: "(?i)".unicodeScalars)
    var parser = RegexParser(scalars, skipping: ignoresCase ? 4 : 0)
    let tree = try parser.parse()
    var compiler = RegexCompiler()
    try compiler.emit(tree)
    compiler.program.append(.match)
    program = compiler.program
    sets = parser.sets
    anchoredStart = tree.isAnchoredAtStart
    firstScalars = ignoresCase ? nil : Self.firstScalars(of: compiler.program)
    tracksWords = compiler.program.contains {
      if case .assert(let assertion) = $0 {
        assertion == .wordBoundary || assertion == .notWordBoundary
      } else {
        false
      }
    }
    asciiMasks = parser.sets.map { set in
      var mask = ASCIIMask()
      for value in UInt32(0)..<128 where set.contains(Unicode.Scalar(value)!) { mask.insert(value) }
      return mask
    }
  }

  /// The characters the first step of every thread from the start reads, if they are all
  /// plain characters; nil when a class or `.` could start a match, or the match is reachable
  /// without reading any (assertions are taken as passing).
  private static func firstScalars(of program: [Instruction]) -> Set<Unicode.Scalar>? {
    var first: Set<Unicode.Scalar> = []
    var seen: Set<Int> = []
    var pending = [0]
    while let pc = pending.popLast() {
      guard seen.insert(pc).inserted else { continue }
      switch program[pc] {
      case .scalar(let scalar): first.insert(scalar)
      case .any, .set, .match: return nil
      case .jump(let target): pending.append(target)
      case .split(let a, let b): pending += [a, b]
      case .assert: pending.append(pc + 1)
      }
    }
    return first
  }

  /// Whether the pattern matches anywhere in `text`.
  func matches(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    var threads = Threads(capacity: program.count)
    var previousBase: Unicode.Scalar?
    var position = 0
    while true {
      if threads.current.isEmpty {
        guard !anchoredStart || position == 0 else { return false }
        // No thread is alive: skip to where the pattern's first character is.
        if let firstScalars {
          while position < scalars.count, !firstScalars.contains(scalars[position]) {
            if tracksWords && !Position.extendsPrevious(scalars[position]) {
              previousBase = scalars[position]
            }
            position += 1
          }
          // Every match reads a first character: none is left.
          if position == scalars.count { return false }
          // Steps marked while trying the last position must not count as added here.
          threads.advance()
        }
      }
      let here = Position(scalars: scalars, index: position, previousBase: previousBase)
      if !anchoredStart || position == 0 {
        if add(0, toNext: false, at: here, threads: &threads) { return true }
      }
      guard position < scalars.count else { return false }
      let scalar = scalars[position]
      let variants = ignoresCase ? Self.caseVariants(scalar) : []
      if tracksWords && !Position.extendsPrevious(scalar) { previousBase = scalar }
      let there = Position(scalars: scalars, index: position + 1, previousBase: previousBase)
      threads.advance()
      for k in 0..<threads.current.count {
        let pc = threads.current[k]
        guard accepts(program[pc], scalar, variants),
          add(pc + 1, toNext: true, at: there, threads: &threads)
        else { continue }
        return true
      }
      swap(&threads.current, &threads.next)
      threads.next.removeAll(keepingCapacity: true)
      position += 1
    }
  }

  /// Adds the thread at `pc` and every step it reaches without reading a character; true when
  /// one of them is the match.
  private func add(_ pc: Int, toNext: Bool, at position: Position, threads: inout Threads) -> Bool {
    threads.pending.append(pc)
    while let pc = threads.pending.popLast() {
      guard threads.mark(pc) else { continue }
      switch program[pc] {
      case .match:
        threads.pending.removeAll(keepingCapacity: true)
        return true
      case .jump(let target): threads.pending.append(target)
      case .split(let first, let second):
        threads.pending.append(second)
        threads.pending.append(first)
      case .assert(let assertion):
        if position.satisfies(assertion) { threads.pending.append(pc + 1) }
      case .scalar, .any, .set:
        if toNext { threads.next.append(pc) } else { threads.current.append(pc) }
      }
    }
    return false
  }

  private func accepts(_ instruction: Instruction, _ scalar: Unicode.Scalar, _ variants: [Unicode.Scalar])
    -> Bool
  {
    switch instruction {
    case .scalar(let expected): return scalar == expected || variants.contains(expected)
    case .any: return !Self.isLineTerminator(scalar)
    case .set(let index):
      if scalar.value < 128 && variants.isEmpty { return asciiMasks[index].contains(scalar.value) }
      return sets[index].contains(scalar) || variants.contains { sets[index].contains($0) }
    default: return false
    }
  }

  /// The other-case forms of `scalar` that are one character (for `(?i)`).
  private static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
    if scalar.isASCII {
      let value = scalar.value | 0x20
      guard value >= 0x61 && value <= 0x7A else { return [] }
      return [Unicode.Scalar(scalar.value ^ 0x20)!]
    }
    return [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping].compactMap { mapping in
      let scalars = mapping.unicodeScalars
      return scalars.count == 1 && scalars.first != scalar ? scalars.first : nil
    }
  }

  static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
    default: false
    }
  }
}

/// One step of a compiled pattern.
enum Instruction: Sendable {
  case scalar(Unicode.Scalar)
  /// `.`
  case any
  /// A class, by index into the pattern's sets.
  case set(Int)
  /// Continue at both.
  case split(Int, Int)
  case jump(Int)
  case assert(RegexAssertion)
  case match
}

enum RegexAssertion: Sendable, Equatable {
  case start, end, endOfText, wordBoundary, notWordBoundary
}

/// A set of ASCII characters as two 64-bit words.
struct ASCIIMask: Sendable {
  private var low: UInt64 = 0
  private var high: UInt64 = 0

  mutating func insert(_ value: UInt32) {
    if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
  }

  /// `value` must be below 128.
  func contains(_ value: UInt32) -> Bool {
    value < 64 ? (low >> UInt64(value)) & 1 == 1 : (high >> UInt64(value - 64)) & 1 == 1
  }
}

/// The steps a matcher is at, for this position and the next, each at most once: a step is
/// in a list when its mark holds the list's generation (cleared in constant time).
private struct Threads {
  var current: [Int] = []
  var next: [Int] = []
  var pending: [Int] = []
  private var marks: [Int]
  private var generation = 1

  init(capacity: Int) {
    marks = Array(repeating: 0, count: capacity)
    current.reserveCapacity(capacity)
    next.reserveCapacity(capacity)
  }

  /// False when `pc` was already added for this generation.
  mutating func mark(_ pc: Int) -> Bool {
    if marks[pc] == generation { return false }
    marks[pc] = generation
    return true
  }

  /// Threads added from now on are for the next position.
  mutating func advance() { generation += 1 }
}

/// A position between two characters of the text, for assertions.
private struct Position {
  let scalars: [Unicode.Scalar]
  let index: Int
  /// The last character before this position that is not a combining mark or format character.
  let previousBase: Unicode.Scalar?

  /// Combining marks and format characters (such as ZWJ) belong to the character before them:
  /// no word boundary falls before one.
  static func extendsPrevious(_ scalar: Unicode.Scalar) -> Bool {
    // U+00AD (soft hyphen, a format character) is the first of either.
    guard scalar.value >= 0xAD else { return false }
    return scalar.properties.isGraphemeExtend || scalar.properties.generalCategory == .format
  }

  func satisfies(_ assertion: RegexAssertion) -> Bool {
    let count = scalars.count
    switch assertion {
    case .start: return index == 0
    case .endOfText: return index == count
    case .end:
      if index == count { return true }
      guard LinearRegex.isLineTerminator(scalars[index]) else { return false }
      return index + 1 == count
        || (index + 2 == count && scalars[index] == "\r" && scalars[index + 1] == "\n")
    case .wordBoundary, .notWordBoundary:
      if index < count && Self.extendsPrevious(scalars[index]) { return assertion == .notWordBoundary }
      let before = previousBase.map(ScalarSet.isWord) ?? false
      let next = index < count && ScalarSet.isWord(scalars[index])
      return (before != next) == (assertion == .wordBoundary)
    }
  }
}

/// A character class: ranges and shorthand classes, possibly negated.
struct ScalarSet: Sendable {
  enum Shorthand: Sendable {
    case digit, word, space
  }

  var ranges: [ClosedRange<UInt32>] = []
  /// Shorthand classes, each possibly negated (`\D` inside a class).
  var shorthands: [(Shorthand, negated: Bool)] = []
  var negated = false
  init(negated: Bool = false) { self.negated = negated }

  init(_ shorthand: Shorthand, negated: Bool) {
    shorthands = [(shorthand, negated)]
  }

  /// Whether `scalar` is in the set (the matcher reads ASCII from `LinearRegex.asciiMasks`).
  func contains(_ scalar: Unicode.Scalar) -> Bool {
    var member = ranges.contains { $0.contains(scalar.value) }
    if !member {
      member = shorthands.contains { Self.matches($0.0, scalar) != $0.negated }
    }
    return member != negated
  }

  static func matches(_ shorthand: Shorthand, _ scalar: Unicode.Scalar) -> Bool {
    switch shorthand {
    case .digit: return scalar.properties.numericType == .decimal
    case .word: return isWord(scalar)
    case .space: return scalar.properties.isWhitespace
    }
  }

  /// ICU's `\w`: alphabetic, marks, decimal digits, connector punctuation, ZWNJ and ZWJ.
  static func isWord(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 128 {
      let byte = UInt8(scalar.value)
      return (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }
    let properties = scalar.properties
    if properties.isAlphabetic || properties.numericType == .decimal { return true }
    switch properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
    default: return scalar.value == 0x200C || scalar.value == 0x200D
    }
  }
}

/// The parsed pattern.
indirect enum RegexNode {
  case empty
  case scalar(Unicode.Scalar)
  case any
  case set(Int)
  case assertion(RegexAssertion)
  case concatenation([RegexNode])
  case alternation([RegexNode])
  case repetition(RegexNode, minimum: Int, maximum: Int?)

  /// Whether the node compiles to no instruction (`()`, `a{0}`, a repetition of such): the
  /// compiler's instruction cap cannot bound the work of repeating it, so it is not repeated.
  var emitsNothing: Bool {
    switch self {
    case .empty: true
    case .concatenation(let items): items.allSatisfy(\.emitsNothing)
    case .alternation(let alternatives): alternatives.count == 1 && alternatives[0].emitsNothing
    case .repetition(let item, _, let maximum): maximum == 0 || item.emitsNothing
    default: false
    }
  }

  var isAnchoredAtStart: Bool {
    switch self {
    case .assertion(.start): true
    case .concatenation(let items): items.first?.isAnchoredAtStart ?? false
    case .alternation(let alternatives): alternatives.allSatisfy(\.isAnchoredAtStart)
    default: false
    }
  }
}

/// Reads a pattern into a `RegexNode` tree without recursion: an explicit stack of open groups.
private struct RegexParser {
  private let scalars: [Unicode.Scalar]
  private var position = 0
  private(set) var sets: [ScalarSet] = []

  /// A group being read: its finished alternatives and the items of the current one.
  private struct OpenGroup {
    var alternatives: [RegexNode] = []
    var items: [RegexNode] = []
    var start: Int
  }

  init(_ scalars: [Unicode.Scalar], skipping prefix: Int) {
    self.scalars = scalars
    position = prefix
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    position + ahead < scalars.count ? scalars[position + ahead] : nil
  }

  private func error(_ message: String, at position: Int) -> LinearRegex.SyntaxError {
    LinearRegex.SyntaxError(message: message, position: position)
  }

  mutating func parse() throws(LinearRegex.SyntaxError) -> RegexNode {
    var groups = [OpenGroup(start: 0)]
    while let scalar = peek() {
      let start = position
      position += 1
      switch scalar {
      case "(":
        try openGroup(at: start)
        guard groups.count <= LinearRegex.maxGroupDepth else {
          throw error("groups nested deeper than \(LinearRegex.maxGroupDepth)", at: start)
        }
        groups.append(OpenGroup(start: start))
      case ")":
        guard groups.count > 1 else { throw error("unmatched ')'", at: start) }
        let group = Self.alternation(groups.removeLast())
        // Parentheses keep a repetition or assertion repeatable: `(a*)*`, `(^)?`.
        switch group {
        case .repetition, .assertion: groups[groups.count - 1].items.append(.concatenation([group]))
        default: groups[groups.count - 1].items.append(group)
        }
      case "|":
        let items = groups[groups.count - 1].items
        groups[groups.count - 1].alternatives.append(Self.concatenation(items))
        groups[groups.count - 1].items = []
      case "*", "+", "?", "{":
        var items = groups[groups.count - 1].items
        guard let last = items.popLast(), Self.canRepeat(last) else {
          throw error("'\(scalar)' has nothing to repeat", at: start)
        }
        let (minimum, maximum) = try quantifier(scalar, at: start)
        if peek() == "?" {
          position += 1
        } else if peek() == "+" {
          throw error("possessive quantifiers are not supported", at: position)
        }
        if let next = peek(), "*+?{".unicodeScalars.contains(next) {
          throw error("'\(next)' has nothing to repeat", at: position)
        }
        items.append(.repetition(last, minimum: minimum, maximum: maximum))
        groups[groups.count - 1].items = items
      default:
        groups[groups.count - 1].items.append(try atom(scalar, at: start))
      }
    }
    guard groups.count == 1 else { throw error("missing ')'", at: groups[groups.count - 1].start) }
    return Self.alternation(groups[0])
  }

  private static func canRepeat(_ node: RegexNode) -> Bool {
    switch node {
    case .assertion, .repetition: false
    default: true
    }
  }

  private static func concatenation(_ items: [RegexNode]) -> RegexNode {
    items.isEmpty ? .empty : items.count == 1 ? items[0] : .concatenation(items)
  }

  private static func alternation(_ group: OpenGroup) -> RegexNode {
    let alternatives = group.alternatives + [concatenation(group.items)]
    return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
  }

  /// After `(`: the kinds of group that only group, or an error for the others.
  private mutating func openGroup(at start: Int) throws(LinearRegex.SyntaxError) {
    guard peek() == "?" else { return }
    switch (peek(1), peek(2)) {
    case (":", _):
      position += 2
    case ("<", let next?) where next != "=" && next != "!":
      position += 2
      while let scalar = peek(), scalar != ">" {
        guard scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else {
          throw error("invalid group name", at: position)
        }
        position += 1
      }
      guard peek() == ">" else { throw error("missing '>' after the group name", at: position) }
      position += 1
    case ("=", _), ("!", _), ("<", _):
      throw error("lookaround is not supported", at: start)
    case (">", _):
      throw error("atomic groups are not supported", at: start)
    default:
      throw error("inline flags and other '(?' groups are not supported", at: start)
    }
  }

  /// The counts of `* + ? {n} {n,} {n,m}`.
  private mutating func quantifier(
    _ scalar: Unicode.Scalar, at start: Int
  ) throws(LinearRegex.SyntaxError) -> (Int, Int?) {
    switch scalar {
    case "*": return (0, nil)
    case "+": return (1, nil)
    case "?": return (0, 1)
    default:
      guard let minimum = number() else { throw error("'{' needs a count such as {2} or {2,5}", at: start) }
      var maximum: Int? = minimum
      if peek() == "," {
        position += 1
        maximum = peek() == "}" ? nil : number()
        if maximum == nil && peek() != "}" {
          throw error("'{' needs a count such as {2} or {2,5}", at: start)
        }
      }
      guard peek() == "}" else { throw error("missing '}'", at: start) }
      position += 1
      if let maximum, maximum < minimum { throw error("counts out of order in '{'", at: start) }
      guard max(minimum, maximum ?? 0) <= LinearRegex.maxCount else {
        throw error("count above \(LinearRegex.maxCount)", at: start)
      }
      return (minimum, maximum)
    }
  }

  /// Decimal digits, at most seven (a larger count is rejected by the caller anyway).
  private mutating func number() -> Int? {
    var value = 0
    var digits = 0
    while let scalar = peek(), ("0"..."9").contains(scalar), digits < 7 {
      value = value * 10 + Int(scalar.value - 0x30)
      digits += 1
      position += 1
    }
    return digits == 0 ? nil : value
  }

  private mutating func atom(_ scalar: Unicode.Scalar, at start: Int) throws(LinearRegex.SyntaxError)
    -> RegexNode
  {
    switch scalar {
    case ".": return .any
    case "^": return .assertion(.start)
    case "$": return .assertion(.end)
    case "[": return .set(try bracket(at: start))
    case "\\":
      switch try escape(inClass: false) {
      case .scalar(let value): return .scalar(value)
      case .shorthand(let shorthand, let negated): return .set(addSet(ScalarSet(shorthand, negated: negated)))
      case .assertion(let assertion): return .assertion(assertion)
      }
    default: return .scalar(scalar)
    }
  }

  private mutating func addSet(_ set: ScalarSet) -> Int {
    sets.append(set)
    return sets.count - 1
  }

  private enum Escape {
    case scalar(Unicode.Scalar)
    case shorthand(ScalarSet.Shorthand, negated: Bool)
    case assertion(RegexAssertion)
  }

  /// After `\`.
  private mutating func escape(inClass: Bool) throws(LinearRegex.SyntaxError) -> Escape {
    let start = position - 1
    guard let scalar = peek() else { throw error("'\\' at the end of the pattern", at: start) }
    position += 1
    switch scalar {
    case "d", "D": return .shorthand(.digit, negated: scalar == "D")
    case "w", "W": return .shorthand(.word, negated: scalar == "W")
    case "s", "S": return .shorthand(.space, negated: scalar == "S")
    case "n": return .scalar("\n")
    case "t": return .scalar("\t")
    case "r": return .scalar("\r")
    case "f": return .scalar("\u{0C}")
    case "a": return .scalar("\u{07}")
    case "e": return .scalar("\u{1B}")
    case "u": return .scalar(try hexScalar(digits: 4, at: start))
    case "x":
      if peek() == "{" {
        position += 1
        let value = try hexScalar(digits: nil, at: start)
        guard peek() == "}" else { throw error("missing '}' in '\\x{…}'", at: start) }
        position += 1
        return .scalar(value)
      }
      return .scalar(try hexScalar(digits: 2, at: start))
    case "b" where !inClass: return .assertion(.wordBoundary)
    case "B" where !inClass: return .assertion(.notWordBoundary)
    case "A" where !inClass: return .assertion(.start)
    case "Z" where !inClass: return .assertion(.end)
    case "z" where !inClass: return .assertion(.endOfText)
    case "1"..."9", "k": throw error("backreferences are not supported", at: start)
    case "p", "P": throw error("'\\\(scalar)' properties are not supported", at: start)
    default:
      // Escaped ASCII punctuation (and any non-ASCII character) stands for itself.
      if scalar.value >= 0x80
        || (scalar.isASCII && !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar))
      {
        guard scalar.value >= 0x20 else { throw error("unsupported escape", at: start) }
        return .scalar(scalar)
      }
      throw error("unsupported escape '\\\(scalar)'", at: start)
    }
  }

  private mutating func hexScalar(digits: Int?, at start: Int) throws(LinearRegex.SyntaxError)
    -> Unicode.Scalar
  {
    var value: UInt32 = 0
    var count = 0
    while let scalar = peek(),
      let digit = scalar.properties.isASCIIHexDigit ? UInt32(String(scalar), radix: 16) : nil,
      count < (digits ?? 6)
    {
      value = value * 16 + digit
      count += 1
      position += 1
    }
    guard count > 0, digits == nil || count == digits, let result = Unicode.Scalar(value) else {
      throw error("invalid character code", at: start)
    }
    return result
  }

  /// After `[`: the class up to its `]`.
  private mutating func bracket(at start: Int) throws(LinearRegex.SyntaxError) -> Int {
    var set = ScalarSet(negated: peek() == "^")
    if set.negated { position += 1 }
    let first = position
    while true {
      guard let scalar = peek() else { throw error("missing ']'", at: start) }
      let here = position
      position += 1
      if scalar == "]" {
        guard here > first else { throw error("empty class '[]'", at: start) }
        break
      }
      if scalar == "[" || (scalar == "&" && peek() == "&") || (scalar == "-" && peek() == "-") {
        throw error("nested classes and set operations are not supported", at: here)
      }
      var low = scalar
      if scalar == "\\" {
        switch try escape(inClass: true) {
        case .scalar(let value): low = value
        case .shorthand(let shorthand, let negated):
          set.shorthands.append((shorthand, negated))
          continue
        case .assertion: throw error("unsupported escape", at: here)
        }
      } else if scalar == "-", here != first, peek() != "]" {
        throw error("'-' must be first or last in a class, or escaped", at: here)
      }
      // A range `a-z`, not a final `-`.
      guard peek() == "-", let after = peek(1), after != "]" else {
        set.ranges.append(low.value...low.value)
        continue
      }
      position += 1
      var high = after
      position += 1
      if after == "\\" {
        guard case .scalar(let value) = try escape(inClass: true) else {
          throw error("a range must end in a character", at: position - 1)
        }
        high = value
      } else if after == "[" {
        throw error("nested classes and set operations are not supported", at: position - 1)
      }
      guard low <= high else { throw error("range out of order", at: here) }
      set.ranges.append(low.value...high.value)
    }
    return addSet(set)
  }
}

/// Turns the tree into steps.
private struct RegexCompiler {
  var program: [Instruction] = []

  private mutating func append(_ instruction: Instruction) throws(LinearRegex.SyntaxError) {
    guard program.count < LinearRegex.maxSteps else {
      throw LinearRegex.SyntaxError(
        message: "pattern too large (more than \(LinearRegex.maxSteps) steps)", position: 0)
    }
    program.append(instruction)
  }

  /// Recurses once per level of the tree, which the parser bounds at 256 groups (two levels
  /// each: the group's alternation and its repetition).
  mutating func emit(_ node: RegexNode) throws(LinearRegex.SyntaxError) {
    switch node {
    case .empty: break
    case .scalar(let scalar): try append(.scalar(scalar))
    case .any: try append(.any)
    case .set(let index): try append(.set(index))
    case .assertion(let assertion): try append(.assert(assertion))
    case .concatenation(let items):
      for item in items { try emit(item) }
    case .alternation(let alternatives):
      var jumps: [Int] = []
      for (k, alternative) in alternatives.enumerated() {
        if k < alternatives.count - 1 {
          let split = program.count
          try append(.split(split + 1, 0))
          try emit(alternative)
          jumps.append(program.count)
          try append(.jump(0))
          program[split] = .split(split + 1, program.count)
        } else {
          try emit(alternative)
        }
      }
      for jump in jumps { program[jump] = .jump(program.count) }
    case .repetition(let item, let minimum, let maximum):
      // Repeating nothing matches the empty string, as the item once does: emit nothing.
      guard !item.emitsNothing else { return }
      for _ in 0..<minimum { try emit(item) }
      guard let maximum else {
        // item*: split to the item or past it; the item jumps back to the split.
        let split = program.count
        try append(.split(split + 1, 0))
        try emit(item)
        try append(.jump(split))
        program[split] = .split(split + 1, program.count)
        return
      }
      // Each optional copy may be skipped to the end.
      var splits: [Int] = []
      for _ in minimum..<maximum {
        splits.append(program.count)
        try append(.split(program.count + 1, 0))
        try emit(item)
      }
      for split in splits { program[split] = .split(split + 1, program.count) }
    }
  }
}
