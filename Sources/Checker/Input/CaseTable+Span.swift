import PolicyRules

extension CaseTable {
  /// The earliest and the latest event time, nil without events: the data's own span, the audit
  /// period when none is given.
  public var eventTimeSpan: ClosedRange<Timestamp>? {
    guard let first = times.min(), let last = times.max() else { return nil }
    return Timestamp(milliseconds: first)...Timestamp(milliseconds: last)
  }

  /// Every field name of every record type, sorted (to check a `--group-by` against).
  public var fieldNames: [String] {
    Set(schemas.flatMap(\.names)).sorted()
  }
}
