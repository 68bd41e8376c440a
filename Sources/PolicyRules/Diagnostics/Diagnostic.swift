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

  /// The longest message shown, in Unicode scalars: messages quote what was written (a key, a
  /// pattern, a token), and a quote of a 1 MB pattern is cut in the middle, with `…`.
  public static let maxMessageLength = 400

  /// `path:line:column: severity: message` without the snippet.
  public var description: String {
    var shown = message
    let scalars = message.unicodeScalars
    if scalars.count > Self.maxMessageLength {
      let half = Self.maxMessageLength / 2
      var cut = String.UnicodeScalarView(scalars.prefix(half))
      cut.append("…")
      cut.append(contentsOf: scalars.suffix(half))
      shown = String(cut)
    }
    if let mark {
      return "\(path):\(mark.line):\(mark.column): \(severity.rawValue): \(shown)"
    }
    return "\(path): \(severity.rawValue): \(shown)"
  }

  /// The longest part of a source line shown under a diagnostic, in Unicode scalars: a longer
  /// line (a 10 MB scalar) is cut to this many around the column, with `…` where it was cut.
  public static let maxSnippetLength = 200

  /// The header line, then the source line and a caret under the column when the source is known.
  public func rendered(source: SourceText?) -> String {
    guard let mark, let source, let line = source.line(mark.line) else { return description }
    let scalars = line.unicodeScalars
    let count = scalars.count
    let column = min(max(0, mark.column - 1), count)
    var start = 0
    var end = count
    if count > Self.maxSnippetLength {
      start = max(0, min(column - Self.maxSnippetLength / 2, count - Self.maxSnippetLength))
      end = start + Self.maxSnippetLength
    }
    let first = scalars.index(scalars.startIndex, offsetBy: start)
    let shown = scalars[first..<scalars.index(first, offsetBy: end - start)]
    // Pad to the display width so the caret sits under the column in a terminal: tabs stay tabs,
    // East Asian wide characters (Chinese text) take two cells.
    var caretPad = start > 0 ? " " : ""
    for scalar in shown.prefix(column - start) {
      caretPad += scalar == "\t" ? "\t" : (Self.isWide(scalar) ? "  " : " ")
    }
    let text = (start > 0 ? "…" : "") + String(shown) + (end < count ? "…" : "")
    return "\(description)\n\(text)\n\(caretPad)^"
  }

  /// Wide and fullwidth characters (CJK ideographs, kana, hangul, fullwidth forms) take two cells.
  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return true
    default:
      return false
    }
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
