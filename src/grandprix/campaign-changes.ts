import type { Campaign, Question } from './campaign-schema';

const ids = (items: ReadonlyArray<{ id: string }>): string => items.map((i) => i.id).join('\u0000');

// Settings of a question that change what an answer means or which answers
// are accepted; its wording (text, help) and option wording may still be fixed.
function questionShape(q: Question): string {
  switch (q.type) {
    case 'single':
    case 'multi':
      return JSON.stringify([q.type, q.required, q.options.map((o) => o.id)]);
    case 'text':
      return JSON.stringify([q.type, q.required, q.max_length]);
    case 'rating':
      return JSON.stringify([q.type, q.required]);
    case 'number':
      // The unit says what the number counts, and it is part of the ballot list's digest (docs/recount.md).
      return JSON.stringify([q.type, q.required, q.min, q.max, q.integer, q.unit || '']);
  }
}

/**
 * Fields whose change would alter the rules of a running vote: what can be
 * voted for or answered, when, and what can be won. An import after opening is
 * refused when this list is not empty. Wording (titles, descriptions, rules,
 * promo, nominee/question/option text, images, article links) stays editable,
 * so typos can be fixed.
 *
 * live_results is included: switching results on mid-vote would let early
 * tallies sway later voters. Prize values are included with the count because
 * the rules promise them.
 */
export function structuralChanges(oldCampaign: Campaign, newCampaign: Campaign): string[] {
  const changes: string[] = [];
  const a = oldCampaign;
  const b = newCampaign;

  if (a.slug !== b.slug) changes.push('slug');
  if (a.timezone !== b.timezone) changes.push('timezone');
  if (a.opensAt.getTime() !== b.opensAt.getTime()) changes.push('opens_at');
  if (a.closesAt.getTime() !== b.closesAt.getTime()) changes.push('closes_at');
  if (a.live_results !== b.live_results) changes.push('live_results');

  if (a.prizes.length !== b.prizes.length) changes.push('prizes');
  else {
    a.prizes.forEach((p, i) => {
      const q = b.prizes[i]!;
      if (p.value !== q.value || p.currency !== q.currency) changes.push(`prizes[${i}].value`);
    });
  }

  if (a.draw.alternates !== b.draw.alternates) changes.push('draw.alternates');
  if (a.draw.claim_days !== b.draw.claim_days) changes.push('draw.claim_days');
  if (JSON.stringify(a.draw.beacon ?? null) !== JSON.stringify(b.draw.beacon ?? null)) changes.push('draw.beacon');

  if (ids(a.categories) !== ids(b.categories)) changes.push('categories');
  else {
    a.categories.forEach((c, i) => {
      if (ids(c.nominees) !== ids(b.categories[i]!.nominees)) changes.push(`categories[${i}].nominees`);
    });
  }

  if (ids(a.questions) !== ids(b.questions)) changes.push('questions');
  else {
    a.questions.forEach((q, i) => {
      const other = b.questions[i]!;
      if (questionShape(q) === questionShape(other)) return;
      // Name the most specific field so the editor knows what to undo.
      if (q.type !== other.type) changes.push(`questions[${i}].type`);
      else if (q.required !== other.required) changes.push(`questions[${i}].required`);
      else if ((q.type === 'single' || q.type === 'multi') && (other.type === 'single' || other.type === 'multi')) {
        changes.push(`questions[${i}].options`);
      } else if (q.type === 'text') changes.push(`questions[${i}].max_length`);
      else if (q.type === 'number' && other.type === 'number') {
        for (const k of ['min', 'max', 'integer'] as const) {
          if (q[k] !== other[k]) changes.push(`questions[${i}].${k}`);
        }
        if ((q.unit || '') !== (other.unit || '')) changes.push(`questions[${i}].unit`);
      }
    });
  }

  return changes;
}
