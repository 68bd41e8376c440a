import CProcess
import PolicyRules

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a report could not be written: the failing system call's `errno` and the path it concerned.
public struct ReportWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The report's path, or `-` for standard output.
  public var path: String
  /// The POSIX error number, e.g. `ENOENT`.
  public var code: Int32

  public init(path: String, code: Int32) {
    self.path = path
    self.code = code
  }

  public var description: String { "\(path): \(String(cString: strerror(code)))" }
}

/// A buffered byte writer for reports, so a report of hundreds of megabytes is never held whole
/// in memory: bytes collect in a buffer (1 MB by default) and go to a file descriptor when it fills.
///
/// A file is written to a temporary file in the same folder and renamed over the destination by
/// `finish()`, so readers never see half a report; a sink dropped without `finish()` removes its
/// temporary file. Write errors are kept and thrown by `finish()`, so reporters write without `try`.
/// An in-memory sink (`ReportSink()`) keeps everything, for `Reporter.render` and tests.
public struct ReportSink: ~Copyable {
  /// The buffer size of file and standard-output sinks.
  public static let defaultCapacity = 1 << 20

  private enum Target {
    case memory
    case standardOutput
    /// `temporaryPath` is renamed to `path` on finish; `slot` registers it for removal on a signal.
    case file(descriptor: Int32, temporaryPath: String, path: String, slot: Int32)
    /// An existing special file (a device such as `/dev/null`, a FIFO), written in place.
    case special(descriptor: Int32, path: String)
  }

  // Owned: allocated and freed by this sink only; `0..<count` is written, `capacity` allocated.
  private var storage: UnsafeMutablePointer<UInt8>
  private var count = 0
  private var capacity: Int
  private var target: Target
  private var failure: ReportWriteError?
  private var finished = false
  /// Bytes handed to the target so far (excluding those still buffered).
  private var flushedCount = 0
  /// The last two bytes handed to the target, the latest in the low byte (for `endsWithNewline`).
  private var sentTail: UInt16 = 0

  /// An in-memory sink: nothing is flushed, `bytes` holds the whole output.
  public init() {
    self.init(target: .memory, capacity: 256)
  }

