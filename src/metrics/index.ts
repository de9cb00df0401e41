/** Prometheus metrics: built only when `metrics.enabled`; nothing here runs otherwise. */
export { GatewayMetrics } from './gateway-metrics';
export { metricsSettings, type MetricsSettings } from './settings';
export { scrapeHandler, listenForMetrics, type MetricsListener } from './endpoint';
export type { RequestMetrics, MountedRoutes } from './request-metrics';
