export interface Envelope {
  state: number;
  request: null;
  message: string;
  cause: string;
  variables: Record<string, unknown>;
  data: unknown;
}

/** IBPS `APIResult`: every response, success or failure, in this shape and key order. */
export function envelope(state: number, parts: { message?: string; cause?: string; variables?: Record<string, unknown>; data?: unknown }): Envelope {
  return {
    state,
    request: null,
    message: parts.message ?? '',
    cause: parts.cause ?? '',
    variables: parts.variables ?? {},
    data: parts.data === undefined ? null : parts.data,
  };
}
