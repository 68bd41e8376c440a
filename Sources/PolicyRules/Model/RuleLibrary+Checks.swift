import Foundation

/// Where a calendar was read from.
public struct CalendarFile: Sendable, Hashable {
  public var path: String
  /// The `covers:` value (the file's start when it has none).
  public var coversMark: SourceMark

  public init(path: String, coversMark: SourceMark) {
    self.path = path
    self.coversMark = coversMark
  }

  init(_ document: YAMLDocument, path: String) {
    self.init(
      path: path, coversMark: document.root?.mapping?["covers"]?.mark ?? SourceMark(line: 1, column: 1))
  }
}

/// Checks `rules validate` makes beyond loading: calendars that run out of holiday data soon, and
/// citations that do not resolve.
extension RuleLibrary {
  /// A warning for every calendar whose holiday data (`covers`) ends within `days` days of
  /// `cutOff`, or has ended: deadlines counted past it assume no holidays.
  public func calendarCoverageWarnings(cutOff: CivilDate, days: Int = 60) -> [Diagnostic] {
    calendars.keys.sorted().compactMap { name in
      guard let calendar = calendars[name], let left = calendar.daysOfDataLeft(after: cutOff),
        let covers = calendar.covers, left < days
      else { return nil }
      let file = calendarFiles[name]
      let when =
        left < 0
        ? "ended \(-left) day\(left == -1 ? "" : "s") before the cut-off \(cutOff)"
        : "ends \(covers.upperBound), \(left) day\(left == 1 ? "" : "s") after the cut-off \(cutOff)"
      return Diagnostic(
        path: file?.path ?? name, mark: file?.coversMark, severity: .warning,
        message:
          "calendar '\(name)': holiday data \(when); deadlines counted past it assume no holidays "
          + "(add the next year's notice, see Rules/calendars/README.md)")
    }
  }

  /// A warning for every rule whose clause id is not in `catalogue`, or whose regulation file is
  /// not in `regulations` (a folder of the texts; nil: file citations are not checked).
  public func citationWarnings(catalogue: ClauseCatalogue, regulations: String?) -> [Diagnostic] {
    let ids = Set(catalogue.entries.map(\.id))
    let texts = regulations.map { folder in
      Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    }
    var warnings: [Diagnostic] = []
    for rule in rules {
      let clause = rule.clause
      if !ids.contains(clause.id) {
        warnings.append(
          Diagnostic(
            path: rule.file, mark: rule.nameMarks[clause.id] ?? rule.mark, severity: .warning,
            message:
              "rule '\(rule.id)': clause '\(clause.id)' is not in the catalogue"
              + Suggestions.didYouMean(clause.id, in: ids.sorted())))
      }
      if let texts, let folder = regulations, !clause.file.isEmpty, !texts.contains(clause.file) {
        warnings.append(
          Diagnostic(
            path: rule.file, mark: rule.nameMarks[clause.file] ?? rule.mark, severity: .warning,
            message:
              "rule '\(rule.id)': regulation file '\(clause.file)' not found in \(folder)"
              + Suggestions.didYouMean(clause.file, in: texts.sorted())))
      }
    }
    return warnings
  }
}
