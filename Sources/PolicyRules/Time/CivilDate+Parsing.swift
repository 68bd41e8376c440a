extension CivilDate {
  /// Parses `YYYY-MM-DD`; nil when malformed or not a real date (same as `CivilDate.parse`).
  public init?(parsing text: String) {
    guard let date = CivilDate.parse(text) else { return nil }
    self = date
  }
}
