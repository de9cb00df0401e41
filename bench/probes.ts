/** Single requests around the load: the token to introspect, and checks that the targets really answer. */

export const TOKEN_REQUEST_BODY = 'grant_type=client_credentials&scope=read';

export function introspectionBody(token: string): string {
  return `token=${encodeURIComponent(token)}`;
}

export async function obtainToken(tokenUrl: string, authorization: string): Promise<string> {
  const issued = await post(tokenUrl, authorization, TOKEN_REQUEST_BODY);
  const token = issued.json.access_token;
  if (issued.status !== 200 || typeof token !== 'string') {
    throw new Error(`could not obtain a token: HTTP ${issued.status} ${JSON.stringify(issued.json)}`);
  }
  return token;
}

/** A 200 `{"active":false}` must not pass as a measurement, so the token is checked before and after. */
export async function introspectionIsActive(introspectUrl: string, authorization: string, token: string): Promise<boolean> {
  const { status, json } = await post(introspectUrl, authorization, introspectionBody(token));
  return status === 200 && json.active === true;
}

export async function requireBaselineAnswers(helloUrl: string): Promise<void> {
  const hello = await fetch(helloUrl, { signal: AbortSignal.timeout(10_000) });
  if (hello.status !== 200 || (await hello.text()) !== 'hello') throw new Error('the hello-world baseline does not answer');
}

async function post(url: string, authorization: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported through the status and the missing fields
  }
  return { status: response.status, json };
}
