/** IBPS grant names on the wire ↔ the core's. IBPS calls the password grant `password_credentials`. */
const TO_CORE: Record<string, string> = {
  authorization_code: 'authorization_code',
  password_credentials: 'password',
  client_credentials: 'client_credentials',
  refresh_token: 'refresh_token',
};

const TO_WIRE: Record<string, string> = Object.fromEntries(Object.entries(TO_CORE).map(([wire, core]) => [core, wire]));

export function coreGrantType(wire: string): string | undefined {
  return TO_CORE[wire];
}

/** A core grant type as IBPS names it (other names, from other dialects' grants, pass through). */
export function wireGrantType(core: string): string {
  return TO_WIRE[core] ?? core;
}
