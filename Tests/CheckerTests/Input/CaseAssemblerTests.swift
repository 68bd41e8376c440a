import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Assembly in ranges built in place: how ranks are cut into ranges, that ranges built on
/// several workers give the very table one range gives (its raw columns too, where each range's
/// attributes are shifted when joined), and the radix sort of numbered case ids.
struct CaseAssemblerTests {
  @Test func rangesCutWorkEvenlyAndCoverEveryCase() {
    // Five cases with 0, 5, 1, 0 and 10 events. Work before rank r is r + its first event:
    // 0, 1, 7, 9, 10 and 21 in all.
    let starts: [Int32] = [0, 0, 5, 6, 6, 16]
    #expect(TypeAssembler.rangeBounds(starts, chunks: 1) == [0, 5])
    // Targets 7 and 14: rank 2 is the first with work 7 before it, rank 5 the first past 14.
    #expect(TypeAssembler.rangeBounds(starts, chunks: 3) == [0, 2, 5, 5])
    // Targets 3, 7, 10, 14, 17: empty ranges are allowed, every rank is in exactly one range.
    #expect(TypeAssembler.rangeBounds(starts, chunks: 6) == [0, 2, 2, 4, 5, 5, 5])
    #expect(TypeAssembler.rangeBounds([0], chunks: 2) == [0, 0, 0])
  }

