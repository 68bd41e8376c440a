extension ShippedCalendars {
  /// The calendar a shipped file defines: its name without `.yaml` (a test checks each file's
  /// `calendar:` key says the same, so no file needs parsing to be found by name).
  static func calendarName(_ file: String) -> String {
    file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file
  }

  /// The path diagnostics of a built-in calendar name.
  static func path(_ file: String) -> String { "(built in) Rules/calendars/\(file)" }

  /// Every built-in calendar's name.
  static var names: [String] { files.map { calendarName($0.name) } }
}
