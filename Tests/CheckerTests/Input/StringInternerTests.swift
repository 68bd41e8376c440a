import Foundation
import Testing

@testable import Checker

/// The file pool: equal bytes get one id, different bytes never share one, through table growth.
struct StringInternerTests {
  func intern(_ interner: inout StringInterner, _ text: String) -> Int32 {
    var copy = text
    return copy.withUTF8 { interner.internID($0, validating: true) } ?? -1
  }

  /// A pool of `texts`, with the numbered shape of `sample` adopted first (when given).
  func pool(_ texts: [String], numbering sample: String?) -> StringInterner {
    var interner = StringInterner(capacity: 4)
    if var sample { sample.withUTF8 { interner.adoptNumbering(like: $0) } }
    for text in texts { _ = intern(&interner, text) }
    return interner
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

  /// A part's pool joining the table's in batches gives every text the id one look-up at a time
  /// would: shared texts their old ids, new ones the next ids in the part's order.
  @Test func joiningAPoolGivesTheIdsOfOneLookUpAtATime() {
    // Numbered ids, phone-like digit strings, short, 8-byte and long texts, shared and new, more
    // than one batch, and enough new ones that the table has to be resized for the join.
    let shared = (0..<40).map { "T\(String(format: "%07d", $0 * 13))" } + ["华北-2", "abcdefgh", "13800000001"]
    let first = shared + (0..<100).map { "first-only text \($0)" }
    let second =
      (0..<3_000).map { k in k % 3 == 0 ? "1390000\(String(format: "%04d", k))" : "second-\(k)-abcdefgh" }
      + shared.reversed() + ["", "T9999999"]
    for sample in [nil, "T0000001"] as [String?] {
      for dropped in [false, true] {
        var joined = pool(first, numbering: sample)
        var oneByOne = pool(first, numbering: sample)
        var part = pool(second, numbering: sample)
        if dropped { part.dropLookup() }
        let ids = joined.internAll(of: part)
        #expect(
          ids == part.strings.map { oneByOne.internID($0) },
          "numbering \(sample ?? "none"), dropped \(dropped)")
        #expect(joined.strings == oneByOne.strings)
        for (k, text) in part.strings.enumerated() {
          #expect(joined.strings[Int(ids[k])] == text)
          #expect(intern(&joined, text) == ids[k])
        }
      }
    }
  }

  /// Pools joined side by side (look-ups in the earlier pools, in chunks on several workers)
  /// give the ids and texts of joining them one after another into one table: texts shared by
  /// any two of three pools keep their first id, new ones follow in each pool's order, whatever
  /// the chunks and workers, and whichever numbered shape each pool adopted.
  @Test func joiningPoolsSideBySideGivesTheIdsOfJoiningThemInTurn() {
    let numbered = (0..<90).map { "T\(String(format: "%07d", $0 * 7))" }
    let phones = (0..<60).map { "1390000\(String(format: "%04d", $0 * 3))" }
    let long = (0..<60).map { "a longer text than sixteen bytes \($0)" }
    // Each pool: some texts of each kind only it has, some it shares with one other pool, and
    // some all three share; in different orders, so that first ids differ from pool to pool.
    let first = numbered[0..<60] + phones[0..<40] + long[0..<40] + ["", "华北-2", "abcdefgh"]
    let second = (numbered[30..<90] + phones[20..<60] + long[20..<60]).reversed() + ["华北-2", "second"]
    let third = ["L000001", "third", ""] + numbered[50..<80] + phones[0..<10] + long[55..<60] + ["second"]
    for samples in [[nil, nil, nil], ["T0000001", "T0000001", "L000001"], [nil, "T0000001", "X12345"]] {
      let pools = [
        pool(Array(first), numbering: samples[0]), pool(Array(second), numbering: samples[1]),
        pool(third, numbering: samples[2]),
      ]
      var oneAtATime = pools[0]
      let expected =
        [(0..<Int32(pools[0].count)).map { $0 }] + pools.dropFirst().map { oneAtATime.internAll(of: $0) }
      for (workers, chunk) in [(1, 16_384), (2, 7), (3, 1)] {
        let (joined, ids) = StringInterner.joined(pools, workers: workers, chunk: chunk)
        let label = "numbering \(samples), \(workers) workers, chunks of \(chunk)"
        #expect(ids == expected, "\(label)")
        #expect(joined.strings == oneAtATime.strings, "\(label)")
        for (p, part) in pools.enumerated() {
          #expect(part.strings.enumerated().allSatisfy { joined.strings[Int(ids[p][$0])] == $1 }, "\(label)")
        }
        // The joined pool still finds its texts (its look-up is built on first use).
        var again = joined
        #expect(intern(&again, "second") == ids[1][second.count - 1])
        #expect(intern(&again, "never seen") == Int32(joined.count))
      }
      // More pools than are joined side by side: joined in turn, to the same ids.
      let (inTurn, inTurnIDs) = StringInterner.joined(pools, workers: 2, chunk: 7, maxSideBySide: 2)
      #expect(inTurnIDs == expected)
      #expect(inTurn.strings == oneAtATime.strings)
    }
    // A pool without its look-up table is joined one text at a time, to the same ids.
    var dropped = pool(third, numbering: nil)
    dropped.dropLookup()
    var inTurn = pool(Array(first), numbering: nil)
    let expected = inTurn.internAll(of: dropped)
    let (joined, ids) = StringInterner.joined(
      [pool(Array(first), numbering: nil), dropped], workers: 2, chunk: 3)
    #expect(ids.last == expected)
    #expect(joined.strings == inTurn.strings)
  }

