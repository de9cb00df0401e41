import type { Dialect } from './kit';
import { standardDialect } from './standard';
import { casDialect } from './cas';
import { ciamDialect } from './ciam';
import { iformDialect } from './iform';
import { springDialect } from './spring';
import { maxkeyDialect } from './maxkey';

/** Every dialect the gateway can mount. Adding a dialect is one folder and one line here. */
export const DIALECTS: Dialect[] = [standardDialect, casDialect, ciamDialect, iformDialect, springDialect, maxkeyDialect];
