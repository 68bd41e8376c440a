import PolicyRules
import Testing

@testable import Checker

/// `evaluate` builds findings on several workers straight into each rule's list, from the lists
/// the workers judged (chunks of cases; a large list split further), placing judgements in the
/// audit period as it goes. These tests fail if a piece lands in the wrong place or the period
/// filter and the count of findings disagree.
@Suite struct EnginePiecesTests {
  typealias F = EvaluationFixture

  /// Enough cases that one population rule's list (more than 2 × 4096 findings) is split between
  /// workers, and case rules are judged in many chunks. Case `c0n`: in August (before the period)
  /// when n % 10 == 0, else in September; `late` is n % 3 (0 passes the tiers rule); `code` is
  /// missing when n % 7 == 0.
  static let count = 15_000

  static var cases: [F.CaseSpec] {
    (0..<count).map { n in
      let day = 1 + n % 28
      let date = n % 10 == 0 ? "2024-08-\(day < 10 ? "0" : "")\(day)" : "2024-09-\(day < 10 ? "0" : "")\(day)"
      var fields = [("late", "\(n % 3)")]
      if n % 7 != 0 { fields.append(("code", "P\(n % 5)")) }
      return F.case(id(n), fields, events: ["opened @ \(date) 09:00"])
    }
  }

  /// Zero-padded, so id order is case order.
  static func id(_ n: Int) -> String {
    let digits = String(n)
    return "c" + String(repeating: "0", count: 5 - digits.count) + digits
  }

  static let rules = [
    F.rule(
      "check: {kind: tiers, value: late, bands: [{above: 0, severity: minor, fine: 10}]}", id: "R-tiers"),
    F.rule("check: {kind: fields, required: [code]}", id: "R-fields"),
  ]

  @Test func findingsAreInPlaceAndInThePeriodWithAnyWorkerCount() {
    let period = ("2024-09-01 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(Self.cases)
    let inPeriod = (0..<Self.count).filter { $0 % 10 != 0 }
    // Tiers judges cases in anchor order (day, then id), fields in case order.
    let tiers = inPeriod.filter { $0 % 3 != 0 }.sorted { (1 + $0 % 28, $0) < (1 + $1 % 28, $1) }.map(Self.id)
    let fields = inPeriod.filter { $0 % 7 == 0 }.map(Self.id)
    #expect(tiers.count > 2 * 4096)
    for threads in [1, 2, 3] {
      let results = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: threads)
        .evaluate(dataset)
      #expect(results[0].findings.map(\.subject) == tiers, "threads \(threads)")
      #expect(results[0].counts.violated == tiers.count)
      #expect(results[0].counts.passed == inPeriod.count - tiers.count)
      #expect(results[1].findings.map(\.subject) == fields, "threads \(threads)")
      #expect(results[1].counts.violated == fields.count)
      #expect(results[1].counts.passed == inPeriod.count - fields.count)
    }
  }

  /// All rules' findings are built in one pass over pieces of every list: with pieces of a few
  /// judgements (many per list, lists of both rules interleaved on the workers), each rule's
  /// findings must still come in the order and number one piece per list gives.
  @Test func smallPiecesOfEveryRuleGiveTheSameFindings() {
    let period = ("2024-09-01 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(Self.cases)
    let whole = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: 1)
    var expected = whole
    expected.findingPieceTarget = Int.max
    let reference = expected.evaluate(dataset)
    #expect(reference[0].findings.count > 2 * 4096)
    for (threads, target) in [(1, 7), (2, 1), (2, 333), (3, 4096)] {
      var engine = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: threads)
      engine.findingPieceTarget = target
      let results = engine.evaluate(dataset)
      #expect(results == reference, "threads \(threads), pieces of \(target)")
    }
  }

  /// Lists are cut into pieces of at most the target, as equal as the cut allows, in order;
  /// empty lists have none.
  @Test func findingPiecesCoverEveryListInOrder() {
    typealias Piece = AuditEngine.FindingPiece
    let pieces = AuditEngine.findingPieces(listCounts: [[5, 0, 2], [], [7]], target: 3)
    #expect(
      pieces == [
        Piece(rule: 0, list: 0, range: 0..<2), Piece(rule: 0, list: 0, range: 2..<5),
        Piece(rule: 0, list: 2, range: 0..<2),
        Piece(rule: 2, list: 0, range: 0..<2), Piece(rule: 2, list: 0, range: 2..<4),
        Piece(rule: 2, list: 0, range: 4..<7),
      ])
    #expect(
      AuditEngine.findingPieces(listCounts: [[1]], target: 0) == [Piece(rule: 0, list: 0, range: 0..<1)])
  }

  /// Lists filled through their storage all at once come back in order, each with its own count.
  @Test func uninitializedListsAreFilledTogether() {
    let lists = AuditEngine.withUninitializedLists(of: String.self, counts: [2, 0, 3]) { storage in
      #expect(storage.count == 3)
      #expect(storage[1].start == nil)
      for (index, buffer) in storage.enumerated() {
        guard let start = buffer.start else { continue }
        for k in 0..<(index == 0 ? 2 : 3) { (start + k).initialize(to: "list \(index) item \(k) of text") }
      }
    }
    #expect(
      lists == [
        ["list 0 item 0 of text", "list 0 item 1 of text"], [], (0..<3).map { "list 2 item \($0) of text" },
      ])
  }
}

