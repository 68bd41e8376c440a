// `matches` patterns: the ASCII fast path (`ASCIIPattern`) must give the answer of the linear-time
// engine (`LinearRegex`) whenever it takes a pattern and a text, and neither may trap or hang.
// Input: pattern, a NUL byte, then the text.
//
// Invariant: for every pattern LinearRegex compiles (what rules may hold, CompiledRegex) and
// ASCIIPattern takes, ASCIIPattern.matches == LinearRegex.matches. (ICU is no oracle here: it
// backtracks, so `x*x*x*…$` on a long text times out in ICU itself.) LinearRegexTests compares
// LinearRegex with ICU on seeded inputs that ICU answers quickly.
import Foundation
import FuzzSupport

@testable import PolicyRules

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
  let pattern = String(decoding: parts[0], as: UTF8.self)
  let text = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
  guard let regex = try? LinearRegex(pattern) else { return }
  let linear = regex.matches(text)
  guard let simple = ASCIIPattern(pattern), let fast = simple.matches(text) else { return }
  FuzzDriver.require(
    fast == linear, "'\(pattern)' on '\(text)': ASCIIPattern says \(fast), LinearRegex \(linear)")
}
