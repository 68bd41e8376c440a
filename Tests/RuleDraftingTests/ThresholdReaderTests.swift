import Testing

@testable import RuleDrafting

/// Phrases taken from the shipped regulation texts (`Rules/catalogue/*.txt`, Traditional and
/// Simplified as written there), each with the normalised thresholds the reader must give, in
/// text order.
@Suite struct ThresholdReaderTests {
  static let phrases: [(String, [String])] = [
    // Durations: Arabic and Chinese numerals, the units, 以内/内/之内/不超过.
    ("遲到早退20分鐘內罰10元", ["20m", "10 CNY per occurrence"]),
    ("遲到或早退30分鐘內罰20元", ["30m", "20 CNY per occurrence"]),
    ("1小時內罰50元", ["1h", "50 CNY per occurrence"]),
    ("遲到或早退1小時以上按曠工處理", ["1h"]),
    ("連續曠工3天作自動離職處理", ["3d"]),
    ("接聽電話不能超出3分鐘", ["3m"]),
    ("提供12小時服務", ["12h"]),
    ("新業主入住3日內上門走訪", ["3d"]),
    ("至到達目的地的時間不超過25分鐘", ["25m"]),
    ("一般性維修不超過2小時", ["2h"]),
    ("對于特別困難的,不超過72小時", ["72h"]),
    ("赴約提前到達時間不超過五分鐘", ["5m"]),
    ("遲到不超過兩分鐘", ["2m"]),
    ("小問題在二十四小時內處理完畢", ["24h"]),
    ("大問題三天之內有回應", ["3d"]),
    ("緊急情況服務人員須保證10分鐘內到達現場", ["10m"]),
    ("十臺以內必須在一天內完成維修", ["<= 10 units", "1d"]),
    ("二十臺內必須在二天", ["<= 20 units", "2d"]),
    ("我們必須在三天內回訪客戶", ["3d"]),
    ("回訪時間安排在維修后一星期之內", ["1w"]),
    ("安全設施維修二天內回訪", ["2d"]),
    ("漏水維修三天內回訪", ["3d"]),
    ("24小時內通知維修人員進行整改", ["24h"]),
    ("免費代管臨時寄存小件物品(不超過24小時)", ["24h"]),
    ("業務部應于二日內", ["2d"]),
    ("后三天至一周內,應主動電話聯系客戶", ["3d..1w"]),
    ("第一次跟蹤服務的一周后的7天以內", ["1w", "7d"]),
    ("要在兩日內報告業務主管", ["2d"]),
    ("然后于兩日內", ["2d"]),
    ("時間不得超過15分鐘", ["15m"]),
    ("兩周內完成項目移交工作", ["2w"]),
    ("數據在兩個月內有變化", ["2 months"]),
    ("房屋交付后的三個月內", ["3 months"]),
    ("鄰近市縣 6小時", ["6h"]),
    ("竣工驗收的同時(最遲不超過3天)", ["3d"]),
    ("投標文件規定2年", ["24 months"]),
    ("一年以上電力業務工作經歷", ["12 months"]),
    ("曠工一天,扣除三天工資", ["1d", "3d"]),
    ("一個半小時", ["90m"]),
    ("半小時內", ["30m"]),
    ("半天", ["12h"]),
    ("半個月", ["15d"]),
    ("十五分鐘", ["15m"]),
    ("三個工作日內", ["3 working days"]),
    ("2个工作日", ["2 working days"]),
    ("6個工作小時", ["6 working hours"]),
    ("一個季度", ["3 months"]),
    ("兩年", ["24 months"]),
    ("1.5天", ["36h"]),
    ("6-12個月", ["6 months..12 months"]),
    ("15~30分鐘", ["15m..30m"]),
    ("15～30分钟", ["15m..30m"]),
    ("三至五天", ["3d..5d"]),
    ("不超過上班時間內六小時", ["6 working hours"]),
    ("市區采用六小時,郊區采用七小時派工制", ["6h", "7h"]),
    ("不得逾上班時間內六小時或七小時", ["6 working hours", "7 working hours"]),
    // Lead times: 提前, 前.
    ("請假者必須提前一天向經理告知", ["1d"]),
    ("辭職者提前一個月告知", ["1 month"]),
    ("應提前兩周把通知先以電話方式告之客戶", ["2w"]),
    ("項目終驗前一個月", ["1 month"]),
    ("項目免費維護期滿前三個月", ["3 months"]),
    ("保養合同期滿前一個月", ["1 month"]),
    // Days named by a word.
    ("不能當天完成的", ["same day"]),
    ("當日問題應在當日處理完畢", ["same day", "same day"]),
    ("并在得到解決辦法的當日告知客戶", ["same day"]),
    ("于當天開具發票", ["same day"]),
    ("當天未派修工作于次日送請主管優先派工", ["same day", "next working day"]),
    ("隔日回訪", ["next working day"]),
    ("以當天全部叫修數為原則", ["same day"]),
    // Periods.
    ("每天核對零部件的到貨情況", ["day"]),
    ("每年對制度執行情況進行評估", ["year"]),
    ("每年在轄區內進行社區普查", ["year"]),
    ("每月入戶回訪抽樣", ["month"]),
    ("每週向總經理報告", ["week"]),
    ("每日下班前", ["day"]),
    ("每月對所有維護期內的系統巡檢一次", ["month", "1 time"]),
    ("客戶回訪以季度為單位,分解到月", ["quarter"]),
    ("每季提交書面維護工作報告", ["quarter"]),
    ("每半年至一年向客戶送交", ["6 months..12 months"]),
    ("每月…一次小結,每年末進行一次總結", ["month", "1 time", "year", "1 time"]),
    ("評估周期可根據實際情況設定為月度、季度或年度", ["month", "quarter", "year"]),
    ("每個工作日", ["working_day"]),
    ("每3個月", ["3 months"]),
    ("全體員工定期或不定期進行培訓", ["month"]),
    // Targets: percentages and per mille.
    ("零修、急修及時率百分之百", ["24h", "== 100%"]),
    ("返修率百分之零點五以下", ["< 0.5%"]),
    ("滿意度不低于百分之九十五", [">= 95%"]),
    ("回訪率不低于30%", [">= 30%"]),
    ("事故車30%以上毛利率", [">= 30%"]),
    ("創造80%的業務和利潤", ["== 80%"]),
    ("差錯率不超過千分之三", ["<= 0.3%"]),
    ("差錯率低于3‰", ["< 0.3%"]),
    ("合格率達到98%", [">= 98%"]),
    ("投訴率5%以內", ["<= 5%"]),
    // Money: fines, per unit, rewards, doubled.
    ("上班時儀容儀表不符合要求,罰10元", ["10 CNY per occurrence"]),
    ("偷吃公司食品罰50元/次", ["50 CNY per occurrence"]),
    ("違者罰款20元", ["20 CNY per occurrence"]),
    ("未使用托盤者罰款5元", ["5 CNY per occurrence"]),
    ("私自調班者,罰20元/次", ["20 CNY per occurrence"]),
    ("否則20元/單", ["20 CNY per order"]),
    ("否則50元/單", ["50 CNY per order"]),
    ("工作積極、樂于幫助獎20元", []),
    ("拾金不昧者獎30元", []),
    ("交納押金500元", ["500 CNY"]),
    ("罰款20元起步,無封頂,當班經理有連帶責任,罰款翻倍", ["20 CNY per occurrence", "doubled on repeat"]),
    ("同樣的問題被客戶重復反映,加倍樂捐", ["doubled on repeat"]),
    ("扣50元", ["50 CNY per occurrence"]),
    // Counts.
    ("超過三次,直接開除", ["> 3 times"]),
    ("電話鈴響三聲必須有人接聽", ["3 rings"]),
    ("建立35歲以上人群首診測血壓制度", [">= 35 years of age"]),
    ("嚴格做到三家價格對比", ["3 suppliers"]),
    ("每周5單", ["week", "5 orders"]),
    ("四個程度", ["4 levels"]),
    ("按成本10倍賠償", ["10 times the amount"]),
    ("至少兩次", [">= 2 times"]),
    // Times of day.
    ("8:00—17:30之間", ["08:00-17:30"]),
    ("晚上21點以后給業主、住戶打電話", ["21:00"]),
    ("晚18:00開啟燈箱至次日早6:00", ["18:00", "next working day", "06:00"]),
    ("早7:00拉上遮陽簾", ["07:00"]),
    ("活動時間是下午6點", ["18:00"]),
    // Vague words: the assumed defaults.
    ("在規定的時間內給予客戶反饋", ["24h"]),
    ("應在規定時間內做出響應", ["24h"]),
    ("如問題不能立即解決,及時告知客戶預計的解決時間", ["30m", "24h"]),
    ("定期進行庫存盤點", ["month"]),
    ("我們會盡快為您處理", ["24h"]),
    ("應即時登記", ["30m"]),
    ("技術員應即報請服務主任予以協助", ["30m"]),
    ("按時到達現場,不得無故遲到", ["15m"]),
    // Not thresholds: dates, ordinals, list numbers, words with numerals.
    ("本制度從2011年11月1日起執行", []),
    ("二〇一二年", []),
    ("第十四條", []),
    ("一公開、二提供、三優先", []),
    ("一般性維修", []),
    ("三級安全教育", []),
    ("請事假按1:1.5倍工資扣除", ["1.5 times the amount"]),
    ("十分重要", []),
    ("時間:2024-10-05 18:17:26", []),
    ("確保問題一次性解決", []),
  ]

