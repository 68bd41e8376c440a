import Foundation
import PolicyRules
import Testing

@testable import Checker

/// XES files whose bytes are not in their encoding: found by the FuzzXES target, which crashed
/// inside Foundation's XMLParser on a tag name that was not UTF-8.
@Suite struct XESEncodingTests {
  static let log = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <log xes.version="1.0">
      <trace><string key="concept:name" value="T-1"/>
        <event><string key="concept:name" value="register"/>
    """.utf8)

  @Test(arguments: [[0x3C, 0xFF, 0x2F, 0x3E], Array("<a b".utf8) + [0xFF] + Array("=\"1\"/>".utf8)])
  func aNameThatIsNotUTF8IsAnErrorAtItsPosition(_ tag: [UInt8]) {
    let bytes = Self.log + Array("\n      ".utf8) + tag + Array("</event></trace></log>\n".utf8)
    let column = tag.firstIndex(of: 0xFF)! + 7
    guard case .failure(let failure) = XESReader.read(Data(bytes)) else {
      Issue.record("read a file that is not UTF-8")
      return
    }
    #expect(failure.line == 5)
    #expect(failure.column == column)
    #expect(failure.message == "invalid XML: the file is not valid UTF-8 and declares no other encoding")

    let path = InputTestSupport.write(bytes, name: "log.xes")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(
      dataset.diagnostics.map(\.description) == [
        "\(path):5:\(column): error: invalid XML: the file is not valid UTF-8 and declares no other encoding"
      ])
    #expect(dataset.caseCount == 0)
    #expect(InputTestSupport.expectInvariant(dataset))
  }

  /// Found by FuzzXES: a malformed declaration, or one declaring ASCII, does not make bytes
  /// that are not UTF-8 the parser's business (Foundation's parser traps on such a name).
  @Test(arguments: [
    "<?xml version=\"1.0\"!encoding=\"ASCII\"?>", "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>",
    "<?xml version=\"1.0\"!encoding=\"ISO-8859-1\"?>",
  ])
  func aNameNotUTF8UnderAnASCIIOrMalformedDeclarationIsAnError(_ declaration: String) {
    let bytes = Array("\(declaration)\n<lo".utf8) + [0xFE, 0xFF] + Array("g></log>\n".utf8)
    guard case .failure(let failure) = XESReader.read(Data(bytes)) else {
      Issue.record("handed bytes that are not UTF-8 to the parser")
      return
    }
    #expect(failure.line == 2)
    #expect(failure.message == "invalid XML: the file is not valid UTF-8 and declares no other encoding")
  }

  @Test func aDeclaredEncodingIsLeftToTheParser() {
    var bytes = Array(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<log><trace><string key=\"concept:name\" value=\"caf"
        .utf8)
    bytes += [0xE9] + Array("\"/></trace></log>\n".utf8)
    guard case .success(let log) = XESReader.read(Data(bytes)) else {
      Issue.record("a Latin-1 file was refused")
      return
    }
    #expect(log.traces.first?.attributes.first?.value == .string("café"))
  }

  @Test(arguments: [
    ("<log/>", true), ("<?xml version='1.0'?><log/>", true),
    ("<?xml version=\"1.0\" encoding=\"utf-8\"?>", true),
    ("<?xml version=\"1.0\" encoding = 'UTF8' ?>", true),
    ("<?xml version=\"1.0\" encoding=\"GB18030\"?>", false),
    ("\u{FEFF}<?xml version=\"1.0\" encoding=\"latin1\"?>", false),
    ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", true),
    ("<?xml version=\"1.0\" encoding=,UTF-8\"?>", true),
    ("<?xml version=\"1.0\" encoding=\"latin1'?>", true),
    ("<?xml version=\"1.0\" encoding=\"UTnObject\"?>", true),
  ])
  func theDeclarationDecidesTheEncoding(_ head: String, _ utf8: Bool) {
    var text = head
    #expect(text.withUTF8 { XESReader.readsAsUTF8($0) } == utf8)
  }
}

/// Processing instructions without data (`<?name?>`), on which Foundation's XMLParser crashed
/// (found by FuzzXES): read as `<?name ?>`.
@Suite struct XESProcessingInstructionTests {
  @Test func anInstructionWithoutDataIsRead() {
    let text = """
      <?xml version="1.0"?><?g?>
      <log><?x?><trace><string key="concept:name" value="T-1"/><!-- <?y?> --></trace></log>
      """
    guard case .success(let log) = XESReader.read(Data(text.utf8)) else {
      Issue.record("refused a file with processing instructions")
      return
    }
    #expect(log.traces.map(\.attributes.first?.value) == [.string("T-1")])
  }

  @Test(arguments: [
    ("<?g?>", "<?g ?>"), ("<a/><?pi?><?pi data?>", "<a/><?pi ?><?pi data?>"),
    ("<?xml version='1.0'?>", "<?xml version='1.0'?>"),
    // In comments and CDATA too: libxml2 may read on as markup after an error in a comment.
    ("<!-- <?c?> --><![CDATA[<?d?>]]>", "<!-- <?c ?> --><![CDATA[<?d ?>]]>"), ("<??>", "<??>"),
    ("<?g", "<?g"),
  ])
  func onlyInstructionsWithoutDataChange(_ input: String, _ expected: String) {
    #expect(
      String(decoding: XESReader.withProcessingInstructionData(Data(input.utf8)), as: UTF8.self) == expected)
  }
}
