/** The grant types the gateway's clients take without an extension grant registered (schemas/config.schema.json). */
export const KNOWN_GRANTS = ['password', 'client_credentials', 'refresh_token', 'authorization_code', 'implicit'];

/** Comma-separated lists, as Spring's StringUtils.commaDelimitedListToSet reads them: trimmed, empties and repeats dropped. */
export function commaList(value: string): string[] {
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

export const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}
