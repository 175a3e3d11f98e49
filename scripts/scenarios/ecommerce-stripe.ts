import type { ChaseStatement } from "./bank-statements";
import { addBusinessDays, addDays, csvText, day, major, utf8, type AnswerKeyBuilder, type Random } from "./support";

/**
 * The Shopify → Stripe → bank stream: a Shopify orders export (one row per
 * line item, order fields on the first row only, quoted names with commas,
 * notes with line breaks), Stripe's itemized payout reconciliation report
 * (charges, refunds, disputes, reserves, fees; order id metadata sometimes
 * missing), the Stripe payouts export, and the payouts' ACH credits in the
 * shared Chase statement. Expected outcomes follow the pack's runbook.
 */
const FIRST_NAMES = ["Aisha", "Noah", "Zoë", "José", "Mia", "Liam", "Søren", "Chloé", "Ethan", "Priya", "Mateo", "Hana"];
const LAST_NAMES = ["García", "Kowalski", "Marchetti", "Nguyen", "O'Brien", "Dubois", "Haddad", "Whitfield", "Rossi", "Müller"];
const PRODUCTS = [
  { name: "Rain Jacket", price: 12_900 },
  { name: "Canvas Tote", price: 2_500 },
  { name: "Tent, 2-person", price: 24_900 },
  { name: 'Camp Mug 12oz "Enamel"', price: 1_800 },
  { name: "Wool Socks (3-pack)", price: 2_400 },
  { name: "Headlamp", price: 3_999 },
];

const ORDER_CONDITIONS = [
  "charge without the order id, found by email",
  "one-cent rounding",
  "order edited after payment",
  "order marked paid, never charged",
  "charge with no order",
  "duplicate capture",
  "repeat customer, same amount, two orders",
  "partial refund",
  "chargeback",
  "bank-transfer order",
  "charge not yet paid out",
] as const;
const BANK_CONDITIONS = ["reference lost in the bank text", "late credit with its reference", "late credit without a reference", "partial credit (wire fee deducted)", "payout with no bank credit"] as const;

interface Txn {
  id: string;
  created: number;
  category: "charge" | "refund" | "dispute" | "risk_reserved_funds" | "fee";
  grossMinor: number;
  feeMinor: number;
  email: string;
  orderId: string;
  payout?: string;
  /** Not in the downloaded report (it started after the transaction). */
  offReport?: boolean;
}

const stamp = (time: number) => new Date(time).toISOString().replace("T", " ").slice(0, 19);
// Shopify writes the shop's zone offset; the store is in New York (EST in January).
const shopifyStamp = (time: number) => `${stamp(time - 5 * 3_600_000)} -0500`;

