/// How a column's timestamps are written (`TimestampParser` reads them all).
public enum TimestampFormat: Sendable, Hashable {
  /// ISO 8601 (`T` or space, optional seconds, a fraction of 1–9 digits read to the millisecond,
  /// and an offset `Z`, `±hh:mm`, `±hhmm` or `±hh`), the same with `/` or `.` between date parts,
  /// `YYYY-MM-DD` (local midnight) and `YYYY年M月D日 H:MM`. Years 0001–9999.
  case auto
  /// A strftime-style pattern: `%Y %m %d %H %M %S %f %z %F %T %%`, other characters literal.
  case pattern(String)
  /// Seconds since 1970-01-01T00:00:00Z (decimals allowed).
  case epochSeconds
  /// Milliseconds since 1970-01-01T00:00:00Z.
  case epochMilliseconds

  /// `auto`, `epoch_s`/`epoch_seconds`, `epoch_ms`/`epoch_milliseconds`, or a pattern containing `%`.
  public init?(name: String) {
    switch name {
    case "auto": self = .auto
    case "epoch", "epoch_s", "epoch_seconds": self = .epochSeconds
    case "epoch_ms", "epoch_milliseconds": self = .epochMilliseconds
    default:
      guard name.contains("%") else { return nil }
      self = .pattern(name)
    }
  }

  public static let acceptedNames = ["auto", "epoch_s", "epoch_ms"]
}
