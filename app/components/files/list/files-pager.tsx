import { Link, useSearchParams } from "@remix-run/react";
import { buttonClasses } from "~/components/ui/button";

export function FilesPager({ cursor, nextCursor }: { cursor: string | undefined; nextCursor: string | null }) {
  const [searchParams] = useSearchParams();
  return (
    <div className="mt-4 flex justify-between">
      {cursor ? (
        <Link to={`/files?${withoutCursor(searchParams)}`} className={buttonClasses("secondary", "sm")}>
          Newest files
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link to={`/files?${withCursor(searchParams, nextCursor)}`} className={buttonClasses("secondary", "sm")} prefetch="intent">
          Older files
        </Link>
      ) : null}
    </div>
  );
}

function withCursor(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next.toString();
}

function withoutCursor(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.delete("cursor");
  return next.toString();
}
