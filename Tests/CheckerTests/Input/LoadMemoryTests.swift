import Foundation
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

  /// A packed change keeps 24 bits of column index, so a file with more columns is refused (CSV)
  /// or the row bringing one key too many is rejected (JSON Lines), instead of wrapping around.
  /// Shown with the limit lowered to 3 columns.
  @Test func columnsBeyondThePackedIndexAreRefusedNotWrapped() {
    #expect(SourceChange.attributeLimit == 1 << 24)
    func builder(_ source: SourceDescription) -> SourceBuilder {
      var builder = SourceBuilder(
        source: source, fileIndex: 0, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .current,
        validatesUTF8: true, encodingName: "UTF-8", errorBudget: nil)
      builder.columnLimit = 3
      return builder
    }
    let wide = InputTestSupport.eventLog("wide.csv")
    var csv = builder(wide)
    let csvBytes = Array("case,activity,time,team\nC1,a,2024-09-10 10:00,x\n".utf8)
    let outputs = csvBytes.withUnsafeBufferPointer {
      SourceReader.readCSV(wide, bytes: $0, file: nil, builder: &csv)
    }
    #expect(outputs.count == 1)
    #expect(outputs[0].counts == ReadCounts(read: 0, used: 0, rejected: 0))
    #expect(
      outputs[0].diagnostics.map(\.message) == ["the header has 4 columns; at most 3 can be read"])
    #expect(outputs[0].diagnostics.first?.mark == SourceMark(line: 1, column: 4))

    var jsonl = builder(InputTestSupport.eventLog("wide.jsonl"))
    let lines = [
      #"{"case": "C1", "activity": "a", "time": "2024-09-10 10:00"}"#,
      #"{"case": "C1", "activity": "b", "time": "2024-09-10 11:00", "team": "x"}"#,
      #"{"case": "C2", "activity": "a", "time": "2024-09-10 12:00"}"#,
    ]
    Array(lines.joined(separator: "\n").utf8).withUnsafeBufferPointer {
      SourceReader.readJSONLines(bytes: $0, builder: &jsonl)
    }
    #expect(jsonl.output.counts == ReadCounts(read: 3, used: 2, rejected: 1))
    #expect(jsonl.output.rejections.map(\.source.line) == [2])
    #expect(
      jsonl.output.rejections.map(\.reason) == [
        "key 'team' would be column 4; at most 3 distinct keys can be read"
      ])
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
