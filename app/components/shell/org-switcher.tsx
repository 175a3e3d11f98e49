import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { cn } from "../ui/cn";
import type { AppShellProps } from "./shell-types";
import { CheckIcon, ChevronUpDownIcon } from "./icons";
import { formatRole, initials, menuContentClasses, menuItemClasses, menuLabelClasses, submitThenClose } from "./menu-parts";

/** The current org, and a form per other org that posts to /orgs/switch. */
export function OrgSwitcher({ org, role, orgs }: Pick<AppShellProps, "org" | "role" | "orgs">) {
  const [open, setOpen] = useState(false);
  const list = orgs.some((o) => o.id === org.id) ? orgs : [{ ...org, role }, ...orgs];

  return (
    <DropdownMenu.Root open={open} onOpenChange={setOpen} modal={false}>
      <DropdownMenu.Trigger
        aria-label="Switch organization"
        className={cn(
          "flex min-w-0 max-w-xs items-center gap-3 rounded-md px-2 py-1.5 text-left transition-colors",
          "hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
          "data-[state=open]:bg-slate-100",
        )}
      >
        <span
          className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-slate-900 text-xs font-semibold text-white"
          aria-hidden="true"
        >
          {initials(org.name)}
        </span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium text-slate-900">{org.name}</span>
          <span className="block text-xs text-slate-500">{formatRole(role)}</span>
        </span>
        <ChevronUpDownIcon className="h-4 w-4 text-slate-400" />
      </DropdownMenu.Trigger>

      <DropdownMenu.Portal>
        <DropdownMenu.Content align="start" sideOffset={8} className={menuContentClasses}>
          <DropdownMenu.Label className={menuLabelClasses}>Organizations</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={org.id} className="max-h-72 overflow-y-auto">
            {list.map((o) => {
              const current = o.id === org.id;
              const content = (
                <>
                  <span
                    className="flex h-6 w-6 shrink-0 items-center justify-center rounded bg-slate-100 text-[11px] font-semibold text-slate-600"
                    aria-hidden="true"
                  >
                    {initials(o.name)}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{o.name}</span>
                    <span className="block text-xs text-slate-500">{formatRole(o.role)}</span>
                  </span>
                  <span className="flex h-4 w-4 shrink-0 items-center justify-center">
                    <DropdownMenu.ItemIndicator>
                      <CheckIcon className="h-4 w-4 text-indigo-600" />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  {current ? <span className="sr-only">(current organization)</span> : null}
                </>
              );

              if (current) {
                return (
                  <DropdownMenu.RadioItem key={o.id} value={o.id} asChild>
                    <button type="button" className={menuItemClasses}>
                      {content}
                    </button>
                  </DropdownMenu.RadioItem>
                );
              }

              return (
                <Form key={o.id} method="post" action="/orgs/switch">
                  <input type="hidden" name="orgId" value={o.id} />
                  <DropdownMenu.RadioItem value={o.id} asChild onSelect={submitThenClose(setOpen)}>
                    <button type="submit" className={menuItemClasses}>
                      {content}
                    </button>
                  </DropdownMenu.RadioItem>
                </Form>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
