/// Orders identifiers the way people read them: "Case 2" before "Case 10".
public enum NaturalOrder {
  /// Digit runs compare by numeric value (then by length, so "02" follows "2"); other bytes by UTF-8.
  public static func less(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) < 0 } }
  }

  static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
    var i = 0
    var j = 0
    while i < x.count && j < y.count {
      if isDigit(x[i]) && isDigit(y[j]) {
        let startI = i
        let startJ = j
        while i < x.count && x[i] == 0x30 { i += 1 }
        while j < y.count && y[j] == 0x30 { j += 1 }
        let significantI = i
        let significantJ = j
        while i < x.count && isDigit(x[i]) { i += 1 }
        while j < y.count && isDigit(y[j]) { j += 1 }
        let lengthI = i - significantI
        let lengthJ = j - significantJ
        if lengthI != lengthJ { return lengthI < lengthJ ? -1 : 1 }
        for k in 0..<lengthI where x[significantI + k] != y[significantJ + k] {
          return x[significantI + k] < y[significantJ + k] ? -1 : 1
        }
        let runI = i - startI
        let runJ = j - startJ
        if runI != runJ { return runI < runJ ? -1 : 1 }
      } else {
        if x[i] != y[j] { return x[i] < y[j] ? -1 : 1 }
        i += 1
        j += 1
      }
    }
    let restI = x.count - i
    let restJ = y.count - j
    return restI == restJ ? 0 : (restI < restJ ? -1 : 1)
  }

  @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
