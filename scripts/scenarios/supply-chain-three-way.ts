import { AnswerKeyBuilder, addDays, csvText, day, isoDay, major, Random, utf8, windows1252, type GeneratorOptions, type ScenarioGenerator } from "./support";

/**
 * Three-way match scenarios: an ERP's PO-line export, the warehouse's goods
 * receipts and the AP inbox's supplier invoice lines, each typed by a
 * different system (PO-00123 / po123 / 00123), with the conditions AP meets
 * every month. Expected exceptions follow the pack's runbook: short or over
 * delivery at po_receipts, price variance beyond tolerance at po_invoices,
 * billed-more-than-received at receipts_invoices, duplicates at both invoice
 * steps, and a fallback by item and vendor only for an invoice without a PO
 * number — never across two explicit, different PO numbers.
 */
interface Vendor {
  erp: string;
  dock: string;
  invoice: string;
}

const VENDORS: Vendor[] = [
  { erp: "Acme Industrial Supply Inc.", dock: "ACME INDUSTRIAL SUPPLY", invoice: "Acme Industrial Supply" },
  { erp: "Northwind Packaging LLC", dock: "Northwind Packaging", invoice: "NORTHWIND PACKAGING LLC" },
  { erp: "Globex Metals Corp", dock: "Globex Metals", invoice: "Globex Metals Corporation" },
  { erp: "Initech Electrical Co.", dock: "INITECH ELECTRICAL", invoice: "Initech Electrical Company" },
  { erp: "Müller Präzision GmbH", dock: "MÜLLER PRÄZISION", invoice: "Müller Präzision GmbH" },
  { erp: "Umbrella Safety Co.", dock: "Umbrella Safety", invoice: "UMBRELLA SAFETY COMPANY" },
];

const DESCRIPTIONS = ["Hex bolt M8x40", "Carton 40x30x20, double wall", "Cable 3-core (per m)", 'Steel rod 10mm, 6" cut', "Nitrile gloves\nsize L, box of 100", "Packing tape 48mm"];

// The conditions every scenario holds at least once, in the runbook's words.
const CONDITIONS = [
  "partial receipts that add up",
  "short delivery billed as received",
  "over-billed short delivery",
  "price variance within tolerance",
  "price variance beyond tolerance",
  "invoice without a PO number",
  "nothing received or invoiced",
  "received, not yet invoiced",
  "duplicate invoice line",
  "invoice for an unknown PO",
  "cross-PO trap: same item and vendor, unknown PO number on the invoice",
] as const;

type Condition = (typeof CONDITIONS)[number] | "ordinary";

