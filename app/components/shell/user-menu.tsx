import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { cn } from "../ui/cn";
import type { AppShellProps } from "./shell-types";
import { ChevronUpDownIcon, DocsIcon, LogOutIcon, SettingsIcon } from "./icons";
import { formatRole, initials, menuContentClasses, menuItemClasses, submitThenClose } from "./menu-parts";

export function UserMenu({ user, role }: Pick<AppShellProps, "user" | "role">) {
  const [open, setOpen] = useState(false);

  return (
    <DropdownMenu.Root open={open} onOpenChange={setOpen} modal={false}>
      <DropdownMenu.Trigger
        aria-label="User menu"
        className={cn(
          "flex items-center gap-2 rounded-full p-0.5 transition-colors sm:rounded-md sm:py-1 sm:pl-1 sm:pr-2",
          "hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
          "data-[state=open]:bg-slate-100",
        )}
      >
        <span
          className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white"
          aria-hidden="true"
        >
          {initials(user.name || user.email)}
        </span>
        <span className="hidden max-w-[12rem] truncate text-sm font-medium text-slate-700 sm:block" aria-hidden="true">
          {user.name || user.email}
        </span>
        <ChevronUpDownIcon className="hidden h-4 w-4 text-slate-400 sm:block" />
      </DropdownMenu.Trigger>

      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={8} className={menuContentClasses}>
          <DropdownMenu.Label className="px-2.5 py-2">
            <span className="block truncate text-sm font-medium text-slate-900">{user.name}</span>
            <span className="block truncate text-sm text-slate-500">{user.email}</span>
            <span className="mt-1 block text-xs text-slate-500">Role: {formatRole(role)}</span>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item asChild>
            <Link to="/settings" className={menuItemClasses}>
              <SettingsIcon className="h-4 w-4 text-slate-400" />
              Settings
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild>
            {/* Served by the web server, not a Remix route: a full page load. */}
            <Link reloadDocument to="/docs/api" className={menuItemClasses}>
              <DocsIcon className="h-4 w-4 text-slate-400" />
              API reference
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <Form method="post" action="/logout">
            <DropdownMenu.Item asChild onSelect={submitThenClose(setOpen)}>
              <button type="submit" className={menuItemClasses}>
                <LogOutIcon className="h-4 w-4 text-slate-400" />
                Log out
              </button>
            </DropdownMenu.Item>
          </Form>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
