import PolicyRules

/// How the engine judges one check kind: binds a rule's check to the dataset (for each record
/// type the rule applies to, `appliesTo`) and gives what judges it.
enum CheckEvaluator: Sendable {
  /// Judged one case at a time: the bound check makes the per-task slot that calls the check as
  /// its own type.
  case perCase(@Sendable (any CheckKind, _ appliesTo: [Bool], inout PlanBinder) -> BoundCaseCheck)
  /// Judged over every case in scope at once.
  case population(@Sendable (any CheckKind, _ appliesTo: [Bool], inout PlanBinder) -> BoundPopulationCheck)

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
      .perCase { check, appliesTo, binder in
        let typed = typed(check, as: Check.self)
        let plans = PlansByType(plans: bind(appliesTo, &binder) { typed.plan(&$0) })
        return BoundCaseCheck { scope in TypedCaseRuleSlot(check: typed, plans: plans, scope: scope) }
      }
    )
  }

  private static func population<Check: CheckKind & PopulationCheckEvaluation>(_ kind: Check.Type) -> (
    String, CheckEvaluator
  ) {
    (
      kind.name,
      .population { check, appliesTo, binder in
        let typed = typed(check, as: Check.self)
        let plans = PlansByType(plans: bind(appliesTo, &binder) { typed.plan(&$0) })
        return BoundPopulationCheck { views, rule, calendar, context, sink in
          typed.judge(views, plans, rule: rule, calendar: calendar, context: context, into: &sink)
        }
      }
    )
  }

  /// A plan per record type the rule applies to (nil for the others).
  private static func bind<Plan>(
    _ appliesTo: [Bool], _ binder: inout PlanBinder, _ plan: (inout PlanBinder) -> Plan
  ) -> [Plan?] {
    appliesTo.indices.map { t in appliesTo[t] ? binder.binding(type: t, plan) : nil }
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

/// A case rule's check bound to the dataset: makes the slot a task judges cases through.
struct BoundCaseCheck: Sendable {
  let slot: @Sendable (RuleScope) -> CaseRuleSlot
}

/// A population rule's check bound to the dataset: judges the cases in the rule's scope.
struct BoundPopulationCheck: Sendable {
  let judge: @Sendable ([CaseView], Rule, WorkCalendar, EvaluationContext, inout JudgementSink) -> [MetricRow]
}
