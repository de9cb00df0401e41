import { formatReport, runContract } from '../../src/contract/runner';
import { scriptParams } from '../../src/contract/command';
import { CONTRACTS, contractFor } from '../../src/contract/scripts';
import type { ContractReport, ContractScript } from '../../src/contract/types';
import { startDemoGateway, type DemoGateway } from './gateway-helpers';

const CASES = CONTRACTS.flatMap((script) => script.profiles.map((profile) => [script.dialect, profile, script] as const));

/** Checks that depend on a setting the vendor's documented example client does not have. */
const SKIPPED_WITH_THE_DEMO: Record<string, string[]> = { cas: ['refresh_token grant'] };

function runAgainst(gateway: DemoGateway, script: ContractScript, profile: string): Promise<ContractReport> {
  return runContract(script, { baseUrl: gateway.baseUrl(script.dialect), profile, ...script.defaults, params: scriptParams(script) });
}

describe.each(CASES)('the %s contract (profile %s) against the gateway', (dialect, profile, script) => {
  let gateway: DemoGateway;
  beforeAll(async () => {
    gateway = await startDemoGateway(dialect, profile);
  });
  afterAll(() => gateway?.server.shutdown());

  it("passes every check with the demo configuration's vendor example credentials", async () => {
    const report = await runAgainst(gateway, script, profile);
    const lines = formatReport(report);
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(report.checks.filter((c) => c.skipped).map((c) => c.name)).toEqual(SKIPPED_WITH_THE_DEMO[dialect] ?? []);
    expect(report.passed).toBeGreaterThanOrEqual(9);
    expect(lines.at(-1)).toBe(`${report.passed} passed, 0 failed${report.skipped ? `, ${report.skipped} skipped` : ''}`);
  });
});

describe.each(contractFor('cas').profiles)('the cas contract (profile %s) for a client that gets refresh tokens', (profile) => {
  let gateway: DemoGateway;
  beforeAll(async () => {
    gateway = await startDemoGateway('cas', profile, {}, (config) => {
      const example = config.clients!.find((c) => c.client_id === 'xxx')!;
      example.settings = { ...example.settings, cas: { generate_refresh_token: true } };
    });
  });
  afterAll(() => gateway?.server.shutdown());

  it('runs the refresh_token grant too, and passes it', async () => {
    const report = await runAgainst(gateway, contractFor('cas'), profile);
    expect(formatReport(report).filter((line) => !line.startsWith('PASS'))).toEqual([`${report.passed} passed, 0 failed`]);
    expect(report.checks.find((c) => c.name === 'refresh_token grant')).toMatchObject({ passed: true, status: 200 });
  });
});

describe('the spring contract against the gateway with opaque tokens (the demo issues JWTs)', () => {
  let gateway: DemoGateway;
  beforeAll(async () => {
    gateway = await startDemoGateway('spring', '2.3.7', { token_format: 'opaque', jwt: undefined });
  });
  afterAll(() => gateway?.server.shutdown());

  it('passes every check', async () => {
    const report = await runAgainst(gateway, contractFor('spring'), '2.3.7');
    expect(formatReport(report).filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(report.failed).toBe(0);
  });
});
