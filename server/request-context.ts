import type { NextFunction, Request, Response } from "express";
import { newId } from "~/platform/db/ids";

/** A client-supplied X-Request-Id is kept if it looks sane, so traces join up across services. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId() {
  return (request: Request, response: Response, next: NextFunction) => {
    const incoming = request.get("x-request-id");
    const id = incoming && CLIENT_REQUEST_ID.test(incoming) ? incoming : newId("request");
    response.locals.requestId = id;
    response.locals.log = {};
    response.setHeader("X-Request-Id", id);
    next();
  };
}
