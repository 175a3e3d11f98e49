/** Pack industries are free-form slugs; the known ones get their usual names, the rest a readable form of the slug. */
const INDUSTRY_LABELS: Record<string, string> = {
  ecommerce: "E-commerce",
  "supply-chain": "Supply chain",
  banking: "Banking and treasury",
  "capital-markets": "Capital markets and trading",
  general: "General",
};

export function industryLabel(industry: string): string {
  const known = INDUSTRY_LABELS[industry];
  if (known) return known;
  const words = industry.replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Other";
}