export function stripeScenario(random: Random, size: number, key: AnswerKeyBuilder, bank: ChaseStatement, bankFile: string): Map<string, Uint8Array> {
  const files = { orders: "orders_export.csv", balance: "stripe_itemized_payout_reconciliation.csv", payouts: "stripe_payouts.csv", bank: bankFile };
  key.identify(files.orders, { columns: ["Name"] });
  key.identify(files.balance, { columns: ["balance_transaction_id"] });
  key.identify(files.payouts, { columns: ["id"] });
  key.identify(files.bank, { columns: ["Posting Date", "Amount", "Description"] });
  const stream = key.stream("shopify-stripe-bank", files);
  const id = (prefix: string) => `${prefix}_${random.token(24)}`;
  const orderRows: Array<Record<string, string | number>> = [];
  const txns: Txn[] = [];
  let orderNumber = 1000 + random.int(0, 400);
  let customerNumber = 0;

  const customer = () => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const email = `${first.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase()}.${last.replace(/[^A-Za-z]/g, "").toLowerCase()}${++customerNumber}@example.com`;
    return { name: `${first} ${last}`, email };
  };
  type Items = Array<{ product: (typeof PRODUCTS)[number]; quantity: number }>;
  const addOrder = (created: number, buyer: { name: string; email: string }, method: string, status: string, refundedMinor = 0, sameItems?: Items) => {
    const name = `#${++orderNumber}`;
    const items: Items = sameItems ?? Array.from({ length: random.int(1, 3) }, () => ({ product: random.pick(PRODUCTS), quantity: random.int(1, 2) }));
    const subtotal = items.reduce((sum, item) => sum + item.product.price * item.quantity, 0);
    const shipping = subtotal > 10_000 ? 0 : 695;
    const taxes = Math.round(subtotal * 0.0725);
    const total = subtotal + shipping + taxes;
    items.forEach((item, index) => {
      const first = index === 0;
      orderRows.push({
        Name: name,
        Email: buyer.email,
        "Financial Status": first ? status : "",
        "Paid at": first && method === "stripe" ? shopifyStamp(created + 60_000) : "",
        "Fulfillment Status": first ? "fulfilled" : "",
        Currency: first ? "USD" : "",
        Subtotal: first ? major(subtotal) : "",
        Shipping: first ? major(shipping) : "",
        Taxes: first ? major(taxes) : "",
        Total: first ? major(total) : "",
        "Discount Amount": first ? "0.00" : "",
        "Created at": first ? shopifyStamp(created) : "",
        "Lineitem quantity": item.quantity,
        "Lineitem name": item.product.name,
        "Lineitem price": major(item.product.price),
        "Billing Name": first ? buyer.name : "",
        "Payment Method": first ? method : "",
        "Refunded Amount": first ? major(refundedMinor) : "",
        Notes: first && random.chance(0.15) ? "Leave at the back door,\nnot the front" : "",
        Id: first ? random.digits(13) : "",
      });
    });
    return { name, total, items };
  };
  const addTxn = (txn: Omit<Txn, "id">) => {
    const record = { ...txn, id: id("txn") };
    txns.push(record);
    return record;
  };
  const charge = (created: number, grossMinor: number, email: string, orderId: string) =>
    addTxn({ created, category: "charge", grossMinor, feeMinor: Math.round(grossMinor * 0.029) + 30, email, orderId });

  const conditions = [...ORDER_CONDITIONS, ...Array.from({ length: size }, () => "ordinary" as const)];
  random.shuffle(conditions);
  for (const condition of conditions) {
    const created = day("2026-01-03") + random.int(0, 24) * 86_400_000 + random.int(8, 22) * 3_600_000 + random.int(0, 3599) * 1000;
    const buyer = customer();
    if (condition === "bank-transfer order") {
      addOrder(created, buyer, "Bank Deposit", "pending");
      continue;
    }
    if (condition === "charge with no order") {
      const stray = charge(created, random.int(1_000, 30_000), customer().email, "");
      stream.exception("orders_charges", "MISSING_IN_SOURCE", [stray.id], condition);
      continue;
    }
    const refunded = condition === "partial refund" ? random.int(500, 2_000) : 0;
    const order = addOrder(condition === "charge not yet paid out" ? day("2026-01-30") + random.int(10, 20) * 3_600_000 : created, buyer, "stripe", refunded ? "partially_refunded" : "paid", refunded);
    const chargedAt = condition === "charge not yet paid out" ? day("2026-01-30") + 21 * 3_600_000 : created + 60_000;
    if (condition === "order marked paid, never charged") {
      stream.exception("orders_charges", "MISSING_IN_TARGET", [order.name], condition);
      continue;
    }
    const gross = condition === "one-cent rounding" ? order.total + random.pick([1, -1]) : condition === "order edited after payment" ? order.total - random.int(5, 40) * 100 : order.total;
    // A retried checkout can leave the first capture without the order metadata.
    const withoutOrderId = condition === "charge without the order id, found by email" || (condition === "duplicate capture" && random.chance(0.5));
    const first = charge(chargedAt, gross, buyer.email, withoutOrderId ? "" : order.name);
    if (condition === "order edited after payment") stream.exception("orders_charges", "AMOUNT_MISMATCH", [order.name, first.id], condition);
    else stream.match("orders_charges", [order.name, first.id]);
    if (condition === "duplicate capture") {
      const copy = charge(chargedAt + 40_000, gross, buyer.email, order.name);
      stream.exception("orders_charges", "DUPLICATE", [copy.id], condition);
    } else if (condition === "repeat customer, same amount, two orders") {
      const again = addOrder(created + 3 * 86_400_000, buyer, "stripe", "paid", 0, order.items);
      const second = charge(created + 3 * 86_400_000 + 60_000, gross, buyer.email, again.name);
      stream.match("orders_charges", [again.name, second.id]);
    } else if (condition === "partial refund") {
      addTxn({ created: chargedAt + 3 * 86_400_000, category: "refund", grossMinor: -refunded, feeMinor: 0, email: buyer.email, orderId: order.name });
    } else if (condition === "chargeback") {
      // A dispute debits the charge plus Stripe's 15.00 dispute fee from a later payout.
      addTxn({ created: chargedAt + 9 * 86_400_000, category: "dispute", grossMinor: -gross, feeMinor: 1_500, email: buyer.email, orderId: order.name });
    }
  }
  // A rolling reserve withheld and a Stripe Billing fee, both inside payouts.
  addTxn({ created: day("2026-01-12") + 7_200_000, category: "risk_reserved_funds", grossMinor: -random.int(2_000, 9_000), feeMinor: 0, email: "", orderId: "" });
  addTxn({ created: day("2026-01-20") + 3_600_000, category: "fee", grossMinor: -random.int(500, 3_000), feeMinor: 0, email: "", orderId: "" });

  // Daily automatic payouts: what became available on a day is paid out that day; arrival two business days later.
  txns.sort((a, b) => a.created - b.created);
  const payouts = new Map<number, { id: string; created: number; arrival: number; txns: Txn[] }>();
  for (const txn of txns) {
    const available = day(new Date(addDays(txn.created, 2)).toISOString().slice(0, 10));
    if (available > day("2026-01-31")) continue;
    const payout = payouts.get(available) ?? { id: id("po"), created: available + 9 * 3_600_000, arrival: addBusinessDays(available, 2) + 9 * 3_600_000, txns: [] };
    txn.payout = payout.id;
    payout.txns.push(txn);
    payouts.set(available, payout);
  }
  const ordered = [...payouts.values()].sort((a, b) => a.created - b.created);
  // The report was downloaded from 5 January: the first payout also paid out December's last charges.
  const spanning = ordered[0]!;
  const december = { id: id("txn"), created: day("2025-12-31") + 3_600_000, category: "charge" as const, grossMinor: random.int(2_000, 20_000), feeMinor: 0, email: "", orderId: "", payout: spanning.id, offReport: true };
  december.feeMinor = Math.round(december.grossMinor * 0.029) + 30;
  spanning.txns.push(december);

  const payoutRows: Array<Record<string, string | number>> = [];
  const bankConditions = random.shuffle(ordered.slice(1).map((payout) => payout.id)).slice(0, BANK_CONDITIONS.length);
  for (const payout of ordered) {
    const amount = payout.txns.reduce((sum, txn) => sum + txn.grossMinor - txn.feeMinor, 0);
    payoutRows.push({ id: payout.id, Amount: major(amount), Currency: "usd", "Arrival Date (UTC)": stamp(payout.arrival), "Created (UTC)": stamp(payout.created), Status: "paid", Type: "bank_account", Description: "STRIPE PAYOUT", Destination: "ba_1Nx2Ab3Cd4Ef5Gh" });
    const reported = payout.txns.filter((txn) => !txn.offReport).map((txn) => txn.id);
    if (payout === spanning) stream.exception("charges_payouts", "AMOUNT_MISMATCH", [...reported, payout.id], "payout spanning the report's start");
    else stream.match("charges_payouts", [...reported, payout.id]);

    const condition = BANK_CONDITIONS[bankConditions.indexOf(payout.id)] ?? "ordinary";
    const arrivalDay = day(new Date(payout.arrival).toISOString().slice(0, 10));
    if (condition === "payout with no bank credit") {
      stream.exception("payouts_bank_amount", "MISSING_IN_TARGET", [payout.id], condition);
      continue;
    }
    const late = condition === "late credit with its reference" || condition === "late credit without a reference";
    const postingDay = late ? addDays(arrivalDay, 6) : addDays(arrivalDay, random.int(0, 1));
    const withReference = condition !== "reference lost in the bank text" && condition !== "late credit without a reference";
    const credited = condition === "partial credit (wire fee deducted)" ? amount - 1_500 : amount;
    const line = bank.add({ postingDay, description: bank.achText("STRIPE", "1800948598", postingDay, "TRANSFER", withReference ? payout.id : null), amountMinor: credited, type: "ACH_CREDIT" });
    if (condition === "partial credit (wire fee deducted)") stream.exception("payouts_bank", "AMOUNT_MISMATCH", [payout.id, line], condition);
    else if (condition === "late credit without a reference") {
      stream.exception("payouts_bank_amount", "MISSING_IN_TARGET", [payout.id], condition);
      stream.exception("payouts_bank_amount", "MISSING_IN_SOURCE", [line], condition);
    } else if (withReference) stream.match("payouts_bank", [payout.id, line]);
    else stream.match("payouts_bank_amount", [payout.id, line]);
  }
  // Pending transactions (available after the month's last payout) carry no payout id yet.
  for (const txn of txns.filter((candidate) => candidate.payout === undefined)) stream.exception("charges_payouts", "MISSING_IN_TARGET", [txn.id], "charge not yet paid out");
  // A payout of the merchant's second Stripe account lands in the same bank account.
  const foreignDay = day("2026-01-" + String(random.int(12, 26)));
  const foreign = { postingDay: foreignDay, description: bank.achText("STRIPE", "1800948598", foreignDay, "TRANSFER", id("po")), amountMinor: random.int(5_000, 90_000), type: "ACH_CREDIT" };
  stream.exception("payouts_bank_amount", "MISSING_IN_SOURCE", [bank.add(foreign)], "bank credit from another Stripe account");

  const orderHeader = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Amount", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Name", "Payment Method", "Refunded Amount", "Notes", "Id"];
  const balanceHeader = ["balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross", "fee", "net", "reporting_category", "source_id", "description", "customer_facing_amount", "customer_facing_currency", "automatic_payout_id", "automatic_payout_effective_at_utc", "customer_email", "charge_id", "payment_intent_id", "charge_created_utc", "payment_method_type", "card_brand", "payment_metadata[order_id]"];
  const payoutById = new Map(ordered.map((payout) => [payout.id, payout]));
  const balanceRows = txns
    .filter((txn) => !txn.offReport)
    .map((txn) => {
      const source = txn.category === "charge" ? id("ch") : txn.category === "refund" ? id("re") : txn.category === "dispute" ? id("dp") : "";
      const payout = txn.payout ? payoutById.get(txn.payout) : undefined;
      return {
        balance_transaction_id: txn.id,
        created_utc: stamp(txn.created),
        available_on_utc: stamp(day(new Date(addDays(txn.created, 2)).toISOString().slice(0, 10))),
        currency: "usd",
        gross: major(txn.grossMinor),
        fee: major(txn.feeMinor),
        net: major(txn.grossMinor - txn.feeMinor),
        reporting_category: txn.category,
        source_id: source,
        description: txn.orderId ? `Order ${txn.orderId}` : txn.category === "fee" ? "Billing - Usage Fee (2026-01-01 - 2026-01-31)" : "",
        customer_facing_amount: txn.category === "charge" ? major(txn.grossMinor) : "",
        customer_facing_currency: txn.category === "charge" ? "usd" : "",
        automatic_payout_id: txn.payout ?? "",
        automatic_payout_effective_at_utc: payout ? stamp(payout.arrival) : "",
        customer_email: txn.email,
        charge_id: txn.category === "charge" ? source : "",
        payment_intent_id: txn.category === "charge" ? id("pi") : "",
        charge_created_utc: txn.category === "charge" ? stamp(txn.created) : "",
        payment_method_type: txn.category === "charge" ? "card" : "",
        card_brand: txn.category === "charge" ? random.pick(["visa", "mastercard", "amex"]) : "",
        "payment_metadata[order_id]": txn.orderId,
      };
    });
  return new Map([
    [files.orders, utf8(csvText({ header: orderHeader, rows: orderRows }))],
    [files.balance, utf8(csvText({ header: balanceHeader, rows: balanceRows }))],
    [files.payouts, utf8(csvText({ header: ["id", "Amount", "Currency", "Arrival Date (UTC)", "Created (UTC)", "Status", "Type", "Description", "Destination"], rows: payoutRows.reverse() }))],
  ]);
}
