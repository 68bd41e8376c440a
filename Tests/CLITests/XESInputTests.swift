import Foundation
import Testing

/// XES files on which Foundation's XMLParser crashed the tool (found by the FuzzXES target): a
/// tag name that is not UTF-8, and a processing instruction without data (also inside a
/// comment that libxml2 gives up on).
@Suite struct XESInputTests {
  static func write(_ bytes: [UInt8]) throws -> (folder: URL, path: String) {
    let folder = try CLIRun.temporaryFolder()
    let url = folder.appendingPathComponent("log.xes")
    try Data(bytes).write(to: url)
    return (folder, url.path)
  }

  static let trace = Array(
    """
    <trace><string key="concept:name" value="T-1"/>
    <event><string key="concept:name" value="received"/><date key="time:timestamp" value="2024-09-02T10:00:00+08:00"/></event>
    </trace></log>

    """.utf8)

  @Test func aTagThatIsNotUTF8ExitsTwoWithItsPosition() throws {
    let (folder, path) = try Self.write(Array("<log>\n<".utf8) + [0xFF] + Array("/>\n".utf8) + Self.trace)
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CheckCommandTests.check(path)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "\(path):2:2: error: invalid XML: the file is not valid UTF-8 and declares no other encoding"))
  }

  @Test func aProcessingInstructionWithoutDataIsRead() throws {
    let (folder, path) = try Self.write(Array("<?xml version=\"1.0\"?><?g?>\n<log>\n".utf8) + Self.trace)
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CheckCommandTests.check(path)
    #expect(run.exitCode == 0 || run.exitCode == 1)
    #expect(run.stdout.contains("1 rows (0 rejected), 1 cases"))
  }

  @Test func aProcessingInstructionWithoutDataInABrokenCommentIsAnError() throws {
    // The vertical tab is not allowed in a comment; libxml2 reports it and reads on as markup.
    let (folder, path) = try Self.write(
      Array("<?xml version=\"1.0\"?>\n<log>\n<!-- a\u{0B}b <?g?> -->\n".utf8) + Self.trace)
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CheckCommandTests.check(path)
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("\(path):3:7: error: not well-formed XML: a character that is not allowed"))
    #expect(run.stderr.contains("not well-formed XML"))
  }
}
