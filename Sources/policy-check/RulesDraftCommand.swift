import ArgumentParser
import Foundation
import PolicyRules
import RuleDrafting

extension RulesCommand {
  struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draft a clause catalogue and rule files from a regulation's text.",
      discussion: """
        Reads a regulation in Simplified or Traditional Chinese and writes, into --out, CLAUSES.md \
        (the candidate clauses with the thresholds read and their normalised values) and one draft \
        rule file per document. Deterministic and offline. The drafts validate but are not finished: \
        map the activity and field names (# TODO), set severities, complete the examples, then run \
        `rules test`. Existing files are not overwritten without --force. Exit 2 when the text \
        cannot be read or the output cannot be written.
        """)

    @Argument(help: "The regulation text (UTF-8).")
    var regulation: String

    @Option(help: "Output folder.")
    var out: String = "draft"

    @Option(help: "Language of the catalogue's prose: zh or en.")
    var lang: Language = .en

    @Flag(help: "Print each threshold read: the span of text and the reading rule that matched it.")
    var explain = false

    @Flag(help: "Overwrite files that already exist in --out.")
    var force = false

    func run() throws {
      guard let data = FileManager.default.contents(atPath: regulation) else {
        Console.error("\(regulation): error: cannot read the regulation text")
        throw Exit.untrusted
      }
      guard var text = String(data: data, encoding: .utf8) else {
        Console.error(
          "\(regulation): error: the regulation text is not UTF-8 (for GB18030 or GBK: iconv -f GB18030 -t UTF-8)"
        )
        throw Exit.untrusted
      }
      if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
      let name = (regulation as NSString).lastPathComponent
      let draft = RegulationDraft(text: text, file: name)
      if explain, !draft.candidates.isEmpty { Console.output(String(draft.explanation().dropLast())) }
      let files =
        [("CLAUSES.md", draft.catalogue(language: lang))] + draft.ruleFiles.map { ($0.name, $0.text) }
      try write(files)
      let stated = draft.candidates.filter(\.stated).count
      Console.output(
        "\(name): \(plural(draft.candidates.count, "candidate clause")) (\(stated) with a stated number, "
          + "\(draft.candidates.count - stated) with only a vague word); wrote \(out)/CLAUSES.md and "
          + "\(plural(files.count - 1, "rule file"))")
      if draft.candidates.isEmpty {
        Console.error(
          "note: no clause with a number, a period or a vague time word (立即, 及时, 定期…) was found in \(name)")
      }
      let folder = (regulation as NSString).deletingLastPathComponent
      Console.output(
        "next: map the activities (# TODO), then: policy-check rules validate \(out) --catalogue \(out)/CLAUSES.md "
          + "--regulations \(folder.isEmpty ? "." : folder)")
    }

    private func write(_ files: [(String, String)]) throws {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
        Console.error("\(out): error: --out names a file, not a folder")
        throw Exit.untrusted
      }
      let paths = files.map { ((out as NSString).appendingPathComponent($0.0), $0.1) }
      let existing = paths.map(\.0).filter { FileManager.default.fileExists(atPath: $0) }
      if !force, !existing.isEmpty {
        Console.error(
          "\(existing[0]): error: already exists (\(plural(existing.count, "file")) would be replaced); "
            + "use --force or another --out")
        throw Exit.untrusted
      }
      do {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for (path, text) in paths { try text.write(toFile: path, atomically: true, encoding: .utf8) }
      } catch {
        Console.error("\(out): error: cannot write the draft: \(error.localizedDescription)")
        throw Exit.untrusted
      }
    }
  }
}
