import { useEffect, useState } from "react";
import { useDisplay } from "~/components/format";
import { currencyExponent } from "~/core/values/currency";
import { minorAsSafeNumber, minorToMajorText, parseMoneyEntry } from "~/core/values/money-entry";
import { cn } from "./cn";
import { Input } from "./input";

/**
 * An amount typed in major units of a currency ("$1,000.00") and handed on
 * as exact integer minor units (100000): the text is read with string and
 * BigInt arithmetic only. What is shown is the amount in the reader's
 * grouping; a problem ("USD has 2 decimal places") shows under the field and
 * the last valid value stays in force until the text reads again.
 */
export interface MoneyInputProps {
  minor: number;
  currency: string;
  onMinorChange: (minor: number) => void;
  id?: string;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
}

export function formatMajor(minor: number, currency: string, locale: string): string {
  const digits = currencyExponent(currency) ?? 2;
  try {
    // A decimal string keeps every digit through Intl (no float on the way).
    return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minorToMajorText(minor, currency) as unknown as number);
  } catch {
    return minorToMajorText(minor, currency);
  }
}

export function MoneyInput({ minor, currency, onMinorChange, id, className, ...aria }: MoneyInputProps) {
  const { locale } = useDisplay();
  const [text, setText] = useState(() => formatMajor(minor, currency, locale));
  const [problem, setProblem] = useState<string | null>(null);

  // A value changed from outside (another control, a reset) or a new currency: show it afresh.
  useEffect(() => {
    const entry = parseMoneyEntry(text, currency);
    if (!entry.ok || entry.minor !== BigInt(minor)) {
      setText(formatMajor(minor, currency, locale));
      setProblem(null);
    }
    // Only when the value or currency changes, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minor, currency]);

  const problemId = id ? `${id}-problem` : undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex items-center gap-2">
        <Input
          {...aria}
          id={id}
          value={text}
          inputMode="decimal"
          autoComplete="off"
          className="text-right font-mono tabular-nums"
          aria-invalid={problem ? true : undefined}
          aria-describedby={[aria["aria-describedby"], problem ? problemId : undefined].filter(Boolean).join(" ") || undefined}
          onChange={(event) => {
            setText(event.target.value);
            const entry = parseMoneyEntry(event.target.value, currency);
            if (!entry.ok) return setProblem(entry.problem);
            const value = minorAsSafeNumber(entry.minor);
            if (value === null) return setProblem("That amount is too large");
            setProblem(null);
            onMinorChange(value);
          }}
          onBlur={() => {
            if (!problem) setText(formatMajor(minor, currency, locale));
          }}
        />
        <span className="font-mono text-sm text-slate-700">{currency}</span>
      </div>
      {problem ? (
        <p id={problemId} className="text-xs text-red-700" role="status">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
