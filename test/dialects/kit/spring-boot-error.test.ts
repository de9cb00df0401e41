import { BOOT_ERROR_PROFILES, bootErrorBody } from '../../../dialects/kit/jvm';

const AT = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
const failure = { status: 401, path: '/cas/oauth2.0/accessToken', message: 'Unauthorized', containerMessage: 'Bad credentials', exception: 'org.example.Failure' };

describe('the Spring Boot /error body, one row per Boot generation', () => {
  it.each([
    ['1.x', { timestamp: AT, status: 401, error: 'Unauthorized', exception: 'org.example.Failure', message: 'Bad credentials', path: failure.path }],
    ['2.0', { timestamp: '2024-01-02T03:04:05.006+0000', status: 401, error: 'Unauthorized', message: 'Unauthorized', path: failure.path }],
    ['2.3', { timestamp: '2024-01-02T03:04:05.006+00:00', status: 401, error: 'Unauthorized', message: '', path: failure.path }],
    ['2.5', { timestamp: '2024-01-02T03:04:05.006+00:00', status: 401, error: 'Unauthorized', path: failure.path }],
  ] as const)('Boot %s writes its fields in DefaultErrorAttributes order', (version, expected) => {
    const body = bootErrorBody(BOOT_ERROR_PROFILES[version], failure, AT);
    expect(body).toEqual(expected);
    expect(Object.keys(body)).toEqual(Object.keys(expected));
  });

  it('without a message Boot writes "No message available"; error is the status\'s reason phrase, or "Http Status <n>"', () => {
    const body = bootErrorBody(BOOT_ERROR_PROFILES['2.0'], { status: 418, path: '/x' }, AT);
    expect(body.message).toBe('No message available');
    // DefaultErrorAttributes.addStatus: HttpStatus.valueOf(status).getReasonPhrase(), "Http Status <n>" when HttpStatus has none.
    expect(body.error).toBe("I'm a teapot");
    expect(bootErrorBody(BOOT_ERROR_PROFILES['2.0'], { status: 429, path: '/x' }, AT).error).toBe('Too Many Requests');
    expect(bootErrorBody(BOOT_ERROR_PROFILES['2.0'], { status: 599, path: '/x' }, AT).error).toBe('Http Status 599');
  });
});