  /// A sink writing to a temporary file next to `path`, renamed to `path` by `finish()`.
  /// The temporary file gets mode 0666 less the umask, like any newly created file.
  /// An existing special file (`/dev/null`, a FIFO) is written in place: renaming over it would
  /// replace a device with a regular file.
  public init(path: String, capacity: Int = ReportSink.defaultCapacity) throws(ReportWriteError) {
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
      let descriptor = open(path, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw ReportWriteError(path: path, code: errno) }
      self.init(target: .special(descriptor: descriptor, path: path), capacity: capacity)
      return
    }
    let temporary = try TemporaryReportFile(near: path)
    self.init(
      target: .file(
        descriptor: temporary.descriptor, temporaryPath: temporary.path, path: path, slot: temporary.slot),
      capacity: capacity)
  }

  /// A sink writing to standard output (file descriptor 1), which it never closes.
  public static func standardOutput(capacity: Int = ReportSink.defaultCapacity) -> ReportSink {
    ReportSink(target: .standardOutput, capacity: capacity)
  }

  private init(target: Target, capacity: Int) {
    self.target = target
    self.capacity = max(capacity, 16)
    self.storage = .allocate(capacity: self.capacity)
  }

  deinit {
    if !finished {
      switch target {
      case .memory, .standardOutput: break
      case .file(let descriptor, let temporaryPath, _, let slot):
        close(descriptor)
        unlink(temporaryPath)
        policy_check_unregister_temporary(slot)
      case .special(let descriptor, _): close(descriptor)
      }
    }
    storage.deallocate()
  }

  /// Everything written so far, for an in-memory sink (a file sink holds only its unflushed tail).
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

  /// Everything written so far as text, for an in-memory sink.
  public var text: String {
    String(decoding: UnsafeBufferPointer(start: storage, count: count), as: UTF8.self)
  }

  /// Calls `body` with the buffered bytes: everything written, for an in-memory sink.
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(UnsafeRawBufferPointer(start: storage, count: count))
  }

  /// Empties an in-memory sink, keeping its storage, to reuse it as a scratch buffer.
  /// (A file sink's buffered bytes would be lost: only memory sinks are cleared.)
  public mutating func removeAll() {
    guard case .memory = target else { return }
    count = 0
  }

  /// The number of bytes written so far.
  public var byteCount: Int { flushedCount + count }

  /// Whether the output ends with a line feed that is not part of a CR LF, as
  /// `String.hasSuffix("\n")` judges it (CR LF is one `Character`); false when empty.
  public var endsWithNewline: Bool {
    let tail: UInt16 =
      switch count {
      case 0: sentTail
      case 1: sentTail << 8 | UInt16(storage[0])
      default: UInt16(storage[count - 2]) << 8 | UInt16(storage[count - 1])
      }
    return tail & 0xFF == 0x0A && tail >> 8 != 0x0D
  }

  /// Appends one byte.
  @inline(__always)
  public mutating func write(byte: UInt8) {
    if count == capacity { makeRoom(for: 1) }
    storage[count] = byte
    count += 1
  }

  /// Appends raw bytes; a run larger than the buffer goes straight to the target.
  @inline(__always)
  public mutating func write(_ bytes: UnsafeRawBufferPointer) {
    let n = bytes.count
    // The common case, inlined: a short run that fits.
    if n <= capacity - count, let base = bytes.baseAddress {
      (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
      count += n
    } else {
      writeOverflowing(bytes)
    }
  }

  /// `write` of a run that does not fit in the buffer's free space.
  @inline(never)
  private mutating func writeOverflowing(_ bytes: UnsafeRawBufferPointer) {
    let n = bytes.count
    guard n > 0, let base = bytes.baseAddress else { return }
    makeRoom(for: n)
    // Still too large after a flush (never in memory, which grows): bypass the buffer.
    if n > capacity - count {
      send(base, n)
      return
    }
    (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
    count += n
  }

  /// Calls `body` with the free space at the end of the buffer once it has room for `n` bytes
  /// (flushing or growing first); `body` writes at most `n` bytes there and returns how many.
  /// Returns false without calling `body` when the buffer is smaller than `n` (a tiny file
  /// buffer): the caller then writes piece by piece. For hot, short, fixed-shape writes.
  @inline(__always)
  mutating func withFreeSpace(atLeast n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) -> Bool {
    if capacity - count < n {
      makeRoom(for: n)
      if capacity - count < n { return false }
    }
    count += body(storage + count)
    return true
  }

  /// Appends the UTF-8 bytes of `text`.
  public mutating func write(_ text: String) {
    // In place where the string allows it (see `writeJSONStringContent`).
    let done: Void? = text.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
    if done != nil { return }
    var text = text
    // The string's bytes, lent for this write only (copied into the sink).
    text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  /// Appends a short text built in place.
  mutating func write(_ text: ShortText) {
    text.withUnsafeBytes { write($0) }
  }

  /// Appends the UTF-8 bytes of a literal (no copy, no allocation).
  @inline(__always)
  public mutating func write(_ literal: StaticString) {
    write(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  /// Appends `count` spaces.
  public mutating func writeSpaces(_ count: Int) {
    guard count > 0 else { return }
    if withFreeSpace(
      atLeast: count,
      {
        $0.update(repeating: UInt8(ascii: " "), count: count); return count
      })
    {
      return
    }
    let spaces: StaticString = "                                "
    var left = count
    while left > 0 {
      let n = min(left, spaces.utf8CodeUnitCount)
      // A static string's bytes (they live for the whole run), within its length.
      write(UnsafeRawBufferPointer(start: spaces.utf8Start, count: n))
      left -= n
    }
  }

  /// Appends a decimal integer, e.g. `-42`.
  public mutating func write(integer value: Int) {
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
    withUnsafeMutableBytes(of: &digits) { buffer in
      var magnitude = value.magnitude
      var index = buffer.count
      repeat {
        index -= 1
        buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      if value < 0 {
        index -= 1
        buffer[index] = UInt8(ascii: "-")
      }
      // A slice of the local digit buffer, within it, copied by the write.
      write(UnsafeRawBufferPointer(rebasing: buffer[index...]))
    }
  }

  /// Flushes the buffer and, for a file, closes it and renames it to its destination.
  /// Throws the first error met while writing, closing or renaming; the temporary file is then removed.
  public mutating func finish() throws(ReportWriteError) {
    guard !finished else { return }
    flush()
    finished = true
    switch target {
    case .memory, .standardOutput:
      if let failure { throw failure }
    case .special(let descriptor, let path):
      if close(descriptor) != 0 && failure == nil { failure = ReportWriteError(path: path, code: errno) }
      if let failure { throw failure }
    case .file(let descriptor, let temporaryPath, let path, let slot):
      defer { policy_check_unregister_temporary(slot) }
      if failure == nil && close(descriptor) != 0 {
        failure = ReportWriteError(path: path, code: errno)
      } else if failure != nil {
        close(descriptor)
      }
      if failure == nil && rename(temporaryPath, path) != 0 {
        failure = ReportWriteError(path: path, code: errno)
      }
      if let failure {
        unlink(temporaryPath)
        throw failure
      }
    }
  }

  /// Hands the buffered bytes to the target (a no-op in memory).
  public mutating func flush() {
    guard count > 0 else { return }
    if case .memory = target { return }
    send(storage, count)
    count = 0
  }

  /// Makes room for `n` more bytes: a file sink flushes, an in-memory sink grows.
  private mutating func makeRoom(for n: Int) {
    guard case .memory = target else {
      flush()
      return
    }
    let newCapacity = max(capacity * 2, count + n)
    // Owned: replaces `storage` (copied first, then the old one freed).
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    grown.update(from: storage, count: count)
    storage.deallocate()
    storage = grown
    capacity = newCapacity
  }

  /// Writes `n` bytes to the descriptor, retrying partial writes; after an error, drops them.
  private mutating func send(_ base: UnsafeRawPointer, _ n: Int) {
    flushedCount += n
    let bytes = base.assumingMemoryBound(to: UInt8.self)
    sentTail = n == 1 ? sentTail << 8 | UInt16(bytes[0]) : UInt16(bytes[n - 2]) << 8 | UInt16(bytes[n - 1])
    guard failure == nil else { return }
    let descriptor: Int32
    let path: String
    switch target {
    case .memory: return
    case .standardOutput: (descriptor, path) = (1, "-")
    case .file(let fileDescriptor, _, let filePath, _), .special(let fileDescriptor, let filePath):
      (descriptor, path) = (fileDescriptor, filePath)
    }
    var offset = 0
    while offset < n {
      let written = writeToDescriptor(descriptor, base + offset, n - offset)
      if written < 0 {
        if errno == EINTR { continue }
        failure = ReportWriteError(path: path, code: errno)
        return
      }
      offset += written
    }
  }
}

extension ReportSink {
  /// Runs `body` on an in-memory sink and returns what it wrote, as text.
  public static func collecting(_ body: (inout ReportSink) -> Void) -> String {
    var sink = ReportSink()
    body(&sink)
    return sink.text
  }
}

/// `write(2)`; a free function because inside `ReportSink` the name means its own methods.
private func writeToDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
