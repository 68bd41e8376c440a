import Foundation
import Testing

@testable import Checker

/// A record type given by thousands of files: building its cases lends every file's columns at
/// once, which must not take stack in proportion to the number of files.
@Suite struct ManyFilesTests {
  @Test func thousandsOfSmallFilesLoadAndJoinTheirCases() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "many-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fileCount = 3_000
    var sources: [SourceDescription] = []
    for k in 0..<fileCount {
      // Each file: two good events of its own case, one of a case shared by all files, one bad time.
      let path = directory.appendingPathComponent("part-\(k).csv").path
      let text = """
        case,activity,time,resource,region
        c\(k),open,2024-01-02 08:00,r\(k % 7),north
        c\(k),close,2024-01-02 09:\(String(format: "%02d", k % 60)),r\(k % 7),north
        shared,touch,2024-01-03 10:00,r1,south
        c\(k),late,not a time,r1,east

        """
      FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
      sources.append(InputTestSupport.eventLog(path))
    }
    let dataset = InputTestSupport.load(sources)
    #expect(dataset.diagnostics.filter { $0.severity == .error }.isEmpty)
    #expect(InputTestSupport.expectInvariant(dataset))
    #expect(dataset.counts == ReadCounts(read: 4 * fileCount, used: 3 * fileCount, rejected: fileCount))
    #expect(dataset.caseCount == fileCount + 1)
    let cases = dataset.cases
    let shared = try #require(cases.first { $0.id == "shared" })
    #expect(shared.events.count == fileCount)
    let last = try #require(cases.first { $0.id == "c\(fileCount - 1)" })
    #expect(last.events.map(\.activity) == ["open", "close"])
    #expect(last.fields["region"] == .string("north"))
  }
}
