import PolicyRules

enum SourceMarkFixture {
  static func at(_ line: Int, _ column: Int) -> SourceMark { SourceMark(line: line, column: column) }
}
