/// The fixed bytes of a JSON finding at one indentation, made once per findings array: every key
/// with its line break and indentation, fused with the brackets and keys around it where nothing
/// varies in between (e.g. `"actual": {` and the `"en": ` after it).
///
/// A finding has some thirty keys; writing each through `writeJSONKey` (a fill of spaces and a copy
/// of the key per key, per finding) was a fifth of the JSON report. The pieces are made by the same
/// writers (`writeJSONKey`, `writeJSONObjectEnd`, …), so the bytes are the same by construction.
/// The storage is owned by the `FindingJSONPieces.Storage` that made it, which lends the pieces
/// only inside `withPieces {}`; nothing writes through them, so the workers may share them.
struct FindingJSONPieces: @unchecked Sendable {
  /// The fixed bytes of an instant (`{"local": …, "utc": …}`) whose object sits at one indentation.
  struct Instant {
    /// `{` and the `"local": ` key.
    let open: UnsafeRawBufferPointer
    /// The `"utc": ` key.
    let utcKey: UnsafeRawBufferPointer
    /// The closing `}` on its own line.
    let close: UnsafeRawBufferPointer
  }

  /// The indentation of the finding's members.
  let innerIndent: Int

  // Every piece points into the bytes of the `Storage` lending it, which stopped growing before
  // the pieces were taken and stay while the storage lives (at least until `withPieces` returns).
  /// The finding's `{` and `"actual": {"en": `, after the spaces or `,\n` and spaces before it.
  let openFirst: UnsafeRawBufferPointer
  let openNext: UnsafeRawBufferPointer
  /// `"zh": ` inside a text object (`actual`, `expected`, `deadlineExplanation`).
  let textZhKey: UnsafeRawBufferPointer
  /// The end of a text object.
  let textClose: UnsafeRawBufferPointer
  /// The end of `actual` and the `assumedParameters` key.
  let assumedKey: UnsafeRawBufferPointer
  let baselineStateKey: UnsafeRawBufferPointer
  let clauseIDKey: UnsafeRawBufferPointer
  let deadlineKey: UnsafeRawBufferPointer
  /// The deadline's `{` and `"calendar": `.
  let deadlineOpen: UnsafeRawBufferPointer
  let dueKey: UnsafeRawBufferPointer
  let durationKey: UnsafeRawBufferPointer
  let makeUpDaysKey: UnsafeRawBufferPointer
  let skippedDaysKey: UnsafeRawBufferPointer
  let startKey: UnsafeRawBufferPointer
  /// The end of the deadline object.
  let deadlineClose: UnsafeRawBufferPointer
  let explanationKey: UnsafeRawBufferPointer
  /// The explanation's `{` and `"en": `.
  let explanationOpen: UnsafeRawBufferPointer
  let evidenceKey: UnsafeRawBufferPointer
  /// `[` or `,`, the line break, the indentation, the evidence's `{` and `"file": `.
  let evidenceOpenFirst: UnsafeRawBufferPointer
  let evidenceOpenNext: UnsafeRawBufferPointer
  let labelKey: UnsafeRawBufferPointer
  let lineKey: UnsafeRawBufferPointer
  let resourceKey: UnsafeRawBufferPointer
  let evidenceTimeKey: UnsafeRawBufferPointer
  /// The end of one evidence object, and of the evidence array.
  let evidenceClose: UnsafeRawBufferPointer
  let evidenceArrayClose: UnsafeRawBufferPointer
  /// `"expected": {"en": `.
  let expectedOpen: UnsafeRawBufferPointer
  /// The end of `expected` and the `fingerprint` key.
  let fingerprintKey: UnsafeRawBufferPointer
  let groupKey: UnsafeRawBufferPointer
  let outcomeKey: UnsafeRawBufferPointer
  let penaltyKey: UnsafeRawBufferPointer
  /// The penalty's `{` and `"amount": `.
  let penaltyOpen: UnsafeRawBufferPointer
  let currencyKey: UnsafeRawBufferPointer
  let doubledOnRepeatKey: UnsafeRawBufferPointer
  let perOccurrenceKey: UnsafeRawBufferPointer
  let penaltyClose: UnsafeRawBufferPointer
  let periodKey: UnsafeRawBufferPointer
  let ruleIDKey: UnsafeRawBufferPointer
  let severityKey: UnsafeRawBufferPointer
  let subjectKey: UnsafeRawBufferPointer
  let timeKey: UnsafeRawBufferPointer
  let waiverKey: UnsafeRawBufferPointer
  /// The finding's closing `}`.
  let close: UnsafeRawBufferPointer
  /// Instants of the finding (`time`), of its deadline (`due`, `start`) and of its evidence.
  let findingInstant: Instant
  let deadlineInstant: Instant
  let evidenceInstant: Instant

  /// Owns the bytes the pieces point into.
  final class Storage: @unchecked Sendable {
    fileprivate var sink = ReportSink()
    fileprivate var ranges: [Range<Int>] = []
    private var pieces: FindingJSONPieces! = nil

