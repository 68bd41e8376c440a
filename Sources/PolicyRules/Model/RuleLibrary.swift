import Foundation

/// Everything loaded from rule paths: rules, calendars and their diagnostics.
public struct RuleLibrary: Sendable {
  public var rules: [Rule]
  public var calendars: [String: WorkCalendar]
  public var profile: SiteProfile?
  /// Every file read, in order.
  public var files: [String]
  /// Every problem, in file order; sources kept to render carets.
  public var diagnostics: [Diagnostic]
  public var sources: [String: SourceText]
  /// Per calendar name, its file and where its `covers` is written (for coverage warnings).
  public var calendarFiles: [String: CalendarFile] = [:]

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Diagnostics rendered with source lines and carets, one block per problem.
  public var renderedDiagnostics: String {
    diagnostics.map { $0.rendered(source: sources[$0.path]) }.joined(separator: "\n")
  }

  /// Loads rule files and calendars from files and folders (folders are searched for
  /// `*.yaml`/`*.yml`, sorted by path). A file is a calendar when its top-level mapping has a
  /// `calendar` key, a site profile when it has `profile` (checked, but only applied when given as
  /// `profilePath`), otherwise a rule file.
  public static func load(paths: [String], profilePath: String? = nil) -> RuleLibrary {
    var library = RuleLibrary(
      rules: [], calendars: [:], profile: nil, files: [], diagnostics: [], sources: [:])
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        library.diagnostics.append(Diagnostic(path: path, mark: nil, message: "no such file or directory"))
        continue
      }
      files += isDirectory.boolValue ? yamlFiles(under: path) : [path]
    }

    if let profilePath {
      if let document = library.parse(profilePath) {
        let context = RuleReadContext(path: profilePath)
        library.profile = SiteProfile.read(document, context: context)
        library.diagnostics += context.diagnostics.items
      }
    }

    var documents: [YAMLDocument] = []
    for file in files where file != profilePath {
      guard let document = library.parse(file) else { continue }
      guard let root = document.root else {
        library.diagnostics.append(
          Diagnostic(path: file, mark: SourceMark(line: 1, column: 1), message: "empty file"))
        continue
      }
      if root.mapping?["calendar"] != nil {
        var bag = DiagnosticBag(path: file)
        if let calendar = WorkCalendar.load(document, diagnostics: &bag) {
          library.calendars[calendar.name] = calendar
          library.calendarFiles[calendar.name] = CalendarFile(document, path: file)
        }
        library.diagnostics += bag.items
      } else if root.mapping?["profile"] != nil {
        let context = RuleReadContext(path: file)
        _ = SiteProfile.read(document, context: context)
        library.diagnostics += context.diagnostics.items
      } else {
        documents.append(document)
      }
    }

    var firstDefinition: [String: (String, SourceMark)] = [:]
    var calendarReferences: [(path: String, name: String, mark: SourceMark)] = []
    for document in documents {
      let context = RuleReadContext(path: document.path)
      let rules = RuleFileReader.read(document, profile: library.profile, context: context)
      var diagnostics = context.diagnostics.items
      for rule in rules {
        if let (path, mark) = firstDefinition[rule.id] {
          diagnostics.append(
            Diagnostic(
              path: rule.file, mark: rule.mark,
              message: "duplicate rule id '\(rule.id)' (first defined at \(path):\(mark.line):\(mark.column))"
            ))
          continue
        }
        firstDefinition[rule.id] = (rule.file, rule.mark)
        library.rules.append(rule)
      }
      calendarReferences += context.calendarReferences.map { (document.path, $0.name, $0.mark) }
      library.diagnostics += diagnostics
    }
    if let profile = library.profile { library.diagnostics += profile.unusedKeys(library.rules) }
    library.addShippedCalendars(named: Set(calendarReferences.map(\.name)))
    let known = Set(library.calendars.keys).union(ShippedCalendars.names).sorted()
    for reference in calendarReferences where library.calendars[reference.name] == nil {
      library.diagnostics.append(
        Diagnostic(
          path: reference.path, mark: reference.mark,
          message:
            "undefined calendar '\(reference.name)'\(Suggestions.didYouMean(reference.name, in: known)); "
            + "calendars: \(known.joined(separator: ", "))"
        ))
    }
    library.diagnostics.sort {
      ($0.path, $0.mark ?? SourceMark(line: 0, column: 0)) < (
        $1.path, $1.mark ?? SourceMark(line: 0, column: 0)
      )
    }
    return library
  }

  /// Adds the shipped calendars (`Rules/calendars/`, built in) that rules name and the paths do
  /// not define. A calendar read from the paths wins over a shipped one of the same name, with a
  /// note when its text differs (the same file passed again, e.g. `--rules Rules`, is no news).
  mutating func addShippedCalendars(named referenced: Set<String>) {
    for (file, text) in ShippedCalendars.files {
      let name = ShippedCalendars.calendarName(file)
      if let path = calendarFiles[name]?.path {
        if FileManager.default.contents(atPath: path) != Data(text.utf8) {
          diagnostics.append(
            Diagnostic(
              path: path, mark: nil, severity: .note,
              message:
                "calendar '\(name)' replaces the built-in calendar of that name (Rules/calendars/\(file))"))
        }
        continue
      }
      guard referenced.contains(name) else { continue }
      // Checked by ShippedCalendarsTests: the built-in files load without a diagnostic.
      var bag = DiagnosticBag(path: ShippedCalendars.path(file))
      if let document = YAMLParser.parse(bytes: Array(text.utf8), path: bag.path, diagnostics: &bag),
        let calendar = WorkCalendar.load(document, diagnostics: &bag)
      {
        calendars[name] = calendar
        calendarFiles[name] = CalendarFile(document, path: bag.path)
      }
      diagnostics += bag.items
    }
  }

  private mutating func parse(_ path: String) -> YAMLDocument? {
    files.append(path)
    var bag = DiagnosticBag(path: path)
    defer { diagnostics += bag.items }
    guard let bytes = YAMLParser.readFile(atPath: path, diagnostics: &bag) else { return nil }
    sources[path] = YAMLParser.sourceText(for: bytes, path: path)
    return YAMLParser.parse(bytes: bytes, path: path, diagnostics: &bag)
  }

  static func yamlFiles(under directory: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var result: [String] = []
    while let relative = enumerator.nextObject() as? String {
      if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
        result.append((directory as NSString).appendingPathComponent(relative))
      }
    }
    return result.sorted()
  }
}
