/// A 1-based position in a source file.
public struct SourceMark: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// 1-based line.
  public var line: Int
  /// 1-based column, counted in Unicode scalars.
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The mark `offset` scalars to the right on the same line (used to point inside expressions).
  public func advanced(by offset: Int) -> SourceMark {
    SourceMark(line: line, column: column + offset)
  }

  public static func < (lhs: SourceMark, rhs: SourceMark) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }

  public var description: String { "\(line):\(column)" }
}