    /// Runs `body` with the pieces, valid only inside `body` (the storage lives at least as long).
    func withPieces<Result>(_ body: (FindingJSONPieces) -> Result) -> Result {
      withExtendedLifetime(self) { body(pieces) }
    }

    /// The pieces of a finding whose `{` sits at `indent` (elements of an array at `indent - 2`).
    init(indent: Int) {
      let inner = indent + 2
      var ids = PieceIDs()
      // Each piece is recorded as written, then all are resolved against the final storage.
      ids.openFirst = record {
        $0.writeSpaces(indent)
        $0.writeJSONKey("actual", indent: inner, first: true)
        $0.writeJSONKey("en", indent: inner + 2, first: true)
      }
      ids.openNext = record {
        $0.write(",\n")
        $0.writeSpaces(indent)
        $0.writeJSONKey("actual", indent: inner, first: true)
        $0.writeJSONKey("en", indent: inner + 2, first: true)
      }
      ids.textZhKey = record { $0.writeJSONKey("zh", indent: inner + 2) }
      ids.textClose = record { $0.writeJSONObjectEnd(indent: inner) }
      ids.assumedKey = record {
        $0.writeJSONObjectEnd(indent: inner)
        $0.writeJSONKey("assumedParameters", indent: inner)
      }
      ids.baselineStateKey = record { $0.writeJSONKey("baselineState", indent: inner) }
      ids.clauseIDKey = record { $0.writeJSONKey("clauseId", indent: inner) }
      ids.deadlineKey = record { $0.writeJSONKey("deadline", indent: inner) }
      ids.deadlineOpen = record { $0.writeJSONKey("calendar", indent: inner + 2, first: true) }
      ids.dueKey = record { $0.writeJSONKey("due", indent: inner + 2) }
      ids.durationKey = record { $0.writeJSONKey("duration", indent: inner + 2) }
      ids.makeUpDaysKey = record { $0.writeJSONKey("makeUpDays", indent: inner + 2) }
      ids.skippedDaysKey = record { $0.writeJSONKey("skippedDays", indent: inner + 2) }
      ids.startKey = record { $0.writeJSONKey("start", indent: inner + 2) }
      ids.deadlineClose = record { $0.writeJSONObjectEnd(indent: inner) }
      ids.explanationKey = record { $0.writeJSONKey("deadlineExplanation", indent: inner) }
      ids.explanationOpen = record { $0.writeJSONKey("en", indent: inner + 2, first: true) }
      ids.evidenceKey = record { $0.writeJSONKey("evidence", indent: inner) }
      // Evidence objects are elements of an array at `inner` (see `writeJSONArray`).
      ids.evidenceOpenFirst = record {
        $0.write("[\n")
        $0.writeSpaces(inner + 2)
        $0.writeJSONKey("file", indent: inner + 4, first: true)
      }
      ids.evidenceOpenNext = record {
        $0.write(",\n")
        $0.writeSpaces(inner + 2)
        $0.writeJSONKey("file", indent: inner + 4, first: true)
      }
      ids.labelKey = record { $0.writeJSONKey("label", indent: inner + 4) }
      ids.lineKey = record { $0.writeJSONKey("line", indent: inner + 4) }
      ids.resourceKey = record { $0.writeJSONKey("resource", indent: inner + 4) }
      ids.evidenceTimeKey = record { $0.writeJSONKey("time", indent: inner + 4) }
      ids.evidenceClose = record { $0.writeJSONObjectEnd(indent: inner + 2) }
      ids.evidenceArrayClose = record {
        $0.write(byte: UInt8(ascii: "\n"))
        $0.writeSpaces(inner)
        $0.write(byte: UInt8(ascii: "]"))
      }
      ids.expectedOpen = record {
        $0.writeJSONKey("expected", indent: inner)
        $0.writeJSONKey("en", indent: inner + 2, first: true)
      }
      ids.fingerprintKey = record {
        $0.writeJSONObjectEnd(indent: inner)
        $0.writeJSONKey("fingerprint", indent: inner)
      }
      ids.groupKey = record { $0.writeJSONKey("group", indent: inner) }
      ids.outcomeKey = record { $0.writeJSONKey("outcome", indent: inner) }
      ids.penaltyKey = record { $0.writeJSONKey("penalty", indent: inner) }
      ids.penaltyOpen = record { $0.writeJSONKey("amount", indent: inner + 2, first: true) }
      ids.currencyKey = record { $0.writeJSONKey("currency", indent: inner + 2) }
      ids.doubledOnRepeatKey = record { $0.writeJSONKey("doubledOnRepeat", indent: inner + 2) }
      ids.perOccurrenceKey = record { $0.writeJSONKey("perOccurrence", indent: inner + 2) }
      ids.penaltyClose = record { $0.writeJSONObjectEnd(indent: inner) }
      ids.periodKey = record { $0.writeJSONKey("period", indent: inner) }
      ids.ruleIDKey = record { $0.writeJSONKey("ruleId", indent: inner) }
      ids.severityKey = record { $0.writeJSONKey("severity", indent: inner) }
      ids.subjectKey = record { $0.writeJSONKey("subject", indent: inner) }
      ids.timeKey = record { $0.writeJSONKey("time", indent: inner) }
      ids.waiverKey = record { $0.writeJSONKey("waiver", indent: inner) }
      ids.close = record { $0.writeJSONObjectEnd(indent: indent) }
      let instantIndents = [inner, inner + 2, inner + 4]
      var instantIDs: [(open: Int, utcKey: Int, close: Int)] = []
      for instantIndent in instantIndents {
        instantIDs.append(
          (
            record { $0.writeJSONKey("local", indent: instantIndent + 2, first: true) },
            record { $0.writeJSONKey("utc", indent: instantIndent + 2) },
            record { $0.writeJSONObjectEnd(indent: instantIndent) }
          ))
      }
      // The sink no longer grows: its storage is where the pieces point.
      pieces = sink.withUnsafeBytes { bytes in
        let ranges = self.ranges
        // Slices of the sink's final storage (see above), within its bounds.
        func piece(_ id: Int) -> UnsafeRawBufferPointer {
          UnsafeRawBufferPointer(rebasing: bytes[ranges[id]])
        }
        func instant(_ k: Int) -> Instant {
          Instant(
            open: piece(instantIDs[k].open), utcKey: piece(instantIDs[k].utcKey),
            close: piece(instantIDs[k].close))
        }
        return FindingJSONPieces(
          innerIndent: inner, openFirst: piece(ids.openFirst), openNext: piece(ids.openNext),
          textZhKey: piece(ids.textZhKey),
          textClose: piece(ids.textClose), assumedKey: piece(ids.assumedKey),
          baselineStateKey: piece(ids.baselineStateKey), clauseIDKey: piece(ids.clauseIDKey),
          deadlineKey: piece(ids.deadlineKey), deadlineOpen: piece(ids.deadlineOpen),
          dueKey: piece(ids.dueKey),
          durationKey: piece(ids.durationKey), makeUpDaysKey: piece(ids.makeUpDaysKey),
          skippedDaysKey: piece(ids.skippedDaysKey), startKey: piece(ids.startKey),
          deadlineClose: piece(ids.deadlineClose), explanationKey: piece(ids.explanationKey),
          explanationOpen: piece(ids.explanationOpen), evidenceKey: piece(ids.evidenceKey),
          evidenceOpenFirst: piece(ids.evidenceOpenFirst), evidenceOpenNext: piece(ids.evidenceOpenNext),
          labelKey: piece(ids.labelKey), lineKey: piece(ids.lineKey), resourceKey: piece(ids.resourceKey),
          evidenceTimeKey: piece(ids.evidenceTimeKey), evidenceClose: piece(ids.evidenceClose),
          evidenceArrayClose: piece(ids.evidenceArrayClose), expectedOpen: piece(ids.expectedOpen),
          fingerprintKey: piece(ids.fingerprintKey), groupKey: piece(ids.groupKey),
          outcomeKey: piece(ids.outcomeKey), penaltyKey: piece(ids.penaltyKey),
          penaltyOpen: piece(ids.penaltyOpen), currencyKey: piece(ids.currencyKey),
          doubledOnRepeatKey: piece(ids.doubledOnRepeatKey), perOccurrenceKey: piece(ids.perOccurrenceKey),
          penaltyClose: piece(ids.penaltyClose), periodKey: piece(ids.periodKey),
          ruleIDKey: piece(ids.ruleIDKey), severityKey: piece(ids.severityKey),
          subjectKey: piece(ids.subjectKey), timeKey: piece(ids.timeKey), waiverKey: piece(ids.waiverKey),
          close: piece(ids.close), findingInstant: instant(0), deadlineInstant: instant(1),
          evidenceInstant: instant(2))
      }
    }

