import Foundation
import Testing

/// `rules draft`: the drafts validate with no error, every rule cites an article and a quote found
/// verbatim in the regulation, the examples run, and bad input or output is refused with exit 2.
@Suite struct RulesDraftCLITests {
  static let regulations = CLIRun.repositoryRoot.appendingPathComponent("Rules/catalogue")
  static let shipped = regulations.appendingPathComponent("001_8c019506d9761e3e.txt")

  /// A small regulation in Traditional characters with full-width punctuation: tiers, a lead
  /// time, a fine, a target and a vague word.
  static let sample = """
    客戶投訴處理制度
    第一條 一般投訴應在24小時內響應；重大投訴應在12小時內響應。
    第二條 請假者必須提前一天向經理告知。
    第三條 未經主管批準私自調班者，罰20元／次。
    第四條 客戶滿意度不低於百分之九十五。
    第五條 發現問題應立即報告主管部門。
    第六條 每月對服務人員進行考核。

    """

  /// Drafts `regulation` into a fresh folder, then validates and tests the drafts.
  static func draftAndCheck(_ regulation: URL, folder: URL) throws -> (
    draft: CLIRun, quotes: [(String, String)]
  ) {
    let out = folder.appendingPathComponent("draft").path
    let draft = try CLIRun.run(["rules", "draft", regulation.path, "--out", out])
    #expect(draft.exitCode == 0, "\(draft.stderr)")
    let validate = try CLIRun.run([
      "rules", "validate", out, "--catalogue", out + "/CLAUSES.md", "--regulations",
      regulation.deletingLastPathComponent().path, "--as-of", "2024-10-08",
    ])
    #expect(validate.exitCode == 0, "\(validate.stderr)")
    #expect(validate.stdout.contains(": 0 errors, 0 warnings"), "\(validate.stdout)\(validate.stderr)")
    let test = try CLIRun.run(["rules", "test", out])
    #expect(test.exitCode == 0, "\(test.stdout)")
    #expect(test.stdout.contains(" 0 failed"), "\(test.stdout)")
    // Every rule's citation: article and quote, read back from the YAML.
    var citations: [(String, String)] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    where name.hasSuffix(".yaml") {
      let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
      var article: String?
      for line in text.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("article: ") { article = unquoted(trimmed.dropFirst(9)) }
        if trimmed.hasPrefix("quote: ") { citations.append((article ?? "", unquoted(trimmed.dropFirst(7)))) }
      }
      #expect(text.contains("# TODO: map to your data"))
    }
    return (draft, citations)
  }

  static func unquoted(_ text: Substring) -> String {
    guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else { return String(text) }
    return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
      .replacingOccurrences(of: "\\\\", with: "\\")
  }

  @Test func draftsOfASampleValidateAndCiteTheText() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let regulation = folder.appendingPathComponent("010_sample.txt")
    try Self.sample.write(to: regulation, atomically: true, encoding: .utf8)
    let (draft, citations) = try Self.draftAndCheck(regulation, folder: folder)
    #expect(
      draft.stdout.hasPrefix(
        "010_sample.txt: 6 candidate clauses (5 with a stated number, 1 with only a vague word)"))
    #expect(citations.map(\.0) == ["第一條", "第二條", "第三條", "第四條", "第五條", "第六條"])
    for (_, quote) in citations { #expect(Self.sample.contains(quote), "quote not verbatim: \(quote)") }
    let rules = try String(
      contentsOf: folder.appendingPathComponent("draft/D10-document-01.yaml"), encoding: .utf8)
    #expect(rules.contains(#"tiers: {"一般投訴": $limit_1, "重大投訴": $limit_2}"#))
    #expect(rules.contains(#"limit_1: {value: "24h", assumed: false"#))
    #expect(rules.contains(#"lead_time: {value: "1d", assumed: false"#))
    #expect(rules.contains("penalty: {amount: 20, currency: CNY, per: occurrence}"))
    #expect(rules.contains(#"target: {value: "95%", assumed: false"#))
    #expect(
      rules.contains(#"immediate: {value: "30m", assumed: true, description: {zh: "立即", en: "immediately"}}"#)
    )
    #expect(rules.contains("severity: major  # TODO"))
    let catalogue = try String(contentsOf: folder.appendingPathComponent("draft/CLAUSES.md"), encoding: .utf8)
    #expect(catalogue.contains("| D10-01 | 客戶投訴處理制度 | 第一條 |"))
    #expect(catalogue.contains("`24h` within (24小時內); `12h` within (12小時內)"))
    #expect(catalogue.contains("by: 一般投訴 ⇒ `24h`, 重大投訴 ⇒ `12h` | response | E |"))
    #expect(catalogue.contains("`30m` within assumed (立即)"))
  }

  @Test
  func draftsOfAShippedRegulationValidateAndCiteTheText() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = try String(contentsOf: Self.shipped, encoding: .utf8)
    let (_, citations) = try Self.draftAndCheck(Self.shipped, folder: folder)
    #expect(citations.count >= 100)
    for (article, quote) in citations {
      #expect(!article.isEmpty)
      #expect(quote.count >= 2 && text.contains(quote), "quote not verbatim in 001: \(quote)")
    }
  }

  @Test func explainNamesTheSpanAndTheRule() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let regulation = folder.appendingPathComponent("sample.txt")
    try Self.sample.write(to: regulation, atomically: true, encoding: .utf8)
    let run = try CLIRun.run([
      "rules", "draft", regulation.path, "--out", folder.appendingPathComponent("d").path, "--explain",
    ])
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("sample.txt:2: D-01 [response] 第一條 一般投訴應在24小時內響應；重大投訴應在12小時內響應"))
    #expect(run.stdout.contains("  2:11 '24小時內' ⇒ 24h, within — arabic number + 内 + unit"))
    #expect(run.stdout.contains("'提前一天' ⇒ 1d, before — 提前 + chinese number + unit"))
    #expect(run.stdout.contains("'立即' ⇒ 30m, within (assumed default, parameter immediate) — vague word 立即"))
  }

  @Test func crlfLinesAndAByteOrderMark() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let regulation = folder.appendingPathComponent("crlf.txt")
    let text = "\u{FEFF}" + Self.sample.replacingOccurrences(of: "\n", with: "\r\n")
    try text.write(to: regulation, atomically: true, encoding: .utf8)
    let (draft, citations) = try Self.draftAndCheck(regulation, folder: folder)
    #expect(draft.stdout.hasPrefix("crlf.txt: 6 candidate clauses"))
    #expect(citations.map(\.0) == ["第一條", "第二條", "第三條", "第四條", "第五條", "第六條"])
    for (_, quote) in citations { #expect(!quote.contains("\r") && text.contains(quote)) }
    let catalogue = try String(contentsOf: folder.appendingPathComponent("draft/CLAUSES.md"), encoding: .utf8)
    #expect(catalogue.contains("| D-01 | 客戶投訴處理制度 | 第一條 |"))
  }

  @Test func aTextWithoutThresholdsSaysSo() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let regulation = folder.appendingPathComponent("plain.txt")
    try "第一条 本制度由公司行政部负责解释。\n".write(to: regulation, atomically: true, encoding: .utf8)
    let run = try CLIRun.run([
      "rules", "draft", regulation.path, "--out", folder.appendingPathComponent("d").path,
    ])
    #expect(run.exitCode == 0)
    #expect(run.stdout.hasPrefix("plain.txt: 0 candidate clauses"))
    #expect(run.stderr.contains("note: no clause with a number, a period or a vague time word"))
  }

  @Test func refusesUnreadableInputAndExistingOutput() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = try CLIRun.run(["rules", "draft", folder.appendingPathComponent("none.txt").path])
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("none.txt: error: cannot read the regulation text"))
    let binary = folder.appendingPathComponent("binary.txt")
    try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: binary)
    let notText = try CLIRun.run([
      "rules", "draft", binary.path, "--out", folder.appendingPathComponent("b").path,
    ])
    #expect(notText.exitCode == 2)
    #expect(notText.stderr.contains("is not UTF-8"))
    let regulation = folder.appendingPathComponent("sample.txt")
    try Self.sample.write(to: regulation, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("d").path
    #expect(try CLIRun.run(["rules", "draft", regulation.path, "--out", out]).exitCode == 0)
    let again = try CLIRun.run(["rules", "draft", regulation.path, "--out", out])
    #expect(again.exitCode == 2)
    #expect(
      again.stderr.contains("CLAUSES.md: error: already exists (2 files would be replaced); use --force"))
    #expect(try CLIRun.run(["rules", "draft", regulation.path, "--out", out, "--force"]).exitCode == 0)
    let onFile = try CLIRun.run(["rules", "draft", regulation.path, "--out", regulation.path])
    #expect(onFile.exitCode == 2)
    #expect(onFile.stderr.contains("error: --out names a file, not a folder"))
  }
}
