import PolicyRules
import Testing

@testable import Checker

/// The packed forms and page hand-back the loader uses to stay small.
struct LoadMemoryTests {
  @Test func attributeChangesKeepEveryTagAndAll64Bits() {
    let values: [StoredValue] = [
      .null, StoredValue(tag: .bool, bits: 1), StoredValue(tag: .number, bits: (-2.5).bitPattern),
      .string(0x7FFF_FFFF), StoredValue(tag: .timestamp, bits: UInt64(bitPattern: -1_704_067_200_000)),
      StoredValue(tag: .duration, bits: 0xFFFF_FFFF_0000_0001),
    ]
    for (k, value) in values.enumerated() {
      for attribute in [0, 7, 255, 0xFF_FFFF] {
        let change = SourceChange(attribute: attribute, value: value)
        #expect(change.value == value, "value \(k)")
        #expect(change.attribute == attribute)
      }
    }
    #expect(MemoryLayout<SourceChange>.stride == 12)
  }

  @Test func releasingPagesKeepsWhatLiesOutsideWholePages() {
    // 4 MB of known (odd, so nonzero) words; release a byte range that starts and ends inside pages.
    let count = 1 << 19
    func word(_ k: Int) -> UInt64 { UInt64(k) &* 0x9E37_79B9_7F4A_7C15 | 1 }
    let words = (0..<count).map(word)
    let from = 1000 * 8 + 3
    let to = (count - 777) * 8 - 5
    let page = 4096
    // The words wholly inside the released pages (pages are aligned in memory, not in the array).
    let base = words.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    let firstPage = (base + from + page - 1) / page * page
    let endPage = (base + to) / page * page
    let released = (firstPage - base + 7) / 8..<(endPage - base) / 8
    #expect(released.count > 1000, "the range covers whole pages")
    words.withUnsafeBufferPointer { buffer in
      MemoryPages.release(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[from..<to]))
    }
    #expect((0..<released.lowerBound).allSatisfy { words[$0] == word($0) })
    #expect((released.upperBound..<count).allSatisfy { words[$0] == word($0) })
    // Released pages read as zeros.
    #expect(released.allSatisfy { words[$0] == 0 })
  }

  /// A key first seen after several cases widens every case's latest values; a case seen again
  /// keeps what it had (an unchanged value is stored once) and a missing key reads as null.
  @Test func latestValuesSurviveANewColumnAndInterleavedCases() {
    let text = """
      {"case": "A", "activity": "a1", "time": "2024-01-01 10:00", "team": "x"}
      {"case": "B", "activity": "b1", "time": "2024-01-01 10:05", "team": "y"}
      {"case": "A", "activity": "a2", "time": "2024-01-01 10:10", "team": "x", "zone": "north"}
      {"case": "B", "activity": "b2", "time": "2024-01-01 10:15", "zone": "south"}
      {"case": "A", "activity": "a3", "time": "2024-01-01 10:20", "team": "z", "zone": "north"}

      """
    let path = InputTestSupport.write(text, name: "widening.jsonl")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 5, used: 5, rejected: 0))
    let cases = dataset.cases
    #expect(cases.map(\.id) == ["A", "B"])
    #expect(cases[0].fields["team"] == .string("z"))
    #expect(cases[0].fields["zone"] == .string("north"))
    #expect(cases[1].fields["team"] == .string("y"))
    #expect(cases[1].fields["zone"] == .string("south"))
    func pairs(_ c: Case) -> [[Value]] { c.events.map { [$0.attributes["team"], $0.attributes["zone"]] } }
    #expect(
      pairs(cases[0]) == [
        [.string("x"), .null], [.string("x"), .string("north")], [.string("z"), .string("north")],
      ])
    #expect(pairs(cases[1]) == [[.string("y"), .null], [.null, .string("south")]])
  }
}