/// Views resolve field names by their representation first, then as text; activity names are
/// cached per worker. Long names (stored apart from the string value), names a type lacks and
/// equal names built separately must all read as before.
@Suite struct CaseLookupsTests {
  typealias F = EvaluationFixture

  @Test func fieldsAndActivitiesByAnyName() {
    let long = "a_field_name_longer_than_fifteen_bytes"
    let spec = F.case(
      "A", [("team", "T1"), (long, "x")], events: ["opened @ 2024-09-02 09:00", "opened @ 2024-09-02 10:00"])
    let table = F.dataset([spec]).table
    let view = CaseView(table, 0, asOf: F.time("2024-12-01 00:00"), timeZoneIdentifier: F.shanghai)
    #expect(view.field("team") == .string("T1"))
    #expect(view.field(long) == .string("x"))
    // The same text in a string of its own.
    let built = String(long.prefix(20)) + String(long.dropFirst(20))
    #expect(view.field(built) == .string("x"))
    #expect(view.field("missing") == .null)
    #expect(view.field("missing") == .null)
    #expect(view.eventCount("opened") == 2)
    #expect(view.eventCount("opened") == 2)
    #expect(view.eventCount("closed") == 0)
    #expect(view.eventCount(String("opened_".dropLast())) == 2)
  }

