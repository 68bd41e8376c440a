import Dispatch
import Foundation

/// Running work on the `--threads` workers, and collecting its results in a fixed order, so
/// output never depends on timing. Used by loading (files, parts of a file, ranges of cases)
/// and by evaluation (chunks of cases, population rules, findings).
enum Parallel {
  /// Runs `body` for 0..<count on at most `workers` threads; each worker claims the next item
  /// when it is done with one, so a long item does not hold up the rest. Callers store results
  /// by item, so the outcome does not depend on which worker ran what.
  static func runClaiming(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
    let width = max(1, min(workers, count))
    if width == 1 {
      for item in 0..<count { body(item) }
      return
    }
    let next = ItemCounter()
    DispatchQueue.concurrentPerform(iterations: width) { _ in
      while let item = next.claim(below: count) { body(item) }
    }
  }

  /// Runs `body` for 0..<count on at most `workers` threads (the `--threads` setting); each
  /// worker takes every `workers`-th item, so the set of items does not depend on timing.
  static func run(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
    let width = max(1, min(workers, count))
    if width == 1 {
      for item in 0..<count { body(item) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: width) { worker in
      for item in stride(from: worker, to: count, by: width) { body(item) }
    }
  }
}

extension Parallel {
  /// Runs `side` on a thread of its own while `body` runs on this one; returns when both are
  /// done. For work that fills a core `body` leaves idle (e.g. a serial step before it splits).
  static func alongside(_ side: @escaping @Sendable () -> Void, _ body: () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      side()
      done.signal()
    }
    thread.start()
    body()
    done.wait()
  }
}

/// The next unclaimed item of `runClaiming` (or of workers sharing a queue of items).
final class ItemCounter: @unchecked Sendable {
  private var next = 0
  private let lock = NSLock()

  func claim(below count: Int) -> Int? {
    lock.withLock {
      guard next < count else { return nil }
      next += 1
      return next - 1
    }
  }
}

/// Per-task result slots filled from `concurrentPerform` and read after it returns.
final class ConcurrentResults<T>: @unchecked Sendable {
  private var slots: [T?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  private var filled = 0

  func set(_ index: Int, _ value: T) {
    lock.withLock {
      slots[index] = value
      filled += 1
    }
  }

  /// How many slots have been filled so far.
  var completed: Int { lock.withLock { filled } }

  func get(_ index: Int) -> T? { lock.withLock { slots[index] } }

  /// The filled slots, in index order.
  var values: [T] { lock.withLock { slots.compactMap { $0 } } }

  /// The value, leaving the slot empty (so its memory can go once the caller is done).
  func take(_ index: Int) -> T? {
    lock.withLock {
      let value = slots[index]
      slots[index] = nil
      return value
    }
  }
}

/// Hands values to concurrent tasks that only read them, or that each use their own element.
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
