import path from 'node:path';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { upstreamSettings, type UpstreamSettings } from '../config/upstream';
import type { DialectSection } from '../config/types';
import type { Dialect } from '../http/dialect';
import { captureRequest, recordAnswer, type Answer, type CapturedRequest } from './capture';
import { answerBody, compareAnswers } from './compare';
import { contractView, type ContractView } from './expectations';
import { ShadowMetrics, type ComparisonResult } from './metrics';
import { ShadowQueue } from './queue';
import { credentialsIn, ReportFile, scrubbed, type ReportLine } from './report';
import { NoAnswer, replay } from './send';

/** Parameters that carry a token or code the gateway minted: the upstream cannot know it. */
const TOKEN_PARAMS = ['token', 'access_token', 'refresh_token', 'code', 'ticket'];

function presentsToken(request: CapturedRequest): boolean {
  if (/^bearer\s/i.test(request.headers.authorization ?? '')) return true;
  return TOKEN_PARAMS.some((name) => [request.params[name]].flat().some((value) => typeof value === 'string' && value !== ''));
}

/**
 * Every dialect's shadow: one report file per path (dialects may share one), the metrics'
 * families once, and the queues to close at shutdown. Nothing runs for a dialect that does not shadow.
 */
export class Shadows {
  private metrics?: ShadowMetrics;
  private readonly reports = new Map<string, ReportFile>();
  private readonly shadows: DialectShadow[] = [];

  constructor(
    private readonly registry?: Registry,
    private readonly random: () => number = Math.random,
  ) {}

  /** The dialect's shadow when its section has `upstream.shadow: true`; otherwise undefined. */
  forDialect(dialect: Dialect, section: DialectSection, logger: Logger): DialectShadow | undefined {
    const upstream = upstreamSettings(section);
    if (!upstream?.shadow.enabled) return undefined;
    if (this.registry) this.metrics ??= new ShadowMetrics(this.registry);
    const file = path.resolve(upstream.shadow.report);
    let report = this.reports.get(file);
    if (!report) this.reports.set(file, (report = new ReportFile(file, logger)));
    const view = contractView(dialect.name, dialect.contract, section.profile as string | undefined);
    const shadow = new DialectShadow(dialect.name, upstream, view, report, logger, this.random, this.metrics);
    this.shadows.push(shadow);
    logger.info({ dialect: dialect.name, upstream: upstream.baseUrl, sample_rate: upstream.shadow.sampleRate, report: file }, `dialect ${dialect.name} shadows its requests to ${upstream.baseUrl}`);
    return shadow;
  }

  /** Stops shadowing, waits for the upstream calls under way and for the report's last lines. */
  async close(): Promise<void> {
    await Promise.all(this.shadows.map((shadow) => shadow.close()));
    await Promise.all([...this.reports.values()].map((report) => report.flushed()));
  }
}

/** One dialect's shadow: a hook per route, its queue, its comparisons. */
export class DialectShadow {
  private readonly queue: ShadowQueue;
  private readonly upstreamOrigin: string;
  private readonly upstreamPath: string;
  private failing = false;
  private dropping = false;

  constructor(
    private readonly dialect: string,
    private readonly upstream: UpstreamSettings,
    private readonly view: ContractView,
    private readonly report: ReportFile,
    private readonly logger: Logger,
    private readonly random: () => number,
    private readonly metrics?: ShadowMetrics,
  ) {
    this.queue = new ShadowQueue(upstream.shadow.queue);
    const base = new URL(upstream.baseUrl);
    this.upstreamOrigin = base.origin;
    this.upstreamPath = base.pathname.replace(/\/+$/, '');
  }

  /** Runs before the dialect's handler (after the body parsers): samples, and copies the answer as it is written. */
  hook(route: string): RequestHandler {
    return (req, res, next) => {
      if (this.random() >= this.upstream.shadow.sampleRate) return next();
      try {
        const request = captureRequest(req);
        const recorder = recordAnswer(res);
        res.once('finish', () => {
          try {
            this.answered(route, request, recorder.answer());
          } catch (error) {
            this.logger.error({ err: error, dialect: this.dialect }, 'a shadow comparison could not be started');
          }
        });
      } catch (error) {
        this.logger.error({ err: error, dialect: this.dialect }, 'a request could not be captured for the shadow');
      }
      next();
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  /** After the client has its answer: skip, drop or queue the comparison. */
  private answered(route: string, request: CapturedRequest, answer: Answer | undefined): void {
    if (!answer || (presentsToken(request) && answer.status >= 200 && answer.status < 300)) return this.count(route, 'skipped');
    const queued = this.queue.offer(() => this.compare(route, request, answer));
    if (queued) {
      this.dropping = false;
      return;
    }
    if (!this.dropping) this.logger.warn({ dialect: this.dialect, queue: this.upstream.shadow.queue }, `the shadow queue of dialect ${this.dialect} is full: requests are answered but not compared (counted as dropped)`);
    this.dropping = true;
    this.count(route, 'dropped');
  }

  private async compare(route: string, request: CapturedRequest, gateway: Answer): Promise<void> {
    const line: ReportLine = { time: new Date().toISOString(), dialect: this.dialect, endpoint: route, method: request.method, status: { gateway: gateway.status, upstream: null }, differences: [] };
    let upstream: Answer;
    try {
      upstream = await replay(this.upstream.baseUrl, request, this.upstream.timeoutMs);
    } catch (error) {
      const why = error instanceof NoAnswer ? error.message : 'unreachable';
      if (!this.failing) this.logger.warn({ dialect: this.dialect, upstream: this.upstream.baseUrl }, `shadow upstream ${this.upstream.baseUrl} of dialect ${this.dialect} fails (${why}): comparisons fail until it answers`);
      this.failing = true;
      this.count(route, 'failed');
      this.write({ ...line, failure: why }, request, [gateway]);
      return;
    }
    if (this.failing) this.logger.info({ dialect: this.dialect, upstream: this.upstream.baseUrl }, `shadow upstream ${this.upstream.baseUrl} of dialect ${this.dialect} answers again`);
    this.failing = false;
    const differences = compareAnswers(this.view, route, { answer: gateway, origin: request.origin, fullPath: request.fullPath }, { answer: upstream, origin: this.upstreamOrigin, fullPath: `${this.upstreamPath}${request.path}` });
    this.count(route, differences.length === 0 ? 'same' : 'different');
    for (const { kind } of differences) this.metrics?.differ(this.dialect, route, kind);
    this.write({ ...line, status: { gateway: gateway.status, upstream: upstream.status }, differences }, request, [gateway, upstream]);
  }

  private write(line: ReportLine, request: CapturedRequest, answers: Answer[]): void {
    const credentials = credentialsIn(request.params, request.headers.authorization, answers.map(answerBody));
    this.report.append(scrubbed(line, credentials));
  }

  private count(route: string, result: ComparisonResult): void {
    this.metrics?.count(this.dialect, route, result);
  }
}
