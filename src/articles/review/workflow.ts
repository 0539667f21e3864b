import { roleAtLeast, type Role } from '../../accounts/users';
import { Refusal, type RefusalCode } from '../../errors';
import type { Article } from '../model';

/**
 * Where an article stands in the newsroom: a draft (never submitted, or unpublished), in review,
 * sent back with changes requested, scheduled, or published. Derived from the stored status,
 * publication time and review state, so it cannot disagree with what readers see.
 */
export type Stage = 'draft' | 'in_review' | 'changes_requested' | 'scheduled' | 'published';
export const STAGES: readonly Stage[] = ['draft', 'in_review', 'changes_requested', 'scheduled', 'published'];

/** What a person may try to do to an article; each is checked here before anything is stored. */
export type Step = 'open' | 'edit' | 'submit' | 'request_changes' | 'approve_publish' | 'approve_schedule' | 'publish' | 'schedule' | 'unpublish' | 'restore';

/** Who acts: the signed-in person (admin/context.ts `SessionUser` fits). */
export interface Actor {
  id: number;
  email: string;
  role: Role;
}

const ANY: readonly Stage[] = STAGES;

/**
 * The transitions table: the least role a step needs and the stages it applies from. Editing is
 * open to every stage for editors; a contributor edits only their own draft, before submitting it
 * or once it is sent back (`CONTRIBUTOR_EDITS`), so that the text an editor reviews holds still.
 */
export const RULES: Record<Step, { role: Role; from: readonly Stage[] }> = {
  open: { role: 'contributor', from: ANY },
  edit: { role: 'contributor', from: ANY },
  submit: { role: 'contributor', from: ['draft', 'changes_requested'] },
  request_changes: { role: 'editor', from: ['in_review'] },
  approve_publish: { role: 'editor', from: ['in_review'] },
  approve_schedule: { role: 'editor', from: ['in_review'] },
  // Publishing an already public article from the editor keeps its time (a save of the text).
  publish: { role: 'editor', from: ANY },
  schedule: { role: 'editor', from: ANY },
  unpublish: { role: 'editor', from: ['scheduled', 'published'] },
  restore: { role: 'editor', from: ANY },
};
export const CONTRIBUTOR_EDITS: readonly Stage[] = ['draft', 'changes_requested'];

export function stageOf(article: Pick<Article, 'status' | 'publishedAt' | 'review'>, now: Date): Stage {
  if (article.status === 'published') return article.publishedAt > now.toISOString() ? 'scheduled' : 'published';
  return article.review.state ?? 'draft';
}

/** The refusal that names the stage a step does not apply from (409). */
export function stageRefusal(stage: Stage): Refusal {
  return new Refusal(`article_${stage}` satisfies RefusalCode);
}

/**
 * Refuses what this person may not do to this article now: another author's article (403), a
 * step above their role (403), a step that does not apply from the article's stage (409).
 * `article` is null for a new article (only the role counts then).
 */
export function authorize(actor: Actor, step: Step, article: Pick<Article, 'status' | 'publishedAt' | 'review' | 'ownerId'> | null, now: Date): void {
  const contributor = actor.role === 'contributor';
  if (article && contributor && article.ownerId !== actor.id) throw new Refusal('article_not_yours');
  const rule = RULES[step];
  if (!roleAtLeast(actor.role, rule.role)) throw new Refusal('review_editors_only');
  if (!article) return;
  const stage = stageOf(article, now);
  const from = step === 'edit' && contributor ? CONTRIBUTOR_EDITS : rule.from;
  if (!from.includes(stage)) throw stageRefusal(stage);
}

/** The same rules as a yes or no, for what a page offers (its buttons); the server still checks each request. */
export function may(actor: Actor, step: Step, article: Parameters<typeof authorize>[2], now: Date): boolean {
  try {
    authorize(actor, step, article, now);
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}
