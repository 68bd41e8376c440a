import PolicyRules

/// How the engine judges one check kind.
enum CheckEvaluator: Sendable {
  /// Judged one case at a time: makes the per-task slot that calls the check as its own type.
  case perCase(@Sendable (any CheckKind, ScopedRule) -> CaseRuleSlot)
  /// Judged over every case in scope at once.
  case population(@Sendable (any CheckKind) -> any PopulationCheckEvaluation)

  var isPerCase: Bool {
    if case .perCase = self { return true }
    return false
  }
}

/// The table of evaluators: every kind of `CheckKinds.all` has exactly one entry, keyed by its
/// `kind:` name. `AuditEngine` refuses to start when a kind lacks one (a test checks the table),
/// so a rule is never skipped for want of an evaluation.
enum CheckEvaluators {
  static let all: [String: CheckEvaluator] = Dictionary(
    uniqueKeysWithValues: [
      perCase(DeadlineCheck.self),
      perCase(ResponseCheck.self),
      perCase(PrecedenceCheck.self),
      perCase(SequenceCheck.self),
      perCase(FieldsCheck.self),
      perCase(ConditionCheck.self),
      population(TiersCheck.self),
      population(PeriodicCheck.self),
      population(MetricCheck.self),
      perCase(ApprovalCheck.self),
      perCase(EscalationCheck.self),
      perCase(LeadCheck.self),
    ])

  /// The names of `kinds` that have no entry in `table`, in their order.
  static func missing(_ kinds: [any CheckKind.Type], in table: [String: CheckEvaluator] = all) -> [String] {
    kinds.map { $0.name }.filter { table[$0] == nil }
  }

  /// The evaluator of a rule's check. Every kind has one (`AuditEngine.init` checks the table).
  static func evaluator(for check: any CheckKind) -> CheckEvaluator {
    guard let evaluator = all[type(of: check).name] else {
      preconditionFailure("check kind '\(type(of: check).name)' has no evaluator in CheckEvaluators.all")
    }
    return evaluator
  }

  private static func perCase<Check: CheckKind & CaseCheckEvaluation>(_ kind: Check.Type) -> (
    String, CheckEvaluator
  ) {
    (
      kind.name,
      .perCase { check, scope in TypedCaseRuleSlot(check: typed(check, as: Check.self), scope: scope) }
    )
  }

  private static func population<Check: CheckKind & PopulationCheckEvaluation>(_ kind: Check.Type) -> (
    String, CheckEvaluator
  ) {
    (kind.name, .population { check in typed(check, as: Check.self) })
  }

  /// The check as the type its entry was made for: the table is keyed by `Check.name`, so the
  /// entry found for a check is always its own type's.
  private static func typed<Check: CheckKind>(_ check: any CheckKind, as type: Check.Type) -> Check {
    guard let typed = check as? Check else {
      preconditionFailure(
        "check kind '\(Swift.type(of: check).name)' reached the evaluator of '\(Check.name)'")
    }
    return typed
  }
}
