extension Expression {
  /// Activities the expression asks about by name (`has("callback")`, `count("visit")`,
  /// `first("A")`, `last("A")`), for binding a rule to a dataset's names.
  public var activityNames: Set<String> {
    var names: Set<String> = []
    root.collectActivityNames(into: &names, depth: 0)
    return names
  }
}

extension ExpressionNode {
  /// Walks the tree, at most 512 levels deep (deeper nesting is not written by hand; the walk
  /// stays bounded whatever the input).
  fileprivate func collectActivityNames(into names: inout Set<String>, depth: Int) {
    guard depth < 512 else { return }
    switch self {
    case .constant, .field: return
    case .isNull(let a, _), .not(let a), .negate(let a), .matches(let a, _):
      a.collectActivityNames(into: &names, depth: depth + 1)
    case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b):
      a.collectActivityNames(into: &names, depth: depth + 1)
      b.collectActivityNames(into: &names, depth: depth + 1)
    case .membership(let a, let elements, _):
      a.collectActivityNames(into: &names, depth: depth + 1)
      for element in elements { element.collectActivityNames(into: &names, depth: depth + 1) }
    case .call1(let function, let argument):
      switch (function, argument) {
      case (.has, .constant(.string(let name))), (.count, .constant(.string(let name))),
        (.first, .constant(.string(let name))), (.last, .constant(.string(let name))):
        names.insert(name)
      default:
        argument.collectActivityNames(into: &names, depth: depth + 1)
      }
    case .call2(_, let a, let b):
      a.collectActivityNames(into: &names, depth: depth + 1)
      b.collectActivityNames(into: &names, depth: depth + 1)
    }
  }
}
