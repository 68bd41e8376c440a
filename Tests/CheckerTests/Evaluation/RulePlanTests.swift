import PolicyRules
import Testing

@testable import Checker

/// Rules are bound to the dataset once (`PlanBinder`) and evaluated from the plan: fields by slot,
/// events by activity id, expressions as compiled steps. Every bound read must give what reading
/// by name gives, in every record type, for names the data lacks too.
@Suite struct RulePlanTests {
  typealias F = EvaluationFixture

  /// The plan of `body` bound to record type `type`, and the tables it refers to.
  static func bind<Plan>(
    _ table: CaseTable, type: Int = 0, _ body: (inout PlanBinder) -> Plan
  ) -> (Plan, PlanTables) {
    var binder = PlanBinder(table)
    let plan = binder.binding(type: type, body)
    return (plan, binder.tables())
  }

  /// Runs `body` with lookups over the table's columns and `tables`, as a worker has them.
  static func reading<Result>(
    _ table: CaseTable, _ tables: PlanTables = .empty, _ body: (CaseLookups) -> Result
  ) -> Result {
    body(CaseLookups(table, timeZoneIdentifier: F.shanghai, tables: tables))
  }

  /// The view of case `index` at the fixtures' cut-off.
  static func view(_ lookups: CaseLookups, _ index: Int = 0) -> CaseView {
    CaseView(lookups, index, asOf: F.time("2024-12-01 00:00"))
  }

  static func expression(_ text: String, _ parameters: [String: Value] = [:]) -> PolicyRules.Expression {
    guard case .success(let expression) = Expression.parse(text, parameters: parameters) else {
      Issue.record("does not parse: \(text)")
      return try! Expression.parse("null").get()
    }
    return expression
  }

  @Test func fieldsAndActivitiesByAnyName() {
    let long = "a_field_name_longer_than_fifteen_bytes"
    let spec = F.case(
      "A", [("team", "T1"), (long, "x")], events: ["opened @ 2024-09-02 09:00", "opened @ 2024-09-02 10:00"])
    let table = F.dataset([spec]).table
    Self.reading(table) { lookups in
      let view = Self.view(lookups)
      #expect(view.field("team") == .string("T1"))
      #expect(view.field(long) == .string("x"))
      // The same text in a string of its own.
      let built = String(long.prefix(20)) + String(long.dropFirst(20))
      #expect(view.field(built) == .string("x"))
      #expect(view.field("missing") == .null)
      #expect(view.eventCount("opened") == 2)
      #expect(view.eventCount("closed") == 0)
      #expect(view.eventCount(String("opened_".dropLast())) == 2)
    }
  }

  /// A matcher naming more than two activities keeps the rest in the plan's tables: all of them
  /// must match, names no event has must not.
  @Test func matchersOfManyActivities() {
    let spec = F.case(
      "A", [],
      events: [
        "a @ 2024-09-02 09:00", "b @ 2024-09-02 10:00", "c @ 2024-09-02 11:00", "d @ 2024-09-02 12:00",
        "e @ 2024-09-02 13:00",
      ])
    let table = F.dataset([spec]).table
    let matchers = [
      EventMatcher(activities: ["x", "y", "d", "b"]), EventMatcher(activities: ["e", "nothing", "c", "a"]),
      EventMatcher(activities: ["nothing", "none", "never"]), EventMatcher(activities: ["c"]),
    ]
    let (list, tables) = Self.bind(table) { $0.matchers(matchers) }
    Self.reading(table, tables) { lookups in
      let view = Self.view(lookups)
      let activities = { (events: [EventRef]) in events.map(\.activity) }
      let bound = (0..<matchers.count).map { view.matcher(list, $0) }
      #expect(activities(view.events(bound[0])) == ["b", "d"])
      #expect(activities(view.events(bound[1])) == ["a", "c", "e"])
      #expect(view.events(bound[2]).isEmpty)
      #expect(activities(view.events(bound[3])) == ["c"])
      #expect(view.first(bound[0])?.activity == "b")
      #expect(view.last(bound[0])?.activity == "d")
      #expect(view.first(bound[1], where: { $0.activity != "a" })?.activity == "c")
      #expect(view.first(bound[2]) == nil)
    }
  }

