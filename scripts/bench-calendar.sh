#!/usr/bin/env bash
# Times WorkCalendar.deadline on the shipped China calendar, optimised, outside the test suite
# (timed tests are not allowed). Compiles the time layer with swiftc -O into a throwaway binary.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/bench.swift" <<'SWIFT'
import Foundation

@main struct Bench { static func main() {

let nineToSix = WorkCalendar.WorkingSpan(startMinute: 540, endMinute: 1080)
let ranges = [("2024-09-15", "2024-09-17"), ("2024-10-01", "2024-10-07"), ("2025-01-28", "2025-02-04")]
let calendar = WorkCalendar(
  name: "bench", timeZoneIdentifier: "Asia/Shanghai",
  weeklyHours: [[nineToSix], [nineToSix], [nineToSix], [nineToSix], [nineToSix], [], []],
  holidays: ranges.map { WorkCalendar.Holiday(name: "h", from: CivilDate.parse($0.0)!, to: CivilDate.parse($0.1)!) },
  makeUpDays: [WorkCalendar.MakeUpDay(date: CivilDate.parse("2024-09-14")!, name: "m")],
  covers: CivilDate.parse("2024-01-01")!...CivilDate.parse("2026-12-31")!)
let durations = ["2 working days", "6 working hours", "next working day", "24h", "1 month"].map {
  try! PolicyDuration.parse($0).get()
}
let start = calendar.timestamp(of: CivilDate.parse("2024-01-01")!, minuteOfDay: 0)
let count = 1_000_000
for duration in durations {
  var checksum: Int64 = 0
  let began = DispatchTime.now().uptimeNanoseconds
  for index in 0..<count {
    // Starts spread over two years, at every minute of day.
    let t = start + Int64(index) * 63_113
    checksum &+= calendar.deadline(from: t, adding: duration).due.milliseconds
  }
  let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / Double(count)
  print(String(format: "%-18@ %7.0f ns per deadline (checksum %lld)", duration.description as NSString, elapsed, checksum))
}
}}
SWIFT
swiftc -O -wmo -parse-as-library -module-name Bench -o "$work/bench" \
  Sources/PolicyRules/Time/*.swift Sources/PolicyRules/Diagnostics/*.swift Sources/PolicyRules/YAML/YAMLNode.swift \
  Sources/PolicyRules/Model/LocalizedText.swift "$work/bench.swift" 2>&1 | grep -v warning || true
"$work/bench"
