import Foundation
import Testing

@testable import Checker

/// Randomly damaged CSV and JSON Lines files (seeded): every physical record is accounted for,
/// each bad row is reported at its own line, no good row after a damaged one is lost, and the
/// result is the same at one thread and at two (the file split into parts).
@Suite struct DamagedInputTests {
  enum Damage: CaseIterable {
    /// A `"` at the start of an unquoted field, or a quoted note without its closing quote.
    case strayQuote
    /// A record one field short.
    case shortRow
    /// A byte that is not UTF-8 in the activity.
    case badByte
    /// A timestamp in month 13.
    case badTimestamp
  }

  /// A generated file: its bytes, the line each row starts on, and the damage done to each.
  struct Generated {
    var bytes: [UInt8] = []
    var rows: [(line: Int, damage: Damage?)] = []
  }

  /// An event log of `case,activity,time,resource,note` rows. Notes are plain, quoted on one
  /// line (`"a, b"`) or quoted over two lines; rows of one line are damaged at random (a
  /// multi-line note is never damaged: a damaged one is read line by line, as it should be).
  func csv(seed: UInt64) -> Generated {
    var random = SplitMix(seed: seed)
    func roll(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    var file = Generated()
    var text: [UInt8] = Array("case,activity,time,resource,note\n".utf8)
    var line = 2
    for row in 0..<(120 + roll(200)) {
      let minute = row % 60
      var fields = [
        "C\(roll(40))", "act\(roll(6))",
        "2024-09-\(10 + roll(18)) 1\(roll(10)):\(minute < 10 ? "0" : "")\(minute)",
        "staff\(roll(9))",
      ]
      let noteKind = roll(10)
      let multiLine = noteKind == 0
      fields.append(
        multiLine ? "\"first \(row)\nsecond\"" : noteKind < 3 ? "\"a, b \(row)\"" : "note\(row)")
      var damage: Damage?
      if !multiLine && roll(100) < 12 { damage = Damage.allCases[roll(Damage.allCases.count)] }
      var rowBytes: [UInt8]
      switch damage {
      case .strayQuote:
        if noteKind < 3 {
          fields[4].removeLast()  // the quoted note's closing quote
        } else {
          let field = roll(5)
          fields[field] = "\"" + fields[field]
        }
        rowBytes = Array(fields.joined(separator: ",").utf8)
      case .shortRow:
        fields.remove(at: 3)
        rowBytes = Array(fields.joined(separator: ",").utf8)
      case .badTimestamp:
        fields[2] = "2024-13-01 10:00"
        rowBytes = Array(fields.joined(separator: ",").utf8)
      case .badByte:
        rowBytes = Array(fields.joined(separator: ",").utf8)
        rowBytes.insert(0xFF, at: fields[0].utf8.count + 2)
      case nil:
        rowBytes = Array(fields.joined(separator: ",").utf8)
      }
      file.rows.append((line, damage))
      text += rowBytes + [0x0A]
      line += multiLine ? 2 : 1
    }
    file.bytes = text
    return file
  }

  /// The same rows as JSON Lines, with their own damage: a stray quote anywhere, a line cut
  /// short, a bad byte in a string, a bad timestamp, a number out of range.
  func jsonLines(seed: UInt64) -> (bytes: [UInt8], rows: [(line: Int, damaged: Bool)]) {
    var random = SplitMix(seed: seed)
    func roll(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    var bytes: [UInt8] = []
    var rows: [(line: Int, damaged: Bool)] = []
    for row in 0..<(100 + roll(150)) {
      let amount = roll(8) == 0 ? "1e400" : "\(roll(500))"
      let time = roll(12) == 0 ? "2024-13-01 10:00" : "2024-09-\(10 + roll(18)) 10:\(10 + row % 50)"
      var line = Array(
        "{\"case\":\"C\(roll(30))\",\"activity\":\"act\(roll(5))\",\"time\":\"\(time)\",\"resource\":\"s\(roll(4))\",\"amount\":\(amount)}"
          .utf8)
      var damaged = amount == "1e400" || time.hasPrefix("2024-13")
      switch roll(12) {
      case 0:
        line.insert(UInt8(ascii: "\""), at: roll(line.count + 1))
        damaged = true
      case 1:
        line.removeLast(1 + roll(line.count - 1))
        damaged = true
      case 2:
        line.insert(0xFF, at: 10)  // inside the case id string
        damaged = true
      default: break
      }
      rows.append((row + 1, damaged))
      bytes += line + [0x0A]
    }
    return (bytes, rows)
  }

  func load(_ path: String, format: SourceDescription.Format, threads: Int) -> Dataset {
    var source = InputTestSupport.eventLog(path)
    source.format = format
    var options = DatasetLoadOptions(parallel: threads > 1, threads: threads)
    options.minimumPartSize = 512
    return InputTestSupport.load([source], options: options)
  }

  /// What must not depend on the thread count.
  func summary(_ dataset: Dataset) -> [String] {
    ["\(dataset.counts)"] + dataset.rejections.map { "\($0.source.line):\($0.column ?? 0): \($0.reason)" }
      + dataset.cases.map { c in
        "\(c.id): " + c.events.map { "\($0.activity)@\($0.source.line)" }.joined(separator: " ")
      }
  }

  @Test func damagedCSVLosesNoLineAndReadsAlikeOnOneAndTwoThreads() throws {
    var damagedRows = 0
    for seed in UInt64(1)...40 {
      let file = csv(seed: seed)
      let path = InputTestSupport.write(file.bytes, name: "damaged-\(seed).csv")
      let one = load(path, format: .csv, threads: 1)
      let two = load(path, format: .csv, threads: 2)
      #expect(summary(one) == summary(two), "seed \(seed)")
      #expect(InputTestSupport.expectInvariant(one), "seed \(seed)")
      // One record a row: no stray quote joins lines, none is lost.
      #expect(one.counts.read == file.rows.count, "seed \(seed)")
      let used = Set(one.cases.flatMap { $0.events.map { Int($0.source.line) } })
      let rejected = Set(one.rejections.map { Int($0.source.line) })
      #expect(used.count == one.counts.used, "seed \(seed)")
      for row in file.rows {
        switch row.damage {
        case nil: #expect(used.contains(row.line), "seed \(seed): good row on line \(row.line) lost")
        case .strayQuote, .shortRow, .badTimestamp:
          #expect(rejected.contains(row.line), "seed \(seed): bad row on line \(row.line) not reported")
          damagedRows += 1
        case .badByte: #expect(used.contains(row.line) != rejected.contains(row.line), "seed \(seed)")
        }
      }
    }
    #expect(damagedRows > 100)
  }

  @Test func damagedJSONLinesLoseNoLine() throws {
    for seed in UInt64(1)...30 {
      let file = jsonLines(seed: seed)
      let path = InputTestSupport.write(file.bytes, name: "damaged-\(seed).jsonl")
      let one = load(path, format: .jsonl, threads: 1)
      #expect(summary(one) == summary(load(path, format: .jsonl, threads: 2)), "seed \(seed)")
      #expect(InputTestSupport.expectInvariant(one))
      #expect(one.counts.read == file.rows.count, "seed \(seed)")
      let used = Set(one.cases.flatMap { $0.events.map { Int($0.source.line) } })
      let rejected = Set(one.rejections.map { Int($0.source.line) })
      for row in file.rows {
        #expect(
          row.damaged ? rejected.contains(row.line) : used.contains(row.line),
          "seed \(seed) line \(row.line) damaged \(row.damaged)")
      }
    }
  }

  /// The property test above must reach both ways of reading a split file: parts that agree on
  /// their boundaries, and a stray quote that misleads the split so the file is read again whole.
  @Test func damagedFilesAreReadBothInPartsAndAgainWhole() {
    var splitCounts: [Int: Int] = [:]
    for seed in UInt64(1)...40 {
      let path = InputTestSupport.write(csv(seed: seed).bytes, name: "parts-\(seed).csv")
      let outputs = SourceReader.read(
        DatasetLoader.withFormatDefaults(InputTestSupport.eventLog(path)), fileIndex: 0,
        timeZone: TimeZone(identifier: "Asia/Shanghai")!, encodingOverride: nil, errorBudget: nil, parts: 2,
        minimumPartSize: 512)
      splitCounts[outputs.count, default: 0] += 1
    }
    #expect(splitCounts[1, default: 0] > 0)
    #expect(splitCounts[2, default: 0] > 0)
  }

  /// Issue 13: a records file read in parts rejects a case id that another part has, as one
  /// reader does (the same row, line and message; the first row wins), on any number of threads.
  @Test func aCaseIdRepeatedInAnotherPartIsRejectedAsInOnePiece() {
    var lines = ["order,amount", "DUP,1"]
    for k in 0..<600 { lines.append("R\(k),\(k)") }
    // R5 (line 8) again in the middle and near the end: both repeats name line 8.
    lines.insert("R5,-1", at: 300)
    lines += ["R5,-2", "DUP,2"]
    let path = InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "orders.csv")
    let source = SourceDescription(
      file: path, resolvedPath: path, recordType: "order", kind: .records, format: .csv,
      caseId: ColumnReference("order"), numbers: [ColumnReference("amount")])
    for threads in 1...3 {
      // The file is split in `threads` parts (small parts force the split).
      let parts = SourceReader.read(
        source, fileIndex: 0, timeZone: TimeZone(identifier: "Asia/Shanghai")!, encodingOverride: nil,
        errorBudget: nil, parts: threads, minimumPartSize: 512)
      #expect(parts.count == threads)
      var options = DatasetLoadOptions(parallel: threads > 1, threads: threads)
      options.minimumPartSize = 512
      let dataset = InputTestSupport.load([source], options: options)
      #expect(dataset.counts == ReadCounts(read: 604, used: 601, rejected: 3), "\(threads) threads")
      #expect(
        dataset.rejections.map { "\($0.source.line):\($0.column ?? 0): \($0.reason)" } == [
          "301:1: duplicate case id 'R5' (first on line 8)",
          "604:1: duplicate case id 'R5' (first on line 8)",
          "605:1: duplicate case id 'DUP' (first on line 2)",
        ], "\(threads) threads")
      #expect(dataset.caseCount == 601)
      let cases = dataset.cases
      #expect(cases.first { $0.id == "DUP" }?.fields["amount"] == .number(1))
      #expect(cases.first { $0.id == "R5" }?.fields["amount"] == .number(5))
      #expect(cases.first { $0.id == "R5" }?.source.line == 8)
    }
  }

  @Test func jsonNumberBeyondADoubleIsRejectedNotInfinity() {
    let path = InputTestSupport.write(
      "{\"case\":\"C1\",\"activity\":\"a\",\"time\":\"2024-09-02 10:00\",\"resource\":\"r\",\"amount\":1e400}\n"
        + "{\"case\":\"C1\",\"activity\":\"b\",\"time\":\"2024-09-02 11:00\",\"resource\":\"r\",\"amount\":-2.5e3}\n",
      name: "range.jsonl")
    let dataset = load(path, format: .jsonl, threads: 1)
    #expect(dataset.counts == ReadCounts(read: 2, used: 1, rejected: 1))
    #expect(dataset.rejections.first?.reason == "number 1e400 is out of range at column 79")
    #expect(dataset.cases.first?.fields["amount"] == .number(-2500))
  }
}
