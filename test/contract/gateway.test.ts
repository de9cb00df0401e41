import { formatReport, runContract } from '../../src/contract/runner';
import { scriptParams } from '../../src/contract/command';
import { CONTRACTS } from '../../src/contract/scripts';
import { startDemoGateway, type DemoGateway } from './gateway-helpers';

const CASES = CONTRACTS.flatMap((script) => script.profiles.map((profile) => [script.dialect, profile, script] as const));

describe.each(CASES)('the %s contract (profile %s) against the gateway', (dialect, profile, script) => {
  let gateway: DemoGateway;
  beforeAll(async () => {
    gateway = await startDemoGateway(dialect, profile);
  });
  afterAll(() => gateway?.server.shutdown());

  it('passes every check with the demo configuration\'s vendor example credentials', async () => {
    const report = await runContract(script, { baseUrl: gateway.baseUrl(dialect), profile, ...script.defaults, params: scriptParams(script) });
    const lines = formatReport(report);
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(9);
    expect(lines.at(-1)).toBe(`${report.checks.length} passed, 0 failed`);
  });
});

describe('the spring contract against the gateway with opaque tokens (the demo issues JWTs)', () => {
  let gateway: DemoGateway;
  beforeAll(async () => {
    gateway = await startDemoGateway('spring', '2.3.7', { token_format: 'opaque', jwt: undefined });
  });
  afterAll(() => gateway?.server.shutdown());

  it('passes every check', async () => {
    const script = CONTRACTS.find((c) => c.dialect === 'spring')!;
    const report = await runContract(script, { baseUrl: gateway.baseUrl('spring'), profile: '2.3.7', ...script.defaults, params: scriptParams(script) });
    expect(formatReport(report).filter((line) => line.startsWith('FAIL'))).toEqual([]);
  });
});
