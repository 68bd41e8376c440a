import PolicyRules

extension WaiverSet {
  /// The outcome a judgement counts as: a violation a valid waiver covers is waived (with the
  /// waiver), every other outcome stays. The one place the engine and rebuilt reports apply waivers.
  func applied(to outcome: Outcome, rule: String, subject: String, asOf: Timestamp) -> (
    outcome: Outcome, waiver: WaiverReference?
  ) {
    guard outcome == .violated, !waivers.isEmpty, let waiver = waiver(for: rule, subject: subject, asOf: asOf)
    else { return (outcome, nil) }
    return (.waived, waiver)
  }
}
