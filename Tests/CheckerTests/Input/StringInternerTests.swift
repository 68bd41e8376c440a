import Testing

@testable import Checker

/// The file pool: equal bytes get one id, different bytes never share one, through table growth.
struct StringInternerTests {
  func intern(_ interner: inout StringInterner, _ text: String) -> Int32 {
    var copy = text
    return copy.withUTF8 { interner.internID($0, validating: true) } ?? -1
  }

  @Test func equalTextsShareAnIdAndDifferentOnesNever() {
    var interner = StringInterner(capacity: 4)
    // Short, 8-byte, long, prefixes of each other, a NUL that zero padding must not confuse,
    // Chinese text, and enough of them to grow the table several times.
    var texts = ["", "a", "ab", "ab\u{0}", "abcdefgh", "abcdefghi", "abcdefgh\u{0}", "华北-2", "工单号-长文本"]
    texts += (0..<5_000).map { "T\(String($0, radix: 7))" }
    texts += (0..<500).map { "customer number \($0) with a long name" }
    var ids: [Int32] = []
    for text in texts { ids.append(intern(&interner, text)) }
    #expect(Set(ids).count == texts.count)
    #expect(ids == (0..<Int32(texts.count)).map { $0 })
    for (k, text) in texts.enumerated() {
      #expect(intern(&interner, text) == ids[k], "\(text.debugDescription)")
      #expect(interner.strings[Int(ids[k])] == text)
    }
    #expect(interner.count == texts.count)
  }

  @Test func droppingTheLookUpKeepsTextsAndIds() {
    var interner = StringInterner()
    let texts = (0..<300).map { "value-\($0)" }
    for text in texts { _ = intern(&interner, text) }
    interner.dropLookup()
    #expect(interner.strings == texts)
    #expect(intern(&interner, "value-17") == 17)
    #expect(intern(&interner, "new") == 300)
    #expect(interner.count == 301)
  }

  @Test func invalidUTF8IsRefusedOnlyWhenNew() {
    var interner = StringInterner()
    let bad: [UInt8] = [0x41, 0xFF, 0x42]
    let id = bad.withUnsafeBufferPointer { interner.internID($0, validating: true) }
    #expect(id == nil)
    #expect(interner.count == 0)
  }
}
