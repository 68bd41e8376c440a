import Foundation
import Testing

@testable import PolicyRules

/// The calendars built into the binary are the files of `Rules/calendars/`, and every rule can
/// name them without that folder on the rule paths.
@Suite struct ShippedCalendarsTests {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Rules/calendars")

  @Test func builtInTextIsTheRulesCalendarsFolder() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(
      ShippedCalendars.files.map(\.name) == files,
      "Sources/PolicyRules/Time/ShippedCalendars.swift is stale: run `make calendars`")
    for (name, text) in ShippedCalendars.files {
      let onDisk = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
      #expect(text == onDisk, "\(name) differs from its built-in copy: run `make calendars`")
    }
  }

  @Test func eachBuiltInFileLoadsCleanlyUnderItsFileName() {
    for (name, text) in ShippedCalendars.files {
      var bag = DiagnosticBag(path: name)
      let document = YAMLParser.parse(bytes: Array(text.utf8), path: name, diagnostics: &bag)
      let calendar = document.flatMap { WorkCalendar.load($0, diagnostics: &bag) }
      #expect(bag.items.isEmpty, "\(bag.items)")
      #expect(calendar?.name == ShippedCalendars.calendarName(name))
    }
  }

  @Test func ruleNamesABuiltInCalendarWithoutItsFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("rules.yaml")
    try Self.rule(calendar: "cn-workdays").write(to: rules, atomically: true, encoding: .utf8)
    let library = RuleLibrary.load(paths: [rules.path])
    #expect(library.diagnostics.isEmpty, "\(library.renderedDiagnostics)")
    #expect(library.calendars["cn-workdays"]?.name == "cn-workdays")
    // Only what rules name is read.
    #expect(library.calendars.count == 1)
  }

  @Test func ownCalendarOfTheSameNameWinsWithANote() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.rule(calendar: "cn-workdays").write(
      to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
    try """
    calendar: cn-workdays
    time_zone: Asia/Shanghai
    working_hours: {mon: ["10:00-12:00"], tue: [], wed: [], thu: [], fri: [], sat: [], sun: []}
    """.write(to: folder.appendingPathComponent("own.yaml"), atomically: true, encoding: .utf8)
    let library = RuleLibrary.load(paths: [folder.path])
    #expect(library.calendars["cn-workdays"]?.weeklyHours[0].count == 1)
    let notes = library.diagnostics.filter { $0.severity == .note }
    #expect(notes.count == 1)
    #expect(notes.first?.message.contains("replaces the built-in calendar") == true)
    #expect(!library.hasErrors, "\(library.renderedDiagnostics)")
  }

  @Test func sameFileAgainIsNoNews() {
    let library = RuleLibrary.load(paths: [Self.folder.path])
    #expect(library.diagnostics.isEmpty, "\(library.renderedDiagnostics)")
  }

  @Test func undefinedCalendarListsTheCalendarsThatExist() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("rules.yaml")
    try Self.rule(calendar: "cn-workday").write(to: rules, atomically: true, encoding: .utf8)
    let library = RuleLibrary.load(paths: [rules.path])
    let message = library.diagnostics.first { $0.severity == .error }?.message ?? ""
    #expect(
      message
        == "undefined calendar 'cn-workday'; did you mean 'cn-workdays'?; calendars: always, cn-workdays, cn-workdays-fullday, weekdays-9-18"
    )
  }

  static func rule(calendar: String) -> String {
    """
    schema: 1
    domain: test
    rules:
      - id: T-answer
        title: {zh: 答复, en: answer}
        message: {zh: 未答复, en: not answered}
        clause: {id: S0-01, file: 000_17c2e5f7a1992ab4.txt, document: 客户服务管理制度, article: 二.2, quote: 反馈}
        severity: major
        calendar: \(calendar)
        check: {kind: deadline, start: received, end: answered, within: 4 working hours}
        examples:
          - events: ["received @ 2024-09-06 10:00", "answered @ 2024-09-06 11:00"]
            expect: passed
    """
  }
}
