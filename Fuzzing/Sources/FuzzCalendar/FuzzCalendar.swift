// Calendar files (Rules/calendars/README.md): working hours, holidays, make-up days, covers, then
// deadline arithmetic over a calendar that loads: working-time deadlines forwards and backwards
// and working time between instants, from starts across the covered years.
//
// Invariants: a rejected calendar has an error and every diagnostic points into the file; the
// deadline functions never trap; a deadline is never before its start, and `due` (the fast
// path audits use) agrees with `deadline` (the one that explains itself).
import FuzzSupport
import PolicyRules

let durations = [
  "4h", "2 working hours", "1 working day", "5 working days", "30 working days", "next working day",
  "same day",
  "3 months", "1w",
].compactMap { try? PolicyDuration.parse($0).get() }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  guard let document = YAMLHarness.parse(bytes),
    let calendar = YAMLHarness.read(document, bytes, what: "a calendar", WorkCalendar.load)
  else { return }
  // Starts spread over 2015-2035 by the input's own bytes, so each input probes other days.
  let seed = bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
  for k in 0..<8 {
    let offset = Int64((seed >> UInt64(k * 8)) & 0xFFFF) * 3_600_000 + Int64(k) * 86_400_000 * 97
    let start = Timestamp(milliseconds: 1_420_070_400_000 + offset)
    for duration in durations {
      let due = calendar.due(from: start, adding: duration)
      FuzzDriver.require(due >= start, "\(duration) from \(start) is due before it, at \(due)")
      let explained = calendar.deadline(from: start, adding: duration).due
      FuzzDriver.require(due == explained, "\(duration) from \(start): due \(due), explained \(explained)")
      _ = calendar.latestStart(before: start, leading: duration)
      if duration.unit == .workingHours || duration.unit == .workingDays {
        _ = calendar.workingMilliseconds(from: start, to: due)
      }
    }
  }
}