export const generateSupplyChainThreeWay: ScenarioGenerator = (options: GeneratorOptions) => {
  const random = new Random(options.seed);
  const key = new AnswerKeyBuilder("supply-chain-three-way", options);
  const files = { purchase_orders: "purchase_orders.csv", goods_receipts: "goods_receipts.csv", invoices: "invoices.csv" };
  key.identify(files.purchase_orders, { columns: ["PO Number", "Line"] });
  key.identify(files.goods_receipts, { columns: ["GRN"] });
  key.identify(files.invoices, { columns: ["Invoice No", "Item"] });
  const stream = key.stream("three-way-match", files);

  const poRows: Array<Record<string, string | number>> = [];
  const receiptRows: Array<Record<string, string | number>> = [];
  const invoiceRows: Array<Record<string, string | number>> = [];
  const start = day("2026-01-05");
  let poNumber = 100 + random.int(0, 50);
  let grn = 5000 + random.int(0, 900);
  let invoiceNumber = 9000 + random.int(0, 900);
  let itemCounter = 0;

  // Items are unique per PO line unless a condition asks for a shared one: a fallback by item must have one answer.
  const nextItem = () => `${random.pick(["BOLT", "NUT", "BOX", "CABLE", "ROD", "GLOVE", "TAPE", "SHEET"])}-${String(++itemCounter).padStart(3, "0")}`;
  const dockRef = (po: number) => random.pick([`po${po}`, `PO ${po}`, `po-${po}`, `PO-${String(po).padStart(5, "0")}`]);
  const invoicePo = (po: number) => random.pick([String(po).padStart(5, "0"), String(po), `PO-${String(po).padStart(5, "0")}`]);

  const addPoLine = (po: number, vendor: Vendor, item: string, quantity: number, priceMinor4: number, date: number) => {
    const id = `PO-${String(po).padStart(5, "0")}/1`;
    poRows.push({
      "PO Number": `PO-${String(po).padStart(5, "0")}`,
      Line: 1,
      Vendor: vendor.erp,
      Item: item,
      Description: random.pick(DESCRIPTIONS),
      "Qty Ordered": quantity,
      "Unit Price": major(priceMinor4, "dot", 4).replace(/0{1,2}$/, ""),
      Currency: "USD",
      "PO Date": isoDay(date),
    });
    return id;
  };
  const addReceipt = (po: number, vendor: Vendor, item: string, quantity: number, date: number) => {
    const id = `GR-${++grn}`;
    receiptRows.push({ GRN: id, "PO Ref": dockRef(po), "Vendor Name": vendor.dock, Item: item, "Qty Received": quantity, "Receipt Date": isoDay(date), Warehouse: random.pick(["DAL-1", "DAL-2"]) });
    return id;
  };
  const addInvoice = (poText: string, vendor: Vendor, item: string, quantity: number, priceMinor4: number, date: number) => {
    const invoice = `INV-${++invoiceNumber}`;
    const row = {
      "Invoice No": invoice,
      PO: poText,
      Supplier: vendor.invoice,
      Item: item,
      "Qty Billed": quantity,
      "Unit Price": major(priceMinor4, "dot", 4),
      "Line Amount": major(Math.round((priceMinor4 * quantity) / 100)),
      Currency: "USD",
      "Invoice Date": isoDay(date),
    };
    invoiceRows.push(row);
    return { id: `${invoice}/${item}`, row };
  };

  const conditions: Condition[] = [...CONDITIONS, ...Array.from({ length: options.size }, () => "ordinary" as const)];
  random.shuffle(conditions);
  for (const condition of conditions) {
    const po = ++poNumber;
    const vendor = random.pick(VENDORS);
    const item = nextItem();
    const quantity = random.int(2, 120) * 10;
    const price = random.int(300, 450_000); // 4 decimals: 0.03 to 45.00
    const ordered = addDays(start, random.int(0, 10));
    const received = addDays(ordered, random.int(2, 8));
    const billed = addDays(received, random.int(0, 5));
    const poLine = addPoLine(po, vendor, item, quantity, price, ordered);

    if (condition === "ordinary" || condition === "price variance within tolerance") {
      const grnId = addReceipt(po, vendor, item, quantity, received);
      // 1% is inside the default 2% tolerance: matched, no action.
      const billedPrice = condition === "ordinary" ? price : Math.round(price * 1.01);
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, billedPrice, billed);
      stream.match("po_receipts", [poLine, grnId]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [grnId, invoice.id]);
    } else if (condition === "partial receipts that add up") {
      const first = Math.floor(quantity / 2);
      const receipts = [addReceipt(po, vendor, item, first, received), addReceipt(po, vendor, item, quantity - first, addDays(received, 3))];
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, price, addDays(billed, 3));
      stream.match("po_receipts", [poLine, ...receipts]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [...receipts, invoice.id]);
    } else if (condition === "short delivery billed as received" || condition === "over-billed short delivery") {
      const short = quantity - random.int(1, quantity / 10) * 5;
      const grnId = addReceipt(po, vendor, item, short, received);
      const billedQuantity = condition === "short delivery billed as received" ? short : quantity;
      const invoice = addInvoice(invoicePo(po), vendor, item, billedQuantity, price, billed);
      stream.exception("po_receipts", "AMOUNT_MISMATCH", [poLine, grnId], condition);
      stream.match("po_invoices", [poLine, invoice.id]);
      if (billedQuantity === short) stream.match("receipts_invoices", [grnId, invoice.id]);
      else stream.exception("receipts_invoices", "AMOUNT_MISMATCH", [grnId, invoice.id], condition);
    } else if (condition === "price variance beyond tolerance") {
      const grnId = addReceipt(po, vendor, item, quantity, received);
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, Math.round(price * random.pick([1.05, 1.08, 0.9])), billed);
      stream.match("po_receipts", [poLine, grnId]);
      stream.exception("po_invoices", "AMOUNT_MISMATCH", [poLine, invoice.id], condition);
      stream.match("receipts_invoices", [grnId, invoice.id]);
    } else if (condition === "invoice without a PO number") {
      const grnId = addReceipt(po, vendor, item, quantity, received);
      const invoice = addInvoice("", vendor, item, quantity, price, billed);
      stream.match("po_receipts", [poLine, grnId]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [grnId, invoice.id]);
    } else if (condition === "nothing received or invoiced") {
      stream.exception("po_receipts", "MISSING_IN_TARGET", [poLine], condition);
      stream.exception("po_invoices", "MISSING_IN_TARGET", [poLine], condition);
    } else if (condition === "received, not yet invoiced") {
      const grnId = addReceipt(po, vendor, item, quantity, received);
      stream.match("po_receipts", [poLine, grnId]);
      stream.exception("po_invoices", "MISSING_IN_TARGET", [poLine], condition);
      stream.exception("receipts_invoices", "MISSING_IN_TARGET", [grnId], condition);
    } else if (condition === "duplicate invoice line") {
      const grnId = addReceipt(po, vendor, item, quantity, received);
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, price, billed);
      invoiceRows.push({ ...invoice.row });
      stream.match("po_receipts", [poLine, grnId]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [grnId, invoice.id]);
      stream.exception("po_invoices", "DUPLICATE", [invoice.id], condition);
      stream.exception("receipts_invoices", "DUPLICATE", [invoice.id], condition);
    } else if (condition === "invoice for an unknown PO") {
      // The PO line itself is ordinary; the stray invoice bills an item no PO has.
      const grnId = addReceipt(po, vendor, item, quantity, received);
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, price, billed);
      const stray = addInvoice(invoicePo(po + 700), vendor, nextItem(), random.int(1, 20) * 5, price, billed);
      stream.match("po_receipts", [poLine, grnId]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [grnId, invoice.id]);
      stream.exception("po_invoices", "MISSING_IN_SOURCE", [stray.id], condition);
      stream.exception("receipts_invoices", "MISSING_IN_SOURCE", [stray.id], condition);
    } else {
      // Two POs to one vendor for the same item: the first received and billed with its PO number,
      // the second received but not billed; a third invoice quotes a PO number nobody issued.
      // An explicit, different PO number is not "no PO number": the fallback must not pair it.
      const secondPo = ++poNumber;
      const secondLine = addPoLine(secondPo, vendor, item, quantity, price, addDays(ordered, 1));
      const grnId = addReceipt(po, vendor, item, quantity, received);
      const secondGrn = addReceipt(secondPo, vendor, item, quantity, addDays(received, 1));
      const invoice = addInvoice(invoicePo(po), vendor, item, quantity, price, billed);
      const trap = addInvoice(invoicePo(secondPo + 800), vendor, item, quantity, price, billed);
      stream.match("po_receipts", [poLine, grnId]);
      stream.match("po_receipts", [secondLine, secondGrn]);
      stream.match("po_invoices", [poLine, invoice.id]);
      stream.match("receipts_invoices", [grnId, invoice.id]);
      stream.exception("po_invoices", "MISSING_IN_TARGET", [secondLine], condition);
      stream.exception("po_invoices", "MISSING_IN_SOURCE", [trap.id], condition);
      stream.exception("receipts_invoices", "MISSING_IN_TARGET", [secondGrn], condition);
      stream.exception("receipts_invoices", "MISSING_IN_SOURCE", [trap.id], condition);
    }
  }

  random.shuffle(receiptRows);
  random.shuffle(invoiceRows);
  const poHeader = ["PO Number", "Line", "Vendor", "Item", "Description", "Qty Ordered", "Unit Price", "Currency", "PO Date"];
  const receiptHeader = ["GRN", "PO Ref", "Vendor Name", "Item", "Qty Received", "Receipt Date", "Warehouse"];
  const invoiceHeader = ["Invoice No", "PO", "Supplier", "Item", "Qty Billed", "Unit Price", "Line Amount", "Currency", "Invoice Date"];
  const scenarioFiles = new Map<string, Uint8Array>([
    // The ERP export: UTF-8 with a BOM, CRLF, quoted descriptions, and the delimiter-only lines Excel leaves behind.
    [files.purchase_orders, utf8(csvText({ header: poHeader, rows: poRows, crlf: true, trailingEmptyLines: 2 }), true)],
    [files.goods_receipts, utf8(csvText({ header: receiptHeader, rows: receiptRows }))],
    // The AP inbox tool is a Windows program: Windows-1252 (Müller, Präzision).
    [files.invoices, windows1252(csvText({ header: invoiceHeader, rows: invoiceRows, crlf: true }))],
  ]);
  return { files: scenarioFiles, answerKey: key.key };
};
