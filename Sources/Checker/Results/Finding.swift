import PolicyRules

/// One event or record that a finding rests on, with where it was read.
public struct Evidence: Sendable, Hashable {
  /// Activity name or field name, e.g. `Take in charge ticket` or `received_at`.
  public var label: String
  public var time: Timestamp?
  /// Input file path and 1-based line.
  public var file: String
  public var line: Int
  public var resource: String?
  /// The row's key (its case id) when it comes from a database source (`RowKeys`); `line` is
  /// then the row's number in the query's result.
  public var key: String?

  public init(
    label: String, time: Timestamp?, file: String, line: Int, resource: String? = nil, key: String? = nil
  ) {
    self.label = label
    self.time = time
    self.file = file
    self.line = line
    self.resource = resource
    self.key = key
  }

  /// `data/helpdesk.csv:12`, or `postgres:tickets#T0042` for a database row with a key.
  public var location: String { key.map { "\(file)#\($0)" } ?? "\(file):\(line)" }

  /// Index of the input file when `file` is still to be filled in (-1 once it is).
  ///
  /// The engine leaves the path out while judging: most judgements pass and are only counted,
  /// and copying one shared path string into each made every thread contend for its
  /// reference count. Findings get the path (`EvaluationContext.withFiles`).
  var fileIndex: Int32 = -1

  init(label: String, time: Timestamp?, source: SourceLocation, resource: String? = nil) {
    self.init(label: label, time: time, file: "", line: Int(source.line), resource: resource)
    self.fileIndex = source.file
  }
}

/// A non-passed judgement (violated, pending, unverifiable, waived) of one rule on one case or
/// entity, with everything a reader needs to check it by hand.
public struct Finding: Sendable, Hashable {
  public var ruleID: String
  public var clauseID: String
  /// Case id, or the entity id for periodic and metric rules.
  public var subject: String
  public var outcome: Outcome
  public var severity: Severity
  /// What the rule expected, in both languages (e.g. "Take in charge ticket within 8 working hours").
  public var expected: LocalizedText
  /// What the data shows (e.g. "taken 11h 20m after", "no Closed event").
  public var actual: LocalizedText
  /// The events or records the finding rests on, in time order.
  public var evidence: [Evidence]
  /// The due time derivation for deadline-like checks.
  public var deadline: DeadlineComputation?
  /// The deadline derivation rendered in both languages: as given, or phrased from `deadline`
  /// on the calendar the evaluator counted it on, only when a report asks (a large audit has
  /// tens of thousands of deadline findings, and the text is most of their memory).
  public var deadlineExplanation: LocalizedText? {
    get {
      if let givenExplanation { return givenExplanation }
      guard let deadline, let calendar = deadlineCalendar?.calendar else { return nil }
      return LocalizedText(
        zh: deadline.explanation(.zh, calendar: calendar), en: deadline.explanation(.en, calendar: calendar))
    }
    set { givenExplanation = newValue }
  }
  /// Readable so reports can phrase the explanation straight into their output when none was given.
  private(set) var givenExplanation: LocalizedText?
  /// The calendar `deadline` was counted on, for phrasing the explanation.
  var deadlineCalendar: ExplanationCalendar?
  /// Set when counting the due time passed days outside the calendar's holiday data.
  public var calendarGap: CalendarDataGap?
  /// The fine for this finding, if the rule has one (doubled for repeats where the rule says so).
  public var penalty: Penalty?
  /// Names of assumed parameters the judgement depended on.
  public var assumedParameters: [String]
  /// The period (e.g. `2024-03`, `2024-W11`) for periodic and metric findings.
  public var period: String?
  /// Set for `.waived`: the waiver's reason, approver and expiry.
  public var waiver: WaiverReference?
  /// The instant the finding is dated by (trigger or due time) for trends by week or month.
  public var time: Timestamp?
  /// The case's group value (team, resource, service level) for breakdowns, if the dataset has one.
  public var group: String?

  public init(
    ruleID: String, clauseID: String, subject: String, outcome: Outcome, severity: Severity,
    expected: LocalizedText, actual: LocalizedText, evidence: [Evidence] = [],
    deadline: DeadlineComputation? = nil, deadlineExplanation: LocalizedText? = nil,
    penalty: Penalty? = nil, assumedParameters: [String] = [], period: String? = nil,
    waiver: WaiverReference? = nil, time: Timestamp? = nil, group: String? = nil
  ) {
    self.ruleID = ruleID
    self.clauseID = clauseID
    self.subject = subject
    self.outcome = outcome
    self.severity = severity
    self.expected = expected
    self.actual = actual
    self.evidence = evidence
    self.deadline = deadline
    self.givenExplanation = deadlineExplanation
    self.penalty = penalty
    self.assumedParameters = assumedParameters
    self.period = period
    self.waiver = waiver
    self.time = time
    self.group = group
  }

  /// How this finding compares with a baseline run, when one was given (set after evaluation).
  public var baselineState: BaselineState? = nil

  /// Stable identity across runs, for baselines and SARIF partialFingerprints.
  public var fingerprint: String { "\(ruleID)|\(subject)|\(period ?? "")" }
}

/// A calendar kept with a finding only to phrase its deadline: it is context, not part of the
/// finding's identity, so any two compare equal.
struct ExplanationCalendar: Sendable, Hashable {
  let calendar: WorkCalendar
  static func == (a: ExplanationCalendar, b: ExplanationCalendar) -> Bool { true }
  func hash(into hasher: inout Hasher) {}
}

/// A finding's state against a baseline run, with SARIF's `baselineState` names.
public enum BaselineState: String, Sendable, Hashable, CaseIterable {
  /// Not in the baseline.
  case new
  /// In the baseline with the same fingerprint.
  case unchanged
  /// In the baseline, with changed details (e.g. actual value).
  case updated
  /// In the baseline but no longer found.
  case absent
}

public struct WaiverReference: Sendable, Hashable {
  public var reason: String
  public var approver: String
  public var expires: CivilDate
  public var source: String

  public init(reason: String, approver: String, expires: CivilDate, source: String) {
    self.reason = reason
    self.approver = approver
    self.expires = expires
    self.source = source
  }
}
