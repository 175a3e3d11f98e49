/**
 * Joins class names, skipping falsy values. Deliberately tiny: no conflict
 * resolution, so put overrides last and avoid passing two utilities that
 * set the same property.
 */
export type ClassValue = string | number | false | null | undefined;

export function cn(...classes: ClassValue[]): string {
  return classes.filter((c) => typeof c === "string" ? c.length > 0 : Boolean(c)).join(" ");
}
