import PolicyRules

extension CaseTable {
  /// A table of these cases, in this order, each case's events as given.
  ///
  /// Each record type's fields are the names of its cases' fields, then any other attribute
  /// names its events carry; an event keeps the attributes whose value differs from its case's.
  public convenience init(cases: [Case]) {
    var builder = CaseTableBuilder()
    var typeNames: [String] = []
    var namesByType: [String: [String]] = [:]
    for item in cases {
      if namesByType[item.recordType] == nil { typeNames.append(item.recordType) }
      var names = namesByType[item.recordType] ?? []
      for name in item.fields.schema.names where !names.contains(name) { names.append(name) }
      namesByType[item.recordType] = names
    }
    for item in cases {
      var names = namesByType[item.recordType] ?? []
      for event in item.events {
        for name in event.attributes.schema.names where !names.contains(name) { names.append(name) }
      }
      namesByType[item.recordType] = names
    }
    var types: [String: (id: Int32, schema: FieldSchema)] = [:]
    for name in typeNames {
      let schema = FieldSchema(names: namesByType[name] ?? [])
      types[name] = (builder.recordType(name, schema: schema), schema)
    }
    for item in cases {
      guard let (type, schema) = types[item.recordType] else { continue }
      let values = schema.names.map { StoredValue(item.fields[$0], intern: { builder.intern($0) }) }
      builder.addCase(id: item.id, type: type, source: item.source, fields: values)
      for event in item.events {
        var own: [(slot: Int32, value: StoredValue)] = []
        for (k, name) in event.attributes.schema.names.enumerated() where k < event.attributes.values.count {
          guard let slot = schema.index(of: name) else { continue }
          let value = StoredValue(event.attributes.values[k], intern: { builder.intern($0) })
          if value != values[slot] { own.append((Int32(slot), value)) }
        }
        let activity = builder.intern(event.activity)
        let resource = event.resource.map { builder.intern($0) } ?? -1
        builder.addEvent(
          activity: activity, time: event.time.milliseconds, resource: resource, source: event.source,
          attributes: own)
      }
    }
    self.init(copying: builder.build())
  }

  /// Case c as a row: its fields, and events whose attributes are the case's fields overlaid
  /// with the event's own values.
  public func row(_ c: Int) -> Case {
    let t = Int(caseTypes[c])
    let schema = schemas[t]
    let start = Int(fieldStarts[c])
    let values = (0..<schema.names.count).map { fields[start + $0].value(strings) }
    var events: [Event] = []
    for e in Int(eventStarts[c])..<Int(eventStarts[c + 1]) {
      var own = values
      for k in Int(attributeStarts[e])..<Int(attributeStarts[e + 1]) {
        own[Int(attributeSlots[k])] = attributeValues[k].value(strings)
      }
      events.append(
        Event(
          activity: strings[Int(activities[e])], time: Timestamp(milliseconds: times[e]),
          resource: resource(ofEvent: e), attributes: FieldRow(schema: schema, values: own),
          source: source(ofEvent: e)))
    }
    return Case(
      id: caseIDs[c], recordType: recordTypes[t], fields: FieldRow(schema: schema, values: values),
      events: events, source: caseSources[c])
  }

  /// Every case as a row (for small datasets: each row copies its values).
  public var rows: [Case] { (0..<caseCount).map { row($0) } }
}
