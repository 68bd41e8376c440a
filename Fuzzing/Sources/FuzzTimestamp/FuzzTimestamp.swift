// Timestamp parsing from bytes: `auto` (ISO 8601 and the other accepted shapes), epoch seconds
// and milliseconds, and strftime-style patterns, in zones with and without DST. Input: one
// option byte (format and zone), then the cell; for a pattern format the cell is
// `pattern NUL text`.
//
// Invariants: never traps; a parsed cell gives the same instant through the String entry
// point and again on a second call (the parser caches the last date); a parsed instant, epoch
// numbers included, lies in the years 0001-9999 in UTC (the accepted range).
import Foundation
import FuzzSupport
import PolicyRules

@testable import Checker

let zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"].map {
  TimeZone(identifier: $0)!
}
let fixedFormats: [TimestampFormat] = [
  .auto, .epochSeconds, .epochMilliseconds, .pattern("%Y-%m-%d %H:%M:%S"), .pattern("%F %T"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  let (options, content) = bytes.optionsAndContent
  let zone = zones[Int(options >> 4) % zones.count]
  var format = fixedFormats[Int(options & 0x0F) % (fixedFormats.count + 1) % fixedFormats.count]
  var cell = content
  if Int(options & 0x0F) % (fixedFormats.count + 1) == fixedFormats.count {
    guard let nul = content.firstIndex(of: 0) else { return }
    let pattern = String(decoding: content[..<nul], as: UTF8.self)
    guard TimestampParser.unknownDirective(in: pattern) == nil, pattern.contains("%") else { return }
    format = .pattern(pattern)
    cell = UnsafeRawBufferPointer(rebasing: content[(nul + 1)...])
  }
  var parser = TimestampParser(format: format, timeZone: zone)
  let first = cell.withMemoryRebound(to: UInt8.self) { parser.parse($0) }
  let second = cell.withMemoryRebound(to: UInt8.self) { parser.parse($0) }
  FuzzDriver.require(
    first == second, "parsed twice: \(String(describing: first)), \(String(describing: second))")
  var fresh = TimestampParser(format: format, timeZone: zone)
  let viaString = fresh.parse(cell.text)
  if cell.text.utf8.elementsEqual(cell) {
    FuzzDriver.require(viaString == first, "String entry point gives \(String(describing: viaString))")
  }
  if let first {
    FuzzDriver.require(
      first >= TimestampParser.earliest && first <= TimestampParser.latest,
      "instant outside 0001-9999: \(first.milliseconds) ms")
  }
}
