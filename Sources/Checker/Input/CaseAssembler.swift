import PolicyRules

/// Joins what every file contributed into cases, in a deterministic order.
///
/// Cases are keyed by (record type, case id). A records row gives a case its fields; events of
/// any source with the same key are added to it (JOIN). A case known only from events gets, as
/// fields, the latest non-null value of each attribute over its events in time order; when a
/// records row exists, its non-null fields win and event values only fill its gaps. Event rows
/// whose case id matches no records row still make a case.
enum CaseAssembler {
  private struct Builder {
    var fields: [Value]?
    var events: [Event] = []
    /// Set when events of a second source were appended, so they need sorting.
    var mixed = false
    var source: SourceLocation
    var fromRecords = false
  }

  static func assemble(_ outputs: [SourceOutput]) -> [Case] {
    var typeOrder: [String] = []
    var byType: [String: [Int]] = [:]
    for (k, output) in outputs.enumerated() {
      if byType[output.recordType] == nil { typeOrder.append(output.recordType) }
      byType[output.recordType, default: []].append(k)
    }
    var cases: [Case] = []
    for recordType in typeOrder.sorted(by: NaturalOrder.less) {
      cases += assembleType(recordType, outputs: (byType[recordType] ?? []).map { outputs[$0] })
    }
    return cases
  }

  private static func assembleType(_ recordType: String, outputs unordered: [SourceOutput]) -> [Case] {
    // Records sources first: their fields win, events sources only fill gaps.
    let outputs = unordered.filter { $0.kind == .records } + unordered.filter { $0.kind == .events }
    var names: [String] = []
    var seen = Set<String>()
    for output in outputs {
      for name in output.schema.names where seen.insert(name).inserted { names.append(name) }
    }
    let schema = FieldSchema(names: names)
    var builders: [Builder] = []
    var index: [String: Int] = [:]
    var ids: [String] = []
    for output in outputs {
      let mapping = output.schema.names.map { schema.index(of: $0) ?? 0 }
      let identity = output.schema.names == names
      // One source of the type whose ids are all distinct needs no id look-ups.
      let unique = outputs.count == 1 && output.idsAreUnique
      for (k, caseId) in output.caseIds.enumerated() {
        let slot: Int
        if unique {
          slot = builders.count
          ids.append(caseId)
          builders.append(Builder(source: output.firstSources[k]))
        } else if let existing = index[caseId] {
          slot = existing
        } else {
          slot = builders.count
          index[caseId] = slot
          ids.append(caseId)
          builders.append(Builder(source: output.firstSources[k]))
        }
        let values =
          identity ? output.recordValues[k] : remap(output.recordValues[k], mapping, count: names.count)
        if var fields = builders[slot].fields {
          for i in fields.indices where fields[i].isNull { fields[i] = values[i] }
          builders[slot].fields = fields
        } else {
          builders[slot].fields = values
        }
        if output.kind == .records {
          builders[slot].source = output.firstSources[k]
          builders[slot].fromRecords = true
        } else if !builders[slot].fromRecords {
          builders[slot].source = min(builders[slot].source, output.firstSources[k])
        }
        if builders[slot].events.isEmpty {
          builders[slot].events = output.events[k]
        } else if !output.events[k].isEmpty {
          builders[slot].events += output.events[k]
          builders[slot].mixed = true
        }
      }
    }
    let order = ids.indices.sorted { NaturalOrder.less(ids[$0], ids[$1]) }
    var cases: [Case] = []
    cases.reserveCapacity(builders.count)
    for slot in order {
      let builder = builders[slot]
      var events = builder.events
      if builder.mixed && !SourceBuilder.isSorted(events) {
        events.sort { ($0.time, $0.source) < ($1.time, $1.source) }
      }
      cases.append(
        Case(
          id: ids[slot], recordType: recordType,
          fields: FieldRow(
            schema: schema, values: builder.fields ?? Array(repeating: .null, count: names.count)),
          events: events, source: builder.source))
    }
    return cases
  }

  private static func remap(_ values: [Value], _ mapping: [Int], count: Int) -> [Value] {
    var result = [Value](repeating: .null, count: count)
    for (k, value) in values.enumerated() where k < mapping.count { result[mapping[k]] = value }
    return result
  }
}
