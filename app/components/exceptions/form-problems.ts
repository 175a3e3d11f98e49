import type { ProblemView } from "~/components/problem";
import { STATUS_LABELS } from "./status-labels";

/**
 * The API's refusals, said to a person on a form (issue #20 §3): the API
 * speaks to programs ("force needs a forceReason", "Exception 'exc_01…' is
 * resolved"), a form speaks of its own fields and of what to do next. Each
 * form lists the refusals it knows; a field's message goes next to that
 * field, the rest into one sentence above the form. Anything not listed
 * keeps the API's title, so no refusal is ever hidden.
 */
export interface PlainWord {
  /** The JSON pointer the API names (a RegExp for indexed ones, e.g. /sourceExceptionIds/3). */
  pointer?: string | RegExp;
  /** Matched against the API's message or title, for refusals without a pointer (409, 404). */
  says?: RegExp;
  /** Only for this HTTP status. */
  status?: number;
  /** The form field this message belongs next to; none: it goes in the summary. */
  field?: string;
  /** Fixed words, or words built from the API's text (e.g. the two statuses of a refused move). */
  words: string | ((text: string) => string);
}

export interface PlainProblem {
  /** One sentence above the form; null when every refusal sits next to its field. */
  summary: string | null;
  /** Messages by form field. */
  fields: Record<string, string>;
}

const BY_STATUS: Record<number, string> = {
  0: "The connection to the server failed. Check the network and try again.",
  401: "You are signed out. Sign in again and retry.",
  403: "Your role cannot make this change. Ask an admin or operator.",
  404: "It no longer exists. Reload the page to see the current list.",
  409: "Someone changed this meanwhile. Reload to see where it stands, then try again.",
  429: "Too many changes at once. Wait a moment and try again.",
};

export function plainProblem(problem: ProblemView, words: readonly PlainWord[]): PlainProblem {
  const fields: Record<string, string> = {};
  const summary: string[] = [];
  const say = (word: PlainWord, text: string) => {
    const words = typeof word.words === "string" ? word.words : word.words(text);
    if (word.field) fields[word.field] ??= words;
    else if (!summary.includes(words)) summary.push(words);
  };
  const fits = (word: PlainWord, text: string, pointer: string | undefined) =>
    (word.status === undefined || word.status === problem.status) &&
    (word.pointer === undefined || (pointer !== undefined && (typeof word.pointer === "string" ? word.pointer === pointer : word.pointer.test(pointer)))) &&
    (word.says === undefined || word.says.test(text));

  for (const error of problem.errors ?? []) {
    const word = words.find((candidate) => candidate.pointer !== undefined && fits(candidate, error.message, error.pointer));
    if (word) say(word, error.message);
  }
  const whole = `${problem.title} ${problem.detail ?? ""}`;
  const general = words.find((candidate) => candidate.pointer === undefined && fits(candidate, whole, undefined));
  if (general) say(general, whole);
  if (summary.length === 0 && Object.keys(fields).length === 0) summary.push(BY_STATUS[problem.status ?? -1] ?? problem.title);
  return { summary: summary.length > 0 ? summary.join(" ") : null, fields };
}

/** What the manual-match panel says when the server refuses a match. */
export function manualMatchWords(difference: string | null): PlainWord[] {
  return [
    { pointer: "/forceReason", field: "forceReason", words: "Say why the match is right despite the difference." },
    {
      pointer: "/force",
      words: `The two sides differ${difference ? ` by ${difference}` : ""}. To match them anyway, tick “Match despite the difference” and give a reason.`,
    },
    { pointer: "/targetExceptionIds", says: /currenc/i, words: "The selected exceptions are in different currencies; a match is in one currency." },
    { pointer: "/targetExceptionIds", says: /also a source/i, words: "One exception cannot be on both sides of a match; unselect it on one side." },
    { pointer: /^\/sourceExceptionIds\/\d+$/, words: "A selected source-side exception has no amount, so the sides cannot be compared; unselect it." },
    { pointer: /^\/targetExceptionIds\/\d+$/, words: "A selected target-side exception has no amount, so the sides cannot be compared; unselect it." },
    { status: 409, says: /carried forward/i, words: "A selected exception was carried into a newer run; match the newer one instead." },
    {
      status: 409,
      says: /only open exceptions can be matched/i,
      words: "A selected exception is no longer open: only open exceptions can be matched. Reload the list to see where it stands.",
    },
    { status: 409, says: /changed while/i, words: "Some of the selected exceptions changed while the match was made; nothing was matched. Reload the list and try again." },
    { status: 404, words: "A selected exception no longer exists. Reload the list." },
  ];
}

const statusLabel = (status: string) => STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status.replaceAll("_", " ");

/** "It is ignored now, so it cannot go to in review…" from the state machine's "cannot go from 'ignored' to 'in_review'". */
function refusedMove(text: string): string {
  const move = /cannot go from '([a-z_]+)' to '([a-z_]+)'/.exec(text);
  const now = move ? `It is ${statusLabel(move[1]!)} now, so it cannot go to ${statusLabel(move[2]!)}.` : "That status cannot follow the current one.";
  return `${now} Someone may have changed it meanwhile; the form now offers the moves that can follow.`;
}

/** What the status form says when a change is refused. */
export const STATUS_WORDS: PlainWord[] = [
  { pointer: "/resolutionCode", field: "resolutionCode", words: "Choose why it is closed." },
  { pointer: "/resolutionNote", field: "resolutionNote", words: "Say in a few words why it is written off." },
  { pointer: "/status", words: "A resolution is given only together with closing the exception." },
  { status: 409, says: /manual match/i, words: "It is part of a match made by hand; undo that match to reopen it." },
  { status: 409, says: /cannot go from/i, words: refusedMove },
  { status: 409, words: "Someone changed this exception meanwhile; it has been reloaded. Check its status and try again." },
];

/** What the assignment form says when a change is refused. */
export const ASSIGNMENT_WORDS: PlainWord[] = [
  { pointer: "/assigneeId", field: "assigneeId", words: "That person is no longer a member of this organization; choose someone else." },
  { status: 409, words: "Someone changed this exception meanwhile; it has been reloaded. Check who has it and try again." },
];
