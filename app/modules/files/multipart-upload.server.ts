import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { toJsonPointer } from "~/core/errors/zod-issues";
import type { ArtifactStore, StoredObject } from "~/platform/storage/index.server";

/**
 * Streams one multipart/form-data upload into the ArtifactStore. The file
 * part flows from the socket through busboy to the store's atomic writer, so
 * memory stays flat whatever the size; its bytes are counted as they flow and
 * the upload is refused (413) as soon as they pass the limit.
 *
 * Whatever goes wrong, nothing this function stored survives it: an aborted
 * or oversized part never leaves the store's temporary file, and an object
 * that was stored before a later problem (a bad field after the file part,
 * an empty file) is handed to `release` before the error is thrown.
 */
export interface MultipartUpload {
  stored: StoredObject;
  /** As the client named it, directory parts removed; undefined when the part has none. */
  fileName: string | undefined;
  /** As the client declared it for the part. */
  mimeType: string;
  /** The other form fields, as sent (validated by the caller). */
  fields: Record<string, string>;
}

export interface MultipartUploadOptions {
  store: ArtifactStore;
  maxFileBytes: number;
  /** The part that carries the file. */
  fileField: string;
  /** Form fields other than the file; any other name is a 422. */
  allowedFields: readonly string[];
  /** Called with an object that was stored before the upload failed; it must delete it unless something references it. */
  release: (stored: StoredObject) => Promise<void>;
}

/** Room for the multipart envelope and the small fields around the file when checking Content-Length. */
const ENVELOPE_ALLOWANCE_BYTES = 1024 * 1024;
const MAX_FIELD_BYTES = 8 * 1024;
/**
 * After a 413 we keep reading (and dropping) up to this much more, so the
 * client finishes sending and can read our answer instead of a connection
 * reset. Past that the connection is cut: draining gigabytes to be polite is
 * not worth it.
 */
const DRAIN_AFTER_LIMIT_BYTES = 8 * 1024 * 1024;

export async function receiveMultipartUpload(request: Request, options: MultipartUploadOptions): Promise<MultipartUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "multipart/form-data") {
    throw new UnsupportedMediaType(
      mediaType
        ? `Content-Type '${mediaType}' is not supported; send multipart/form-data with the file in a part named '${options.fileField}'`
        : `Content-Type is missing; send multipart/form-data with the file in a part named '${options.fileField}'`,
    );
  }
  const declaredLength = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declaredLength) && declaredLength > options.maxFileBytes + ENVELOPE_ALLOWANCE_BYTES) {
    throw tooLarge(options.maxFileBytes);
  }
  if (!request.body) throw new BadRequest("The request body is empty; send a multipart/form-data body");

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as raw UTF-8; busboy's default would read them as latin1.
      defParamCharset: "utf8",
      // One byte over the limit is how we learn it was passed (busboy then skips the rest of the part).
      limits: { fileSize: options.maxFileBytes + 1, fieldSize: MAX_FIELD_BYTES, files: 1, fields: 20, parts: 21 },
    });
  } catch (error) {
    throw new BadRequest(`The multipart body cannot be read: ${(error as Error).message}`);
  }
  const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  return collect(source, parser, options);
}

