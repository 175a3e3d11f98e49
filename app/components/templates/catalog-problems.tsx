import { Alert } from "~/components/ui/alert";
import { describeLocation } from "~/components/problem";

/**
 * Packs found at start but not offered (invalid, or changed without a new
 * version), for admins: each problem with the file, JSON pointer and line to
 * fix, as `pack:validate` would print them.
 */
export interface RejectedPackView {
  name: string;
  origin: "plugins" | "npm";
  problems: Array<{ file: string; pointer: string | null; line: number | null; message: string }>;
}

export function CatalogProblems({ packs }: { packs: RejectedPackView[] }) {
  return (
    <Alert tone="warning" title={`${packs.length} pack${packs.length === 1 ? " was" : "s were"} not loaded`}>
      <p>They are left out of the gallery until fixed. Only admins see this.</p>
      <ul className="mt-2 space-y-2" data-testid="catalog-problems">
        {packs.map((pack) => (
          <li key={`${pack.origin}:${pack.name}`}>
            <p className="font-medium">
              {pack.name} <span className="font-normal">({pack.origin === "npm" ? "npm package" : "plugins folder"})</span>
            </p>
            <ul className="list-disc pl-5">
              {pack.problems.map((problem, index) => (
                <li key={index}>
                  <span className="font-mono text-xs">{describeLocation({ file: problem.file, pointer: problem.pointer ?? undefined, line: problem.line ?? undefined, message: problem.message })}</span>: {problem.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
