/// Bands of a measured value map to a severity and a fine (S1-01 lateness bands). A value at or
/// below the lowest band's lower bound passes. With `repeat_key`, a later case of the same
/// subject and key has its fine doubled (S2-13).
public struct TiersCheck: CheckKind {
  public static let name = "tiers"
  public static let keys = ["value", "bands", "repeat_key", "subject"]
  public static let summary = LocalizedText(
    zh: "按测量值分档，定出严重程度与罚款（可对重复问题加倍）",
    en: "bands of a measured value set severity and fine (optionally doubled on repeats)")

  public struct Band: Sendable {
    /// Exclusive lower bound (a number, or a duration in milliseconds).
    public var above: Double
    /// Inclusive upper bound; nil = unbounded.
    public var upTo: Double?
    public var severity: Severity?
    public var fine: Double?
    public var label: LocalizedText?
  }

  public var value: Expression
  public var bands: [Band]
  /// Whether bounds were written as durations (the value must then be a duration).
  public var boundsAreDurations: Bool
  public var repeatKey: Expression?
  /// The field naming whose repeat it is (employee, customer); default the case id.
  public var subject: String?

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let value = context.required(m, "value", in: "tiers check").flatMap { context.expression($0, "value") }
    repeatKey = m["repeat_key"].flatMap { context.expression($0, "repeat_key") }
    subject = m["subject"].flatMap { context.string($0, "subject") }
    var bands: [Band] = []
    var durations: Bool?
    if let node = context.required(m, "bands", in: "tiers check") {
      for (i, item) in context.list(node, "bands").enumerated() {
        let what = "bands[\(i)]"
        guard let bm = context.mapping(item, what, allowed: ["above", "up_to", "severity", "fine", "label"]),
          let aboveNode = context.required(bm, "above", in: what)
        else { continue }
        func bound(_ n: YAMLNode, _ w: String) -> Double? {
          if let s = n.scalar, s.isPlain, let d = Double(s.value) {
            if durations == true { context.error("\(w) mixes numbers and durations", at: n.mark) }
            durations = false
            return d
          }
          guard let d = context.duration(n, w) else { return nil }
          guard let ms = d.fixedMilliseconds else {
            context.error("\(w) must be a fixed duration (m, h, d, w)", at: n.mark)
            return nil
          }
          if durations == false { context.error("\(w) mixes numbers and durations", at: n.mark) }
          durations = true
          return Double(ms)
        }
        guard let above = bound(aboveNode, "\(what).above") else { continue }
        let upTo = bm["up_to"].flatMap { bound($0, "\(what).up_to") }
        if let upTo, upTo <= above { context.error("\(what).up_to must be above 'above'", at: bm.mark) }
        if let last = bands.last, last.upTo.map({ $0 != above }) ?? true {
          context.error(
            "\(what).above must equal the previous band's up_to (bands are contiguous)", at: aboveNode.mark)
        }
        bands.append(
          Band(
            above: above, upTo: upTo,
            severity: bm["severity"].flatMap { context.choice($0, "severity", Severity.self) },
            fine: bm["fine"].flatMap { context.number($0, "\(what).fine") },
            label: bm["label"].flatMap { context.localized($0, "\(what).label") }))
      }
    }
    guard let value, !bands.isEmpty else {
      if m["bands"] != nil && bands.isEmpty { context.error("tiers need at least one band", at: m.mark) }
      return nil
    }
    self.value = value
    self.bands = bands
    self.boundsAreDurations = durations ?? false
  }

  /// The band a value falls in; nil ⇒ at or below every band (passed).
  public func band(for value: Double) -> (index: Int, band: Band)? {
    for (i, band) in bands.enumerated() where value > band.above && (band.upTo.map { value <= $0 } ?? true) {
      return (i, band)
    }
    return nil
  }

  public func expectation(_ language: Language) -> String {
    let limit =
      bands.first.map {
        boundsAreDurations
          ? DurationText.describe(milliseconds: Int64($0.above)) : Value.number($0.above).description
      } ?? ""
    return language == .zh ? "\(value.source) 不超过 \(limit)" : "\(value.source) at most \(limit)"
  }
}
