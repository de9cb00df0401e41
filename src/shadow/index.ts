/** Shadow mode: each answer a dialect gives is also asked of its legacy upstream and the two compared, off the client's path. */
export { Shadows, type DialectShadow } from './shadow';
export { readReport, summariseReport } from './report-summary';
export type { Difference, DifferenceKind } from './compare';
export type { ReportLine } from './report';
