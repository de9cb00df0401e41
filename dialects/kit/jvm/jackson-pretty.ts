/**
 * JSON as Jackson's `DefaultPrettyPrinter` writes it (CAS 5.x `/oauth2.0/profile`): two-space
 * indented objects, `" : "` between key and value, arrays on one line (`[ "a", "b" ]`),
 * empty containers as `{ }` / `[ ]`, no trailing newline.
 */
export function jacksonPretty(value: unknown, depth = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((item) => jacksonPretty(item, depth)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{ }';
    const inner = '\n' + '  '.repeat(depth + 1);
    const body = entries.map(([key, v]) => `${JSON.stringify(key)} : ${jacksonPretty(v, depth + 1)}`).join(`,${inner}`);
    return `{${inner}${body}\n${'  '.repeat(depth)}}`;
  }
  return JSON.stringify(value ?? null);
}
