import PolicyRules

/// Every label the reports print themselves, in both languages, declared once.
/// (Rule titles, messages and explanations come from the results model.)
enum ReportStrings {
  static let reportTitle = LocalizedText(zh: "合规审计报告", en: "Compliance audit report")
  static let period = LocalizedText(zh: "审计期间", en: "Period")
  static let asOf = LocalizedText(zh: "截止时间", en: "As of")
  static let timeZone = LocalizedText(zh: "时区", en: "Time zone")
  static let ruleFiles = LocalizedText(zh: "规则文件", en: "Rule files")
  static let dataFiles = LocalizedText(zh: "数据文件", en: "Data files")
  static let toolVersion = LocalizedText(zh: "工具版本", en: "Tool version")
  static let rowsRead = LocalizedText(zh: "读取行数", en: "Rows read")
  static let rowsUsed = LocalizedText(zh: "使用", en: "used")
  static let rowsRejected = LocalizedText(zh: "拒收", en: "rejected")
  static let rejectedRows = LocalizedText(zh: "拒收的行", en: "Rejected rows")
  static let cases = LocalizedText(zh: "案例", en: "Cases")
  static let rulesEvaluated = LocalizedText(zh: "已评估规则", en: "Rules evaluated")
  static let summary = LocalizedText(zh: "概要", en: "Summary")
  static let complianceByClause = LocalizedText(zh: "各条款合规率", en: "Compliance by clause")
  static let topViolatedClauses = LocalizedText(zh: "违规最多的条款", en: "Most violated clauses")
  static let violationsBySeverity = LocalizedText(zh: "按严重程度的违规", en: "Violations by severity")
  static let needAttention = LocalizedText(
    zh: "最需关注的条款（按合规率、违规数与严重程度评分）",
    en: "Clauses that most need attention (scored by compliance, violations and severity)")
  static func clauseChartNote(_ n: Int) -> LocalizedText {
    LocalizedText(
      zh: "按领域分组，合规率最低的在前；判定少于 \(n) 次的条款以灰色斜纹显示。",
      en:
        "By domain, lowest compliance first; clauses with fewer than \(n) judgements are drawn grey and hatched."
    )
  }
  static let worstFirst = LocalizedText(zh: "最差在前", en: "Worst first")
  static let catalogueOrder = LocalizedText(zh: "目录顺序", en: "Catalogue order")
  static let fewJudgements = LocalizedText(zh: "样本少", en: "few judgements")
  static let score = LocalizedText(zh: "评分", en: "score")
  static let judgementsByGroup = LocalizedText(zh: "各组别合规率", en: "Compliance by group")
  static func moreGroups(_ n: Int) -> LocalizedText {
    LocalizedText(zh: "另有 \(n) 个组别，见 HTML / CSV 报告", en: "\(n) more groups in the HTML or CSV report")
  }
  static let detailsHint = LocalizedText(
    zh: "每个条款与每条发现：加 --details，或见 HTML / JSON / CSV 报告",
    en: "Every clause and finding: add --details, or see the HTML, JSON or CSV report")
  static let violationsByGroup = LocalizedText(zh: "按组别的违规", en: "Violations by group")
  static let trend = LocalizedText(zh: "趋势", en: "Trend")
  static let byWeek = LocalizedText(zh: "按周", en: "by week")
  static let byMonth = LocalizedText(zh: "按月", en: "by month")
  static let findings = LocalizedText(zh: "发现", en: "Findings")
  static func moreFindings(_ n: Int) -> LocalizedText {
    LocalizedText(
      zh: "另有 \(n) 条发现，见 HTML / JSON / CSV 报告", en: "\(n) more findings in the HTML, JSON or CSV report")
  }
  static func tableCapped(_ shown: Int, _ total: Int) -> LocalizedText {
    LocalizedText(
      zh: "表中列出最严重的 \(shown) 条（共 \(total) 条）；全部发现见 CSV 或 JSON 报告",
      en:
        "The table lists the \(shown) most serious of \(total) findings; the CSV and JSON reports list all of them"
    )
  }
  static let wholeData = LocalizedText(zh: "全部数据（未限定期间）", en: "all records (no period given)")
  static let noFindings = LocalizedText(zh: "没有发现", en: "No findings")
  static let notExercisedRules = LocalizedText(
    zh: "未执行的规则（没有适用的案例）", en: "Rules not exercised (applicable to no case)")
  static let notExercised = LocalizedText(zh: "未执行", en: "not exercised")
  static let outsideCalendarData = LocalizedText(zh: "超出日历数据", en: "past calendar data")
  static let calendarGap = LocalizedText(zh: "日历", en: "Calendar")
  static let noViolations = LocalizedText(zh: "没有违规", en: "No violations")
  static let expiredWaivers = LocalizedText(zh: "已过期的豁免（未应用）", en: "Expired waivers (not applied)")
  static let metricRows = LocalizedText(zh: "指标明细", en: "Metric rows")

