import { DIALECTS } from '../../dialects';
import type { ContractScript } from './types';

/** Every dialect's contract script, from the dialect's own `contract.ts`. */
export const CONTRACTS: readonly ContractScript[] = DIALECTS.flatMap((d) => (d.contract ? [d.contract] : []));

export function contractFor(dialect: string): ContractScript {
  const script = CONTRACTS.find((c) => c.dialect === dialect);
  if (!script) throw new Error(`no contract for dialect "${dialect}" (known: ${CONTRACTS.map((c) => c.dialect).join(', ')})`);
  return script;
}
