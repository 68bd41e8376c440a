/// One part of a dataset's cases when an audit runs within a memory limit (`--memory-limit`):
/// the cases whose id hashes to `index` among `count` parts.
///
/// Every part reads the same files; a row is filed only by the part of its case, so the rows
/// (and the events and fields) of one case always meet in one part, whatever file they come
/// from. A row is placed the moment its case id is known: a row rejected before that (a broken
/// CSV record, a blank case id, a cell read before the id that does not parse) is counted by
/// part 0 alone, a later rejection (a bad cell after the id, a duplicate case id) by its case's
/// part. Each part reads every row up to that point exactly alike, so each row is counted by
/// exactly one part and the parts' counts add up to a whole run's.
public struct CasePartition: Sendable, Hashable {
  public let index: Int
  public let count: Int

  public init(index: Int, of count: Int) {
    precondition(count >= 1 && index >= 0 && index < count, "partition \(index) of \(count)")
    self.index = index
    self.count = count
  }

  /// Whether rows rejected before their case id is known are counted here.
  var countsUnplacedRows: Bool { index == 0 }

  /// Whether the case with this id (its text's bytes) belongs here. FNV-1a: the same bytes give
  /// the same part in every run and on every machine (Swift's `Hasher` is seeded per process).
  func contains(_ id: UnsafeBufferPointer<UInt8>) -> Bool {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return Int(hash % UInt64(count)) == index
  }

  func contains(_ id: String) -> Bool {
    var id = id
    return id.withUTF8 { contains($0) }
  }
}
