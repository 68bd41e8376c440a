import Foundation

/// How much memory an audit may hold its cases in (`--memory-limit`), and in how many parts of
/// its cases (`CasePartition`) it reads input that would not fit.
///
/// A run holds about as many bytes as its input files have (measured on the synthetic year:
/// 963 MB peak for a 1,060 MB CSV file of 10 M events, most of it the case table and the
/// reader's output before the cases are built), so input of more than the limit is read in
/// `ceil(input / limit)` parts, each holding about a part's share. The findings of every part
/// are kept until the reports are written, on top of that — unless no report lists them
/// (`Audit.keepsFindings`: the text summary alone keeps only each part's figures).
public struct MemoryBudget: Sendable, Equatable {
  /// Bytes; nil: no limit.
  public var limit: Int?

  /// At most this many parts: each part reads every input file again.
  public static let maximumParts = 256

  public init(limit: Int?) { self.limit = limit }

  /// The default: a quarter of the machine's memory, at most 1 GiB.
  public static var machineDefault: MemoryBudget {
    MemoryBudget(limit: min(1 << 30, Int(clamping: ProcessInfo.processInfo.physicalMemory / 4)))
  }

  /// Parts for input files of this many bytes: 1 when they fit.
  public func parts(forInputBytes bytes: Int) -> Int {
    guard let limit, limit > 0, bytes > limit else { return 1 }
    return min(Self.maximumParts, (bytes + limit - 1) / limit)
  }

  /// `512MB`, `2GB`, `1.5GiB`, `800k`, a number of bytes, or `none`; nil for anything else.
  public static func parse(_ text: String) -> MemoryBudget? {
    let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
    if lowered == "none" || lowered == "off" { return MemoryBudget(limit: nil) }
    let units: [(String, Double)] = [
      ("gib", 1_073_741_824), ("mib", 1_048_576), ("kib", 1024), ("gb", 1e9), ("mb", 1e6), ("kb", 1e3),
      ("g", 1_073_741_824), ("m", 1_048_576), ("k", 1024), ("b", 1),
    ]
    var number = Substring(lowered)
    var scale = 1.0
    for (suffix, factor) in units where lowered.hasSuffix(suffix) {
      number = lowered.dropLast(suffix.count)
      scale = factor
      break
    }
    guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0,
      value * scale >= 1, value * scale < 1e18
    else { return nil }
    return MemoryBudget(limit: Int(value * scale))
  }

  /// `1.0 GB`, `256 MB`: the limit as people write it (decimal units).
  public var description: String {
    guard let limit else { return "none" }
    if limit >= 1_000_000_000 { return String(format: "%.1f GB", Double(limit) / 1e9) }
    if limit >= 1_000_000 { return "\(limit / 1_000_000) MB" }
    if limit >= 1000 { return "\(limit / 1000) KB" }
    return "\(limit) bytes"
  }
}
