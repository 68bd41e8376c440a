/// Where an audit's judgements come from when not from the native engine: an engine's rows in a
/// file (`report --judgements`), or a PostgreSQL server that runs the compiled audit
/// (`audit --engine`).
enum JudgementSource {
  case file(String)
  /// The connection URL, and whether the script first fills `records` and `events` from the data.
  case postgres(String, withData: Bool)
}
