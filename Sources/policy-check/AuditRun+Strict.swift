import ArgumentParser
import Checker
import PolicyRules

/// What `audit` and `check` say about the rules against the data, and what `--strict` makes of it.
extension AuditRun {
  static let strictHelp = ArgumentHelp(
    "Exit 2 when a rule names a record type, activity or field the data lacks, or a data file has no records; judgements counted past a calendar's holiday data become unverifiable."
  )

  /// The rules-against-the-data warnings on stderr, with the rule file's line and a caret.
  static func printDataWarnings(_ result: AuditResult, _ library: RuleLibrary) {
    for warning in result.dataWarnings {
      Console.error(warning.rendered(source: library.sources[warning.path]))
    }
  }

  /// With `strict`, exit 2 when a rule names what the data lacks or a data file has no records.
  func finishStrict(_ strict: Bool) throws {
    guard strict else { return }
    if !emptyFiles.isEmpty {
      Console.error(
        "--strict: \(plural(emptyFiles.count, "data file")) without records (\(emptyFiles.joined(separator: ", "))): "
          + "the results cannot be trusted")
      throw Exit.untrusted
    }
    guard !result.dataWarnings.isEmpty else { return }
    let count = result.dataWarnings.count
    Console.error(
      "--strict: \(plural(count, "warning")) about the rules against the data: the results cannot be trusted")
    throw Exit.untrusted
  }
}
