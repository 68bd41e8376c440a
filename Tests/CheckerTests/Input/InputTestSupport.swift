import Foundation

@testable import Checker

/// Temporary files and fixture paths for the input tests.
enum InputTestSupport {
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("Fixtures/input/\(name)").path
  }

  static var helpdeskPath: String {
    repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/helpdesk.csv").path
  }

  /// Writes bytes to a fresh temporary file with the given name and returns its path.
  static func write(_ bytes: [UInt8], name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "input-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  static func write(_ text: String, name: String) -> String { write(Array(text.utf8), name: name) }

  /// An events source over a CSV file with the usual role columns.
  static func eventLog(_ path: String, encoding: TextEncoding = .auto) -> SourceDescription {
    SourceDescription(
      file: path, resolvedPath: path, recordType: "case", kind: .events, format: .csv, encoding: encoding,
      caseId: ColumnReference("case"), activity: ColumnReference("activity"), time: ColumnReference("time"),
      resource: ColumnReference("resource"))
  }

  static func load(
    _ sources: [SourceDescription], zone: String = "Asia/Shanghai", options: DatasetLoadOptions = .init()
  ) -> Dataset {
    DatasetLoader.load(DatasetDescription(timeZoneIdentifier: zone, sources: sources), options: options)
  }

  static func expectInvariant(_ dataset: Dataset) -> Bool {
    dataset.counts.read == dataset.counts.used + dataset.counts.rejected
      && dataset.fileCounts.allSatisfy { $0.read == $0.used + $0.rejected }
      && dataset.counts.rejected == dataset.rejections.count
  }
}
