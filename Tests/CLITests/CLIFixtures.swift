/// Arguments shared by the CLI tests: the tiny ticket pack of `Fixtures/cli/` with the shipped
/// calendars, and a fixed cut-off so every output is stable.
enum CLIFixtures {
  static let rules = ["--rules", "Fixtures/cli/rules", "--rules", "Rules/calendars"]
  static let asOf = ["--as-of", "2024-10-01 09:30"]
  static let september = ["--month", "2024-09"] + asOf
  /// Five tickets: T-2 answered late (major) and closed unresolved (minor), T-4 pending, T-5 without priority (info).
  static let tickets = "Fixtures/cli/tickets.csv"
  /// Only T-1 and T-3 of `tickets`: fully compliant.
  static let compliantTickets = "Fixtures/cli/tickets-ok.csv"
  /// `tickets` plus T-6, answered 6 working hours after receipt (a new major violation).
  static let ticketsWithNewViolation = "Fixtures/cli/tickets-new.csv"
}
