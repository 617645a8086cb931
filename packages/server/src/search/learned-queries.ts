import type { SearchUsageRow } from '../store/store.js';
import type { LearnedQuery } from './types.js';

export interface LearningSettings {
  /** Age at which a usage pair counts half as much. */
  halfLifeDays: number;
  /** Most queries kept per tool (the heaviest win). */
  maxQueriesPerTool: number;
}

export const DEFAULT_LEARNING: LearningSettings = { halfLifeDays: 30, maxQueriesPerTool: 200 };

/**
 * Turns raw usage pairs of one tool into the weighted queries the index appends to that tool's
 * document: weight = uses × ½^(age / half-life), heaviest first, capped. Bounded and decaying, so
 * a burst of odd traffic fades instead of owning a tool forever.
 */
export function learnedQueries(rows: Iterable<SearchUsageRow>, now: Date, settings: LearningSettings = DEFAULT_LEARNING): LearnedQuery[] {
  const dayMs = 86_400_000;
  const weighted: LearnedQuery[] = [];
  for (const row of rows) {
    const ageDays = Math.max(0, (now.getTime() - Date.parse(row.last_used_at)) / dayMs);
    const weight = row.count * 0.5 ** (ageDays / settings.halfLifeDays);
    if (weight >= 0.01) weighted.push({ text: row.query, weight });
  }
  return weighted.sort((a, b) => b.weight - a.weight || a.text.localeCompare(b.text)).slice(0, settings.maxQueriesPerTool);
}

/** Usage queries are stored normalised so that trivial variants count as one. */
export function normaliseQuery(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 1024);
}
