import PolicyRules

extension Audit {
  /// Audits a dataset read in `count` parts of its cases (`CasePartition`), one part in memory
  /// at a time, and gives the results and the counts one `run` over the whole dataset gives:
  /// the same findings in the same order, counts, rejections and warnings. `first` is part 0,
  /// which the caller has read (its files and zone set the audit up); `load` reads the others.
  ///
  /// Every rule must be judged case by case (`AuditEngine.rulesNeedingEveryCase` is empty):
  /// the parts never meet, so a rule over all cases at once could not be judged.
  public func run(
    parts count: Int, first: consuming Dataset, progress: (@Sendable (Int, Int) -> Void)? = nil,
    load: (CasePartition) -> Dataset
  ) -> (result: AuditResult, dataset: Dataset) {
    let engine = engine
    var summary = copy first
    summary.table = .empty
    var schema = DatasetSchema(recordTypes: [])
    var caseCount = 0
    var judged: [PartJudgements] = []
    var part: Dataset? = consume first
    for index in 0..<count {
      var dataset = part.take() ?? load(CasePartition(index: index, of: count))
      if index > 0 { summary.add(dataset) }
      schema.merge(DatasetSchema(dataset.table))
      caseCount += dataset.caseCount
      judged.append(engine.judgePart(consume dataset))
      progress?(index + 1, count)
    }
    // Each part lists its rejections in file and line order; so does one whole read.
    summary.rejections.sort { $0.source < $1.source }
    let bindingStart = ContinuousClock.now
    let binding = RuleDataCheck.bind(library.rules, to: schema)
    let bindingTime = ContinuousClock.now - bindingStart
    let rules = engine.results(of: judged)
    return (
      result(
        rules, summary: summary, caseCount: caseCount, dataWarnings: binding.diagnostics,
        bindingTime: bindingTime),
      summary
    )
  }
}

extension Dataset {
  /// Counts, rejections and timings of another part of the same files added to these; its
  /// file-level diagnostics are part 0's again and are not repeated.
  mutating func add(_ part: Dataset) {
    counts = counts + part.counts
    for k in fileCounts.indices where k < part.fileCounts.count {
      fileCounts[k] = fileCounts[k] + part.fileCounts[k]
    }
    rejections += part.rejections
    stoppedEarly = stoppedEarly || part.stoppedEarly
    readSeconds += part.readSeconds
    assembleSeconds += part.assembleSeconds
  }
}

extension DatasetSchema {
  /// The names of both schemas: record types by name (in natural order, the table's), with
  /// their case counts added and their fields and activities joined.
  mutating func merge(_ other: DatasetSchema) {
    for type in other.recordTypes {
      if let k = recordTypes.firstIndex(where: { $0.name == type.name }) {
        recordTypes[k].caseCount += type.caseCount
        recordTypes[k].fields.formUnion(type.fields)
        recordTypes[k].activities.formUnion(type.activities)
      } else {
        recordTypes.append(type)
      }
    }
    recordTypes.sort { NaturalOrder.less($0.name, $1.name) }
  }
}
