import Testing

@testable import PolicyRules

/// Reading each check kind from YAML: the typed model it builds, and the errors a wrong
/// `check:` mapping reports (message and position).
@Suite struct CheckKindParsingTests {
  /// Loads one rule whose `check:` (and optional extra keys) follow a fixed header. `check:` is on
  /// line 8, its first key on line 9 at column 7.
  static func load(_ check: String, extra: String = "") -> (rule: Rule?, diagnostics: [Diagnostic]) {
    let text = """
      schema: 1
      rules:
        - id: T-1
          title: {zh: 测试, en: test}
          message: {zh: 测试, en: test}
          clause: {id: S0-01, file: f.txt, document: d, article: a, quote: q}
          severity: major
          check:
      \(check.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
      \(extra)
      """
    var bag = DiagnosticBag(path: "t.yaml")
    guard let document = YAMLParser.parse(bytes: Array(text.utf8), path: "t.yaml", diagnostics: &bag) else {
      return (nil, bag.items)
    }
    let context = RuleReadContext(path: "t.yaml")
    let rules = RuleFileReader.read(document, profile: nil, context: context)
    return (rules.first, context.diagnostics.items)
  }

  static func messages(_ result: (rule: Rule?, diagnostics: [Diagnostic])) -> [String] {
    result.diagnostics.map { "\($0.mark.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
  }

  @Test func tableListsTwelveKindsOnce() {
    let names = CheckKinds.all.map { $0.name }
    #expect(names.count == 12)
    #expect(Set(names).count == 12)
    for kind in CheckKinds.all { #expect(!kind.summary.zh.isEmpty && !kind.summary.en.isEmpty) }
  }

  @Test func deadlineWithTiersWindowAndAlternative() throws {
    let result = Self.load(
      """
      kind: deadline
      start: {field: received_at}
      end: {event: arrived, occurrence: last, where: 'role == "engineer"'}
      within: {by: zone, tiers: {city: 6 working hours, suburb: 7 working hours}, otherwise: 24h}
      not_before: -5m
      due_field: agreed_at
      or: 'has("written_report")'
      exempt: 'category == "special"'
      """)
    #expect(result.diagnostics.isEmpty)
    let check = try #require(result.rule?.check as? DeadlineCheck)
    guard case .field("received_at") = check.start else { Issue.record("start"); return }
    guard case .event(let matcher, .last) = check.end else { Issue.record("end"); return }
    #expect(matcher.activities == ["arrived"])
    #expect(matcher.condition?.source == #"role == "engineer""#)
    guard case .tiers(let field, let tiers, let otherwise) = check.within else {
      Issue.record("within"); return
    }
    #expect(field == "zone")
    #expect(tiers.map(\.value) == ["city", "suburb"])
    #expect(
      tiers.map(\.limit) == [
        PolicyDuration(amount: 6, unit: .workingHours), PolicyDuration(amount: 7, unit: .workingHours),
      ])
    #expect(otherwise == PolicyDuration(amount: 24, unit: .hours))
    #expect(check.notBefore == PolicyDuration(amount: -5, unit: .minutes))
    #expect(check.dueField == "agreed_at")
    #expect(check.alternative?.source == #"has("written_report")"#)
    #expect(check.exempt != nil)
  }

  @Test func deadlineComputedAndFieldLimits() throws {
    let computed = try #require(
      Self.load(
        "kind: deadline\nstart: received\nend: repaired\nwithin: {expression: 'ceil(units / 10)', unit: days}"
      )
      .rule?.check as? DeadlineCheck)
    guard case .expression(let e, .days) = computed.within else { Issue.record("expression limit"); return }
    #expect(e.source == "ceil(units / 10)")
    let field = try #require(
      Self.load("kind: deadline\nstart: received\nend: arrived\nwithin: {field: contract_hours, unit: hours}")
        .rule?.check
        as? DeadlineCheck)
    guard case .field("contract_hours", .hours) = field.within else { Issue.record("field limit"); return }
  }

  @Test func deadlineReportsMissingKeysAndBadDuration() {
    let result = Self.load("kind: deadline\nstart: received\nwithin: 3 fortnights")
    #expect(
      Self.messages(result) == [
        "9:7 missing required key 'end' in deadline check",
        "11:17 invalid duration '3 fortnights': unknown duration unit 'fortnights'; expected m, h, d, w, working hours, working days, months, same day or next working day",
      ])
  }

  @Test func responseDefaultsToEachTrigger() throws {
    let check = try #require(
      Self.load("kind: response\ntrigger: email_received\nresponse: [reply, phone_reply]\nwithin: 24h").rule?
        .check
        as? ResponseCheck)
    #expect(check.each)
    #expect(check.trigger.activities == ["email_received"])
    #expect(check.response.activities == ["reply", "phone_reply"])
    let single = try #require(
      Self.load("kind: response\ntrigger: a\nresponse: b\neach: false").rule?.check as? ResponseCheck)
    #expect(!single.each)
    #expect(single.within == nil)
  }

  @Test func responseEachMustBeABoolean() {
    #expect(
      Self.messages(Self.load("kind: response\ntrigger: a\nresponse: b\neach: yes")) == [
        "12:13 each must be true or false"
      ])
  }

  @Test func precedenceAndSequence() throws {
    let precedence = try #require(
      Self.load("kind: precedence\naction: work_started\nrequires: [plan_confirmed, deposit_paid]").rule?
        .check
        as? PrecedenceCheck)
    #expect(precedence.requires.map(\.activities) == [["plan_confirmed"], ["deposit_paid"]])
    let sequence = try #require(
      Self.load("kind: sequence\nsteps: [received, analysed, resolved]\ncomplete: false").rule?.check
        as? SequenceCheck)
    #expect(sequence.steps.count == 3)
    #expect(!sequence.complete)
    #expect(
      Self.messages(Self.load("kind: sequence\nsteps: [only]")) == [
        "10:14 a sequence needs at least two steps"
      ])
  }

  @Test func fieldsRequiredConditionalAllowedAndPatterns() throws {
    let check = try #require(
      Self.load(
        """
        kind: fields
        required: [customer_name, contact]
        required_when: [{when: 'age >= 35 and first_visit', fields: [blood_pressure]}]
        allowed: {channel: [phone, visit]}
        patterns: {phone: '^1[0-9]{10}$'}
        """
      ).rule?.check as? FieldsCheck)
    #expect(check.required == ["customer_name", "contact"])
    #expect(check.requiredWhen.map(\.fields) == [["blood_pressure"]])
    #expect(check.allowed.map(\.field) == ["channel"])
    #expect(check.allowed.first?.values == ["phone", "visit"])
    #expect(check.patterns.map(\.pattern) == ["^1[0-9]{10}$"])
  }

  @Test func fieldsRejectsBadRegexAndEmptyCheck() {
    let badRegex = Self.messages(Self.load("kind: fields\npatterns: {phone: '^(1'}"))
    #expect(badRegex.count == 1, "\(badRegex)")
    #expect(badRegex.first?.hasPrefix("10:25 invalid pattern for 'phone'") == true, "\(badRegex)")
    #expect(
      Self.messages(Self.load("kind: fields")) == [
        "9:7 a fields check needs 'required', 'required_when', 'allowed' or 'patterns'"
      ])
  }

  @Test func conditionPointsInsideTheExpression() {
    let result = Self.load("kind: condition\nassert: 'qty == manifest_qty or note !='")
    #expect(result.rule == nil)
    #expect(result.diagnostics.count == 1)
    // 'assert: ' starts at column 5; the quote at column 13, the text at 14; the dangling operator's end at offset 34.
    #expect(result.diagnostics.first?.mark?.line == 10)
    #expect((result.diagnostics.first?.mark?.column ?? 0) > 14)
  }

  @Test func tiersBandsAndBoundsChecks() throws {
    let check = try #require(
      Self.load(
        """
        kind: tiers
        value: minutes_late
        bands:
          - {above: 0, up_to: 20, severity: minor, fine: 10}
          - {above: 20, up_to: 30, severity: minor, fine: 20}
          - {above: 30, up_to: 60, severity: major, fine: 50}
          - {above: 60, severity: critical, label: {zh: 按旷工处理, en: counts as absence}}
        """
      ).rule?.check as? TiersCheck)
    #expect(check.bands.count == 4)
    #expect(check.band(for: 0) == nil)
    #expect(check.band(for: 20)?.index == 0)
    #expect(check.band(for: 20.5)?.index == 1)
    #expect(check.band(for: 61)?.band.severity == .critical)
    let gap = Self.load("kind: tiers\nvalue: x\nbands:\n  - {above: 0, up_to: 20}\n  - {above: 30}")
    #expect(
      Self.messages(gap) == [
        "13:19 bands[1].above must equal the previous band's up_to (bands are contiguous)"
      ])
    let durations = try #require(
      Self.load("kind: tiers\nvalue: late\nbands:\n  - {above: 0m, up_to: 20m}\n  - {above: 20m}").rule?.check
        as? TiersCheck)
    #expect(durations.boundsAreDurations)
    #expect(durations.band(for: 20 * 60_000)?.index == 0)
  }

  @Test func periodicEveryIntervalAndBefore() throws {
    let check = try #require(
      Self.load(
        """
        kind: periodic
        entity: warehouse
        occurrence: {field: counted_at}
        every: working_day
        at_least: 2
        before: "18:00"
        interval: {min: 6 months, max: 12 months}
        entities: [WH-1, WH-2]
        """
      ).rule?.check as? PeriodicCheck)
    #expect(check.entity == "warehouse")
    #expect(check.every == .workingDay)
    #expect(check.atLeast == 2)
    #expect(check.beforeMinute == 18 * 60)
    #expect(check.minInterval == PolicyDuration(amount: 6, unit: .months))
    #expect(check.expectedEntities == ["WH-1", "WH-2"])
    #expect(
      Self.messages(Self.load("kind: periodic\noccurrence: a\nevery: fortnight")) == [
        "11:14 every must be one of day, working_day, week, month, quarter, half_year, year, found 'fortnight'"
      ])
  }

  @Test func metricTargetsAndParameters() throws {
    let check = try #require(
      Self.load(
        "kind: metric\nmeasure: count\ndate: completed\nevery: week\ngroup: advisor\ntarget: '<= 5'\nconsecutive: 3"
      ).rule?.check as? MetricCheck)
    #expect(check.measure == .count)
    #expect(check.comparison == .atMost)
    #expect(check.target == 5)
    #expect(check.consecutive == 3)
    let rate = try #require(
      Self.load(
        "kind: metric\ncounts: 'has(\"callback\")'\ndate: completed\nevery: $period\ntarget: '>= $share'",
        extra: "    parameters: {share: {value: \"30%\", assumed: true}, period: month}"
      ).rule)
    let metric = try #require(rate.check as? MetricCheck)
    #expect(metric.target == 0.3)
    #expect(metric.targetText == ">= 30%")
    #expect(metric.every == .month)
    #expect(rate.assumedParameters.map(\.name) == ["share"])
    #expect(
      Self.messages(Self.load("kind: metric\ncounts: 'true'\ndate: a\nevery: month\ntarget: 'about 5'")) == [
        "13:15 target must be a comparison and a number, e.g. '>= 95%' or '<= 5', found 'about 5'"
      ])
  }

  @Test func approvalLevelsAndRequester() throws {
    let check = try #require(
      Self.load(
        """
        kind: approval
        action: parts_issued
        approvals:
          - {by: {event: approved, where: 'role == "workshop_manager"'}}
          - {by: director_approved, when: 'amount >= 5000'}
        requester: parts_requested
        """
      ).rule?.check as? ApprovalCheck)
    #expect(check.levels.count == 2)
    #expect(check.levels[0].condition == nil)
    #expect(check.levels[1].condition?.source == "amount >= 5000")
    #expect(check.requester?.activities == ["parts_requested"])
    #expect(check.distinct)
  }

  @Test func escalationNeedsALimitOrDueField() throws {
    let check = try #require(
      Self.load(
        "kind: escalation\nstart: reported\ndone: resolved\nwithin: 2d\nescalation: supervisor_informed\nescalate_within: 0m"
      )
      .rule?.check as? EscalationCheck)
    #expect(check.escalateWithin == PolicyDuration(amount: 0, unit: .minutes))
    #expect(
      Self.messages(Self.load("kind: escalation\nstart: a\ndone: b\nescalation: c\nescalate_within: 1h")) == [
        "9:7 an escalation check needs 'within' or 'due_field'"
      ])
  }

  @Test func leadReadsNoticeTargetAndLeadTime() throws {
    let check = try #require(
      Self.load("kind: lead\nnotice: leave_requested\ntarget: {field: leave_start}\nat_least: 1 month").rule?
        .check
        as? LeadCheck)
    guard case .field("leave_start") = check.target else { Issue.record("target"); return }
    #expect(check.atLeast == PolicyDuration(amount: 1, unit: .months))
  }

  @Test func unknownKindAndUnknownKeySuggest() {
    #expect(
      Self.messages(Self.load("kind: dedline\nstart: a")) == [
        "9:13 unknown check kind 'dedline' (known kinds: deadline, response, precedence, sequence, fields, condition, tiers, periodic, metric, approval, escalation, lead); did you mean 'deadline'?"
      ])
    #expect(
      Self.messages(Self.load("kind: lead\nnotice: a\ntarget: b\nat_least: 1d\nat_lest: 2d")) == [
        "13:7 unknown key 'at_lest' in lead check; did you mean 'at_least'?"
      ])
  }

  /// An example's period is `[from, to)`: it must end after it starts and span at most a century
  /// (a fuzzer's 2,025-year daily example took 2 GB and 15 s).
  @Test func examplePeriodEndsAfterItStartsWithinACentury() {
    func messages(_ period: String) -> [String] {
      Self.messages(
        Self.load(
          "{kind: periodic, occurrence: done, every: day, at_least: 1}",
          extra: """
                examples:
                  - events: ["done @ 2024-09-13 09:30"]
                    period: \(period)
                    expect: passed
            """))
    }
    #expect(
      messages("{from: 2023-09-13, to: 4048-09-19}") == [
        "12:40 examples[0].period spans 739623 days (2023-09-13 to 4048-09-19); at most 36525 (100 years) are allowed"
      ])
    #expect(
      messages("{from: 2024-09-13, to: 2024-09-13}") == [
        "12:40 examples[0].period.to (2024-09-13) must be after period.from (2024-09-13): the period is [from, to)"
      ])
    #expect(messages("{from: 2024-09-13, to: 2124-09-13}") == [])
  }
}
