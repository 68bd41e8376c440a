// Rule files: the YAML loader (libyaml events to a node tree with marks), then the rule reader
// (every check kind, parameters, scopes, expressions, durations, examples), the site-profile and
// calendar readers for files that are those; rules that load without errors have their examples
// run through the audit engine with the shipped calendars.
//
// Invariants: a rejected file has an error; every diagnostic points into the file (or is a
// whole-file problem) and renders with its snippet; a file read without errors gives one rule
// per list item; running the examples never traps.
import Checker
import FuzzSupport
import PolicyRules

/// The shipped calendars (when run from the repository root, as scripts/fuzz.sh does).
let calendars = RuleLibrary.load(paths: ["Rules/calendars"]).calendars

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  guard let document = YAMLHarness.parse(bytes), let root = document.root else { return }
  if root.mapping?["calendar"] != nil {
    _ = YAMLHarness.read(document, bytes, what: "a calendar", WorkCalendar.load)
    return
  }
  let context = RuleReadContext(path: YAMLHarness.path)
  if root.mapping?["profile"] != nil {
    let profile = SiteProfile.read(document, context: context)
    if profile == nil { Invariants.checkRejected(context.diagnostics.items, what: "a profile") }
    YAMLHarness.checkDiagnostics(context.diagnostics.items, bytes)
    return
  }
  let rules = RuleFileReader.read(document, profile: nil, context: context)
  YAMLHarness.checkDiagnostics(context.diagnostics.items, bytes)
  // As `policy-check rules test`: examples run only for a library that loaded without errors.
  guard !context.diagnostics.hasErrors else { return }
  if let items = root.mapping?["rules"]?.sequence?.items {
    FuzzDriver.require(rules.count == items.count, "\(items.count) rules written, \(rules.count) read")
  }
  _ = ExampleRunner(calendars: calendars).run(rules)
}
