import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import stylesheet from "~/tailwind.css";
import { readLoadContext } from "~/http/load-context";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  // The nonce lets Remix's own inline hydration scripts pass our CSP.
  return { cspNonce: readLoadContext(context).cspNonce };
}

function Document({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full font-sans">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { cspNonce } = useLoaderData<typeof loader>();
  return (
    <Document nonce={cspNonce}>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? "This page does not exist, or it belongs to an organization you are not in."
      : status === 403
        ? "Your role does not allow this."
        : "Something went wrong on our side. The error has been logged.";
  return (
    <Document nonce={data?.cspNonce}>
      <main className="mx-auto max-w-lg px-6 py-24 text-center">
        <p className="text-sm font-semibold text-indigo-600">{status}</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">
          {status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Unexpected error"}
        </h1>
        <p className="mt-3 text-slate-600">{message}</p>
        <a href="/" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Back to the dashboard
        </a>
      </main>
    </Document>
  );
}
