import Foundation
import PolicyRules

@testable import Checker

/// Reads one fuzzed file through the loader (`SourceReader` from bytes, then the assembler) and
/// checks what every read must keep: rows read = used + rejected, a rejected row names a line of
/// the file, and the parallel read of a CSV file equals the serial one.
public enum SourceHarness {
  public static let path = "fuzz-input"
  static let zone = TimeZone(identifier: "Asia/Shanghai")!

  /// The timestamp formats a description may name, picked by option bits.
  public static let formats: [TimestampFormat] = [
    .auto, .pattern("%Y-%m-%d %H:%M:%S"), .pattern("%Y/%m/%d %H:%M"), .pattern("%FT%T%z"),
    .pattern("%Y年%m月%d日 %H:%M"), .epochSeconds, .epochMilliseconds, .pattern("%d.%m.%Y %H:%M:%S.%f"),
  ]

  /// A description for a file with these column names: the first is the case id; an events
  /// source reads the next three as activity, time and resource; `options` give the others a
  /// role (timestamp, number, boolean or text) and pick the kind, format and encoding.
  public static func description(
    columns: [String], format: SourceDescription.Format, options: UInt8
  ) -> SourceDescription {
    let kind: SourceDescription.Kind = options & 1 == 0 ? .events : .records
    let timestampFormat = formats[Int(options >> 1) % formats.count]
    let encoding: TextEncoding = [.auto, .utf8, .auto, .gb18030][Int(options >> 6)]
    var source = SourceDescription(
      file: path, resolvedPath: path, recordType: "case", kind: kind, format: format, encoding: encoding)
    var names = columns[...]
    guard let caseId = names.popFirst() else { return source }
    source.caseId = ColumnReference(caseId)
    if kind == .events {
      source.activity = names.popFirst().map { ColumnReference($0) }
      if let time = names.popFirst() {
        source.time = ColumnReference(time)
        source.timestamps.append((ColumnReference(time), timestampFormat))
      }
      source.resource = names.popFirst().map { ColumnReference($0) }
    }
    var used: Set<String> = [caseId]
    for (k, name) in names.enumerated() where used.insert(name).inserted {
      switch (k + Int(options >> 4)) % 4 {
      case 0:
        source.timestamps.append((ColumnReference(name), timestampFormat))
        if kind == .records { source.events.append((ColumnReference(name), "at \(name)")) }
      case 1: source.numbers.append(ColumnReference(name))
      case 2: source.booleans.append(ColumnReference(name))
      default: break
      }
    }
    return source
  }

  /// An input of a data target: an option byte, then the file, whose columns `columnNames`
  /// finds (its header, its first object) for `description(columns:format:options:)`.
  public static func check(
    optionsAndFile bytes: UnsafeRawBufferPointer, format: SourceDescription.Format,
    columnNames: (UnsafeBufferPointer<UInt8>) -> [String]
  ) {
    let (options, content) = bytes.optionsAndContent
    let columns = content.withMemoryRebound(to: UInt8.self, columnNames)
    check(content, source: description(columns: columns, format: format, options: options))
  }

  /// Reads `bytes` as `source` in one part and, for CSV, in `parts` parts, checking both.
  public static func check(_ bytes: UnsafeRawBufferPointer, source: SourceDescription, parts: Int = 3) {
    let serial = read(bytes, source: source, parts: 1)
    checkCounts(serial, bytes: bytes, source: source)
    guard source.format == .csv, parts > 1 else { return }
    let parallel = read(bytes, source: source, parts: parts)
    checkCounts(parallel, bytes: bytes, source: source)
    FuzzDriver.require(
      serial.counts == parallel.counts, "parallel read counts \(parallel.counts), serial \(serial.counts)")
    FuzzDriver.require(
      serial.rejections == parallel.rejections,
      "parallel read rejects \(parallel.rejections), serial \(serial.rejections)")
    FuzzDriver.require(serial.table.caseIDs == parallel.table.caseIDs, "parallel read gives other cases")
    FuzzDriver.require(
      serial.table.eventCount == parallel.table.eventCount, "parallel read gives other events")
  }

  static func read(_ bytes: UnsafeRawBufferPointer, source: SourceDescription, parts: Int) -> Dataset {
    func read(parts: Int) -> [SourceOutput] {
      bytes.withMemoryRebound(to: UInt8.self) {
        SourceReader.read(
          source, bytes: $0, file: nil, fileIndex: 0, timeZone: zone, encodingOverride: nil,
          errorBudget: nil, parts: parts, minimumPartSize: 1)
      }
    }
    var outputs = read(parts: parts)
    return DatasetLoader.combine(&outputs, files: [path], timeZone: zone.identifier, workers: 1) { _ in
      read(parts: 1)
    }
  }

  static func checkCounts(_ dataset: Dataset, bytes: UnsafeRawBufferPointer, source: SourceDescription) {
    let counts = dataset.counts
    FuzzDriver.require(
      counts.read == counts.used + counts.rejected, "rows read != used + rejected: \(counts)")
    FuzzDriver.require(dataset.fileCounts == [counts], "file counts \(dataset.fileCounts) != total \(counts)")
    FuzzDriver.require(
      dataset.rejections.count == counts.rejected,
      "\(dataset.rejections.count) rejections listed, \(counts.rejected) counted")
    // A file converted from GB18030 may have other line breaks; lines counted in the input
    // bound the lines of UTF-8 input only.
    let lines = dataset.rejections.isEmpty ? 0 : lineCount(bytes)
    for rejection in dataset.rejections {
      FuzzDriver.require(!rejection.reason.isEmpty, "rejection without a reason")
      FuzzDriver.require(rejection.source.line >= 1, "rejection without a line: \(rejection)")
      FuzzDriver.require(
        source.encoding == .gb18030 || Int(rejection.source.line) <= lines,
        "rejection past the last line: \(rejection)")
      FuzzDriver.require(rejection.column.map { $0 >= 1 } ?? true, "rejection column < 1: \(rejection)")
    }
    for diagnostic in dataset.diagnostics {
      FuzzDriver.require(!diagnostic.message.isEmpty, "diagnostic without a message")
      if let mark = diagnostic.mark {
        FuzzDriver.require(mark.line >= 1 && mark.column >= 1, "diagnostic mark < 1: \(diagnostic)")
      }
    }
    if dataset.hasFileErrors {
      FuzzDriver.require(dataset.caseCount == 0, "a file with an error still gave cases")
    } else if source.kind == .records {
      FuzzDriver.require(
        dataset.caseCount == counts.used, "\(dataset.caseCount) cases from \(counts.used) rows")
    } else {
      FuzzDriver.require(
        dataset.table.eventCount == counts.used, "\(dataset.table.eventCount) events from \(counts.used) rows"
      )
    }
  }

  /// Lines as a reader counts them: line feeds, and carriage returns not before a line feed.
  static func lineCount(_ bytes: UnsafeRawBufferPointer) -> Int {
    var lines = 1
    for k in bytes.indices {
      if bytes[k] == 0x0A || (bytes[k] == 0x0D && (k + 1 == bytes.count || bytes[k + 1] != 0x0A)) {
        lines += 1
      }
    }
    return lines
  }
}
