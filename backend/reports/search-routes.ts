import { Router } from 'express';
import type { Category, Correction, Level, Report, ReportDetail, ReportPage } from '#contracts';
import { ReportSearchQuery, searchWords, textHasWords } from '#contracts';
import type { Auth } from '../auth/middleware.js';
import { currentUser, requireRole, requireUser } from '../auth/middleware.js';
import { parseOr400 } from '../http/answer.js';
import { sendError } from '../http/errors.js';
import type { RegionTree } from '../regions/tree.js';
import type { ReportStore, SearchPosition } from '../store/store.js';
import { inScope, scopeOf } from '../users/directory.js';
import type { CorrectionBook } from './corrections.js';
import { toDetail } from './view.js';

/**
 * Store calls one page may make before it answers short with a cursor. Only reports the store
 * matched but that read otherwise as shown (a correction moved them out of the asked category or
 * colour, or the words are only in a number the view masks) cost another call.
 */
const MAX_ROUNDS = 4;

export interface SearchRoutesDeps {
  auth: Auth;
  store: Pick<ReportStore, 'search'>;
  corrections: Pick<CorrectionBook, 'apply' | 'correctedIds'>;
  regions: Pick<RegionTree, 'has'>;
}

/** The cursor a page hands out: the last position it covered, opaque to clients. */
export function encodeCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.id])).toString('base64url');
}

/** A cursor this route gave, or null for anything else. */
export function decodeCursor(cursor: string): SearchPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [occurredAt, id] = value as unknown[];
    if (!Number.isSafeInteger(occurredAt) || typeof id !== 'string' || id.length > 128) return null;
    return { occurredAt: occurredAt as number, id };
  } catch {
    return null;
  }
}

/** The user's scope as subtrees, none inside another (a lead inside one's own region adds none). */
function scopeRoots(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((code) => !unique.some((other) => other !== code && code.startsWith(other)));
}

/**
 * 诉求查询: GET /api/v1/reports, the reports in the caller's scope (their region's subtree and
 * what they 包保), newest first, filtered, a page at a time, each as GET /api/v1/reports/{id}
 * shows it (`ReportDetail`, the dispatcher's correction applied, the text masked again).
 *
 * The store matches on what it holds; what a person sees can differ from that in two ways, so
 * the page is checked again as shown: a correction lives outside the store (the store is asked
 * for the corrected reports by id as well, then each is judged by its corrected category and
 * colour), and the text is masked on the way out (a word found only inside a number the view
 * masks does not count, so a search cannot tell what the mask hides).
 */
export function reportSearchRouter(deps: SearchRoutesDeps): Router {
  const router = Router();

  // Staff only: a wall account reads the wall's views, never a caller's name, number or door.
  const staff = requireRole('county', 'town', 'village', 'staff');
  router.get('/api/v1/reports', requireUser(deps.auth), staff, async (req, res) => {
    const query = parseOr400(res, ReportSearchQuery, req.query, 'invalid_query');
    if (!query) return;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) {
      sendError(res, 400, 'invalid_query', 'the request has invalid fields', [
        { path: 'cursor', message: 'not a cursor this endpoint gave (pass nextCursor as is)' },
      ]);
      return;
    }
    if (query.regionCode !== undefined && !deps.regions.has(query.regionCode)) {
      sendError(res, 400, 'invalid_query', 'the request has invalid fields', [
        { path: 'regionCode', message: `unknown region code ${query.regionCode}` },
      ]);
      return;
    }
    const user = currentUser(res);
    if (query.regionCode !== undefined && !inScope(user, query.regionCode)) {
      sendError(
        res,
        403,
        'out_of_scope',
        `区划 ${query.regionCode} 不在您的管辖范围内 / region ${query.regionCode} is outside your scope`,
      );
      return;
    }

    const categories: readonly Category[] | undefined = query.category;
    const levels: readonly Level[] | undefined = query.colour;
    const wanted = (category: Category, level: Level) =>
      (!categories || categories.includes(category)) && (!levels || levels.includes(level));
    const words = searchWords(query.q ?? '');
    const search = {
      regions: query.regionCode !== undefined ? [query.regionCode] : scopeRoots(scopeOf(user)),
      from: query.from,
      to: query.to,
      sources: query.source,
      categories,
      levels,
      alsoIds:
        categories || levels
          ? deps.corrections.correctedIds((c: Correction) => wanted(c.category, c.colour))
          : undefined,
      words,
    };
    // As shown: corrected, masked; then the filters again on that.
    const shown = (report: Report): ReportDetail | null => {
      const detail = toDetail(deps.corrections.apply(report));
      return wanted(detail.category, detail.level) && textHasWords(detail.text, words)
        ? detail
        : null;
    };

    const items: ReportDetail[] = [];
    let position = after;
    let page: ReportPage | null = null;
    for (let round = 1; page === null; round++) {
      const want = query.limit + 1 - items.length;
      const batch = await deps.store.search({ ...search, after: position, limit: want });
      for (const report of batch.reports) {
        const detail = shown(report);
        if (detail) items.push(detail);
        if (items.length > query.limit) break;
      }
      if (items.length > query.limit) {
        // One more than asked matched: there is a next page, from the last item shown.
        const last = items[query.limit - 1] as ReportDetail;
        page = {
          items: items.slice(0, query.limit),
          nextCursor: encodeCursor({ occurredAt: last.occurredAt, id: last.id }),
        };
      } else if (batch.next === null) {
        page = { items, nextCursor: null };
      } else if (round === MAX_ROUNDS) {
        page = { items, nextCursor: encodeCursor(batch.next) };
      } else {
        position = batch.next;
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  return router;
}
