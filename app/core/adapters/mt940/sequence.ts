/**
 * :28C: statement number / sequence number (5n[/5n]). Consecutive
 * statements of one account count up; the pages of one long statement
 * (:60M:/:62M:) share the statement number and count the sequence up. A gap
 * means a statement or page was not delivered: reported as a warning naming
 * what is missing. A number that goes down is a new numbering (banks restart
 * each year), not a gap.
 */
export interface SequenceNumber {
  statement: number;
  page: number | null;
}

const MAX_LISTED = 10;

export function sequenceNumberOf(text: string): SequenceNumber | null {
  const match = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(text.trim());
  if (!match) return null;
  return { statement: Number(match[1]), page: match[2] === undefined ? null : Number(match[2]) };
}

export function sequenceGapOf(previous: SequenceNumber, next: SequenceNumber): string | null {
  if (next.statement === previous.statement && next.page !== null && previous.page !== null && next.page > previous.page + 1) {
    return `pages ${listed(previous.page + 1, next.page - 1)} of statement ${next.statement} are missing before this one`;
  }
  if (next.statement > previous.statement + 1) {
    return `statements ${listed(previous.statement + 1, next.statement - 1)} are missing before this one`;
  }
  if (next.statement === previous.statement + 1 && next.page !== null && next.page > 1) {
    return `pages ${listed(1, next.page - 1)} of statement ${next.statement} are missing before this one`;
  }
  return null;
}

function listed(from: number, to: number): string {
  const numbers: number[] = [];
  for (let number = from; number <= Math.min(to, from + MAX_LISTED - 1); number++) numbers.push(number);
  const more = to - from + 1 - numbers.length;
  return numbers.join(", ") + (more > 0 ? ` (and ${more} more)` : "");
}