  @Test(arguments: phrases.indices)
  func readsPhrase(_ index: Int) {
    let (phrase, expected) = Self.phrases[index]
    let read = ThresholdReader().read(phrase)
    #expect(
      read.map(\.normalized) == expected,
      "\(phrase): \(read.map { "\($0.text) ⇒ \($0.normalized) [\($0.rule)]" })")
  }

  @Test func atLeastOneHundredPhrases() {
    #expect(Self.phrases.count >= 100)
    #expect(Set(Self.phrases.map(\.0)).count == Self.phrases.count, "a phrase is listed twice")
  }

  @Test func relationsAndSpans() throws {
    let lead = try #require(ThresholdReader().read("請假者必須提前一天向經理告知").first)
    #expect(lead.relation == .before)
    #expect(lead.text == "提前一天")
    let within = try #require(ThresholdReader().read("要在兩日內報告業務主管").first)
    #expect(within.relation == .within)
    #expect(within.text == "两日内")
    #expect(within.amount == 2880)
    let vague = try #require(ThresholdReader().read("應立即報告主管部門").first)
    #expect(!vague.stated)
    #expect(vague.parameter == "immediate")
    let range = try #require(ThresholdReader().read("6-12個月").first)
    #expect(range.relation == .between)
  }

  @Test func chineseNumerals() {
    let cases: [(String, Double)] = [
      ("十五", 15), ("二十四", 24), ("两", 2), ("一百", 100), ("百", 100), ("十", 10), ("三十", 30),
      ("一千零五", 1005), ("零点五", 0.5), ("九十五", 95), ("二〇一二", 2012), ("一万", 10_000),
    ]
    for (text, value) in cases {
      #expect(ChineseNumber.read(Array(text), at: 0)?.value == value, "\(text)")
    }
    #expect(ChineseNumber.read(Array("半"), at: 0)?.value == 0.5)
    #expect(ChineseNumber.read(Array("天"), at: 0) == nil)
  }
}
