import Foundation
import Testing

@testable import Checker

/// `--memory-limit` reads a dataset in parts of its cases: every row is counted by exactly one
/// part, every case is whole in one part (events and fields of all its files), and the parts
/// together are the whole read, damaged rows and all.
@Suite struct CasePartitionTests {
  /// A case as text: type, id, fields, events (activity, time, line, attributes).
  func describe(_ c: Case) -> String {
    let fields = zip(c.fields.schema.names, c.fields.values).map { "\($0)=\($1)" }.joined(separator: ",")
    let events = c.events.map { e in
      let attributes = zip(e.attributes.schema.names, e.attributes.values).map { "\($0)=\($1)" }
      return
        "\(e.activity)@\(e.time.milliseconds):\(e.source.file):\(e.source.line)[\(attributes.joined(separator: ","))]"
    }
    return "\(c.recordType) \(c.id) {\(fields)} \(events.joined(separator: " "))"
  }

  /// Options that read only `partition` (everything for nil).
  func options(_ partition: CasePartition?) -> DatasetLoadOptions {
    var options = DatasetLoadOptions()
    options.partition = partition
    return options
  }

  func rejections(_ dataset: Dataset) -> [String] {
    dataset.rejections.map { "\($0.source.file):\($0.source.line):\($0.column ?? 0): \($0.reason)" }
  }

  /// Loads the whole dataset and `parts` parts of it and compares them.
  func expectPartsAddUp(parts: Int, _ load: (CasePartition?) -> Dataset, _ comment: String) {
    let whole = load(nil)
    var counts = ReadCounts()
    var fileCounts = whole.fileCounts.map { _ in ReadCounts() }
    var cases: [Case] = []
    var rejected: [RowRejection] = []
    for index in 0..<parts {
      let part = load(CasePartition(index: index, of: parts))
      #expect(InputTestSupport.expectInvariant(part), "\(comment), part \(index)")
      #expect(part.diagnostics == whole.diagnostics, "\(comment), part \(index)")
      counts = counts + part.counts
      for k in fileCounts.indices { fileCounts[k] = fileCounts[k] + part.fileCounts[k] }
      cases += part.cases
      rejected += part.rejections
    }
    rejected.sort { $0.source < $1.source }
    #expect(counts == whole.counts, "\(comment)")
    #expect(fileCounts == whole.fileCounts, "\(comment)")
    var merged = whole
    merged.rejections = rejected
    #expect(rejections(merged) == rejections(whole), "\(comment)")
    cases.sort {
      PartCase(recordType: $0.recordType, id: $0.id) < PartCase(recordType: $1.recordType, id: $1.id)
    }
    #expect(cases.map(describe) == whole.cases.map(describe), "\(comment)")
  }

  @Test(arguments: [2, 3, 7])
  func damagedCSVInPartsAddsUpToOneRead(parts: Int) {
    let generator = DamagedInputTests()
    for seed in UInt64(1)...12 {
      let path = InputTestSupport.write(generator.csv(seed: seed).bytes, name: "parts-\(seed).csv")
      for threads in [1, 2] {
        expectPartsAddUp(
          parts: parts,
          { partition in
            var options = DatasetLoadOptions(parallel: threads > 1, threads: threads)
            options.minimumPartSize = 512
            options.partition = partition
            return InputTestSupport.load([InputTestSupport.eventLog(path)], options: options)
          }, "seed \(seed), \(threads) threads")
      }
    }
  }

  @Test(arguments: [2, 5])
  func damagedJSONLinesInPartsAddUpToOneRead(parts: Int) {
    let generator = DamagedInputTests()
    for seed in UInt64(1)...12 {
      let path = InputTestSupport.write(generator.jsonLines(seed: seed).bytes, name: "parts-\(seed).jsonl")
      expectPartsAddUp(
        parts: parts,
        { partition in
          var source = InputTestSupport.eventLog(path)
          source.format = .jsonl
          var options = DatasetLoadOptions()
          options.partition = partition
          return InputTestSupport.load([source], options: options)
        }, "seed \(seed)")
    }
  }

  /// Records (CSV) and events (JSON Lines) of one repair order meet in one part, so its fields
  /// and the events of both files stay joined.
  @Test(arguments: [2, 3, 4])
  func recordsAndEventsOfACaseMeetInOnePart(parts: Int) {
    expectPartsAddUp(
      parts: parts,
      {
        DatasetLoader.load(descriptionAt: InputTestSupport.fixture("description.yaml"), options: options($0))
      }, "repair orders")
  }

  /// A case id column read as numbers (`1.0` and `1` are one case) is placed by its value's
  /// text, the case id the join uses; a blank one and a row of the wrong width are counted once.
  @Test(arguments: [2, 3])
  func numberCaseIdsAndBrokenRowsAreCountedOnce(parts: Int) {
    var records = ["id,amount"]
    var events = ["id,activity,time"]
    for k in 0..<60 {
      records.append("\(k)\(k % 4 == 0 ? ".0" : ""),\(k)")
      events.append("\(k),done,2024-09-\(10 + k % 9) 10:00")
    }
    records += [" ,1", "7,1,extra", "x,2"]
    events += [",done,2024-09-10 10:00", "3,done,2024-13-01 10:00", "4"]
    let recordsPath = InputTestSupport.write(records.joined(separator: "\n") + "\n", name: "orders.csv")
    let eventsPath = InputTestSupport.write(events.joined(separator: "\n") + "\n", name: "events.csv")
    expectPartsAddUp(
      parts: parts,
      { partition in
        InputTestSupport.load(
          [
            SourceDescription(
              file: recordsPath, resolvedPath: recordsPath, recordType: "order", kind: .records, format: .csv,
              caseId: ColumnReference("id"), numbers: [ColumnReference("id"), ColumnReference("amount")]),
            SourceDescription(
              file: eventsPath, resolvedPath: eventsPath, recordType: "order", kind: .events, format: .csv,
              caseId: ColumnReference("id"), activity: ColumnReference("activity"),
              time: ColumnReference("time"),
              numbers: [ColumnReference("id")]),
          ], options: options(partition))
      }, "numbered orders")
  }
}
