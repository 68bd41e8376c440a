/// A YAML node that remembers where it started, built from libyaml's event stream by `YAMLParser`.
///
/// Only the three YAML node kinds exist; typing (numbers, booleans, durations) happens in the
/// rule model, so that a quoted scalar stays a string and every error can point at its mark.
public indirect enum YAMLNode: Sendable {
  case scalar(YAMLScalar)
  case mapping(YAMLMapping)
  case sequence(YAMLSequence)

  public var mark: SourceMark {
    switch self {
    case .scalar(let s): s.mark
    case .mapping(let m): m.mark
    case .sequence(let s): s.mark
    }
  }

  /// "a string", "a mapping", "a list" — for type-mismatch messages.
  public var kindDescription: String {
    switch self {
    case .scalar: "a scalar"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }

  public var scalar: YAMLScalar? { if case .scalar(let s) = self { s } else { nil } }
  public var mapping: YAMLMapping? { if case .mapping(let m) = self { m } else { nil } }
  public var sequence: YAMLSequence? { if case .sequence(let s) = self { s } else { nil } }
}

public struct YAMLScalar: Sendable, Hashable {
  public enum Style: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  public var value: String
  public var style: Style
  public var mark: SourceMark
  /// An explicit tag such as `!!str`, if one was written.
  public var tag: String?

  public init(value: String, style: Style = .plain, mark: SourceMark, tag: String? = nil) {
    self.value = value
    self.style = style
    self.mark = mark
    self.tag = tag
  }

  /// Quoted and block scalars are always strings.
  public var isPlain: Bool { style == .plain && tag == nil }
  /// A plain `~`, `null` or empty scalar.
  public var isNull: Bool { isPlain && (value.isEmpty || value == "~" || value == "null") }
}

public struct YAMLMapping: Sendable {
  public struct Entry: Sendable {
    public var key: YAMLScalar
    public var value: YAMLNode
    public init(key: YAMLScalar, value: YAMLNode) {
      self.key = key
      self.value = value
    }
  }

  /// Entries in file order; keys are unique (the parser reports duplicates).
  public var entries: [Entry]
  public var mark: SourceMark

  public init(entries: [Entry], mark: SourceMark) {
    self.entries = entries
    self.mark = mark
  }

  public subscript(key: String) -> YAMLNode? {
    entries.first { $0.key.value == key }?.value
  }

  public func entry(_ key: String) -> Entry? { entries.first { $0.key.value == key } }

  public var keys: [String] { entries.map(\.key.value) }
}

public struct YAMLSequence: Sendable {
  public var items: [YAMLNode]
  public var mark: SourceMark

  public init(items: [YAMLNode], mark: SourceMark) {
    self.items = items
    self.mark = mark
  }
}

/// A parsed file: its root node (nil for an empty document) and its text for diagnostics.
public struct YAMLDocument: Sendable {
  public var path: String
  public var root: YAMLNode?
  public var source: SourceText

  public init(path: String, root: YAMLNode?, source: SourceText) {
    self.path = path
    self.root = root
    self.source = source
  }
}

extension YAMLMapping {
  /// For an unknown key that is probably the tail of a value cut at a comma inside `{…}`
  /// (`{zh: 及时, 准确, en: …}` reads `准确` as a key without a value): the hint to quote the
  /// value, else nil. Such a key has no value and follows its entry on the same line.
  public func strayCommaHint(_ entry: Entry) -> String? {
    guard entry.key.isPlain, entry.value.scalar?.isNull == true,
      let index = entries.firstIndex(where: { $0.key.mark == entry.key.mark }), index > 0
    else { return nil }
    let previous = entries[index - 1]
    guard previous.value.mark.line == entry.key.mark.line, let value = previous.value.scalar, value.isPlain
    else { return nil }
    return "; a comma ends a value inside {…}: quote the value, e.g. "
      + "\(previous.key.value): \"\(value.value), \(entry.key.value)\""
  }
}
