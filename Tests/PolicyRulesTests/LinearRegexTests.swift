import Foundation
import Testing

@testable import PolicyRules

/// SplitMix64: a small seeded generator, so a failing input can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct LinearRegexTests {
  /// The patterns of the shipped rule packs, the benchmark, the docs and tests, and realistic
  /// field formats (the shipped `Rules/` use none today).
  static let patterns = [
    #"^1[0-9]{10}$"#, #"^C[0-9]+$"#, #"^\s*$"#, "^(city|suburb)$", "^[a-z]+-[0-9]{8}x$", "(?i)^ab",
    #"^A\d+$"#, "leak", "投诉$", "^P[0]$", #"^[A-Z]{2}-\d+$"#, #"\d{3}"#, "ab*c", "^a?b+$", "x.y",
    #"^\$\d+\.\d{2}$"#, "^[^0-9]+$", "^[-a-c]+$", "^[a-c-]{2,3}$", "colou?r", "^$", "^T0{2,}[1-9]",
    #"^[\d.]+$"#,
    #"^\d{4}-\d{2}-\d{2}$"#, #"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"#, "(?:a|b)*c", #"\bleak\b"#,
    #"^(\d{3})-?(\d{4})$"#,
    "^.*$", "a$", #"\w+"#, #"^\w+$"#, #"[^\w\s]"#, #"\W"#, #"\S+\s\S+"#, "^(a+)+$", "(a|aa)+b",
    #"[\u4e00-\u9fff]+"#,
    #"^[\x{4e00}-\x{9fa5}]{2,4}$"#, "投诉|举报", #"^\S+$"#, #"\Bb"#, #"b\B"#, "a{2,3}?", #"(?<code>[A-Z]+)\d"#,
    #"^(GD|SZ)-\d{4,6}$"#, "(?i)leak", "(?i)^[a-c]+$", #"\Aab\z"#, #"ab\Z"#, "a.c", "^.$", "(a*)*b", "(|a)+$",
    #"\t|\n"#, #"[\t ]+$"#, "^p", "[.]", #"\."#, #"a\|b"#,
    #"(a|b\B)*c"#, #"(x\b)+y"#, #"(?:a\b|b)*c"#, #"(ab?\b)*a"#, #"(a\B)*\bc"#, #"(?:\bab)*\bc"#,
  ]

  /// Characters the texts are made of: ASCII letters and digits, punctuation the patterns use,
  /// line terminators, Chinese, a fullwidth digit (a Unicode decimal digit), an accented letter,
  /// a combining mark, a joiner, an emoji and spaces of other kinds.
  static let alphabet: [Unicode.Scalar] = Array(
    "abcxyABPCTZz019@.-_ $\t\n\r\u{0B}\u{85}\u{2028}投诉举报城市８éÉ\u{301}\u{200D}😀\u{3000}\u{A0}|".unicodeScalars)

  static func icuMatches(_ regex: NSRegularExpression, _ text: String) -> Bool {
    regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  /// Seeded differential test: on random texts, and texts made of the pattern's own characters,
  /// every pattern answers as `NSRegularExpression` (ICU) does.
  @Test(arguments: patterns)
  func agreesWithICU(pattern: String) throws {
    let icu = try NSRegularExpression(pattern: pattern)
    let regex = try LinearRegex(pattern)
    var generator = SeededGenerator(state: UInt64(truncatingIfNeeded: pattern.unicodeScalars.count) &* 7919)
    let own = Array(pattern.unicodeScalars) + Array("0123456789aaa".unicodeScalars)
    var disagreements: [String] = []
    for round in 0..<600 {
      let source = round % 2 == 0 ? Self.alphabet : own
      let length = Int.random(in: 0...14, using: &generator)
      var text = String.UnicodeScalarView()
      for _ in 0..<length { text.append(source.randomElement(using: &generator)!) }
      let string = String(text)
      if regex.matches(string) != Self.icuMatches(icu, string) {
        disagreements.append(string.debugDescription)
      }
    }
    for text in [
      "13912345678", "C123", "city", "ab", "AB", "leak", "客户投诉", "a leak.", "2024-09-30", "x@y.cn",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "abc\n", "abc\r\n", "abx c", "ab\n\n", "b", "", "\n",
    ] where regex.matches(text) != Self.icuMatches(icu, text) {
      disagreements.append(text.debugDescription)
    }
    #expect(disagreements.isEmpty, "/\(pattern)/ disagrees with ICU on \(disagreements.prefix(5))")
  }

  /// What the subset leaves out is a load error at the character where it starts.
  @Test(arguments: [
    (#"(a)\1"#, "backreferences are not supported", 3), (#"\k<x>"#, "backreferences are not supported", 0),
    ("a(?=b)", "lookaround is not supported", 1), ("(?<=a)b", "lookaround is not supported", 0),
    ("(?<!a)b", "lookaround is not supported", 0), ("(?>a)", "atomic groups are not supported", 0),
    ("a*+", "possessive quantifiers are not supported", 2),
    ("a(?i)b", "inline flags and other '(?' groups are not supported", 1),
    (#"\p{L}"#, #"'\p' properties are not supported"#, 0),
    ("[[a]]", "nested classes and set operations are not supported", 1),
    ("[a&&b]", "nested classes and set operations are not supported", 2), ("(ab", "missing ')'", 0),
    ("ab)", "unmatched ')'", 2), ("[ab", "missing ']'", 0), ("a{2", "missing '}'", 1),
    ("*a", "'*' has nothing to repeat", 0),
    ("a**", "'*' has nothing to repeat", 2), ("^*", "'*' has nothing to repeat", 1),
    ("a{1001}", "count above 1000", 1),
    ("a{3,2}", "counts out of order in '{'", 1), ("[z-a]", "range out of order", 1),
    (#"a\"#, #"'\' at the end of the pattern"#, 1),
    (#"\Q"#, #"unsupported escape '\Q'"#, 0),
    ("[a-c-e]", "'-' must be first or last in a class, or escaped", 4),
    ("(a{1000}){20}", "pattern too large (more than 10000 steps)", 0),
    (
      String(repeating: "(", count: 257) + String(repeating: ")", count: 257),
      "groups nested deeper than 256", 256
    ),
  ])
  func unsupportedSyntaxIsRejected(pattern: String, message: String, position: Int) {
    #expect(throws: LinearRegex.SyntaxError(message: message, position: position)) {
      try LinearRegex(pattern)
    }
  }

  /// Issue 13: `(a+)+$` on a value that almost matches. Backtracking engines take exponential
  /// time here; this one is linear, so a million characters take about as long as a match of
  /// `a+$` would (well under a second in a release build; the bound leaves room for debug).
  @Test(arguments: [200, 10_000, 1_000_000])
  func catastrophicPatternsAreLinear(length: Int) throws {
    let text = String(repeating: "a", count: length) + "!"
    for pattern in ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(a|a?)+$", ".*.*.*=.*"] {
      let regex = try CompiledRegex(pattern)
      let start = ContinuousClock.now
      #expect(!regex.matches(text))
      #expect(ContinuousClock.now - start < .seconds(length < 1_000_000 ? 2 : 30), "\(pattern) on \(length)")
    }
  }

  /// Depth and size limits hold for the parser and compiler: 256 nested groups compile and
  /// match on a small stack.
  /// Repetitions of an empty group add no instruction, so the instruction cap did not bound
  /// them: 1000⁴ empty emissions hung the rule's load.
  @Test func repeatedEmptyGroupsCompileAtOnce() throws {
    let start = ContinuousClock.now
    let regex = try LinearRegex("^((((){1000}){1000}){1000}){1000}a(b{0}){1000}$")
    #expect(regex.matches("a"))
    #expect(!regex.matches("ab"))
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test func deepestGroupsCompileOnASmallStack() {
    let pattern = String(repeating: "(", count: 256) + "a" + String(repeating: ")", count: 256) + "$"
    let result = onSmallStack { () -> Bool? in (try? LinearRegex(pattern))?.matches("xa") }
    #expect(result == true)
  }

  /// `ASCIIPattern` is linear too: `.*` steps over long texts.
  @Test func asciiPatternIsLinear() throws {
    let pattern = try #require(ASCIIPattern(".*.*.*=.*x"))
    let text = String(repeating: "ab", count: 500_000)
    let start = ContinuousClock.now
    #expect(pattern.matches(text) == false)
    #expect(ContinuousClock.now - start < .seconds(30))
  }
}