  /// Answers about pool texts are asked once per question and text: asked again (a different
  /// closure answer would show) only when another question or text took the slot, never mixed up
  /// between questions or texts.
  @Test func answersAboutTextsByQuestionAndText() {
    let specs = (0..<600).map { F.case("c\($0)", [("code", "t\($0)")]) }
    let table = F.dataset(specs).table
    Self.reading(table) { lookups in
      let (first, second): (Int32, Int32) = (0, 1)
      var asked = 0
      var texts: [Int32] = []
      for index in 0..<table.caseCount {
        texts.append(Self.view(lookups, index).storedField(slot: 0).stringID)
      }
      for round in 0..<2 {
        for id in texts {
          let text = table.strings[Int(id)]
          let even = lookups.answer(first, text: id) {
            asked += 1; return Int($0.dropFirst())! % 2 == 0
          }
          let big = lookups.answer(second, text: id) {
            asked += 1; return Int($0.dropFirst())! >= 300
          }
          // A remembered answer is the one asked for: a wrong closure would not matter.
          #expect(even == (Int(text.dropFirst())! % 2 == 0), "round \(round) \(text)")
          #expect(big == (Int(text.dropFirst())! >= 300), "round \(round) \(text)")
          #expect(lookups.answer(second, text: id) { _ in !big } == big)
        }
      }
      // 1200 texts and questions in 256 slots: each asked the first time, most again.
      #expect(asked > 1200 && asked <= 2 * 1200)
    }
  }

