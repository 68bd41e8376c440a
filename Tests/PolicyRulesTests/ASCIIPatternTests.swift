import Foundation
import Testing

@testable import PolicyRules

/// The matcher without ICU must agree with `NSRegularExpression` wherever it answers.
struct ASCIIPatternTests {
  static let simplePatterns = [
    #"^1[0-9]{10}$"#, #"^[A-Z]{2}-\d+$"#, #"\d{3}"#, "ab*c", "^a?b+$", "x.y", #"^\$\d+\.\d{2}$"#,
    "^[^0-9]+$", "^[-a-c]+$", "^[a-c-]{2,3}$", "colou?r", "^$", "^T0{2,}[1-9]", #"^[\d.]+$"#,
  ]
  static let texts = [
    "13912345678", "1391234567", "139123456789", "23912345678", "021-5550123", "AB-12", "AB-", "ab-12",
    "abbbc", "ac", "b", "abb", "x_y", "xy", "$12.50", "$1.5", "abc", "-a-b", "ab", "c-", "color", "colour",
    "", "T0012", "T01", "3.14", "a\nb", "caf\u{E9}", "1391234567\u{FF18}",
  ]

  @Test("agrees with NSRegularExpression", arguments: simplePatterns)
  func agreesWithICU(_ pattern: String) throws {
    let simple = try #require(ASCIIPattern(pattern), "pattern should be handled without ICU")
    let icu = try NSRegularExpression(pattern: pattern)
    for text in Self.texts {
      let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
      if let got = simple.matches(text) {
        #expect(got == expected, "/\(pattern)/ on \(text.debugDescription)")
      }
    }
  }

  @Test func handMadeAnswers() throws {
    let phone = try #require(ASCIIPattern(#"^1[0-9]{10}$"#))
    #expect(phone.matches("13912345678") == true)
    #expect(phone.matches("1391234567") == false)
    #expect(phone.matches("139123456789") == false)
    #expect(phone.matches("021-5550123") == false)
    let unanchored = try #require(ASCIIPattern(#"\d{3}"#))
    #expect(unanchored.matches("ab123") == true)
    #expect(unanchored.matches("a12b3") == false)
  }

  @Test func textOutsidePlainASCIIIsLeftToICU() throws {
    let pattern = try #require(ASCIIPattern("^a.b$"))
    #expect(pattern.matches("a\nb") == nil)
    #expect(pattern.matches("a\u{E9}b") == nil)
  }

  @Test(
    "patterns beyond the subset are left to ICU",
    arguments: [
      "(ab)+", "a|b", #"\w+"#, #"\s"#, "a*?", "a++", "[[a-z]]", "[a-z&&[^x]]", "[:digit:]", "a{,3}", "a{2",
      #"\p{L}"#, "[a-c-e]", "é+",
    ])
  func unsupported(_ pattern: String) {
    #expect(ASCIIPattern(pattern) == nil)
  }

  @Test func compiledRegexGivesTheSameAnswerEitherWay() throws {
    let regex = try CompiledRegex(#"^1[0-9]{10}$"#)
    #expect(regex.matches("13912345678"))
    #expect(!regex.matches("021-5550123"))
    // Full-width digits are not ASCII: ICU decides ([0-9] is ASCII only there too).
    #expect(!regex.matches("1391234567\u{FF18}"))
  }
}
