import type { IndexedStems } from '../db/full-text';
import { segment, summarize } from '../summary';
import { annotateSentences, walkHtml } from './html-text';
import { renderMarkdown } from './markdown';
import type { StoredSummary } from './model';

export interface ComposedBody {
  bodyHtml: string;
  plainText: string;
  summary: StoredSummary;
  /** The full-text index's stems, when already computed (a bulk import does it on its threads). */
  stems?: IndexedStems;
}

/**
 * Everything derived from the Markdown is computed once, at save: the sanitized HTML with an
 * anchor per sentence, the plain text the summary's offsets point into, and the summary itself.
 */
export function composeBody(bodyMd: string, title: string, standfirst = ''): ComposedBody {
  const walked = walkHtml(renderMarkdown(bodyMd));
  // The standfirst sits right above the summary on the page: a point that only restates it is left out.
  const summary = summarize(walked.plain, { title, standfirst });
  const sentences = segment(walked.plain, summary.lang);
  return {
    bodyHtml: annotateSentences(walked, sentences),
    plainText: walked.plain,
    summary: { points: summary.points, lang: summary.lang },
  };
}