  /// Each matcher is judged by its own compiled condition: matchers sharing a list but not their
  /// condition (or their parameters' values), and the event's own attributes and resource
  /// before the case's fields.
  @Test func matchersKeepTheirOwnConditions() throws {
    let events = [
      "approved @ 2024-09-02 09:00 by A role=manager", "approved @ 2024-09-02 10:00 by B role=director",
    ]
    let table = F.dataset([F.case("A", [("amount", "50"), ("role", "clerk")], events: events)]).table
    let names = ["approved"]
    let limit = { (value: Double) in Self.expression("amount >= $limit", ["limit": .number(value)]) }
    let matchers = [
      EventMatcher(activities: names, condition: Self.expression(#"role == "manager""#)),
      EventMatcher(activities: names, condition: Self.expression(#"role == "director""#)),
      EventMatcher(activities: names),
      EventMatcher(activities: ["approved"], condition: limit(10)),
      EventMatcher(activities: ["approved"], condition: limit(100)),
      EventMatcher(activities: names, condition: Self.expression(#"resource == "B" or actor == "A""#)),
      EventMatcher(activities: names, condition: Self.expression(#"role == "clerk""#)),
    ]
    let (list, tables) = Self.bind(table) { $0.matchers(matchers) }
    Self.reading(table, tables) { lookups in
      let view = Self.view(lookups)
      // Times in UTC: 09:00 in Shanghai is 01:00.
      let expected = [
        ["01:00"], ["02:00"], ["01:00", "02:00"], ["01:00", "02:00"], [], ["01:00", "02:00"], [],
      ]
      let clock = { (events: [EventRef]) in
        events.map { ISO8601Text.utc($0.time) }.map { String($0.dropFirst(11).prefix(5)) }
      }
      for (k, times) in expected.enumerated() {
        #expect(clock(view.events(view.matcher(list, k))) == times, "matcher \(k)")
      }
    }
  }

  /// Wordings are phrased when the rule is bound and read as the descriptions they replace.
  @Test func wordingsReadAsDescriptions() {
    let table = F.dataset([F.case("A", [("role", "cs")], events: ["callback @ 2024-09-02 09:00"])]).table
    let names = ["callback", "call_back"]
    let matchers = [
      EventMatcher(activities: names),
      EventMatcher(activities: names, condition: Self.expression("role == \"cs\"")),
      EventMatcher(activities: names, condition: Self.expression("role == \"engineer\"")),
      EventMatcher(activities: ["closed"]),
    ]
    let points: [TimePoint] = [
      .event(matchers[1], .first), .event(matchers[2], .last), .field("received_at"),
    ]
    let ((list, bound), tables) = Self.bind(table) { binder in
      (binder.matchers(matchers), points.map { binder.point($0) })
    }
    Self.reading(table, tables) { lookups in
      let view = Self.view(lookups)
      for (k, matcher) in matchers.enumerated() {
        #expect(view.text(view.matcher(list, k).wording) == matcher.description)
      }
      for (point, plan) in zip(points, bound) { #expect(view.text(plan.wording) == point.description) }
      #expect(view.text(view.matcher(list, 2).wording) == "callback | call_back [role == \"engineer\"]")
    }
  }

  /// Slots of a name list, bound per record type: each must read what reading the field by name
  /// reads, in every record type (whose schemas differ), with -1 (null) for a name the type lacks.
  @Test func fieldSlotsReadAsNames() {
    let long = "a_field_name_longer_than_fifteen_bytes"
    let specs = [
      F.case("A", [("team", "T1"), (long, "x"), ("phone", "13800138000")]),
      F.case("B", [("phone", "  "), ("zone", "city")], recordType: "work_log"),
      F.case("C", [("team", "T2")]),
    ]
    let table = F.dataset(specs).table
    let names = ["phone", long, "zone", "missing", "team", "phone"]
    var binder = PlanBinder(table)
    let lists = table.recordTypes.indices.map { t in binder.binding(type: t) { $0.slots(names) } }
    var read: [String: [Value]] = [:]
    Self.reading(table, binder.tables()) { lookups in
      for index in 0..<table.caseCount {
        let view = Self.view(lookups, index)
        let slots = lists[view.recordTypeIndex].positions.map { lookups.tables.slots[$0] }
        #expect(slots.count == names.count)
        #expect(slots[3] == -1)
        for (k, name) in names.enumerated() {
          #expect(view.field(at: slots[k]) == view.field(name), "\(name)")
        }
        read[view.id] = slots.map { view.field(at: $0) }
      }
    }
    // Digits are typed as a number when read.
    #expect(
      read["A"] == [
        .number(13_800_138_000), .string("x"), .null, .null, .string("T1"), .number(13_800_138_000),
      ])
    #expect(read["B"] == [.string("  "), .null, .string("city"), .null, .null, .string("  ")])
    #expect(read["C"] == [.null, .null, .null, .null, .string("T2"), .null])
  }

  /// Compiled expressions give exactly what walking the tree gives, on cases where fields are
  /// present, absent, null or of another type, and on events (whose attributes and resource
  /// come first).
  @Test func compiledExpressionsEvaluateAsTheTree() {
    let specs = [
      F.case(
        "A", [("age", "40"), ("category", "leak"), ("code", "P1"), ("when", "2024-09-02 08:30")],
        events: ["opened @ 2024-09-02 09:00 by u1 role=cs", "closed @ 2024-09-03 10:00 role=engineer"]),
      F.case("B", [("age", "n/a"), ("category", "")], events: ["opened @ 2024-09-04 09:00"]),
      F.case("C", [], events: []),
      F.case(
        "D", [("amount", "0"), ("age", "12")], events: ["opened @ 2024-09-05 09:00"], recordType: "other"),
    ]
    let texts = [
      "age >= 35", "age >= 35 and category == \"leak\"", "age > 35 or category == \"x\"",
      "missing and false", "false and missing", "missing or true", "true or missing", "not (age > 3)",
      "-age", "age + 1 - 2 * 3 / 4 % 5", "category in [\"leak\", \"fire\"]", "category not in [\"leak\"]",
      "age in [40, 41]", "code matches \"^P[0-9]$\"", "age matches \"4\"", "has(\"opened\")",
      "count(\"opened\") + count(\"never\")", "has(\"never\")", "first(\"opened\")", "last(\"opened\")",
      "last(\"never\") == null", "exists(age)", "missing == null", "missing != null", "hour(when)",
      "date(first(\"opened\"))", "hour(first(\"closed\"))", "len(category) + len(code)", "min(age, 50)",
      "max(age, 50)", "contains(category, \"ea\")", "abs(-age)", "ceil(age / 7) * 1d",
      "first(\"closed\") - first(\"opened\") <= 24h", "has(category)", "count(code)", "upper(code)",
      "lower(category) == \"leak\"", "round(age / 3)", "role == \"cs\"", "resource == \"u1\"",
      "(age > 35 and (category == \"leak\" or missing)) or not has(\"closed\")", "amount == 0",
      "not missing", "5 / 0 == 0", "age == null or age > 100",
    ]
    let expressions = texts.map { Self.expression($0) }
    var binder = PlanBinder(F.dataset(specs).table)
    let table = binder.table
    let programs = table.recordTypes.indices.map { t in
      binder.binding(type: t) { binder in
        expressions.map { (binder.expression($0), binder.expression($0, onEvent: true)) }
      }
    }
    Self.reading(table, binder.tables()) { lookups in
      for index in 0..<table.caseCount {
        let view = Self.view(lookups, index)
        for (k, expression) in expressions.enumerated() {
          let (onCase, onEvent) = programs[view.recordTypeIndex][k]
          #expect(view.value(onCase) == expression.evaluate(in: view), "\(texts[k]) on \(view.id)")
          for event in view.events {
            let scope = EventScope(event: event, owner: view)
            #expect(
              lookups.tables.code.evaluate(onEvent, in: scope) == expression.evaluate(in: scope),
              "\(texts[k]) on an event of \(view.id)")
          }
        }
      }
    }
  }
}
