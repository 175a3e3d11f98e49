import { Form, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Select } from "~/components/ui/select";
import { CHOOSABLE_RESOLUTION_CODES } from "~/modules/exceptions";
import type { MemberChoice } from "./page-data";

interface BulkActionsBarProps {
  selectedIds: string[];
  userId: string;
  members: MemberChoice[];
  busy: boolean;
  /** Every loaded row is selected, so the whole filter can be offered. */
  allLoadedSelected: boolean;
  /** How many the whole filter matches (null while counting). */
  matchingCount: number | null;
  /** The filter "all matching" means, as the list's query string. */
  filterQuery: string;
  matchingChosen: boolean;
  chooseMatching: (chosen: boolean) => void;
}

/**
 * One change applied to every selected row; the ids travel as one field,
 * however many were picked. "Select all N matching" sends the filter instead,
 * and the bulk service applies it to exactly what the filter matches.
 */
export function BulkActionsBar({ selectedIds, userId, members, busy, allLoadedSelected, matchingCount, filterQuery, matchingChosen, chooseMatching }: BulkActionsBarProps) {
  const submit = useSubmit();
  const [operation, setOperation] = useState("assignToMe");
  const offerMatching = allLoadedSelected && matchingCount !== null && matchingCount > selectedIds.length;
  const count = matchingChosen && matchingCount !== null ? matchingCount : selectedIds.length;
  return (
    <div className="mb-3 flex min-h-[2.5rem] flex-wrap items-center gap-3" aria-live="polite">
      <span className="text-sm text-slate-700">{selectedIds.length > 0 ? `${count.toLocaleString("en-US")} selected${matchingChosen ? ", all matching the filter" : ""}` : "Select rows for bulk actions"}</span>
      {offerMatching && !matchingChosen ? (
        <button type="button" className="text-sm font-medium text-indigo-700 underline" onClick={() => chooseMatching(true)}>
          {`Select all ${matchingCount.toLocaleString("en-US")} matching the filter`}
        </button>
      ) : null}
      {matchingChosen ? (
        <button type="button" className="text-sm font-medium text-indigo-700 underline" onClick={() => chooseMatching(false)}>
          Only the loaded rows
        </button>
      ) : null}
      {selectedIds.length > 0 ? (
        <Form
          method="post"
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            if (matchingChosen) form.set("matching", filterQuery);
            else form.set("ids", selectedIds.join(","));
            submit(form, { method: "post" });
          }}
        >
          <label htmlFor="bulk-operation" className="sr-only">
            Bulk action
          </label>
          <Select id="bulk-operation" name="operation" value={operation} onChange={(event) => setOperation(event.target.value)} className="w-48">
            <option value="assignToMe">Assign to me</option>
            <option value="assignTo">Assign to…</option>
            <option value="unassign">Unassign</option>
            <option value="in_review">Mark in review</option>
            <option value="resolved">Resolve</option>
            <option value="ignored">Ignore</option>
            <option value="open">Reopen</option>
          </Select>
          {operation === "assignTo" ? (
            <>
              <label htmlFor="bulk-assignee" className="sr-only">
                Assignee
              </label>
              <Select id="bulk-assignee" name="assigneeId" defaultValue={userId} className="w-52">
                {members.map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.userId === userId ? `${member.name} (me)` : member.name}
                  </option>
                ))}
              </Select>
            </>
          ) : null}
          {operation === "resolved" ? (
            <>
              <label htmlFor="bulk-resolution" className="sr-only">
                Resolution code
              </label>
              <Select id="bulk-resolution" name="resolutionCode" defaultValue="timing_difference" className="w-52">
                {CHOOSABLE_RESOLUTION_CODES.map((code) => (
                  <option key={code} value={code}>
                    {code.replaceAll("_", " ")}
                  </option>
                ))}
              </Select>
            </>
          ) : null}
          <Button type="submit" size="sm" disabled={busy}>
            Apply to {count.toLocaleString("en-US")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}
