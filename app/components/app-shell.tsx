import { OrgSwitcher } from "./shell/org-switcher";
import { MenuButton, Sidebar } from "./shell/sidebar";
import { useNavDrawer } from "./shell/use-nav-drawer";
import { UserMenu } from "./shell/user-menu";
import type { AppShellProps } from "./shell/shell-types";
import { cn } from "./ui/cn";

export { DashboardIcon, ExceptionsIcon, FilesIcon, QuickRunIcon, RuleSetsIcon, RunsIcon, SettingsIcon, StreamsIcon, TemplatesIcon } from "./shell/icons";
export type { AppShellProps, OrgRole } from "./shell/shell-types";

/** The signed-in frame of every page: skip link, navigation, org switcher and user menu around the page. */
export function AppShell({ user, org, role, orgs, children }: AppShellProps) {
  const drawer = useNavDrawer();
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

      <Sidebar open={drawer.open} onClose={drawer.close} drawerRef={drawer.drawerRef} />

      <div className="flex min-h-screen min-w-0 flex-col lg:pl-64">
        <header className="sticky top-0 z-30 flex h-16 shrink-0 items-center justify-between gap-4 border-b border-slate-200 bg-white/95 px-4 backdrop-blur sm:px-6 lg:px-8">
          <div className="flex min-w-0 items-center gap-2">
            <MenuButton open={drawer.open} onToggle={drawer.toggle} buttonRef={drawer.buttonRef} />
            <OrgSwitcher org={org} role={role} orgs={orgs} />
          </div>
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
