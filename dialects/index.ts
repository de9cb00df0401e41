import type { Dialect } from '../src/http/dialect';
import { standardDialect } from './standard';

/** Every dialect the gateway can mount. Adding a dialect is one folder and one line here. */
export const DIALECTS: Dialect[] = [standardDialect];
