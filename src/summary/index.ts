export type { Sentence, SummaryPoint, Summary } from './types';
export { segment } from './segment';
export { detectLanguage } from './language';
export { summarize, type SummarizeOptions } from './summarize';
export { rouge, type RougeResult, type RougeScore } from './rouge';
