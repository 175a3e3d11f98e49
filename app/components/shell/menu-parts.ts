/** What the header's two dropdown menus share: classes, labels and the submit-then-close workaround. */
export const menuContentClasses =
  "z-50 min-w-[16rem] overflow-hidden rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-lg " +
  "focus:outline-none focus-visible:ring-0";

export const menuItemClasses =
  "flex w-full cursor-default select-none items-center gap-2.5 rounded-md px-2.5 py-2 text-left text-sm text-slate-700 " +
  "outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 focus-visible:ring-offset-0 " +
  "data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900 data-[disabled]:opacity-50";

export const menuLabelClasses = "px-2.5 pb-1.5 pt-2 text-xs font-medium uppercase tracking-wide text-slate-500";

export function formatRole(role: string): string {
  return role ? role.charAt(0).toUpperCase() + role.slice(1) : role;
}

export function initials(name: string): string {
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
export function submitThenClose(setOpen: (open: boolean) => void) {
  return (event: Event) => {
    event.preventDefault();
    setTimeout(() => setOpen(false), 0);
  };
}
