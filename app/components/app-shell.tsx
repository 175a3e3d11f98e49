import { useState } from "react";
import type { ComponentType, ReactNode, SVGProps } from "react";
import { Form, Link, NavLink } from "@remix-run/react";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { cn } from "./ui/cn";

export type OrgRole = "owner" | "admin" | "operator" | "viewer";

export interface AppShellProps {
  user: { id: string; name: string; email: string };
  org: { id: string; name: string };
  role: OrgRole;
  orgs: Array<{ id: string; name: string; role: string }>;
  children: ReactNode;
}

/* ------------------------------------------------------------------ icons */

type IconProps = SVGProps<SVGSVGElement>;

function Icon({ className, children, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={cn("h-5 w-5 shrink-0", className)}
      {...props}
    >
      {children}
    </svg>
  );
}

export function DashboardIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="3" width="7" height="9" rx="1.5" />
      <rect x="14" y="3" width="7" height="5" rx="1.5" />
      <rect x="14" y="12" width="7" height="9" rx="1.5" />
      <rect x="3" y="16" width="7" height="5" rx="1.5" />
    </Icon>
  );
}

export function FilesIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
      <path d="M9 13h6M9 17h4" />
    </Icon>
  );
}

export function RuleSetsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m3 6 2 2 3.5-3.5" />
      <path d="m3 17 2 2 3.5-3.5" />
      <path d="M12 6.5h9M12 12h9M12 17.5h9" />
    </Icon>
  );
}

export function QuickRunIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M13 3 5 13.5h6L10 21l8-10.5h-6z" />
    </Icon>
  );
}

export function StreamsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 8h13" />
      <path d="m14 5 3 3-3 3" />
      <path d="M20 16H7" />
      <path d="m10 13-3 3 3 3" />
    </Icon>
  );
}

export function RunsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M10 8.5 15 12l-5 3.5z" />
    </Icon>
  );
}

export function ExceptionsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10.3 3.9 2.4 17.5a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
      <path d="M12 9v4M12 17h.01" />
    </Icon>
  );
}

export function TemplatesIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m12 3 9 5-9 5-9-5z" />
      <path d="m3 13 9 5 9-5" />
    </Icon>
  );
}

export function SettingsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12" />
      <circle cx="16" cy="6" r="2" />
      <circle cx="10" cy="12" r="2" />
      <circle cx="18" cy="18" r="2" />
    </Icon>
  );
}

function ChevronUpDownIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m7 15 5 5 5-5M7 9l5-5 5 5" />
    </Icon>
  );
}

function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M20 6 9 17l-5-5" />
    </Icon>
  );
}

function LogOutIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
      <path d="m16 17 5-5-5-5M21 12H9" />
    </Icon>
  );
}

/* ------------------------------------------------------------- navigation */

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<IconProps>;
  end?: boolean;
}

const primaryNav: NavItem[] = [
  { to: "/", label: "Dashboard", icon: DashboardIcon, end: true },
  { to: "/files", label: "Files", icon: FilesIcon },
  { to: "/quick-run", label: "Quick Run", icon: QuickRunIcon },
  { to: "/rule-sets", label: "Rule sets", icon: RuleSetsIcon },
  { to: "/streams", label: "Streams", icon: StreamsIcon },
  { to: "/runs", label: "Runs", icon: RunsIcon },
  { to: "/exceptions", label: "Exceptions", icon: ExceptionsIcon },
  { to: "/templates", label: "Templates", icon: TemplatesIcon },
];

const secondaryNav: NavItem[] = [{ to: "/settings", label: "Settings", icon: SettingsIcon }];

function SidebarLink({ item }: { item: NavItem }) {
  const ItemIcon = item.icon;
  return (
    <li>
      <NavLink
        to={item.to}
        end={item.end}
        prefetch="intent"
        className={({ isActive }) =>
          cn(
            "group flex items-center gap-3 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors",
            "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-0",
            isActive
              ? "bg-indigo-50 text-indigo-700"
              : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
          )
        }
      >
        {({ isActive }) => (
          <>
            <ItemIcon
              className={isActive ? "text-indigo-600" : "text-slate-400 group-hover:text-slate-500"}
            />
            <span>{item.label}</span>
          </>
        )}
      </NavLink>
    </li>
  );
}

