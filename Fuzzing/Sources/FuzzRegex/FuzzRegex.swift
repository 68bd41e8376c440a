// `matches` patterns: the ASCII matcher (`ASCIIPattern`) must give ICU's answer whenever it
// takes a pattern and a text. Input: pattern, a NUL byte, then the text.
//
// Invariant: for every pattern ICU compiles and ASCIIPattern takes, ASCIIPattern.matches == NSRegularExpression's.
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
  // Rules only ever hold patterns ICU compiles (CompiledRegex); ASCIIPattern sees no others.
  guard let regex = try? NSRegularExpression(pattern: pattern), let simple = ASCIIPattern(pattern),
    let fast = simple.matches(text)
  else { return }
  let icu = regex.firstMatch(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text)) != nil
  FuzzDriver.require(fast == icu, "'\(pattern)' on '\(text)': ASCIIPattern says \(fast), ICU \(icu)")
}
