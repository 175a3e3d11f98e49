import { AnswerKeyBuilder, addBusinessDays, csvText, day, isoDay, major, Random, utf8, type GeneratorOptions, type ScenarioGenerator } from "./support";

/**
 * Trade lifecycle scenarios: the OMS blotter (ISINs, BUY/SELL), the
 * brokers' confirmations (CUSIPs for US and Canadian securities, ISINs
 * elsewhere, B/S, quantities with thousands separators) and the
 * custodian's settled positions as of the pack's position date (CUSIP or
 * ISIN, as the custodian keeps them). Conditions follow the runbook: price
 * breaks beyond the bps tolerance (and small differences within it),
 * settlement date breaks, partial fills (a quantity break, and a position
 * break at custody), unconfirmed trades, confirms for unbooked trades,
 * trades settling after the position date (pending, out of scope), and
 * custody movements with no trade (corporate actions).
 */
interface Security {
  isin: string;
  ticker: string;
  name: string;
  currency: string;
  /** US and CA securities: brokers confirm them by CUSIP (ISIN characters 3–11). */
  cusip?: string;
  priceMinor4: number;
}

const SECURITIES: Security[] = [
  { isin: "US0378331005", ticker: "AAPL", name: "APPLE INC", currency: "USD", cusip: "037833100", priceMinor4: 2_294_500 },
  { isin: "US5949181045", ticker: "MSFT", name: "MICROSOFT CORP", currency: "USD", cusip: "594918104", priceMinor4: 4_311_000 },
  { isin: "US0231351067", ticker: "AMZN", name: "AMAZON.COM INC", currency: "USD", cusip: "023135106", priceMinor4: 2_182_200 },
  { isin: "US67066G1040", ticker: "NVDA", name: "NVIDIA CORP", currency: "USD", cusip: "67066G104", priceMinor4: 1_398_000 },
  { isin: "US88160R1014", ticker: "TSLA", name: "TESLA INC", currency: "USD", cusip: "88160R101", priceMinor4: 4_125_000 },
  { isin: "US02079K3059", ticker: "GOOGL", name: "ALPHABET INC-CL A", currency: "USD", cusip: "02079K305", priceMinor4: 1_963_000 },
  { isin: "US4592001014", ticker: "IBM", name: "INTL BUSINESS MACHINES", currency: "USD", cusip: "459200101", priceMinor4: 2_231_700 },
  { isin: "US46625H1005", ticker: "JPM", name: "JPMORGAN CHASE & CO", currency: "USD", cusip: "46625H100", priceMinor4: 2_418_800 },
  { isin: "CA82509L1076", ticker: "SHOP", name: "SHOPIFY INC-A", currency: "USD", cusip: "82509L107", priceMinor4: 1_071_300 },
  { isin: "CA7800871021", ticker: "RY", name: "ROYAL BANK OF CANADA", currency: "USD", cusip: "780087102", priceMinor4: 1_206_400 },
  { isin: "DE0007164600", ticker: "SAP", name: "SAP SE", currency: "EUR", priceMinor4: 2_486_000 },
  { isin: "NL0010273215", ticker: "ASML", name: "ASML HOLDING NV", currency: "EUR", priceMinor4: 7_124_000 },
  { isin: "FR0000121014", ticker: "MC", name: "LVMH MOET HENNESSY", currency: "EUR", priceMinor4: 6_310_000 },
  { isin: "GB0002374006", ticker: "DGE", name: "DIAGEO PLC", currency: "GBP", priceMinor4: 241_500 },
  { isin: "CH0012032048", ticker: "ROG", name: "ROCHE HOLDING AG-GENUSSCHEIN", currency: "CHF", priceMinor4: 2_561_000 },
];

const BROKERS = [
  { name: "Northbridge Securities", prefix: "C-", markets: ["USD"] },
  { name: "Helvetia Brokers", prefix: "H-", markets: ["EUR", "GBP", "CHF"] },
];

const CONDITIONS = [
  "price difference within tolerance",
  "price break",
  "settlement date break",
  "partial fill",
  "unconfirmed trade",
  "confirm for an unbooked trade",
  "trade settling after the position date",
  "custody movement with no trade",
] as const;