  /// A matcher naming more than two activities keeps the rest apart from its first two ids; all
  /// of them must match, names no event has must not, and a matcher read in place (from its list)
  /// must find what the same matcher passed as a value finds.
  @Test func matchersOfManyActivitiesReadInPlaceOrByValue() {
    let spec = F.case(
      "A", [],
      events: [
        "a @ 2024-09-02 09:00", "b @ 2024-09-02 10:00", "c @ 2024-09-02 11:00", "d @ 2024-09-02 12:00",
        "e @ 2024-09-02 13:00",
      ])
    let table = F.dataset([spec]).table
    let lookups = CaseLookups(table, timeZoneIdentifier: F.shanghai)
    let view = CaseView(lookups, 0, asOf: F.time("2024-12-01 00:00"))
    let matchers = [
      EventMatcher(activities: ["x", "y", "d", "b"]), EventMatcher(activities: ["e", "nothing", "c", "a"]),
      EventMatcher(activities: ["nothing", "none", "never"]), EventMatcher(activities: ["c"]),
    ]
    let activities = { (events: [EventRef]) in events.map(\.activity) }
    #expect(activities(view.events(matchers[0])) == ["b", "d"])
    #expect(activities(view.events(matchers[1])) == ["a", "c", "e"])
    #expect(view.events(matchers[2]).isEmpty)
    #expect(activities(view.events(matchers[3])) == ["c"])
    matchers.withUnsafeBufferPointer { list in
      for index in list.indices {
        let inPlace = list.baseAddress.map { view.first(at: $0 + index) } ?? nil
        #expect(inPlace?.activity == view.first(matchers[index])?.activity)
        #expect(
          activities(list.baseAddress.map { view.events(at: $0 + index) } ?? [])
            == activities(view.events(matchers[index])))
      }
    }
    #expect(view.last(matchers[0])?.activity == "d")
    #expect(view.first(matchers[1], where: { $0.activity != "a" })?.activity == "c")
  }

  /// Answers about pool texts are asked once per question and text: asked again (a different
  /// closure answer would show) only when another question or text took the slot, never mixed up
  /// between questions or texts.
  @Test func answersAboutTextsByQuestionAndText() {
    let specs = (0..<600).map { F.case("c\($0)", [("code", "t\($0)")]) }
    let table = F.dataset(specs).table
    let lookups = CaseLookups(table, timeZoneIdentifier: F.shanghai)
    let questions = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    defer { questions.deallocate() }
    let (first, second) = (UnsafeRawPointer(questions), UnsafeRawPointer(questions + 1))
    var asked = 0
    var texts: [Int32] = []
    for index in 0..<table.caseCount {
      let view = CaseView(lookups, index, asOf: F.time("2024-12-01 00:00"))
      texts.append(view.storedField("code").stringID)
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

  /// Conditions of matchers are evaluated on the worker's own copy, found by the matcher's
  /// activity list and condition: matchers sharing a list but not their condition (or their
  /// parameters' values) must each be judged by their own, whichever was used last.
  @Test func matchersSharingAListKeepTheirOwnConditions() throws {
    let events = [
      "approved @ 2024-09-02 09:00 by A role=manager", "approved @ 2024-09-02 10:00 by B role=director",
    ]
    let table = F.dataset([F.case("A", [("amount", "50")], events: events)]).table
    let lookups = CaseLookups(table, timeZoneIdentifier: F.shanghai)
    let view = CaseView(lookups, 0, asOf: F.time("2024-12-01 00:00"))
    let names = ["approved"]
    let limit = { (value: Double) in
      try Expression.parse("amount >= $limit", parameters: ["limit": .number(value)]).get()
    }
    let matchers = [
      EventMatcher(activities: names, condition: try Expression.parse(#"role == "manager""#).get()),
      EventMatcher(activities: names, condition: try Expression.parse(#"role == "director""#).get()),
      EventMatcher(activities: names),
      EventMatcher(activities: ["approved"], condition: try limit(10)),
      EventMatcher(activities: ["approved"], condition: try limit(100)),
    ]
    // Times in UTC: 09:00 in Shanghai is 01:00.
    let expected = [["01:00"], ["02:00"], ["01:00", "02:00"], ["01:00", "02:00"], []]
    let clock = { (events: [EventRef]) in
      events.map { ISO8601Text.utc($0.time) }.map { String($0.dropFirst(11).prefix(5)) }
    }
    for _ in 0..<2 {
      for (matcher, times) in zip(matchers, expected) { #expect(clock(view.events(matcher)) == times) }
    }
  }

  /// A matcher's wording is phrased once per worker and must read as its description: matchers
  /// sharing an activity list but not their condition, or naming the same events in lists of
  /// their own, and time points of the first or last event or a field.
  @Test func wordingsReadAsDescriptions() {
    let table = F.dataset([F.case("A", [("role", "cs")], events: ["callback @ 2024-09-02 09:00"])]).table
    let lookups = CaseLookups(table, timeZoneIdentifier: F.shanghai)
    let names = ["callback", "call_back"]
    let condition = { (text: String) in (try? Expression.parse(text).get()).map { $0 } }
    let matchers = [
      EventMatcher(activities: names),
      EventMatcher(activities: names, condition: condition("role == \"cs\"")),
      EventMatcher(activities: names, condition: condition("role == \"engineer\"")),
      EventMatcher(activities: ["callback", "call_back"]), EventMatcher(activities: ["closed"]),
    ]
    for _ in 0..<2 {
      for matcher in matchers { #expect(lookups.wording(of: matcher) == matcher.description) }
    }
    let points: [TimePoint] = [
      .event(matchers[1], .first), .event(matchers[2], .last), .field("received_at"),
    ]
    for point in points { #expect(lookups.wording(of: point) == point.description) }
    #expect(lookups.wording(of: matchers[2]) == "callback | call_back [role == \"engineer\"]")
  }

  /// Slots of a rule's name list are found once per list and record type: each slot must read
  /// what reading the field by name reads, in every record type (whose schemas differ), with -1
  /// (null) for a name the type lacks, and a second list of the same names must get its own entry.
  @Test func fieldSlotsOfANameListReadAsNames() {
    let long = "a_field_name_longer_than_fifteen_bytes"
    let specs = [
      F.case("A", [("team", "T1"), (long, "x"), ("phone", "13800138000")]),
      F.case("B", [("phone", "  "), ("zone", "city")], recordType: "work_log"),
      F.case("C", [("team", "T2")]),
    ]
    let table = F.dataset(specs).table
    let lookups = CaseLookups(table, timeZoneIdentifier: F.shanghai)
    let names = ["phone", long, "zone", "missing", "team", "phone"]
    let copy = names.map { String($0.utf8.map { Character(Unicode.Scalar($0)) }) }
    var read: [[Value]] = []
    for index in 0..<table.caseCount {
      let view = CaseView(lookups, index, asOf: F.time("2024-12-01 00:00"))
      let slots = lookups.fieldSlots(of: names, type: view.recordTypeIndex) { $0 }
      let again = lookups.fieldSlots(of: names, type: view.recordTypeIndex) { _ in "team" }
      let copied = lookups.fieldSlots(of: copy, type: view.recordTypeIndex) { $0 }
      #expect(slots.count == names.count)
      #expect(Array(again) == Array(slots))
      #expect(Array(copied) == Array(slots))
      #expect(slots[3] == -1)
      for (k, name) in names.enumerated() { #expect(view.field(at: slots[k]) == view.field(name), "\(name)") }
      read.append(slots.map { view.field(at: $0) })
    }
    let cases = (0..<table.caseCount).map { CaseView(lookups, $0, asOf: F.time("2024-12-01 00:00")).id }
    let byID = Dictionary(uniqueKeysWithValues: zip(cases, read))
    // Digits are typed as a number when read.
    #expect(
      byID["A"] == [
        .number(13_800_138_000), .string("x"), .null, .null, .string("T1"), .number(13_800_138_000),
      ])
    #expect(byID["B"] == [.string("  "), .null, .string("city"), .null, .null, .string("  ")])
    #expect(byID["C"] == [.null, .null, .null, .null, .string("T2"), .null])
    #expect(lookups.fieldSlots(of: [String](), type: 0) { $0 }.isEmpty)
  }
}
