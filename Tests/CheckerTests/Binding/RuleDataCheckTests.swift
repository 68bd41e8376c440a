import PolicyRules
import Testing

@testable import Checker

/// The binding step: every name a rule uses resolved against the dataset's record types, fields
/// and activities, scope by scope.
@Suite struct RuleDataCheckTests {
  typealias F = EvaluationFixture

  /// Two record types: repair orders (zone, arrived) and complaints (channel, fed_back).
  static let data = F.dataset([
    F.case(
      "R-1", [("zone", "city")], events: ["call_received @ 2024-09-02 10:00", "arrived @ 2024-09-02 12:00"],
      recordType: "repair_order"),
    F.case(
      "C-1", [("channel", "phone")],
      events: ["received @ 2024-09-02 10:00", "fed_back @ 2024-09-03 10:00 role=cs"],
      recordType: "complaint"),
  ])
  static let schema = DatasetSchema(data.table)

  static func messages(_ body: String) -> [String] {
    RuleDataCheck.bind([F.rule(body)], to: schema).diagnostics.map(\.message)
  }

  @Test func schemaHasEachTypesFieldsAndActivities() {
    let types = Dictionary(uniqueKeysWithValues: Self.schema.recordTypes.map { ($0.name, $0) })
    #expect(types["repair_order"]?.activities == ["call_received", "arrived"])
    #expect(types["complaint"]?.activities == ["received", "fed_back"])
    #expect(types["complaint"]?.fields.contains("channel") == true)
    #expect(types["repair_order"]?.fields.contains("channel") == false)
    #expect(types["repair_order"]?.caseCount == 1)
  }

  @Test func resolvedRuleHasNoWarningsAndKnowsItsTypes() {
    let rule = F.rule(
      """
      scope: {record: complaint, when: 'channel == "phone" and has("received")'}
      check: {kind: response, trigger: received, response: {event: fed_back, where: 'role == "cs" and resource != null'}, within: 2d}
      """)
    let binding = RuleDataCheck.bind(rule, to: Self.schema)
    #expect(binding.unresolved.isEmpty)
    #expect(binding.recordTypes == ["complaint"])
    #expect(Set(binding.resolved.map(\.use.name)) == ["channel", "received", "fed_back", "role"])
  }

  @Test func misspeltActivityGetsTheDatasClosestName() {
    #expect(
      Self.messages("check: {kind: deadline, start: received, end: fed_bak, within: 2d}") == [
        "rule 'T-1': activity 'fed_bak' (check.end) never occurs in the data; did you mean 'fed_back'?"
      ])
  }

  @Test func nameOnlyInAnotherRecordTypeNamesThatType() {
    #expect(
      Self.messages(
        "scope: {record: complaint}\ncheck: {kind: deadline, start: received, end: arrived, within: 2d}")
        == [
          "rule 'T-1': activity 'arrived' (check.end) never occurs in records of type complaint (only in repair_order)"
        ])
    #expect(
      Self.messages("scope: {record: complaint}\ncheck: {kind: condition, assert: 'zone != null'}") == [
        "rule 'T-1': field 'zone' (check.assert) is not in records of type complaint (only in repair_order)"
      ])
  }

  @Test func unknownRecordTypeIsReportedAloneWithASuggestion() {
    #expect(
      Self.messages(
        "scope: {record: complaints}\ncheck: {kind: deadline, start: nothing, end: never, within: 2d}")
        == [
          "rule 'T-1': record type 'complaints' (scope.record) matches no records in the data "
            + "(record types: complaint, repair_order); did you mean 'complaint'?"
        ])
  }

  @Test func fieldsOfEveryPlaceAreChecked() {
    let messages = Self.messages(
      """
      check: {kind: metric, measure: rate, counts: 'has("visit")', date: {field: completed_at}, every: month, group: teem, target: '>= 90%'}
      """)
    #expect(
      messages == [
        "rule 'T-1': activity 'visit' (check.counts) never occurs in the data",
        "rule 'T-1': field 'completed_at' (check.date.field) is not in the data",
        "rule 'T-1': field 'teem' (check.group) is not in the data",
      ])
  }

  @Test func limitTiersAndDueFieldsAreChecked() {
    let messages = Self.messages(
      "check: {kind: deadline, start: call_received, end: arrived, within: {by: zones, tiers: {city: 6h}}, due_field: agreed_at}"
    )
    #expect(
      messages == [
        "rule 'T-1': field 'zones' (check.within.by) is not in the data; did you mean 'zone'?",
        "rule 'T-1': field 'agreed_at' (check.due_field) is not in the data",
      ])
  }

  @Test func warningPointsAtTheNameInTheRule() {
    let binding = RuleDataCheck.bind(
      [F.rule("check: {kind: deadline, start: received, end: fed_bak, within: 2d}")], to: Self.schema)
    // Line 8 of the fixture's file; `fed_bak` starts at column 51.
    #expect(binding.diagnostics.first?.mark == SourceMark(line: 8, column: 51))
    #expect(binding.diagnostics.first?.severity == .warning)
  }
}

extension RuleDataCheckTests {
  @Test func dataWithoutCasesGivesNoWarnings() {
    let binding = RuleDataCheck.bind(
      [F.rule("check: {kind: deadline, start: received, end: fed_bak, within: 2d}")],
      to: DatasetSchema(F.dataset([]).table))
    #expect(binding.diagnostics.isEmpty)
    #expect(binding.rules.first?.unresolved.count == 2)
  }

  @Test func aNameUsedInSeveralPlacesIsReportedOnce() {
    #expect(
      RuleDataCheckTests.messages(
        """
        scope: {when: 'rol == "cs"'}
        check: {kind: response, trigger: received, response: {event: fed_back, where: 'rol == "cs"'}}
        """) == ["rule 'T-1': field 'rol' (scope.when) is not in the data; did you mean 'role'?"])
  }
}
