import type { ChaseStatement, EuroStatement } from "./bank-statements";
import { addDays, csvText, day, germanDay, isoDay, major, utf8, windows1252, type AnswerKeyBuilder, type Random } from "./support";

/**
 * PayPal, Amazon and Adyen against the bank, each in the provider's own
 * report as downloaded. Formats, from the providers' public documentation:
 * - PayPal Settlement Report (STL): quoted rows typed RH/FH/SH/CH/SB/SF/SC/
 *   RF/RC/FF, amounts in hundredths with separate debit/credit indicators,
 *   "Transaction  Debit or Credit" with two spaces, Windows-1252.
 * - Amazon settlement flat file V2: tab-separated, a summary row with the
 *   total and deposit date, then one row per amount line.
 * - Adyen settlement details: one row per booking, debit/credit columns,
 *   the MerchantPayout row whose reference the bank text quotes.
 */
const PAYPAL_COLUMNS = ["Transaction ID", "Invoice ID", "PayPal Reference ID", "PayPal Reference ID Type", "Transaction Event Code", "Transaction Initiation Date", "Transaction Completion Date", "Transaction  Debit or Credit", "Gross Transaction Amount", "Gross Transaction Currency", "Fee Debit or Credit", "Fee Amount", "Fee Currency", "Custom Field", "Consumer ID", "Payment Tracking ID", "Store ID"];
const CUSTOMERS = ["zoe.marchetti@example.com", "noor.haddad@example.com", "sam.whitfield@example.com", "renée.dupont@example.com"];
const CUSTOM_FIELDS = ['Zoë\'s café order, "rush"', "order 4104", "gift wrap, no invoice", ""];

const paypalStamp = (time: number) => `${isoDay(time).replace(/-/g, "/")} ${new Date(time).toISOString().slice(11, 19)} -0800`;

