import { NavLink, Outlet } from "@remix-run/react";
import { roleAllows, type Role } from "~/core/access";
import { cn } from "~/components/ui/cn";
import { PageHeader } from "~/components/ui/page-header";

export function SettingsLayout({ role }: { role: Role }) {
  const tabs = [
    { to: "/settings", label: "General", end: true, visible: true },
    { to: "/settings/members", label: "Members", end: false, visible: true },
    { to: "/settings/sla", label: "Exception SLA", end: false, visible: true },
    { to: "/settings/api-keys", label: "API keys", end: false, visible: roleAllows(role, "apiKeys:manage") },
    { to: "/settings/audit", label: "Audit log", end: false, visible: roleAllows(role, "audit:read") },
  ].filter((tab) => tab.visible);

  return (
    <>
      {/* The tab bar below carries the divider, so the header drops its own. */}
      <div className="[&>div]:mb-0 [&>div]:border-b-0 [&>div]:pb-5">
        <PageHeader
          title="Settings"
          description="Your organization, its members and how machines and auditors get access."
        />
      </div>
      <nav aria-label="Settings" className="mb-8 border-b border-slate-200">
        <ul className="-mb-px flex gap-6 overflow-x-auto" role="list">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                end={tab.end}
                prefetch="intent"
                className={({ isActive }) =>
                  cn(
                    "inline-flex whitespace-nowrap border-b-2 px-1 pb-3 pt-1 text-sm font-medium transition-colors",
                    "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
                    isActive
                      ? "border-indigo-600 text-indigo-700"
                      : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                  )
                }
              >
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