type Condition = (typeof CONDITIONS)[number] | "ordinary";

// The pack's positionDate default: the custodian report is as of this day.
const POSITION_DATE = "2026-01-16";

export const generateTradingOps: ScenarioGenerator = (options: GeneratorOptions) => {
  const random = new Random(options.seed);
  const key = new AnswerKeyBuilder("trading-ops", options);
  const files = { blotter: "trade_blotter.csv", confirms: "broker_confirms.csv", positions: "custodian_positions.csv" };
  key.identify(files.blotter, { columns: ["Trade ID"] });
  key.identify(files.confirms, { columns: ["Confirm No"] });
  key.identify(files.positions, { columns: ["Account", "Security"] });
  const stream = key.stream("trade-lifecycle", files);

  const blotterRows: Array<Record<string, string | number>> = [];
  const confirmRows: Array<Record<string, string | number>> = [];
  // account|isin → settled trades and the quantity the custodian actually settled.
  const custody = new Map<string, { account: string; security: Security; trades: string[]; bookedQuantity: number; settledQuantity: number }>();
  const positionDay = day(POSITION_DATE);
  let tradeNumber = 240_100 + random.int(0, 800);
  let confirmNumber = 88_000 + random.int(0, 900);

  const confirmSecurityId = (security: Security) => (security.cusip && random.chance(0.8) ? { id: security.cusip, type: "CUSIP" } : { id: security.isin, type: "ISIN" });
  const quantityText = (quantity: number) => (quantity >= 1000 ? quantity.toLocaleString("en-US") : String(quantity));

  const conditions: Condition[] = [...CONDITIONS, ...Array.from({ length: options.size }, () => "ordinary" as const)];
  random.shuffle(conditions);
  for (const condition of conditions) {
    const security = random.pick(SECURITIES);
    const account = random.pick(["FUND-A", "FUND-B"]);
    const side = random.pick(["BUY", "SELL"] as const);
    const quantity = random.int(1, 40) * 50;
    const price = security.priceMinor4 + random.int(-2000, 2000) * 10;
    // US settles T+1 since May 2024, Europe T+2; the last trade days settle after the position date.
    const tradeDay = addBusinessDays(day("2026-01-07"), condition === "trade settling after the position date" ? 7 : random.int(0, 3));
    const settleDay = addBusinessDays(tradeDay, security.currency === "USD" ? 1 : 2);
    const broker = BROKERS.find((candidate) => candidate.markets.includes(security.currency))!;
    const tradeId = `T-${++tradeNumber}`;
    const custodyKey = `${account}|${security.isin}`;

    if (condition === "custody movement with no trade") {
      // A bonus issue or a transfer in: the custodian moved the position, the OMS booked nothing.
      const group = custody.get(custodyKey) ?? { account, security, trades: [], bookedQuantity: 0, settledQuantity: 0 };
      group.settledQuantity += quantity;
      custody.set(custodyKey, group);
      continue;
    }
    if (condition !== "confirm for an unbooked trade") {
      blotterRows.push({
        "Trade ID": tradeId,
        "Trade Date": isoDay(tradeDay),
        "Settle Date": isoDay(settleDay),
        // Some OMS exports write "Buy"/"Sell" rather than BUY/SELL.
        Side: random.pick([side, side === "BUY" ? "Buy" : "Sell"]),
        ISIN: security.isin,
        Ticker: security.ticker,
        Quantity: quantity,
        Price: major(price, "dot", 4),
        Currency: security.currency,
        Broker: broker.name,
        Account: account,
      });
    }
    const filled = condition === "partial fill" ? quantity - random.int(1, quantity / 50) * 10 : quantity;
    const confirmPrice = condition === "price break" ? price + Math.max(50, Math.round(price * 0.002)) : condition === "price difference within tolerance" ? price + Math.round(price * 0.0002) : price;
    const confirmSettle = condition === "settlement date break" ? addBusinessDays(settleDay, 1) : settleDay;
    const confirmId = `${broker.prefix}${++confirmNumber}`;
    if (condition !== "unconfirmed trade") {
      const securityId = confirmSecurityId(security);
      confirmRows.push({
        "Confirm No": confirmId,
        "Client Ref": tradeId,
        "Trade Date": isoDay(tradeDay),
        "Settlement Date": isoDay(confirmSettle),
        "B/S": side === "BUY" ? "B" : "S",
        "Security ID": securityId.id,
        "ID Type": securityId.type,
        Qty: quantityText(filled),
        "Exec Price": major(confirmPrice, "dot", 4),
        "Gross Amount": major(Math.round((confirmPrice * filled) / 100)),
        Ccy: security.currency,
      });
    }

    if (condition === "price break") stream.exception("confirms_price", "AMOUNT_MISMATCH", [tradeId, confirmId], condition);
    else if (condition === "settlement date break") stream.exception("confirms_price", "DATE_MISMATCH", [tradeId, confirmId], condition);
    else if (condition === "partial fill") stream.exception("confirms_quantity", "AMOUNT_MISMATCH", [tradeId, confirmId], condition);
    else if (condition === "unconfirmed trade") stream.exception("confirms_quantity", "MISSING_IN_TARGET", [tradeId], condition);
    else if (condition === "confirm for an unbooked trade") stream.exception("confirms_quantity", "MISSING_IN_SOURCE", [confirmId], condition);
    else stream.match("confirms_price", [tradeId, confirmId]);

    // Custody: only what settled by the position date; the custodian settles what the broker filled.
    if (settleDay > positionDay) continue;
    const signed = (value: number) => (side === "SELL" ? -value : value);
    const group = custody.get(custodyKey) ?? { account, security, trades: [], bookedQuantity: 0, settledQuantity: 0 };
    if (condition !== "confirm for an unbooked trade") {
      group.trades.push(tradeId);
      group.bookedQuantity += signed(quantity);
    }
    group.settledQuantity += signed(filled);
    custody.set(custodyKey, group);
  }

  const positionRows: Array<Record<string, string | number>> = [];
  for (const group of custody.values()) {
    const securityColumn = group.security.cusip && random.chance(0.5) ? group.security.cusip : group.security.isin;
    const opening = random.int(0, 60) * 100;
    positionRows.push({
      Account: group.account,
      Security: securityColumn,
      "Security Name": group.security.name,
      Currency: group.security.currency,
      "Opening Settled Qty": opening,
      "Net Settled Movement": group.settledQuantity,
      "Closing Settled Qty": opening + group.settledQuantity,
      "As Of": POSITION_DATE,
    });
    const position = `${group.account}/${securityColumn}`;
    if (group.trades.length === 0) stream.exception("custody", "MISSING_IN_SOURCE", [position], "custody movement with no trade");
    else if (group.bookedQuantity !== group.settledQuantity) stream.exception("custody", "AMOUNT_MISMATCH", [...group.trades, position], "settled quantity differs from the booked trades");
    else stream.match("custody", [...group.trades, position]);
  }

  random.shuffle(confirmRows);
  const blotterHeader = ["Trade ID", "Trade Date", "Settle Date", "Side", "ISIN", "Ticker", "Quantity", "Price", "Currency", "Broker", "Account"];
  const confirmHeader = ["Confirm No", "Client Ref", "Trade Date", "Settlement Date", "B/S", "Security ID", "ID Type", "Qty", "Exec Price", "Gross Amount", "Ccy"];
  const positionHeader = ["Account", "Security", "Security Name", "Currency", "Opening Settled Qty", "Net Settled Movement", "Closing Settled Qty", "As Of"];
  return {
    files: new Map([
      [files.blotter, utf8(csvText({ header: blotterHeader, rows: blotterRows }))],
      // Broker confirms come out of a Windows mail gateway: CRLF, a BOM, Excel's trailing empty line.
      [files.confirms, utf8(csvText({ header: confirmHeader, rows: confirmRows, crlf: true, trailingEmptyLines: 1 }), true)],
      [files.positions, utf8(csvText({ header: positionHeader, rows: positionRows, crlf: true }))],
    ]),
    answerKey: key.key,
  };
};
