// Rule durations (`4h`, `2 working days`, `次日`, `3 months`): the parser behind `within:` and
// the other duration keys of rule files.
//
// Invariants: a rejected text has a message and an offset inside it; a parsed duration's
// amount is within the documented bound; its written form parses back to itself; a fixed
// duration's milliseconds never trap.
import FuzzSupport

@testable import PolicyRules

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  let text = bytes.text
  switch PolicyDuration.parse(text) {
  case .failure(let error):
    Invariants.checkError(message: error.message, offset: error.offset, in: text)
  case .success(let duration):
    FuzzDriver.require(
      abs(duration.amount) <= DurationParser.maximumAmount, "amount \(duration.amount) past the bound")
    _ = duration.fixedMilliseconds
    _ = duration.chineseDescription
    let again = PolicyDuration.parse(duration.description)
    FuzzDriver.require(
      (try? again.get()) == duration,
      "'\(text)' reads as \(duration), written '\(duration.description)' reads \(again)")
  }
}