  static let clause = LocalizedText(zh: "条款", en: "Clause")
  static let document = LocalizedText(zh: "文件", en: "Document")
  static let article = LocalizedText(zh: "条目", en: "Article")
  static let quote = LocalizedText(zh: "原文", en: "Quote")
  static let rule = LocalizedText(zh: "规则", en: "Rule")
  static let title = LocalizedText(zh: "标题", en: "Title")
  static let subject = LocalizedText(zh: "对象", en: "Subject")
  static let group = LocalizedText(zh: "组别", en: "Group")
  /// The bucket of findings whose case has no value in the group field.
  static let noGroup = LocalizedText(zh: "（无组别）", en: "(no group)")
  static let violatedWord = LocalizedText(zh: "项违规", en: "violations")
  static let outcome = LocalizedText(zh: "结果", en: "Outcome")
  static let severity = LocalizedText(zh: "严重程度", en: "Severity")
  static let expected = LocalizedText(zh: "要求", en: "Expected")
  static let actual = LocalizedText(zh: "实际", en: "Actual")
  static let due = LocalizedText(zh: "到期", en: "Due")
  static let deadline = LocalizedText(zh: "期限推算", en: "Deadline")
  static let evidence = LocalizedText(zh: "证据", en: "Evidence")
  static let penalty = LocalizedText(zh: "罚款", en: "Penalty")
  static let penaltyPerCase = LocalizedText(zh: "每例", en: "per case")
  static let penaltyDoubled = LocalizedText(zh: "重复加倍", en: "doubled on repeat")
  static let assumed = LocalizedText(zh: "假定阈值", en: "assumed")
  static let waiver = LocalizedText(zh: "豁免", en: "Waiver")
  static let approver = LocalizedText(zh: "批准人", en: "approver")
  static let expires = LocalizedText(zh: "有效期至", en: "expires")
  static let reason = LocalizedText(zh: "理由", en: "Reason")
  static let source = LocalizedText(zh: "来源", en: "Source")
  static let time = LocalizedText(zh: "时间", en: "Time")
  static let fingerprint = LocalizedText(zh: "指纹", en: "Fingerprint")
  static let count = LocalizedText(zh: "数量", en: "Count")
  static let total = LocalizedText(zh: "合计", en: "Total")
  static let target = LocalizedText(zh: "目标", en: "Target")
  static let value = LocalizedText(zh: "实测", en: "Value")
  static let met = LocalizedText(zh: "达标", en: "Met")
  static let yes = LocalizedText(zh: "是", en: "yes")
  static let no = LocalizedText(zh: "否", en: "no")
  static let casesAgainst = LocalizedText(zh: "不达标案例", en: "Cases against")
  static let filterPlaceholder = LocalizedText(zh: "筛选…", en: "Filter…")
  static let allOutcomes = LocalizedText(zh: "全部结果", en: "All outcomes")
  static let allSeverities = LocalizedText(zh: "全部严重程度", en: "All severities")
  static let details = LocalizedText(zh: "详情", en: "Details")
  static let shown = LocalizedText(zh: "显示", en: "shown")
  static let violatingCases = LocalizedText(zh: "违规案例", en: "Violating cases")

  static let compliance = LocalizedText(zh: "合规率", en: "Compliance")
  static let passed = LocalizedText(zh: "通过", en: "passed")
  static let violated = LocalizedText(zh: "违规", en: "violated")
  static let pending = LocalizedText(zh: "待定", en: "pending")
  static let unverifiable = LocalizedText(zh: "无法核实", en: "unverifiable")
  static let waived = LocalizedText(zh: "已豁免", en: "waived")

  /// The label of an outcome.
  static func label(_ outcome: Outcome) -> LocalizedText {
    switch outcome {
    case .passed: passed
    case .violated: violated
    case .pending: pending
    case .unverifiable: unverifiable
    case .waived: waived
    }
  }
}

extension LocalizedText {
  /// Shorthand for report code: `ReportStrings.cases[language]`.
  subscript(_ language: Language) -> String { text(language) }
}
