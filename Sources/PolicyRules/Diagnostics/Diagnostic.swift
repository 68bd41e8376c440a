/// One problem found while reading a rule, calendar, profile or dataset description file.
///
/// Rendered as `path:line:column: error: message`, followed by the source line and a caret,
/// in the style of compilers and swift-format.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error, warning, note
  }

  public var path: String
  public var mark: SourceMark?
  public var severity: Severity
  /// Lowercase, no trailing period.
  public var message: String

  public init(path: String, mark: SourceMark?, severity: Severity = .error, message: String) {
    self.path = path
    self.mark = mark
    self.severity = severity
    self.message = message
  }

  /// `path:line:column: severity: message` without the snippet.
  public var description: String {
    if let mark {
      return "\(path):\(mark.line):\(mark.column): \(severity.rawValue): \(message)"
    }
    return "\(path): \(severity.rawValue): \(message)"
  }

  /// The header line, then the source line and a caret under the column when the source is known.
  public func rendered(source: SourceText?) -> String {
    guard let mark, let source, let text = source.line(mark.line) else { return description }
    let caretPad = String(
      text.unicodeScalars.prefix(max(0, mark.column - 1)).map { $0 == "\t" ? "\t" : " " }
        .joined())
    return "\(description)\n\(text)\n\(caretPad)^"
  }
}

/// Collects every problem of a file so all are reported in one run.
public struct DiagnosticBag: Sendable {
  public private(set) var items: [Diagnostic] = []
  public let path: String

  public init(path: String) { self.path = path }

  public var hasErrors: Bool { items.contains { $0.severity == .error } }

  public mutating func error(_ message: String, at mark: SourceMark?) {
    items.append(Diagnostic(path: path, mark: mark, severity: .error, message: message))
  }

  public mutating func warning(_ message: String, at mark: SourceMark?) {
    items.append(Diagnostic(path: path, mark: mark, severity: .warning, message: message))
  }

  public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

  public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }
}
