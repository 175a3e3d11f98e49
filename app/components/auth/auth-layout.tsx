import type { ReactNode } from "react";

export interface AuthLayoutProps {
  /** Page heading (h1), e.g. "Sign in to Reconstream". */
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Optional content under the card, e.g. a link to another auth page. */
  footer?: ReactNode;
}

/** Centered card layout for logged-out pages: login, setup, accept invite. */
export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4 py-12 sm:px-6">
      <div className="w-full max-w-md">
        <header className="mb-8 flex justify-center">
          <div className="flex items-center gap-2.5">
            <span
              className="flex h-9 w-9 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm"
              aria-hidden="true"
            >
              <svg
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth={2}
                strokeLinecap="round"
                strokeLinejoin="round"
                className="h-5 w-5"
                focusable="false"
              >
                <path d="M4 8h13" />
                <path d="m14 5 3 3-3 3" />
                <path d="M20 16H7" />
                <path d="m10 13-3 3 3 3" />
              </svg>
            </span>
            <span className="text-lg font-semibold tracking-tight text-slate-900">Reconstream</span>
          </div>
        </header>

        <main id="main" className="rounded-xl border border-slate-200 bg-white px-6 py-8 shadow-sm sm:px-10">
          <div className="mb-6">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
            {description ? <p className="mt-2 text-sm leading-6 text-slate-600">{description}</p> : null}
          </div>
          {children}
        </main>

        {footer ? <div className="mt-6 text-center text-sm text-slate-600">{footer}</div> : null}
      </div>
    </div>
  );
}
