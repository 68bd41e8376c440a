import ArgumentParser
import Foundation
import PolicyRules

/// `policy-check calendar import`: the yearly update of the China calendars from the State
/// Council notice (Rules/calendars/README.md, "Adding a year").
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract: "Maintain calendar files.",
    subcommands: [Import.self]
  )

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Add a year's holidays and make-up working days from a State Council notice.",
      discussion: """
        NOTICE is the text of 国务院办公厅关于20XX年部分节假日安排的通知 as published (UTF-8), with \
        items like '二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）上班。'. \
        The year's holidays and make-up days are appended to each calendar file, covers is extended \
        to 31 December and the notice is added to source. Anything the notice does not say in that \
        form is an error at its line:column, and no file is changed. Exit 2 on errors. Afterwards \
        run `make calendars` to rebuild the built-in copy.
        """)

    @Argument(help: "The notice's text file.")
    var notice: String

    @Option(
      help:
        "Calendar file to add the year to (repeatable). Default: Rules/calendars/cn-workdays.yaml and Rules/calendars/cn-workdays-fullday.yaml"
    )
    var into: [String] = []

    @Option(help: "The notice's year, when its text does not name it.")
    var year: Int?

    @Flag(name: .customLong("dry-run"), help: "Print the entries that would be added; change no file.")
    var dryRun = false

    func validate() throws {
      if let year, !(1900...9999).contains(year) {
        throw ValidationError("--year must be a year between 1900 and 9999, found \(year)")
      }
    }

    func run() throws {
      var bag = DiagnosticBag(path: notice)
      guard let bytes = YAMLParser.readFile(atPath: notice, diagnostics: &bag) else {
        Console.error(bag.items.map(\.description).joined(separator: "\n"))
        throw Exit.untrusted
      }
      guard let text = String(validating: bytes, as: UTF8.self) else {
        Console.error("error: \(notice): the notice is not UTF-8 text; save it as UTF-8")
        throw Exit.untrusted
      }
      let source = SourceText(path: notice, text: text)
      guard let parsed = HolidayNotice.read(text, year: year, diagnostics: &bag) else {
        Console.error(bag.items.map { $0.rendered(source: source) }.joined(separator: "\n"))
        throw Exit.untrusted
      }
      if dryRun {
        Console.output("holidays:")
        for entry in parsed.holidayEntries { Console.output("  - " + entry) }
        Console.output("make_up_days:")
        for entry in parsed.makeUpEntries { Console.output("  - " + entry) }
        return
      }
      let targets =
        into.isEmpty
        ? ["Rules/calendars/cn-workdays.yaml", "Rules/calendars/cn-workdays-fullday.yaml"] : into
      let sourceName = HolidayNotice.sourceName(in: text, year: parsed.year)
      // Every file is updated in memory and reloaded before any is written: all or none change.
      var updates: [(path: String, text: String)] = []
      for path in targets {
        updates.append((path, try updated(path, with: parsed, source: sourceName)))
      }
      let makeUp = parsed.festivals.reduce(0) { $0 + $1.makeUpDays.count }
      for update in updates {
        do {
          try Data(update.text.utf8).write(to: URL(fileURLWithPath: update.path), options: .atomic)
        } catch {
          Console.error("error: \(update.path): cannot write the calendar: \(error.localizedDescription)")
          throw Exit.untrusted
        }
        Console.output(
          "\(update.path): added \(parsed.year): \(parsed.festivals.count) holidays, \(makeUp) make-up working days; "
            + "covers to \(parsed.year)-12-31")
      }
      Console.output(
        "next: run `make calendars` to rebuild the built-in copy, then `make rules` and `make test`")
    }

    /// The calendar file's text with the notice's year added, checked by loading it again.
    private func updated(_ path: String, with parsed: HolidayNotice, source: String) throws -> String {
      var bag = DiagnosticBag(path: path)
      guard let bytes = YAMLParser.readFile(atPath: path, diagnostics: &bag),
        let document = YAMLParser.parse(bytes: bytes, path: path, diagnostics: &bag),
        let calendar = WorkCalendar.load(document, diagnostics: &bag)
      else {
        let source = YAMLParser.sourceText(
          for: Array((FileManager.default.contents(atPath: path) ?? Data())), path: path)
        Console.error(
          bag.items.map { $0.rendered(source: source) }.joined(separator: "\n")
            + "\nerror: \(path): the calendar must load before a year can be added")
        throw Exit.untrusted
      }
      let text = String(decoding: bytes, as: UTF8.self)
      switch parsed.adding(to: text, existing: calendar, source: source) {
      case .failure(let failure):
        let position = failure.line.map { ":\($0 + 1):1" } ?? ""
        Console.error("\(path)\(position): error: \(failure.message)")
        throw Exit.untrusted
      case .success(let newText):
        var check = DiagnosticBag(path: path)
        if let document = YAMLParser.parse(bytes: Array(newText.utf8), path: path, diagnostics: &check) {
          _ = WorkCalendar.load(document, diagnostics: &check)
        }
        if check.hasErrors {
          let source = SourceText(path: path, text: newText)
          Console.error(
            check.items.filter { $0.severity == .error }.map { $0.rendered(source: source) }.joined(
              separator: "\n")
              + "\nerror: \(path): the calendar would not load with the notice's \(parsed.year) added; nothing was changed"
          )
          throw Exit.untrusted
        }
        return newText
      }
    }
  }
}