export function paypalScenario(random: Random, key: AnswerKeyBuilder, bank: ChaseStatement, bankFile: string): Map<string, Uint8Array> {
  const file = "STL-20260125.01.009.CSV";
  key.identify(file, { columns: ["Transaction ID"] });
  const stream = key.stream("paypal-bank", { paypal_settlement: file, bank: bankFile });
  const body: string[][] = [];
  const transactionId = () => random.token(17, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ");
  const sb = (code: string, at: number, direction: "CR" | "DR", grossMinor: number, feeMinor: number, extra: Partial<Record<string, string>> = {}) => {
    const id = transactionId();
    const values: Record<string, string> = {
      "Transaction ID": id,
      "Invoice ID": extra.invoice ?? "",
      "PayPal Reference ID": extra.reference ?? "",
      "PayPal Reference ID Type": extra.reference ? "TXN" : "",
      "Transaction Event Code": code,
      "Transaction Initiation Date": paypalStamp(at),
      "Transaction Completion Date": paypalStamp(at + 1000),
      "Transaction  Debit or Credit": direction,
      "Gross Transaction Amount": String(grossMinor),
      "Gross Transaction Currency": "USD",
      "Fee Debit or Credit": direction === "CR" ? "DR" : "CR",
      "Fee Amount": String(feeMinor),
      "Fee Currency": "USD",
      "Custom Field": extra.custom ?? "",
      "Consumer ID": extra.consumer ?? "",
      "Payment Tracking ID": "",
      "Store ID": "",
    };
    body.push(PAYPAL_COLUMNS.map((column) => values[column]!));
    return id;
  };
  // Payments and refunds between withdrawals: out of this stream's scope, but in the file as in life.
  for (let i = 0; i < 6; i++) {
    const at = day("2026-01-05") + random.int(0, 18) * 86_400_000 + random.int(1, 20) * 3_600_000;
    const gross = random.int(1_500, 25_000);
    sb(random.pick(["T0006", "T0006", "T1107"]), at, "CR", gross, Math.round(gross * 0.0349) + 49, { invoice: `INV-${random.digits(4)}`, custom: random.pick(CUSTOM_FIELDS), consumer: random.pick(CUSTOMERS) });
  }
  const conditions = random.shuffle(["ordinary", "ordinary", "ordinary", "withdrawal not in the bank", "late credit beyond the date window"]);
  conditions.forEach((condition, index) => {
    const at = day("2026-01-06") + index * 4 * 86_400_000 + 23 * 3_600_000;
    const amount = random.int(5_000, 60_000);
    const id = sb("T0400", at, "DR", amount, 0);
    if (condition === "withdrawal not in the bank") {
      stream.exception("settlement_bank", "MISSING_IN_TARGET", [id], condition);
      return;
    }
    const posted = addDays(day(isoDay(at)), condition === "ordinary" ? random.int(1, 2) : 6);
    const line = bank.add({ postingDay: posted, description: "PAYPAL TRANSFER PPD ID: PAYPALSI77 WEB ID: PAYPALSI77", amountMinor: amount, type: "ACH_CREDIT" });
    if (condition === "ordinary") stream.match("settlement_bank", [id, line]);
    else {
      stream.exception("settlement_bank", "MISSING_IN_TARGET", [id], condition);
      stream.exception("settlement_bank", "MISSING_IN_SOURCE", [line], condition);
    }
  });
  // A transfer from a day whose STL file was not loaded.
  const stray = bank.add({ postingDay: day("2026-01-28"), description: "PAYPAL TRANSFER PPD ID: PAYPALSI77 WEB ID: PAYPALSI77", amountMinor: random.int(5_000, 60_000), type: "ACH_CREDIT" });
  stream.exception("settlement_bank", "MISSING_IN_SOURCE", [stray], "PayPal credit whose STL file was not loaded");

  const quoted = (values: Array<string | number>) => values.map((value) => (typeof value === "number" ? String(value) : `"${value.replace(/"/g, '""')}"`)).join(",");
  const credits = body.filter((row) => row[7] === "CR").reduce((sum, row) => sum + Number(row[8]), 0);
  const debits = body.filter((row) => row[7] === "DR").reduce((sum, row) => sum + Number(row[8]), 0);
  const fees = body.reduce((sum, row) => sum + Number(row[11]), 0);
  const footer = quoted(["USD", "CR", credits, "DR", debits, "CR", 0, "DR", fees] as Array<string | number>);
  const lines = [
    quoted(["RH", "2026/01/26 02:11:09 -0800", "A", "QW7EXAMPLE9XS", 2]),
    quoted(["FH", 1]),
    quoted(["SH", "2026/01/05 00:00:00 -0800", "2026/01/25 23:59:59 -0800", "QW7EXAMPLE9XS", ""]),
    quoted(["CH", ...PAYPAL_COLUMNS]),
    ...body.map((row) => quoted(["SB", ...row.map((value, index) => ([8, 11].includes(index) ? Number(value) : value))])),
    `"SF",${footer}`,
    quoted(["SC", body.length]),
    `"RF",${footer}`,
    quoted(["RC", body.length]),
  ];
  lines.push(quoted(["FF", lines.length + 1]));
  return new Map([[file, windows1252(lines.join("\r\n") + "\r\n")]]);
}

const AMAZON_HEADER = ["settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name", "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time", "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id"];

/**
 * One fortnightly settlement (a V2 report holds exactly one), its deposit named in the bank text
 * by settlement id. Odd seeds: Amazon.com, USD, into the Chase account; even seeds: Amazon.de,
 * EUR with decimal commas and dd.MM.yyyy dates, into the German euro account. Which deposit
 * condition it carries rotates with the seed, so seeds 1–3 cover all three.
 */
export function amazonScenario(random: Random, seed: number, key: AnswerKeyBuilder, bank: { usd: ChaseStatement; usdFile: string; eur: EuroStatement; eurFile: string }): Map<string, Uint8Array> {
  const europe = seed % 2 === 0;
  const money = (minor: number) => major(minor, europe ? "comma" : "dot");
  const date = (time: number) => (europe ? germanDay(time) : isoDay(time));
  const bankFile = europe ? bank.eurFile : bank.usdFile;
  const file = "amazon_settlement_v2.txt";
  // Amount lines of one order share order id and amount type; the description tells them apart.
  key.identify(file, { columns: ["@settlement_id", "@record_type", "order-id", "adjustment-id", "amount-description", "amount"] });
  const stream = key.stream("amazon-bank", { amazon_settlement: file, bank: bankFile });
  const rows: Array<Record<string, string>> = [];
  const conditions = ["ordinary", "deposit short of the settlement", "settlement not yet deposited"];
  [conditions[seed % conditions.length]!].forEach((condition, index) => {
    const settlementId = random.digits(11);
    const start = day(europe ? "2026-03-02" : "2026-01-02") + index * 14 * 86_400_000;
    const deposit = addDays(start, 16);
    const lines: Array<Record<string, string>> = [];
    for (let order = 0; order < random.int(2, 4); order++) {
      const orderId = `11${random.int(1, 4)}-${random.digits(7)}-${random.digits(7)}`;
      const posted = addDays(start, random.int(0, 12));
      const price = random.int(1_500, 9_000);
      const orderPrefix = europe ? "30" : "11";
      const base = { "transaction-type": "Order", "order-id": `${orderPrefix}${orderId.slice(2)}`, "merchant-order-id": String(4100 + random.int(0, 99)), "shipment-id": random.token(9), "marketplace-name": europe ? "Amazon.de" : "Amazon.com", "fulfillment-id": "AFN", "posted-date": date(posted), "posted-date-time": `${date(posted)} 14:22:07 UTC`, "order-item-code": random.digits(14), sku: random.pick(["TENT-2P-240", "SOCK-MER-19", "MUG-ENAM-12"]) };
      const amounts: Array<[string, string, number]> = [
        ["ItemPrice", "Principal", price],
        ["ItemPrice", "Tax", Math.round(price * (europe ? 0.19 : 0.0725))],
        ["ItemFees", "Commission", -Math.round(price * 0.15)],
        ["ItemFees", "FBAPerUnitFulfillmentFee", -random.int(300, 600)],
      ];
      for (const [type, description, minor] of amounts) lines.push({ ...base, "amount-type": type, "amount-description": description, amount: money(minor), ...(description === "Principal" ? { "quantity-purchased": "1" } : {}) });
      if (random.chance(0.2)) {
        const refundPosted = addDays(posted, 2);
        lines.push({ ...base, "transaction-type": "Refund", "adjustment-id": random.digits(14), "posted-date": date(refundPosted), "posted-date-time": `${date(refundPosted)} 09:10:00 UTC`, "amount-type": "ItemPrice", "amount-description": "Principal", amount: money(-price) });
      }
    }
    lines.push({ "transaction-type": "other-transaction", "amount-type": "other-transaction", "amount-description": "Subscription Fee", amount: money(-3_999), "posted-date": date(addDays(start, 3)) });
    const total = lines.reduce((sum, line) => sum + Math.round(Number(line.amount!.replace(",", ".")) * 100), 0);
    rows.push({ "settlement-id": settlementId, "settlement-start-date": `${date(start)} 08:00:00 UTC`, "settlement-end-date": `${date(addDays(start, 14))} 08:00:00 UTC`, "deposit-date": `${date(deposit)} 08:00:00 UTC`, "total-amount": money(total), currency: europe ? "EUR" : "USD" });
    for (const line of lines) rows.push({ "settlement-id": settlementId, ...line });
    // The summary row is out of the step's scope (the pack's filter); the amount lines are summed.
    const records = [...lines.map((line) => `${settlementId}/${line["transaction-type"]}/${line["order-id"] ?? ""}/${line["adjustment-id"] ?? ""}/${line["amount-description"]}/${line.amount}`)];
    if (condition === "settlement not yet deposited") {
      // Unmatched lines are open one by one, as every unmatched source row of a summing pass is.
      for (const record of records) stream.exception("settlement_bank", "MISSING_IN_TARGET", [record], condition);
      return;
    }
    const credited = condition === "deposit short of the settlement" ? total - random.int(100, 2_000) : total;
    let line = `SETTLEMENT ID ${settlementId}`;
    if (europe) bank.eur.add({ postingDay: deposit, counterparty: "Amazon Payments Europe S.C.A.", remittance: `AMAZON PAYMENTS EUROPE SETTLEMENT ID ${settlementId}`, amountMinor: credited });
    else line = bank.usd.add({ postingDay: deposit, description: `ORIG CO NAME:AMAZON.COM SVCS ORIG ID:9111111103 DESC DATE:${isoDay(deposit).slice(2).replace(/-/g, "")} CO ENTRY DESCR:SETTLEMENT ID ${settlementId}`, amountMinor: credited, type: "ACH_CREDIT" });
    if (credited !== total) stream.exception("settlement_bank", "AMOUNT_MISMATCH", [...records, line], condition);
    else stream.match("settlement_bank", [...records, line]);
  });
  const text = [AMAZON_HEADER.join("\t"), ...rows.map((row) => AMAZON_HEADER.map((column) => row[column] ?? "").join("\t"))].join("\n") + "\n";
  return new Map([[file, utf8(text)]]);
}

const ADYEN_HEADER = ["Company Account", "Merchant Account", "Psp Reference", "Merchant Reference", "Payment Method", "Creation Date", "TimeZone", "Type", "Modification Reference", "Gross Currency", "Gross Debit (GC)", "Gross Credit (GC)", "Exchange Rate", "Net Currency", "Net Debit (NC)", "Net Credit (NC)", "Commission (NC)", "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)", "Payment Method Variant", "Modification Merchant Reference", "Batch Number", "Reserved4", "Reserved5", "Reserved6", "Reserved7", "Reserved8", "Reserved9", "Reserved10"];

/**
 * Adyen batches (settled payments, refunds, chargebacks, fees, the payout) in one aggregate
 * settlement details file, paid out in EUR to the German account (its statement format rotates
 * with the seed: Deutsche Bank CSV, camt.053, MT940).
 */
export function adyenScenario(random: Random, key: AnswerKeyBuilder, bank: EuroStatement): Map<string, Uint8Array> {
  const files = { adyen_settlement: "settlement_detail_report_batches_41-43.csv", bank: bank.fileName() };
  key.identify(files.adyen_settlement, { columns: ["Psp Reference", "Modification Reference", "Type"] });
  // Every format's lines are read as canonical statement lines; the payout or settlement id names the line.
  key.identify(files.bank, { columns: ["$remittance"], pattern: "(TX[0-9A-Z]{10,}|SETTLEMENT ID \\d+)" });
  const stream = key.stream("adyen-bank", files);
  const rows: Array<Record<string, string>> = [];
  const psp = () => `88${random.digits(14)}`;
  const eur = (minor: number) => major(minor);
  const conditions = random.shuffle(["ordinary", "bank deducted a fee", "batch not yet paid out"]);
  conditions.forEach((condition, index) => {
    const batch = String(41 + index);
    const opened = day("2026-03-02") + index * 7 * 86_400_000;
    const ids: string[] = [];
    let net = 0;
    const booking = (type: string, reference: string, grossMinor: number, feeMinor: number, at: number) => {
      const pspReference = type === "Fee" ? "" : psp();
      const modification = type === "Settled" ? pspReference : psp();
      const netMinor = grossMinor - feeMinor;
      net += netMinor;
      rows.push({
        "Company Account": "TrailGoodsCompany", "Merchant Account": "TrailGoodsEU", "Psp Reference": pspReference, "Merchant Reference": reference, "Payment Method": type === "Fee" ? "" : random.pick(["visa", "mc", "ideal", "sepadirectdebit"]),
        "Creation Date": `${isoDay(at)} ${String(random.int(8, 20)).padStart(2, "0")}:${String(random.int(10, 59))}:${String(random.int(10, 59))}`, TimeZone: "CET", Type: type, "Modification Reference": modification,
        "Gross Currency": "EUR", "Gross Debit (GC)": grossMinor < 0 ? eur(-grossMinor) : "", "Gross Credit (GC)": grossMinor >= 0 ? eur(grossMinor) : "", "Exchange Rate": "1", "Net Currency": "EUR",
        "Net Debit (NC)": netMinor < 0 ? eur(-netMinor) : "", "Net Credit (NC)": netMinor >= 0 ? eur(netMinor) : "", "Commission (NC)": "", "Markup (NC)": feeMinor > 0 && type !== "Fee" ? eur(feeMinor) : "", "Scheme Fees (NC)": "", "Interchange (NC)": "",
        "Payment Method Variant": "", "Modification Merchant Reference": type === "Refunded" ? `RF-${reference}` : "", "Batch Number": batch,
      });
      ids.push(`${pspReference}/${modification}/${type}`);
    };
    for (let i = 0; i < random.int(3, 6); i++) {
      const gross = random.int(2_000, 25_000);
      booking("Settled", `ORD-${5000 + random.int(0, 999)}`, gross, Math.round(gross * 0.012) + 11, addDays(opened, random.int(0, 4)));
    }
    booking("Refunded", `ORD-${4900 + random.int(0, 99)}`, -random.int(1_000, 5_000), 10, addDays(opened, 2));
    if (random.chance(0.5)) booking("Chargeback", `ORD-${4800 + random.int(0, 99)}`, -random.int(2_000, 8_000), 0, addDays(opened, 3));
    booking("Fee", "", 0, random.int(100, 900), addDays(opened, 4));
    if (condition === "batch not yet paid out") {
      for (const id of ids) stream.exception("settlement_bank", "MISSING_IN_TARGET", [id], condition);
      return;
    }
    const payoutReference = `TX${random.token(17, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")}`;
    rows.push({ "Company Account": "TrailGoodsCompany", "Merchant Account": "TrailGoodsEU", "Creation Date": `${isoDay(addDays(opened, 5))} 06:00:00`, TimeZone: "CET", Type: "MerchantPayout", "Modification Reference": payoutReference, "Net Currency": "EUR", "Net Debit (NC)": eur(net), "Batch Number": batch, "Payment Method Variant": "", "Exchange Rate": "1", "Gross Currency": "EUR" });
    const credited = condition === "bank deducted a fee" ? net - 250 : net;
    const booked = addDays(opened, 7);
    bank.add({ postingDay: booked, counterparty: "Adyen N.V.", remittance: `ADYEN N.V. PAYOUT ${payoutReference} BATCH ${batch}`, amountMinor: credited });
    const line = payoutReference;
    if (credited !== net) stream.exception("settlement_bank", "AMOUNT_MISMATCH", [...ids, line], condition);
    else stream.match("settlement_bank", [...ids, line]);
  });
  bank.add({ postingDay: day("2026-03-12"), counterparty: "Stadtwerke München", remittance: "Abschlag März, Vertragskonto 4711", amountMinor: -8_400 });
  return new Map([
    [files.adyen_settlement, utf8(csvText({ header: ADYEN_HEADER, rows }))],
  ]);
}
