import request from 'supertest';
import type { Runtime } from '../../src/runtime';

export interface ServletPrecedenceCase {
  start: () => Promise<Runtime>;
  tokenPath: string;
  /** The form of a client_credentials request, without `client_secret`. */
  form: Record<string, string>;
  secret: string;
  expectRefused: (res: request.Response) => void;
}

/**
 * Servlet 3.1 §3.1: query-string values come before body values, and `getParameter` takes the
 * first. The same `client_secret` goes in the query and in the form body with different values.
 */
export function describeServletPrecedence(dialect: string, c: ServletPrecedenceCase): void {
  describe(`${dialect}: servlet parameter precedence (the query string wins over the form body)`, () => {
    let runtime: Runtime;
    beforeAll(async () => {
      runtime = await c.start();
    });
    afterAll(() => runtime.close());

    const token = (querySecret: string, bodySecret: string) =>
      request(runtime.app).post(`${c.tokenPath}?client_secret=${encodeURIComponent(querySecret)}`).type('form').send({ ...c.form, client_secret: bodySecret });

    it('the right client_secret in the query and a wrong one in the body: the query value is used, the token is issued', async () => {
      const res = await token(c.secret, 'wrong');
      expect(res.status).toBe(200);
      expect(typeof res.body.access_token).toBe('string');
    });

    it('a wrong client_secret in the query and the right one in the body: the query value is used, authentication fails', async () => {
      const res = await token('wrong', c.secret);
      expect(res.body.access_token).toBeUndefined();
      c.expectRefused(res);
    });
  });
}