/* ------------------------------------------------------------------ menus */

const menuContentClasses =
  "z-50 min-w-[16rem] overflow-hidden rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-lg " +
  "focus:outline-none focus-visible:ring-0";

const menuItemClasses =
  "flex w-full cursor-default select-none items-center gap-2.5 rounded-md px-2.5 py-2 text-left text-sm text-slate-700 " +
  "outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 focus-visible:ring-offset-0 " +
  "data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900 data-[disabled]:opacity-50";

const menuLabelClasses = "px-2.5 pb-1.5 pt-2 text-xs font-medium uppercase tracking-wide text-slate-500";

function formatRole(role: string): string {
  return role ? role.charAt(0).toUpperCase() + role.slice(1) : role;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

/**
 * Radix closes (and unmounts) the menu on select, which can detach a submit
 * button's form before the browser submits it. Keep the menu open while the
 * click's default action submits the form, then close it on the next task.
 */
function submitThenClose(setOpen: (open: boolean) => void) {
  return (event: Event) => {
    event.preventDefault();
    setTimeout(() => setOpen(false), 0);
  };
}

function OrgSwitcher({ org, role, orgs }: Pick<AppShellProps, "org" | "role" | "orgs">) {
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

function UserMenu({ user, role }: Pick<AppShellProps, "user" | "role">) {
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

/* ------------------------------------------------------------------ shell */

export function AppShell({ user, org, role, orgs, children }: AppShellProps) {
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className={cn(
          "sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-[100] focus:rounded-md",
          "focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-700 focus:shadow-lg",
        )}
      >
        Skip to content
      </a>

      <aside className="border-b border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:left-0 lg:z-40 lg:flex lg:w-64 lg:flex-col lg:border-b-0 lg:border-r">
        <div className="flex h-16 shrink-0 items-center px-4 lg:px-6">
          <Link
            to="/"
            className="flex items-center gap-2.5 rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            <span
              className="flex h-8 w-8 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm"
              aria-hidden="true"
            >
              <StreamsIcon className="h-[18px] w-[18px]" strokeWidth={2} />
            </span>
            <span className="text-base font-semibold tracking-tight text-slate-900">Reconstream</span>
          </Link>
        </div>

        <nav
          aria-label="Main"
          className="flex gap-1 overflow-x-auto px-3 pb-3 lg:flex-1 lg:flex-col lg:overflow-y-auto lg:pb-6 lg:pt-2"
        >
          <ul className="flex gap-1 lg:flex-col" role="list">
            {primaryNav.map((item) => (
              <SidebarLink key={item.to} item={item} />
            ))}
          </ul>
          <div className="mx-1 w-px shrink-0 bg-slate-200 lg:mx-3 lg:my-4 lg:h-px lg:w-auto" aria-hidden="true" />
          <ul className="flex gap-1 lg:flex-col" role="list">
            {secondaryNav.map((item) => (
              <SidebarLink key={item.to} item={item} />
            ))}
          </ul>
        </nav>
      </aside>

      <div className="flex min-h-screen min-w-0 flex-col lg:pl-64">
        <header className="sticky top-0 z-30 flex h-16 shrink-0 items-center justify-between gap-4 border-b border-slate-200 bg-white/95 px-4 backdrop-blur sm:px-6 lg:px-8">
          <OrgSwitcher org={org} role={role} orgs={orgs} />
          <UserMenu user={user} role={role} />
        </header>

        <main
          id="main"
          tabIndex={-1}
          className="flex-1 px-4 py-8 focus:outline-none focus-visible:ring-0 focus-visible:ring-offset-0 sm:px-6 lg:px-8"
        >
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
