import { CoreError } from '../errors';
import type { TokenFormat } from './format';
import { OPAQUE_FORMAT, UUID_FORMAT } from './random-formats';

/** The token formats an engine can mint: the built-in ones and those dialects register. */
export class TokenFormats {
  private readonly byType = new Map<string, TokenFormat>([
    [OPAQUE_FORMAT.type, OPAQUE_FORMAT],
    [UUID_FORMAT.type, UUID_FORMAT],
  ]);

  register(format: TokenFormat): void {
    if (format.type === 'jwt') throw new Error('"jwt" is the built-in signed format; register the format of its jti instead');
    const known = this.byType.get(format.type);
    if (known === format) return;
    if (known) throw new Error(`token format "${format.type}" is already registered`);
    this.byType.set(format.type, format);
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  get(type: string): TokenFormat {
    const format = this.byType.get(type);
    if (!format) throw new CoreError('server_error', `token format "${type}" is not registered`);
    return format;
  }
}
