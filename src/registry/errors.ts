/** A failed registry operation. The message names the registry and the operation, never a secret. */
export class RegistryError extends Error {
  readonly registry: string;
  readonly operation: string;
  readonly status?: number;
  /** The OCI error code from the response body (e.g. `MANIFEST_UNKNOWN`), when the registry sent one. */
  readonly code?: string;

  constructor(registry: string, operation: string, message: string, opts: { status?: number; code?: string; cause?: unknown } = {}) {
    super(`registry ${registry}: ${operation}: ${message}`, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'RegistryError';
    this.registry = registry;
    this.operation = operation;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.code !== undefined) this.code = opts.code;
  }
}

/** Summarises an OCI error body (`{"errors":[{"code","message"}]}`) for an error message. */
export function describeErrorBody(body: string): { code?: string; text: string } {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) {
      const text = parsed.errors!.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
      return { ...(first.code !== undefined && { code: first.code }), text: text.slice(0, 300) };
    }
  } catch {
    // not JSON: fall through
  }
  return { text: body.replace(/\s+/g, ' ').trim().slice(0, 200) };
}