function collect(source: Readable, parser: busboy.Busboy, options: MultipartUploadOptions): Promise<MultipartUpload> {
  return new Promise<MultipartUpload>((resolve, reject) => {
    const problems: ProblemLocation[] = [];
    const fields: Record<string, string> = {};
    let upload: { fileName: string | undefined; mimeType: string; outcome: Promise<StoredOutcome> } | undefined;
    let overLimit = false;
    let requestBytes = 0;
    let settled = false;

    /** The first outcome wins; later events (busboy reports a destroy as an error too) are ignored. */
    const settle = (decide: () => Promise<MultipartUpload>) => {
      if (settled) return;
      settled = true;
      decide().then(resolve, reject);
    };
    const fail = (error: unknown) =>
      settle(async () => {
        // Wait for the store to finish (or give up) so nothing it wrote outlives this request.
        const outcome = await upload?.outcome;
        if (outcome?.stored) await options.release(outcome.stored);
        throw error;
      });
    const finish = () =>
      settle(async () => {
        if (!upload) {
          problems.push({ pointer: pointerTo(options.fileField), message: `is required: send the file as a part named '${options.fileField}'` });
        }
        const outcome = await upload?.outcome;
        if (outcome?.stored && (problems.length > 0 || outcome.stored.size === 0)) await options.release(outcome.stored);
        if (problems.length > 0) {
          throw new ValidationFailed(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the form`, { errors: problems });
        }
        if (outcome!.error !== undefined) throw outcome!.error;
        const stored = outcome!.stored!;
        if (stored.size === 0) {
          throw new ValidationFailed("The file is empty", { errors: [{ pointer: pointerTo(options.fileField), message: "has no bytes" }] });
        }
        return { stored, fileName: upload!.fileName, mimeType: upload!.mimeType, fields };
      });

    parser.on("file", (name, file, info) => {
      if (name !== options.fileField || upload) {
        problems.push({
          pointer: pointerTo(name),
          message: upload ? "only one file can be sent per request" : `unexpected file part; send the file as '${options.fileField}'`,
        });
        file.resume();
        return;
      }
      const metered = meterFilePart(file, options.maxFileBytes, () => {
        overLimit = true;
      });
      upload = {
        // Typed as a string, but busboy leaves it undefined for an octet-stream part without a name.
        fileName: info.filename as string | undefined,
        mimeType: info.mimeType,
        outcome: options.store.put(metered).then(
          (stored): StoredOutcome => ({ stored }),
          (error: unknown): StoredOutcome => ({ error }),
        ),
      };
    });

    parser.on("field", (name, value, info) => {
      if (name === options.fileField) {
        problems.push({ pointer: pointerTo(name), message: "must be a file part (with a filename), not a plain field" });
      } else if (!options.allowedFields.includes(name)) {
        const expected = [options.fileField, ...options.allowedFields].join(", ");
        problems.push({ pointer: pointerTo(name), message: `unknown field; the form takes ${expected}` });
      } else if (name in fields) {
        problems.push({ pointer: pointerTo(name), message: "is given more than once" });
      } else if (info.valueTruncated) {
        problems.push({ pointer: pointerTo(name), message: `is longer than ${MAX_FIELD_BYTES} bytes` });
      } else {
        fields[name] = value;
      }
    });
    parser.on("filesLimit", () => problems.push({ pointer: pointerTo(options.fileField), message: "only one file can be sent per request" }));
    parser.on("fieldsLimit", () => problems.push({ pointer: "", message: "too many form fields" }));
    parser.on("partsLimit", () => problems.push({ pointer: "", message: "too many form parts" }));

    parser.on("error", (error: Error) => {
      source.destroy();
      fail(new BadRequest(`The multipart body is malformed or was cut short: ${error.message}`));
    });
    parser.on("close", () => {
      if (overLimit) fail(tooLarge(options.maxFileBytes));
      else finish();
    });

    source.on("data", (chunk: Uint8Array) => {
      requestBytes += chunk.byteLength;
      if (!overLimit || requestBytes <= options.maxFileBytes + DRAIN_AFTER_LIMIT_BYTES) return;
      // Stop reading: the 413 goes out with Connection: close and the socket is dropped.
      fail(tooLarge(options.maxFileBytes));
      source.unpipe(parser);
      source.destroy();
      parser.destroy();
    });
    // An aborted client errors the request stream; destroying the parser with
    // it also destroys the file part, so the store discards its partial write.
    source.on("error", (error) => parser.destroy(error));
    source.pipe(parser);
  });
}

function pointerTo(fieldName: string): string {
  return toJsonPointer([fieldName]);
}

type StoredOutcome = { stored: StoredObject; error?: undefined } | { stored?: undefined; error: unknown };

/**
 * A pass-through between busboy's file part and the store that counts bytes
 * and fails the store's write once they pass the limit.
 *
 * busboy's part stream must never be destroyed by us: busboy would wait
 * forever for it to drain and the form would never finish. So on overflow
 * (or when the store stops reading) we error only our side and keep the part
 * flowing into nothing until busboy reaches the next boundary.
 */
function meterFilePart(part: Readable, maxBytes: number, onOverLimit: () => void): PassThrough {
  const metered = new PassThrough();
  let received = 0;
  let overLimit = false;
  const overflow = () => {
    if (overLimit) return;
    overLimit = true;
    onOverLimit();
    metered.destroy(tooLarge(maxBytes));
    part.resume();
  };
  part.on("data", (chunk: Uint8Array) => {
    if (overLimit || metered.destroyed) return;
    received += chunk.byteLength;
    if (received > maxBytes) {
      overflow();
      return;
    }
    if (!metered.write(chunk)) part.pause();
  });
  part.on("limit", overflow);
  part.on("end", () => {
    if (!overLimit && !metered.destroyed) metered.end();
  });
  part.on("error", (error) => metered.destroy(error));
  // The store may not be iterating yet (it opens its temporary file first):
  // without a listener the error would be uncaught. Its iterator still
  // receives it, as the stream's recorded error, when it starts.
  metered.on("error", () => undefined);
  metered.on("drain", () => part.resume());
  // The store gave up (disk full, I/O error): drain the part so busboy can finish the form.
  metered.on("close", () => part.resume());
  return metered;
}

function tooLarge(maxBytes: number): PayloadTooLarge {
  return new PayloadTooLarge(`The file exceeds the upload limit of ${maxBytes} bytes (MAX_UPLOAD_BYTES)`);
}
