import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Builds rules from inline YAML and datasets from compact case descriptions, then runs the
/// engine, so each check-kind test reads as "this rule, these cases, these outcomes".
enum EvaluationFixture {
  static let shanghai = "Asia/Shanghai"

  /// One rule from the YAML that follows the fixed header (id `T-1`, title, message, clause,
  /// severity); `body` is written without indentation, e.g. `"check: {kind: condition, assert: 'x > 1'}"`.
  static func rule(_ body: String, id: String = "T-1") -> Rule {
    let indented = body.split(separator: "\n", omittingEmptySubsequences: false)
      .map { "    " + $0 }.joined(separator: "\n")
    let text = """
      schema: 1
      rules:
        - id: \(id)
          title: {zh: 测试, en: test}
          message: {zh: 测试, en: test}
          clause: {id: T-01, file: test.txt, document: 测试, article: 第一条, quote: 测试}
          severity: major
      \(indented)
      """
    var diagnostics = DiagnosticBag(path: "test.yaml")
    guard
      let document = YAMLParser.parse(bytes: Array(text.utf8), path: "test.yaml", diagnostics: &diagnostics)
    else {
      Issue.record("yaml did not parse: \(diagnostics.items.map(\.message))")
      return placeholder
    }
    let context = RuleReadContext(path: "test.yaml")
    let rules = RuleFileReader.read(document, profile: nil, context: context)
    let errors = context.diagnostics.items.filter { $0.severity == .error }
    guard errors.isEmpty, let rule = rules.first else {
      Issue.record("rule did not load: \(errors.map(\.message))\n\(text)")
      return placeholder
    }
    return rule
  }

  /// Returned after a recorded load failure so the test fails instead of crashing.
  private static var placeholder: Rule {
    var diagnostics = DiagnosticBag(path: "placeholder.yaml")
    let text = """
      schema: 1
      rules:
        - id: placeholder
          title: {zh: x, en: x}
          message: {zh: x, en: x}
          clause: {id: X, file: x, document: x, article: x, quote: x}
          severity: info
          check: {kind: condition, assert: 'false'}
      """
    let document = YAMLParser.parse(
      bytes: Array(text.utf8), path: "placeholder.yaml", diagnostics: &diagnostics)
    let context = RuleReadContext(path: "placeholder.yaml")
    return document.flatMap { RuleFileReader.read($0, profile: nil, context: context).first }!
  }

  /// A local time in a zone: `2024-09-13 17:00`.
  static func time(_ text: String, zone: String = shanghai) -> Timestamp {
    guard let t = LocalTime.parse(text, timeZoneIdentifier: zone) else {
      Issue.record("bad time \(text)")
      return Timestamp(milliseconds: 0)
    }
    return t
  }

  /// A case written compactly. Events are `"activity @ YYYY-MM-DD HH:MM[:SS]"`, optionally followed by
  /// `by <resource>` and `key=value` attributes: `"approved @ 2024-09-01 10:00 by 王 role=manager"`.
  /// Fields are typed like CSV values (numbers, booleans, local times, else text; empty ⇒ null).
  struct CaseSpec {
    var id: String
    var recordType = "case"
    var fields: [(String, String)] = []
    var events: [String] = []
  }

  static func `case`(
    _ id: String, _ fields: [(String, String)] = [], events: [String] = [], recordType: String = "case"
  ) -> CaseSpec {
    CaseSpec(id: id, recordType: recordType, fields: fields, events: events)
  }

  /// Builds the dataset as the loader (`CaseAssembler`) would: events sorted by time then source
  /// line (the input order is kept as the line number), cases by record type then natural id order.
  static func dataset(_ specs: [CaseSpec], zone: String = shanghai) -> Dataset {
    let local = TimeZoneOffsets.named(zone) ?? .utc
    var line: Int32 = 1
    var cases: [Case] = []
    for spec in specs {
      let caseLine = line
      line += 1
      let fields = FieldRow(
        schema: FieldSchema(names: spec.fields.map(\.0)),
        values: spec.fields.map { ExampleRunner.typed($0.1, local) })
      var events: [Event] = []
      for text in spec.events {
        events.append(event(text, line: line, local))
        line += 1
      }
      events.sort { ($0.time, $0.source) < ($1.time, $1.source) }
      cases.append(
        Case(
          id: spec.id, recordType: spec.recordType, fields: fields, events: events,
          source: SourceLocation(file: 0, line: caseLine)))
    }
    cases.sort {
      $0.recordType != $1.recordType ? $0.recordType < $1.recordType : NaturalOrder.less($0.id, $1.id)
    }
    return Dataset(
      files: ["test.csv"], cases: cases, rejections: [], counts: ReadCounts(), fileCounts: [ReadCounts()],
      timeZoneIdentifier: zone)
  }

