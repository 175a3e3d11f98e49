/**
 * Time zones as a person picks one: the canonical IANA names the runtime
 * knows, each with its offset from UTC at a given moment ("UTC+13:00"), ordered
 * west to east, and a search over name, city and offset ("new york",
 * "auckland", "+5:30", "utc-3").
 */
export interface ZoneChoice {
  name: string;
  /** Minutes east of UTC at the moment the list was built. */
  offsetMinutes: number;
  /** "UTC+13:00", "UTC−03:00", "UTC" */
  offset: string;
  /** Lower-case text the search matches: the name with spaces for underscores and slashes, and the offset spelled several ways. */
  haystack: string;
}

/** Minutes east of UTC of `timeZone` at `at`, from the runtime's own tz data. */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at);
  const name = parts.find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT([+-−])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "+" ? minutes : -minutes;
}

export function formatOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "−";
  const absolute = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
}

/**
 * ICU lists some zones under names the tz database has since renamed
 * (Asia/Calcutta, Europe/Kiev): people search for the current ones. Both
 * spellings are the same zone to Intl and to PostgreSQL.
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Europe/Kiev": "Europe/Kyiv",
  "America/Godthab": "America/Nuuk",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
  "Pacific/Enderbury": "Pacific/Kanton",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Louisville": "America/Kentucky/Louisville",
  "Africa/Asmera": "Africa/Asmara",
};

/** The current IANA name of a zone ICU knows under an older one. */
export function currentZoneName(name: string): string {
  return CURRENT_NAMES[name] ?? name;
}

/** The runtime's zone names in their current IANA spelling, UTC first (Intl leaves it out of its list). */
export function canonicalZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...names.filter((name) => name !== "UTC" && name !== "Etc/UTC").map(currentZoneName)];
}

export function zoneChoices(at: Date, names: readonly string[] = canonicalZoneNames()): ZoneChoice[] {
  const choices = names.map((name) => {
    const offsetMinutes = zoneOffsetMinutes(name, at);
    const offset = formatOffset(offsetMinutes);
    const hours = Math.trunc(Math.abs(offsetMinutes) / 60);
    const minutes = Math.abs(offsetMinutes) % 60;
    const sign = offsetMinutes < 0 ? "-" : "+";
    const short = `${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
    const haystack = [name, name.replace(/[_/]/g, " "), offset.replace("−", "-"), `utc${short}`, `gmt${short}`, short].join(" ").toLowerCase();
    return { name, offsetMinutes, offset, haystack };
  });
  return choices.sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.name.localeCompare(b.name));
}

/** Choices whose text holds every word of the query; a zone whose name starts with the query comes first. */
export function searchZones(choices: readonly ZoneChoice[], query: string, limit = 50): ZoneChoice[] {
  const words = query.toLowerCase().replace(/−/g, "-").split(/\s+/).filter(Boolean);
  if (words.length === 0) return choices.slice(0, limit);
  const hits = choices.filter((choice) => words.every((word) => choice.haystack.includes(word)));
  const first = words.join(" ");
  const starts = (choice: ZoneChoice) => {
    const city = choice.name.slice(choice.name.lastIndexOf("/") + 1).replace(/_/g, " ").toLowerCase();
    return city.startsWith(first) || choice.name.toLowerCase().startsWith(first) ? 0 : 1;
  };
  return hits.sort((a, b) => starts(a) - starts(b)).slice(0, limit);
}
