import Foundation

/// Bytes and rows read so far over every input of a load, for a progress line: the readers
/// advance it from their real position (a CSV part's and a JSON Lines reader's scan offset in the
/// mapped or decoded file, an XES parser's line), from any thread, in steps of at least
/// `LoadProgress.step` bytes, never per row.
///
/// A lock rather than `Synchronization.Atomic`: the package supports macOS 13, where `Atomic` is
/// not available, and a few hundred advances a second cost nothing either way.
public final class LoadProgress: @unchecked Sendable {
  /// Bytes a reader reads between two advances.
  public static let step = 256 << 10

  private let lock = NSLock()
  private var bytes = 0
  private var rows = 0

  public init() {}

  /// Counts `bytes` more bytes and `rows` more rows read.
  public func advance(bytes: Int, rows: Int) {
    guard bytes != 0 || rows != 0 else { return }
    lock.withLock {
      self.bytes += bytes
      self.rows += rows
    }
  }

  /// What was read so far.
  public var read: (bytes: Int, rows: Int) { lock.withLock { (bytes, rows) } }
}

/// Compared by identity, so that load options holding one stay `Hashable`.
extension LoadProgress: Hashable {
  public static func == (a: LoadProgress, b: LoadProgress) -> Bool { a === b }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// One reader's position, passed on to its `LoadProgress` every `LoadProgress.step` bytes.
struct LoadProgressCursor {
  let progress: LoadProgress?
  /// The offset last reported, and the rows read since.
  private var reported: Int
  private var rows = 0

  /// A cursor for a reader that starts at `offset`.
  init(_ progress: LoadProgress?, at offset: Int = 0) {
    self.progress = progress
    reported = offset
  }

  /// The reader is at `offset`, `rows` more rows read.
  @inline(__always)
  mutating func moved(to offset: Int, rows more: Int = 1) {
    guard let progress else { return }
    rows += more
    if offset - reported >= LoadProgress.step {
      progress.advance(bytes: offset - reported, rows: rows)
      (reported, rows) = (offset, 0)
    }
  }

  /// The reader stopped at `offset`: reports what is left.
  mutating func finish(at offset: Int) {
    guard let progress else { return }
    progress.advance(bytes: max(0, offset - reported), rows: rows)
    (reported, rows) = (max(offset, reported), 0)
  }
}

/// The figures of a progress line, in one place so that they can be tested.
public enum ProgressText {
  /// `loading 2 files: 45.2 MB of 133 MB (34%) · 412,345 rows/s · 1.25 s`: bytes read of the
  /// total (never shown past it: a decoded or re-read file may count more), rows per second; once
  /// every byte is read, `loading 2 files: 133 MB read, 1,330,449 rows; assembling cases · 2.80 s`
  /// (the cases are put together after the files are read).
  public static func loading(
    _ what: String, read: (bytes: Int, rows: Int), totalBytes: Int, seconds: Double
  ) -> String {
    if totalBytes > 0 && read.bytes >= totalBytes {
      return "loading \(what): \(bytes(totalBytes)) read, \(count(read.rows)) rows; assembling cases · "
        + self.seconds(seconds)
    }
    let percent = totalBytes > 0 ? read.bytes * 100 / totalBytes : 0
    let rate = seconds > 0 ? Int(Double(read.rows) / seconds) : 0
    let amount =
      totalBytes > 0
      ? "\(bytes(read.bytes)) of \(bytes(totalBytes)) (\(percent)%)" : "\(count(read.rows)) rows"
    return "loading \(what): \(amount) · \(count(rate)) rows/s · \(self.seconds(seconds))"
  }

  /// `1.2 MB`, `205 MB`, `812 KB`.
  public static func bytes(_ bytes: Int) -> String {
    if bytes >= 100 << 20 { return "\(bytes >> 20) MB" }
    if bytes >= 1 << 20 {
      let tenths = (bytes * 10) >> 20
      return "\(tenths / 10).\(tenths % 10) MB"
    }
    return "\((bytes + 1023) >> 10) KB"
  }

  /// `1.25 s`
  public static func seconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    return "\(hundredths / 100).\(String(hundredths % 100 + 100).dropFirst()) s"
  }

  /// `12,345`
  public static func count(_ n: Int) -> String {
    var digits = Array(String(n))
    var index = digits.count - 3
    while index > 0 {
      digits.insert(",", at: index)
      index -= 3
    }
    return String(digits)
  }
}