  private static func event(_ text: String, line: Int32, _ local: TimeZoneOffsets) -> Event {
    let parts = text.split(separator: "@", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    let activity = parts.first ?? ""
    let rest = parts.count > 1 ? parts[1] : ""
    var tokens = rest.split(separator: " ").map(String.init)
    var timeText = tokens.prefix(2).joined(separator: " ")
    tokens.removeFirst(min(2, tokens.count))
    if timeText.count == 10 { timeText += " 00:00" }
    let time = TimestampParser.instant(timeText, zone: local)
    if time == nil { Issue.record("bad event time in '\(text)'") }
    var resource: String?
    var names: [String] = []
    var values: [Value] = []
    var index = 0
    while index < tokens.count {
      if tokens[index] == "by", index + 1 < tokens.count {
        resource = tokens[index + 1]
        index += 2
        continue
      }
      let pair = tokens[index].split(separator: "=", maxSplits: 1).map(String.init)
      names.append(pair[0])
      values.append(ExampleRunner.typed(pair.count > 1 ? pair[1] : "", local))
      index += 1
    }
    return Event(
      activity: activity, time: time ?? Timestamp(milliseconds: 0), resource: resource,
      attributes: FieldRow(schema: FieldSchema(names: names), values: values),
      source: SourceLocation(file: 0, line: line))
  }

  /// The engine over these rules with a cut-off and optional audit period `[from, to)` (local dates).
  static func engine(
    _ rules: [Rule], asOf: String, period: (String, String)? = nil, zone: String = shanghai,
    calendars: [String: WorkCalendar] = [:], waivers: WaiverSet = WaiverSet(), threads: Int = 1,
    periodOrigin: EvaluationContext.PeriodOrigin = .options
  ) -> AuditEngine {
    var context = EvaluationContext(
      asOf: time(asOf, zone: zone), periodStart: period.map { time($0.0, zone: zone) },
      periodEnd: period.map { time($0.1, zone: zone) }, calendars: calendars, timeZoneIdentifier: zone,
      files: ["test.csv"])
    context.periodOrigin = periodOrigin
    return AuditEngine(rules: rules, context: context, waivers: waivers, threads: threads)
  }

  /// The judgements of one rule as `subject[@period]: outcome`, in engine order.
  static func outcomes(
    _ rule: Rule, _ cases: [CaseSpec], asOf: String = "2030-01-01 00:00", period: (String, String)? = nil,
    zone: String = shanghai, calendars: [String: WorkCalendar] = [:]
  ) -> [String] {
    judgements(rule, cases, asOf: asOf, period: period, zone: zone, calendars: calendars).map(describe)
  }

  static func judgements(
    _ rule: Rule, _ cases: [CaseSpec], asOf: String = "2030-01-01 00:00", period: (String, String)? = nil,
    zone: String = shanghai, calendars: [String: WorkCalendar] = [:],
    periodOrigin: EvaluationContext.PeriodOrigin = .options
  ) -> [Judgement] {
    let engine = engine(
      [rule], asOf: asOf, period: period, zone: zone, calendars: calendars, periodOrigin: periodOrigin)
    return engine.judge(dataset(cases, zone: zone)).judgements[0]
  }

  static func describe(_ judgement: Judgement) -> String {
    "\(judgement.subject)\(judgement.period.map { "@\($0)" } ?? ""): \(judgement.outcome.rawValue)"
  }

  /// A calendar shipped in `Rules/calendars/`, read by the calendar loader.
  static func shippedCalendar(_ name: String) -> WorkCalendar? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("Rules/calendars/\(name).yaml").path
    var diagnostics = DiagnosticBag(path: path)
    guard let document = YAMLParser.parseFile(atPath: path, diagnostics: &diagnostics),
      let calendar = WorkCalendar.load(document, diagnostics: &diagnostics)
    else {
      Issue.record("calendar \(name) did not load: \(diagnostics.items.map(\.message))")
      return nil
    }
    return calendar
  }

  /// A China working calendar for 2024 in Asia/Shanghai: Mon–Fri 09:00–12:00 and 13:00–18:00,
  /// 中秋 Sep 15–17 with make-up Sat Sep 14, 国庆 Oct 1–7 with make-up Sun Sep 29 and Sat Oct 12
  /// (shared/reference/cn-statutory-calendar.md).
  static let chinaWorkdays: WorkCalendar = {
    let day = [
      WorkCalendar.WorkingSpan(startMinute: 9 * 60, endMinute: 12 * 60),
      WorkCalendar.WorkingSpan(startMinute: 13 * 60, endMinute: 18 * 60),
    ]
    return WorkCalendar(
      name: "cn-workdays", timeZoneIdentifier: shanghai,
      weeklyHours: [day, day, day, day, day, [], []],
      holidays: [
        .init(
          name: "中秋节", from: CivilDate(year: 2024, month: 9, day: 15),
          to: CivilDate(year: 2024, month: 9, day: 17)),
        .init(
          name: "国庆节", from: CivilDate(year: 2024, month: 10, day: 1),
          to: CivilDate(year: 2024, month: 10, day: 7)),
      ],
      makeUpDays: [
        .init(date: CivilDate(year: 2024, month: 9, day: 14), name: "中秋节"),
        .init(date: CivilDate(year: 2024, month: 9, day: 29), name: "国庆节"),
        .init(date: CivilDate(year: 2024, month: 10, day: 12), name: "国庆节"),
      ],
      covers: CivilDate(year: 2024, month: 1, day: 1)...CivilDate(year: 2024, month: 12, day: 31))
  }()
}