    /// Writes one piece with `body` and returns its id (its index in `ranges`).
    private func record(_ body: (inout ReportSink) -> Void) -> Int {
      let start = sink.byteCount
      body(&sink)
      ranges.append(start..<sink.byteCount)
      return ranges.count - 1
    }
  }
}

/// Piece ids while the storage is written (see `FindingJSONPieces.Storage.init`).
private struct PieceIDs {
  var openFirst = 0, openNext = 0, textZhKey = 0, textClose = 0, assumedKey = 0, baselineStateKey = 0
  var clauseIDKey = 0, deadlineKey = 0, deadlineOpen = 0, dueKey = 0, durationKey = 0, makeUpDaysKey = 0
  var skippedDaysKey = 0, startKey = 0, deadlineClose = 0, explanationKey = 0, explanationOpen = 0
  var evidenceKey = 0, evidenceOpenFirst = 0, evidenceOpenNext = 0, labelKey = 0, lineKey = 0
  var resourceKey = 0, evidenceTimeKey = 0, evidenceClose = 0, evidenceArrayClose = 0, expectedOpen = 0
  var fingerprintKey = 0, groupKey = 0, outcomeKey = 0, penaltyKey = 0, penaltyOpen = 0, currencyKey = 0
  var doubledOnRepeatKey = 0, perOccurrenceKey = 0, penaltyClose = 0, periodKey = 0, ruleIDKey = 0
  var severityKey = 0, subjectKey = 0, timeKey = 0, waiverKey = 0, close = 0
}