  /// Two record types; orders join a records file with an events file read in four parts, whose
  /// cases straddle the parts and whose times run backwards in places.
  func outputs() -> [SourceOutput] {
    let zone = TimeZone(identifier: "Asia/Shanghai") ?? .current
    let orders = InputTestSupport.write("id,team,priority\nO10,A,high\nO2,B,\nO1,,low\n", name: "orders.csv")
    var lines = ["case,activity,time,resource,team,stage"]
    for k in 0..<120 {
      // Rows k = 3, 14, 25, ... are 30 minutes earlier than their place: their cases need sorting.
      let minutes = k % 11 == 3 ? k + 30 : k + 60
      let minute = minutes % 60
      let hour = 10 + minutes / 60
      let team = k < 60 ? "A" : (k % 5 == 0 ? "" : "C")
      lines.append(
        "O\(k % 7),a\(k % 3),2024-09-10 \(hour):\(minute < 10 ? "0" : "")\(minute),r\(k % 4),\(team),s\(k % 4)"
      )
    }
    let events = InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "order-events.csv")
    var visitLines = ["case,activity,time,resource,room"]
    for k in 0..<30 {
      visitLines.append("V\(k % 5),v\(k % 2),2024-09-11 09:\(10 + k),,\(k % 3 == 0 ? "" : "R\(k % 4)")")
    }
    let visits = InputTestSupport.write(visitLines.joined(separator: "\n") + "\n", name: "visits.csv")
    let recordSource = SourceDescription(
      file: orders, resolvedPath: orders, recordType: "order", kind: .records, format: .csv,
      caseId: ColumnReference("id"))
    var eventSource = InputTestSupport.eventLog(events)
    eventSource.recordType = "order"
    var visitSource = InputTestSupport.eventLog(visits)
    visitSource.recordType = "visit"
    func read(_ source: SourceDescription, _ file: Int32, parts: Int) -> [SourceOutput] {
      SourceReader.read(
        source, fileIndex: file, timeZone: zone, encodingOverride: nil, errorBudget: nil, parts: parts,
        minimumPartSize: 256)
    }
    // Visits come first: types are ordered by name, not by file.
    return read(visitSource, 2, parts: 1) + read(recordSource, 0, parts: 1) + read(eventSource, 1, parts: 4)
  }

  /// The gather hands back the pages of the events it has passed (every 65,536): outputs whose
  /// arrays a caller still shares must come out whole for that caller's own assembly.
  @Test func assemblingSharedOutputsLeavesTheCallersCopyWhole() throws {
    let zone = TimeZone(identifier: "Asia/Shanghai") ?? .current
    var lines = ["case,activity,time,resource"]
    lines.reserveCapacity(70_001)
    for k in 0..<70_000 {
      let minute = k % 60
      lines.append(
        "C\(k % 997),a\(k % 5),2024-09-10 \(10 + (k / 60) % 10):\(minute < 10 ? "0" : "")\(minute),r\(k % 3)")
    }
    let path = InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "shared-events.csv")
    let pieces = SourceReader.read(
      InputTestSupport.eventLog(path), fileIndex: 0, timeZone: zone, encodingOverride: nil, errorBudget: nil,
      parts: 1)
    #expect(pieces.first?.events.count == 70_000)
    var first = pieces
    let one = CaseAssembler.assemble(&first, workers: 1)
    var second = pieces
    let again = CaseAssembler.assemble(&second, workers: 1)
    #expect(one.eventCount == 70_000)
    #expect(again.caseIDs == one.caseIDs)
    #expect(again.columns.eventStarts.elements == one.columns.eventStarts.elements)
    #expect(again.columns.activities.elements == one.columns.activities.elements)
    #expect(again.columns.times.elements == one.columns.times.elements)
    #expect(again.columns.lines.elements == one.columns.lines.elements)
  }

  @Test func rangesBuiltOnSeveralWorkersGiveTheTableOneRangeGives() throws {
    let pieces = outputs()
    #expect(pieces.count == 6, "the events file is really read in parts")
    var first = pieces
    var second = pieces
    let one = CaseAssembler.assemble(&first, workers: 1)
    // 8 orders in 4 ranges, 5 visits in 2: attributes of later ranges are shifted when joined.
    let many = CaseAssembler.assemble(&second, workers: 3, minimumChunk: 2)

    #expect(one.caseIDs == ["O0", "O1", "O2", "O3", "O4", "O5", "O6", "O10", "V0", "V1", "V2", "V3", "V4"])
    #expect(one.recordTypes == ["order", "visit"])
    #expect(one.columns.caseTypes.elements == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    #expect(one.eventCount == 150)
    #expect(one.columns.eventStarts.elements.last == 150)
    let attributeStarts = one.columns.attributeStarts.elements
    #expect(attributeStarts.count == 151)
    #expect(attributeStarts.last.map(Int.init) == one.columns.attributeSlots.count)
    #expect(zip(attributeStarts, attributeStarts.dropFirst()).allSatisfy { $0 <= $1 })

    #expect(many.strings == one.strings)
    #expect(many.caseIDs == one.caseIDs)
    #expect(many.columns.caseTypes.elements == one.columns.caseTypes.elements)
    #expect(many.columns.caseSources.elements == one.columns.caseSources.elements)
    #expect(many.columns.eventStarts.elements == one.columns.eventStarts.elements)
    #expect(many.columns.fieldTags.elements == one.columns.fieldTags.elements)
    #expect(many.columns.fieldBits.elements == one.columns.fieldBits.elements)
    #expect(many.columns.activities.elements == one.columns.activities.elements)
    #expect(many.columns.times.elements == one.columns.times.elements)
    #expect(many.columns.resources.elements == one.columns.resources.elements)
    #expect(many.columns.files.elements == one.columns.files.elements)
    #expect(many.columns.lines.elements == one.columns.lines.elements)
    #expect(many.columns.attributeStarts.elements == one.columns.attributeStarts.elements)
    #expect(many.columns.attributeSlots.elements == one.columns.attributeSlots.elements)
    #expect(many.columns.attributeTags.elements == one.columns.attributeTags.elements)
    #expect(many.columns.attributeBits.elements == one.columns.attributeBits.elements)

    let rows = many.rows
    // O10 has only its records row; O1 takes its team (empty in its row) from its latest event
    // in time (k = 106, as row 113 goes back: "C"), O2 keeps its row's team over its events'.
    let o10 = try #require(rows.first { $0.id == "O10" })
    #expect(o10.events.isEmpty)
    #expect(o10.fields["team"] == .string("A"))
    #expect(o10.fields["priority"] == .string("high"))
    #expect(o10.source == SourceLocation(file: 0, line: 2))
    let o1 = try #require(rows.first { $0.id == "O1" })
    #expect(o1.fields["team"] == .string("C"))
    #expect(o1.fields["priority"] == .string("low"))
    #expect(o1.events.count == 17)
    let o2 = try #require(rows.first { $0.id == "O2" })
    #expect(o2.fields["team"] == .string("B"))
    // O3's rows k = 3 and 80 go back 30 minutes: its events are in time order all the same.
    let o3 = try #require(rows.first { $0.id == "O3" })
    #expect(zip(o3.events, o3.events.dropFirst()).allSatisfy { $0.time <= $1.time })
    #expect(o3.source == SourceLocation(file: 1, line: 5))
    for row in rows where row.recordType == "order" && row.id != "O10" {
      #expect(
        zip(row.events, row.events.dropFirst()).allSatisfy { ($0.time, $0.source) < ($1.time, $1.source) })
    }
    let v1 = try #require(rows.first { $0.id == "V1" })
    #expect(v1.events.map(\.source.line) == [3, 8, 13, 18, 23, 28])
    // V1's rooms by k = 1, 6, 11, 16, 21, 26: R1, "", R3, R0, "", R2; the latest non-empty wins.
    #expect(v1.fields["room"] == .string("R2"))
    #expect(
      v1.events.map { $0.attributes["room"] } == [
        .string("R1"), .null, .string("R3"), .string("R0"), .null, .string("R2"),
      ])
  }

  /// Ranks are where each id goes in `sortedIndices`' order, by whichever path: numbers of one
  /// width close together (placed in an array over their range), a duplicate or wider spread
  /// numbers (the radix sort), mixed widths, and ids that are not numbered at all.
  @Test func ranksPlaceEachIdWhereTheSortPutsIt() {
    // 3,000 ids numbered 1000..<10000 in steps of 3, shuffled by a fixed multiplier.
    let dense = (0..<3_000).map { "T\(1_000 + ($0 * 1_723 % 3_000) * 3)" }
    let sparse = dense.map { $0 + "000000" }
    let duplicated = dense + [dense[17]]
    let widths = ["T10", "T0009", "T9", "T00010", "T1", "T010", "T2", "T20", "T0"]
    let words = ["Case 10", "Case 2", "case 3", "Case 02", "A"]
    #expect(NaturalOrder.denseRanks(NaturalOrder.numberedKeys(dense) ?? []) != nil)
    #expect(NaturalOrder.denseRanks(NaturalOrder.numberedKeys(sparse) ?? []) == nil)
    #expect(NaturalOrder.denseRanks(NaturalOrder.numberedKeys(duplicated) ?? []) == nil)
    #expect(NaturalOrder.denseRanks(NaturalOrder.numberedKeys(widths) ?? []) == nil)
    for ids in [dense, sparse, duplicated, widths, words, ["T5"], []] {
      var expected = [Int32](repeating: -1, count: ids.count)
      for (r, k) in NaturalOrder.sortedIndices(ids).enumerated() { expected[k] = Int32(r) }
      for (workers, chunk) in [(1, 16_384), (2, 1), (3, 100)] {
        #expect(
          NaturalOrder.ranks(ids, workers: workers, minimumChunk: chunk) == expected, "\(ids.prefix(3))")
      }
    }
    // Hand-checked: T1000 is the smallest, T9997 (k = 1,000: 1,723,000 % 3,000 = 1,000) ...
    let ranks = NaturalOrder.ranks(dense)
    #expect(ranks[0] == 0)
    #expect(dense[1] == "T6169" && ranks[1] == 1_723)
    // Keys parsed in ranges on several workers are the keys of one pass; one id that is not
    // numbered, in the last range, makes them nil.
    let keys = NaturalOrder.numberedKeys(dense, workers: 1)
    #expect(
      NaturalOrder.numberedKeys(dense, workers: 2, minimumChunk: 10)?.map(\.value) == keys?.map(\.value))
    #expect(NaturalOrder.numberedKeys(dense + ["T12a"], workers: 2, minimumChunk: 10) == nil)
  }

  /// Cases of three outputs (shared by two or all three, in different orders) ordered on
  /// several workers in small ranges: the order one worker gives, and each rank's contributions
  /// are its outputs' slots of that very id, in output order.
  @Test func orderingCasesOnSeveralWorkersGivesTheOrderOfOne() {
    // Output o has the ids of `numbers[o]`; each id's text in the table's pool is its number.
    let numbers: [[Int]] = [
      (0..<500).map { $0 * 37 % 500 }, (250..<700).map { 949 - $0 }, (0..<300).map { ($0 * 7 % 300) * 3 },
    ]
    var outputs: [SourceOutput] = []
    var pools: [[Int32]] = []
    for (o, list) in numbers.enumerated() {
      var output = SourceOutput(fileIndex: Int32(o), recordType: "t", kind: o == 0 ? .records : .events)
      output.caseIds = list.map { "C\($0)" }
      // Pool ids here are the slot reversed; the pool maps them to the number.
      output.caseIdTexts = list.indices.map { Int32(list.count - 1 - $0) }
      output.firstSources = list.indices.map { SourceLocation(file: Int32(o), line: Int32($0 + 2)) }
      pools.append(list.reversed().map { Int32($0) })
      outputs.append(output)
    }
    let one = TypeAssembler.orderCases(outputs, pools: pools, poolSize: 1_000, workers: 1)
    let many = TypeAssembler.orderCases(outputs, pools: pools, poolSize: 1_000, workers: 3, minimumChunk: 7)
    let all = Set(numbers.joined()).sorted()
    #expect(one.ids == all.map { "C\($0)" })
    #expect(one.idTexts == all.map { Int32($0) })
    for order in [one, many] {
      #expect(order.ids == one.ids)
      #expect(order.idTexts == one.idTexts)
      #expect(order.slotRanks == one.slotRanks)
      #expect(order.contributionStarts.count == all.count + 1)
      for r in all.indices {
        let range = Int(order.contributionStarts[r])..<Int(order.contributionStarts[r + 1])
        let given = order.contributions[range]
        let owning = numbers.indices.filter { numbers[$0].contains(all[r]) }
        #expect(given.map(\.output) == owning.map { Int32($0) })
        #expect(given.allSatisfy { outputs[Int($0.output)].caseIds[Int($0.slot)] == order.ids[r] })
        #expect(given.allSatisfy { $0.firstSource == SourceLocation(file: $0.output, line: $0.slot + 2) })
      }
      for (o, ranks) in order.slotRanks.enumerated() {
        #expect(ranks.enumerated().allSatisfy { order.ids[Int($1)] == outputs[o].caseIds[$0] })
      }
    }
  }

  @Test func radixSortKeepsTheIndexOrderOfEqualKeys() {
    let keys: [UInt64] = [5, 1 << 40, 5, 0, 1 << 40 | 1, 256, 255]
    #expect(NaturalOrder.radixSortedIndices(keys) == [3, 0, 2, 6, 5, 1, 4])
    #expect(NaturalOrder.radixSortedIndices([]) == [])
    // Numbers of 18 digits do not fit beside their digit count: the comparison sort takes them.
    let large = ["T999999999999999999", "T576460752303423488", "T5", "T05", "T576460752303423487"]
    let general = large.indices.sorted { NaturalOrder.less(large[$0], large[$1]) }
    #expect(NaturalOrder.sortedIndices(large) == general)
    #expect(
      general.map { large[$0] } == [
        "T5", "T05", "T576460752303423487", "T576460752303423488", "T999999999999999999",
      ])
  }
}
