/// The event loop: turns libyaml events into one `YAMLNode` tree, enforcing the strict rules
/// (one document, unique scalar keys, no merge keys, bounded aliases and nesting).
///
/// Built without recursion, with an explicit stack of open collections, so nesting depth is a
/// checked limit rather than the size of the thread's stack.
struct YAMLTreeBuilder {
  /// Deeper files are rejected: rules need a handful of levels, and very deep trees would make
  /// every recursive consumer (and the tree's own deallocation) a stack-overflow risk.
  ///
  /// Invariant: no `YAMLNode` tree has more than this many collections nested, aliases
  /// included (an alias is copied only where its node's height fits), so every recursive walk
  /// over a document recurses at most this deep. libyaml itself (0.2.5) has no nesting limit
  /// but keeps its own state on heap stacks, so the first collection past the bound stops the
  /// read before the rest of the file is parsed.
  static let maxNestingDepth = 256

  private let path: String
  private(set) var diagnostics: [Diagnostic] = []
  private var anchors: [String: CountedNode] = [:]
  private var nodesAddedByAliases = 0
  private var openCollections: [OpenCollection] = []
  private var root: YAMLNode?

  init(path: String) { self.path = path }

  /// Reads every event; returns the root (nil for an empty stream). Problems are in `diagnostics`.
  mutating func build(from reader: LibYAMLEventReader) -> YAMLNode? {
    var documentCount = 0
    while true {
      let event: YAMLEvent
      do {
        event = try reader.next()
      } catch {
        report(error.message, at: error.mark)
        return nil
      }
      switch event {
      case .streamStart, .documentEnd:
        continue
      case .streamEnd:
        return root
      case .documentStart(let mark):
        documentCount += 1
        guard documentCount == 1 else {
          report("only one document per file is allowed", at: mark)
          return nil
        }
      case .scalar(let scalar, let anchor):
        complete(CountedNode(node: .scalar(scalar), count: 1, height: 0), anchor: anchor)
      case .alias(let name, let mark):
        guard expandAlias(name, at: mark) else { return nil }
      case .mappingStart(let anchor, let mark):
        guard open(isMapping: true, anchor: anchor, at: mark) else { return nil }
      case .sequenceStart(let anchor, let mark):
        guard open(isMapping: false, anchor: anchor, at: mark) else { return nil }
      case .mappingEnd, .sequenceEnd:
        guard let collection = openCollections.popLast() else { continue }
        complete(collection.countedNode, anchor: collection.anchor)
      }
    }
  }

  /// Copies the anchored node in place of the alias, within the expansion budget.
  /// Returns false when the budget is exceeded, which stops the build.
  private mutating func expandAlias(_ name: String, at mark: SourceMark) -> Bool {
    guard let anchored = anchors[name] else {
      report("unknown alias '\(name)'", at: mark)
      // Stand in an empty scalar so the surrounding structure stays intact and later errors
      // still show; as a key it would only cause a confusing duplicate of '', so drop the pair.
      if let parent = openCollections.last, parent.isMapping, case .awaitingKey = parent.pendingKey {
        parent.pendingKey = .rejected
      } else {
        complete(
          CountedNode(node: .scalar(YAMLScalar(value: "", mark: mark)), count: 1, height: 0), anchor: nil)
      }
      return true
    }
    guard openCollections.count + anchored.height <= Self.maxNestingDepth else {
      report(
        "alias '\(name)' would nest deeper than \(Self.maxNestingDepth) levels", at: mark)
      return false
    }
    // The node counts are known before copying, so a bomb is caught before it is built.
    guard nodesAddedByAliases + anchored.count <= YAMLParser.maxAliasExpansion else {
      report("alias expansion exceeds \(YAMLParser.maxAliasExpansion) nodes (possible alias bomb)", at: mark)
      return false
    }
    nodesAddedByAliases += anchored.count
    complete(anchored, anchor: nil)
    return true
  }

  private mutating func open(isMapping: Bool, anchor: String?, at mark: SourceMark) -> Bool {
    guard openCollections.count < Self.maxNestingDepth else {
      report("nesting deeper than \(Self.maxNestingDepth) levels is not supported", at: mark)
      return false
    }
    openCollections.append(OpenCollection(isMapping: isMapping, mark: mark, anchor: anchor))
    return true
  }

