import type { TokenEngine, TokenPolicy } from '../../../src/core';
import { type DialectContext, requestValidator } from '../../kit';
import { iformPolicy, iformSettings, type IformSettings } from '../config';
import { dateFormatter } from './dates';
import { UUID_V1_HEX_FORMAT } from './uuid-v1-format';

const ENDPOINTS = ['apply', 'verify', 'query', 'remove', 'switch', 'switch-exit', 'login', 'authorize'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** What every iform endpoint shares, built once at mount. */
export interface IformContext {
  engine: TokenEngine;
  settings: IformSettings;
  policy: TokenPolicy;
  validate: Record<Endpoint, (params: Record<string, unknown>) => void>;
  formatDate: (epochSeconds: number) => string;
}

export function iformContext(context: DialectContext): IformContext {
  const settings = iformSettings(context.section);
  context.engine.registerFormat(UUID_V1_HEX_FORMAT);
  return {
    engine: context.engine,
    settings,
    policy: context.engine.usePolicy(iformPolicy(settings)),
    validate: Object.fromEntries(ENDPOINTS.map((e) => [e, requestValidator('iform', e)])) as IformContext['validate'],
    formatDate: dateFormatter(settings.timeZone),
  };
}
