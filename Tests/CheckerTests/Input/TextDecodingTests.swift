import Testing

@testable import Checker

@Suite struct TextDecodingTests {
  /// "工单号" in GB18030.
  let gbHeader: [UInt8] = [0xB9, 0xA4, 0xB5, 0xA5, 0xBA, 0xC5]

  @Test func gb18030IsConvertedWithIconv() {
    let decoded = TextDecoding.decode(gbHeader, as: .gb18030)
    #expect(String(decoding: decoded.bytes, as: UTF8.self) == "工单号")
    #expect(decoded.isValid)
  }

  @Test func autoDetectsUTF8AndGB18030() {
    #expect(TextDecoding.decode(Array("工单号,a".utf8), as: .auto).encoding == .utf8)
    #expect(
      TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("a".utf8), as: .auto).bytes == [UInt8(ascii: "a")])
    let detected = TextDecoding.decode(gbHeader + Array(",x".utf8), as: .auto)
    #expect(detected.encoding == .gb18030)
    #expect(String(decoding: detected.bytes, as: UTF8.self) == "工单号,x")
  }

  @Test func gbFileLoadsWithANoteAndChineseHeaders() {
    // 工单号,活动,时间 / A1,受理,2024-09-12 08:00 ("受理" = CA DC C0 ED, "活动" = BB EE B6 AF, "时间" = CA B1 BC E4)
    let header = gbHeader + [0x2C, 0xBB, 0xEE, 0xB6, 0xAF, 0x2C, 0xCA, 0xB1, 0xBC, 0xE4, 0x0A]
    let row = Array("A1,".utf8) + [0xCA, 0xDC, 0xC0, 0xED] + Array(",2024-09-12 08:00\n".utf8)
    let path = InputTestSupport.write(header + row, name: "gb.csv")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 1, used: 1, rejected: 0))
    #expect(dataset.cases.first?.id == "A1")
    #expect(dataset.cases.first?.events.first?.activity == "受理")
    #expect(
      dataset.diagnostics.contains {
        $0.severity == .note && $0.message == "file is not valid UTF-8; read as gb18030"
      })
  }

  @Test func invalidUTF8RejectsTheRowNotTheFile() {
    let text =
      Array("case,activity,time,resource\nc1,a,2024-01-01 10:00,r\nc2,".utf8) + [0xFF]
      + Array("b,2024-01-01 11:00,r\n".utf8)
    let path = InputTestSupport.write(text, name: "bad.csv")
    let dataset = InputTestSupport.load([InputTestSupport.eventLog(path, encoding: .utf8)])
    #expect(dataset.counts == ReadCounts(read: 2, used: 1, rejected: 1))
    #expect(
      dataset.rejections == [
        RowRejection(source: SourceLocation(file: 0, line: 3), column: 2, reason: "invalid UTF-8 at column 2")
      ])
  }

  @Test func undecodableGBBytesRejectTheirRow() {
    let header = Array("case,activity,time\n".utf8)
    let good = Array("A1,a,2024-09-12 08:00\n".utf8)
    let bad = Array("A2,".utf8) + [0xFF] + Array(",2024-09-12 09:00\n".utf8)
    let path = InputTestSupport.write(header + good + bad, name: "gb-bad.csv")
    var source = InputTestSupport.eventLog(path, encoding: .gb18030)
    source.resource = nil
    let dataset = InputTestSupport.load([source])
    #expect(dataset.counts == ReadCounts(read: 2, used: 1, rejected: 1))
    #expect(
      dataset.rejections == [
        RowRejection(
          source: SourceLocation(file: 0, line: 3), column: 2, reason: "invalid gb18030 at column 2")
      ])
  }
}
