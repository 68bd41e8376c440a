import Foundation

/// Rendering the long part of a report (its findings) on several workers, written in order.
///
/// Items are split into windows of consecutive items; each worker claims the next window,
/// renders it into a buffer of its own, waits until every earlier window is in the sink, then
/// writes its buffer. Bytes therefore come out exactly as one sequential pass would write them,
/// while at most one window per worker is held in memory (a window of findings is ~1 MB).
extension ReportSink {
  /// Findings per window: large enough that handing windows over costs nothing measurable,
  /// small enough that a buffer per worker stays around a megabyte on large audits.
  static let defaultWindowSize = 512

  /// Writes items `0..<count`: `render` writes the items of a range (with whatever separators
  /// they need, judged from the item index, so a range may start anywhere). With one worker (or
  /// one window) it writes everything straight into this sink, in one call.
  /// `workers` follows `--threads`: 0 means one per core.
  mutating func writeWindows(
    count: Int, workers: Int, windowSize: Int = ReportSink.defaultWindowSize,
    _ render: @Sendable (inout ReportSink, Range<Int>) -> Void
  ) {
    let size = max(1, windowSize)
    let windowCount = (count + size - 1) / size
    let requested = workers > 0 ? workers : ProcessInfo.processInfo.activeProcessorCount
    guard requested > 1 && windowCount > 1 else {
      render(&self, 0..<count)
      return
    }
    // `self` stays valid for the whole closure; window turns make the workers write it one at a time.
    withUnsafeMutablePointer(to: &self) { target in
      let target = UncheckedSendable(target)
      let turns = WindowTurns()
      Parallel.runClaiming(windowCount, workers: requested) { window in
        let buffer = turns.takeBuffer()
        buffer.sink.removeAll()
        render(&buffer.sink, window * size..<min(count, (window + 1) * size))
        turns.waitForTurn(window)
        // Only the worker whose turn it is touches the target sink; the turn's lock orders the writes.
        buffer.sink.withUnsafeBytes { target.value.pointee.write($0) }
        turns.endTurn(window, returning: buffer)
      }
    }
  }
}

/// A worker's render buffer, reused from window to window.
private final class WindowBuffer {
  var sink = ReportSink()
}

/// Whose turn it is to write, and the buffers not in use.
private final class WindowTurns: @unchecked Sendable {
  private let condition = NSCondition()
  /// The window to be written next.
  private var next = 0
  private var idle: [WindowBuffer] = []

  /// An idle buffer, or a new one (there are never more than workers).
  func takeBuffer() -> WindowBuffer {
    condition.withLock { idle.popLast() } ?? WindowBuffer()
  }

  /// Blocks until every window before `window` has been written.
  func waitForTurn(_ window: Int) {
    condition.lock()
    while next != window { condition.wait() }
    condition.unlock()
  }

  /// Marks `window` written and wakes the worker holding the next one.
  func endTurn(_ window: Int, returning buffer: WindowBuffer) {
    condition.lock()
    next = window + 1
    idle.append(buffer)
    condition.broadcast()
    condition.unlock()
  }
}
