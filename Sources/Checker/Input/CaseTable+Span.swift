import PolicyRules

extension CaseTable {
  /// The earliest and the latest event time, nil without events: the data's own span, the audit
  /// period when none is given.
  public var eventTimeSpan: ClosedRange<Timestamp>? {
    guard let span = columns.times.bounds() else { return nil }
    return Timestamp(milliseconds: span.lowerBound)...Timestamp(milliseconds: span.upperBound)
  }

  /// Every field name of every record type, sorted (to check a `--group-by` against).
  public var fieldNames: [String] {
    Set(schemas.flatMap(\.names)).sorted()
  }
}
