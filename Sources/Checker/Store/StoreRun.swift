import Foundation
import PolicyRules

/// One audit run as the store keeps it: the results and what the run was (when, over which
/// rules and data, with which cut-off).
public struct StoreRun: Sendable {
  public var result: AuditResult
  public var startedAt: Timestamp
  public var finishedAt: Timestamp
  /// The cut-off was given (`--as-of`), not the time of the run.
  public var asOfGiven: Bool
  /// The case field findings were grouped by (`--group-by` or `team`).
  public var groupField: String?

  public init(
    result: AuditResult, startedAt: Timestamp, finishedAt: Timestamp, asOfGiven: Bool, groupField: String?
  ) {
    self.result = result
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.asOfGiven = asOfGiven
    self.groupField = groupField
  }

  /// What makes two runs audits of the same thing: the set of rule ids (SHA-256 of the sorted
  /// ids, one a line). Editing a rule's threshold keeps it; adding or removing a rule changes it.
  public var ruleSet: String {
    SHA256.hex(result.rules.map(\.rule.id).sorted().joined(separator: "\n").utf8)
  }

  /// `2024-09` for a period that is one calendar month in the run's zone, else
  /// `2024-09-01..2024-09-15` (last day inclusive), or `all` for a run without a period.
  public var periodLabel: String {
    Self.periodLabel(start: result.periodStart, end: result.periodEnd, zone: result.timeZoneIdentifier)
  }

  static func periodLabel(start: Timestamp?, end: Timestamp?, zone: String) -> String {
    guard let start, let end else { return "all" }
    let clock = ReportClock(timeZoneIdentifier: zone)
    let first = clock.civil(start)
    let last = clock.civil(end + (-1))
    let after = clock.civil(end)
    if first.minuteOfDay == 0 && first.date.day == 1 && after.minuteOfDay == 0 && after.date.day == 1
      && last.date.year == first.date.year && last.date.month == first.date.month
    {
      return CivilMath.monthLabel(first.date)
    }
    return "\(CivilMath.dateText(first.date))..\(CivilMath.dateText(last.date))"
  }

  /// The `Timestamp` of a `Date` (the wall clock, for when a run started and ended).
  public static func timestamp(_ date: Date) -> Timestamp {
    Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
  }
}

/// A file a run read: its size and SHA-256, or neither for a source that is not a file
/// (`postgres:tickets`).
struct StoredFile {
  var path: String
  var bytes: Int?
  var sha256: String?

  init(path: String) {
    self.path = path
    guard let handle = FileHandle(forReadingAtPath: path) else { return }
    defer { try? handle.close() }
    var hash = SHA256()
    var total = 0
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      total += chunk.count
      hash.update([UInt8](chunk))
    }
    bytes = total
    sha256 = hash.finish()
  }
}

/// The files of a run, hashed on a thread of their own while the rows are written: hashing a
/// year of data (137 MB) took as long as writing its 100,000 findings.
final class FileFingerprints: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var files: [(role: String, file: StoredFile)] = []

  init(_ paths: [(role: String, path: String)]) {
    let thread = Thread { [self] in
      files = paths.map { ($0.role, StoredFile(path: $0.path)) }
      done.signal()
    }
    thread.start()
  }

  /// The files, once hashed (waits for the thread).
  func wait() -> [(role: String, file: StoredFile)] {
    done.wait()
    // For the next call: the files stay ready.
    done.signal()
    return files
  }
}
