import PolicyRules

/// Options every report format receives.
public struct ReportOptions: Sendable {
  public var language: Language
  /// ANSI colour in the text report (only when writing to a terminal).
  public var colour: Bool
  /// Time zone used to print instants.
  public var timeZoneIdentifier: String

  public init(language: Language = .zh, colour: Bool = false, timeZoneIdentifier: String = "Asia/Shanghai") {
    self.language = language
    self.colour = colour
    self.timeZoneIdentifier = timeZoneIdentifier
  }
}

/// One output format. Reporters are pure: the same result and options give the same bytes.
public protocol Reporter: Sendable {
  /// The `--format` name, e.g. `html`, `sarif`.
  static var name: String { get }
  /// Default file extension.
  static var fileExtension: String { get }
  func render(_ result: AuditResult, options: ReportOptions) -> String
}

extension Reporter {
  /// The `--format` name of this reporter's type, reachable from an existential.
  public var formatName: String { Self.name }
  /// The default file extension of this reporter's type.
  public var defaultFileExtension: String { Self.fileExtension }
}
