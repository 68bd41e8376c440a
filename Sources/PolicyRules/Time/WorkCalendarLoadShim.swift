// Temporary until the calendar loader lands; removed when it does.
extension WorkCalendar {
  public static func load(_ document: YAMLDocument, diagnostics: inout DiagnosticBag) -> WorkCalendar? {
    diagnostics.error("calendar files are not supported yet", at: document.root?.mark)
    return nil
  }
}
