import type { ContractScript } from '../types';
import { standardContract } from './standard';
import { casContract } from './cas';
import { iformContract } from './iform';
import { springContract } from './spring';
import { ciamContract } from './ciam';
import { maxkeyContract } from './maxkey';

/** Every dialect with a contract script. Adding one is a file here and a line below. */
export const CONTRACTS: readonly ContractScript[] = [
  standardContract,
  casContract,
  springContract,
  maxkeyContract,
  ciamContract,
  iformContract,
];

export function contractFor(dialect: string): ContractScript {
  const script = CONTRACTS.find((c) => c.dialect === dialect);
  if (!script) throw new Error(`no contract for dialect "${dialect}" (known: ${CONTRACTS.map((c) => c.dialect).join(', ')})`);
  return script;
}
