import { Link, NavLink } from "@remix-run/react";
import type { ComponentType, RefObject } from "react";
import { cn } from "../ui/cn";
import { DashboardIcon, ExceptionsIcon, FilesIcon, QuickRunIcon, RuleSetsIcon, RunsIcon, SettingsIcon, StreamsIcon, TemplatesIcon, CloseIcon, MenuIcon, type IconProps } from "./icons";

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

interface SidebarProps {
  /** Below lg the navigation is a drawer; from lg up it is always shown and these are ignored. */
  open: boolean;
  onClose: () => void;
  drawerRef: RefObject<HTMLElement>;
}

/** The brand and the main navigation: a drawer opened from the header's menu button on small screens, a fixed column from lg up. */
export function Sidebar({ open, onClose, drawerRef }: SidebarProps) {
  return (
    <>
      {open ? <div className="fixed inset-0 z-40 bg-slate-900/40 lg:hidden" aria-hidden="true" onClick={onClose} /> : null}
      <aside
        id="main-navigation"
        ref={drawerRef}
        className={cn(
          "border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:left-0 lg:z-40 lg:flex lg:w-64 lg:flex-col lg:border-r lg:shadow-none",
          open ? "fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col border-r shadow-xl" : "hidden",
        )}
      >
        <div className="flex h-16 shrink-0 items-center justify-between px-4 lg:px-6">
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
          <button
            type="button"
            onClick={onClose}
            aria-label="Close navigation"
            className="rounded-md p-2 text-slate-500 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 lg:hidden"
          >
            <CloseIcon />
          </button>
        </div>

        <nav aria-label="Main" className="flex flex-1 flex-col gap-1 overflow-y-auto px-3 pb-6 pt-2">
          <ul className="flex flex-col gap-1" role="list">
            {primaryNav.map((item) => (
              <SidebarLink key={item.to} item={item} />
            ))}
          </ul>
          <div className="mx-3 my-4 h-px bg-slate-200" aria-hidden="true" />
          <ul className="flex flex-col gap-1" role="list">
            {secondaryNav.map((item) => (
              <SidebarLink key={item.to} item={item} />
            ))}
          </ul>
        </nav>
      </aside>
    </>
  );
}

/** The header's button that opens the navigation drawer below lg. */
export function MenuButton({ open, onToggle, buttonRef }: { open: boolean; onToggle: () => void; buttonRef: RefObject<HTMLButtonElement> }) {
  return (
    <button
      ref={buttonRef}
      type="button"
      onClick={onToggle}
      aria-label="Menu"
      aria-expanded={open}
      aria-controls="main-navigation"
      className="-ml-2 shrink-0 rounded-md p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 lg:hidden"
    >
      <MenuIcon />
    </button>
  );
}