  /// Registers the finished node's anchor and attaches it to the enclosing collection.
  private mutating func complete(_ finished: CountedNode, anchor: String?) {
    if let anchor { anchors[anchor] = finished }
    // Subscript rather than `last`: the generic accessor is measurably slow in debug builds.
    guard !openCollections.isEmpty else {
      root = Self.isEmptyDocument(finished.node) ? nil : finished.node
      return
    }
    let parent = openCollections[openCollections.count - 1]
    parent.count += finished.count
    parent.height = max(parent.height, finished.height + 1)
    guard parent.isMapping else {
      parent.items.append(finished.node)
      return
    }
    switch parent.pendingKey {
    case .awaitingKey:
      parent.pendingKey = acceptKey(finished.node, in: parent)
    case .key(let key):
      parent.appendEntry(YAMLMapping.Entry(key: key, value: finished.node))
      parent.pendingKey = .awaitingKey
    case .rejected:
      parent.pendingKey = .awaitingKey
    }
  }

  /// Checks a mapping key; a rejected key's value is read and dropped so later errors still show.
  private mutating func acceptKey(_ node: YAMLNode, in mapping: OpenCollection) -> PendingKey {
    guard case .scalar(let key) = node else {
      report("mapping keys must be scalars, not \(node.kindDescription)", at: node.mark)
      return .rejected
    }
    if key.style == .plain && key.value == "<<" {
      report("merge keys are not supported", at: key.mark)
      return .rejected
    }
    if let first = mapping.firstMark(ofKey: key.value) {
      report("duplicate key '\(key.value)' (first defined at line \(first.line))", at: key.mark)
      return .rejected
    }
    return .key(key)
  }

  /// `---` with nothing after it gives an implicit empty scalar: treat it like an empty file.
  private static func isEmptyDocument(_ node: YAMLNode) -> Bool {
    guard case .scalar(let scalar) = node else { return false }
    return scalar.isPlain && scalar.value.isEmpty
  }

  private mutating func report(_ message: String, at mark: SourceMark?) {
    diagnostics.append(Diagnostic(path: path, mark: mark, message: message))
  }
}

/// A node with the number of nodes it contains, so alias copies can be charged to the budget,
/// and its height in collections (0 for a scalar), so they cannot nest past the bound.
private struct CountedNode {
  var node: YAMLNode
  var count: Int
  var height: Int
}

private enum PendingKey {
  /// The next finished node is a key.
  case awaitingKey
  case key(YAMLScalar)
  /// The key was reported; its value is skipped.
  case rejected
}

/// A mapping or sequence whose end event has not arrived yet.
///
/// A class so the innermost collection grows in place while it sits on the stack.
private final class OpenCollection {
  let isMapping: Bool
  let mark: SourceMark
  let anchor: String?
  var items: [YAMLNode] = []
  var entries: [YAMLMapping.Entry] = []
  /// In a mapping, whether the next finished node is a key or the value of `pendingKey`.
  var pendingKey = PendingKey.awaitingKey
  /// Key marks by key, built only once a mapping outgrows a linear search.
  private var keyIndex: [String: SourceMark]?
  /// The keys of `entries` while the mapping is small.
  private var keyNames: [String] = []
  /// Nodes in this collection, itself included.
  var count = 1
  /// Collections nested in this one, itself included.
  var height = 1

  init(isMapping: Bool, mark: SourceMark, anchor: String?) {
    self.isMapping = isMapping
    self.mark = mark
    self.anchor = anchor
  }

  /// Small mappings (nearly all of them) search their entries: cheaper than hashing into a
  /// dictionary per mapping. Large ones switch to an index so duplicates stay linear overall.
  private static let linearKeySearchLimit = 16

  /// Where `key` was first defined in this mapping, if it was.
  func firstMark(ofKey key: String) -> SourceMark? {
    if let keyIndex { return keyIndex[key] }
    // A plain string array: reading whole entries would copy every field of each in debug builds.
    for index in keyNames.indices where keyNames[index] == key { return entries[index].key.mark }
    return nil
  }

  func appendEntry(_ entry: YAMLMapping.Entry) {
    entries.append(entry)
    if keyIndex != nil {
      keyIndex?[entry.key.value] = entry.key.mark
    } else if entries.count > Self.linearKeySearchLimit {
      var index: [String: SourceMark] = [:]
      for entry in entries { index[entry.key.value] = entry.key.mark }
      keyIndex = index
      keyNames = []
    } else {
      keyNames.append(entry.key.value)
    }
  }

  var countedNode: CountedNode {
    let node: YAMLNode =
      isMapping
      ? .mapping(YAMLMapping(entries: entries, mark: mark))
      : .sequence(YAMLSequence(items: items, mark: mark))
    return CountedNode(node: node, count: count, height: height)
  }
}