  @Test func invalidUTF8IsRefusedOnlyWhenNew() {
    var interner = StringInterner()
    let bad: [UInt8] = [0x41, 0xFF, 0x42]
    let id = bad.withUnsafeBufferPointer { interner.internID($0, validating: true) }
    #expect(id == nil)
    #expect(interner.count == 0)
  }
}

/// Numbered ids (`T0176679`) go through a dense array, digit strings of 9 to 16 bytes are told
/// apart by their packed digits: both must give the same ids as the plain table would.
struct StringInternerShapeTests {
  func intern(_ interner: inout StringInterner, _ text: String) -> Int32 {
    var copy = text
    return copy.withUTF8 { interner.internID($0, validating: true) } ?? -1
  }

  func adopt(_ interner: inout StringInterner, _ sample: String) {
    var copy = sample
    copy.withUTF8 { interner.adoptNumbering(like: $0) }
  }

  @Test func numberedIdsKeepOneIdPerTextAcrossShapes() {
    var interner = StringInterner()
    // Seen before the shape is adopted: must keep its id afterwards.
    #expect(intern(&interner, "T0000042") == 0)
    #expect(intern(&interner, "city") == 1)
    adopt(&interner, "T0176679")
    #expect(intern(&interner, "T0000042") == 0)
    #expect(intern(&interner, "T0176679") == 2)
    // Same digits, other prefix or width: other strings, other ids.
    #expect(intern(&interner, "X0176679") == 3)
    #expect(intern(&interner, "T176679") == 4)
    #expect(intern(&interner, "T00176679") == 5)
    // Same length but not digits: the table.
    #expect(intern(&interner, "T01766a9") == 6)
    // Beyond the dense limit (7 digits cannot reach it; the shape's width decides).
    #expect(intern(&interner, "T9999999") == 7)
    #expect(intern(&interner, "T0176679") == 2)
    #expect(intern(&interner, "T01766a9") == 6)
    #expect(intern(&interner, "T9999999") == 7)
    #expect(
      interner.strings == [
        "T0000042", "city", "T0176679", "X0176679", "T176679", "T00176679", "T01766a9", "T9999999",
      ])
    // A second adoption is ignored.
    adopt(&interner, "C01459")
    #expect(intern(&interner, "T0000042") == 0)
  }

  @Test func numbersAboveTheDenseLimitUseTheTable() {
    var interner = StringInterner()
    adopt(&interner, "N123456789")
    let above = "N" + String(format: "%09d", StringInterner.numberedLimit + 5)
    let below = "N" + String(format: "%09d", StringInterner.numberedLimit - 1)
    #expect(intern(&interner, above) == 0)
    #expect(intern(&interner, below) == 1)
    #expect(intern(&interner, above) == 0)
    #expect(intern(&interner, below) == 1)
  }

  @Test func shapesThatAreNotNumberedIdsAreNotAdopted() {
    for sample in ["", "ab", "T12", "TOOLONG12345", "T1234567890", "工1234", "12ab34"] {
      var interner = StringInterner()
      adopt(&interner, sample)
      // Looked up twice through whatever path: one id.
      #expect(intern(&interner, sample) == 0)
      #expect(intern(&interner, sample) == 0)
      #expect(intern(&interner, "T0001") == 1)
      #expect(intern(&interner, "T0001") == 1)
    }
  }

  @Test func digitStringsOfNineToSixteenBytesAreExact() {
    var interner = StringInterner(capacity: 4)
    // Phone numbers, one digit apart; a digit string and a text string of the same length with
    // the same first 8 bytes; 16 and 17 digits (the latter compared as bytes).
    var texts = (0..<3_000).map { "177\(String(format: "%08d", $0 * 7919 % 100_000_000))" }
    texts += ["123456789", "12345678a", "1234567890123456", "12345678901234567", "1234567890123457"]
    var ids: [Int32] = []
    for text in texts { ids.append(intern(&interner, text)) }
    #expect(ids == (0..<Int32(texts.count)).map { $0 })
    for (k, text) in texts.enumerated() { #expect(intern(&interner, text) == ids[k], "\(text)") }
    #expect(interner.strings == texts)
  }

  @Test func droppingTheLookUpKeepsNumberedIds() {
    var interner = StringInterner()
    adopt(&interner, "T0000001")
    let texts = (0..<300).map { "T\(String(format: "%07d", $0 * 13))" } + ["other"]
    for text in texts { _ = intern(&interner, text) }
    interner.dropLookup()
    #expect(intern(&interner, "T0000013") == 1)
    #expect(intern(&interner, "other") == 300)
    #expect(intern(&interner, "T9999998") == 301)
  }
}
