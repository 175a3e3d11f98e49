import { Link, NavLink } from "@remix-run/react";
import type { ComponentType } from "react";
import { cn } from "../ui/cn";
import { DashboardIcon, ExceptionsIcon, FilesIcon, QuickRunIcon, RuleSetsIcon, RunsIcon, SettingsIcon, StreamsIcon, TemplatesIcon, type IconProps } from "./icons";

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

/** The brand and the main navigation: a row on small screens, a fixed column from lg up. */
export function Sidebar() {
  return (
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
  );
}
