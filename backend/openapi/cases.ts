import { CaseQuery } from '#contracts';
import type { Component } from './schemas.js';
import {
  AUTH_ERRORS,
  content,
  error,
  idParam,
  obj,
  ok,
  queryParams,
  ref,
  session,
} from './helpers.js';

/**
 * Who may act on a case: the unit that handles it (`case.unit` at `case.unitCode`) handles it; a
 * higher level must 接管 (take-over) first; 回访/结案 need the case's unit or higher; never lower.
 */
const CASE_ACTION_403 = error(
  'outside your scope (`out_of_scope`), your role may not (`forbidden`), the case is handled by another unit or a level above yours (`wrong_unit`), or a level above the case’s unit must take it over first (`take_over_first`)',
);

/** POST /api/v1/cases/{id}/<action>: body → { case }. */
export function caseAction(summary: string, body: Component, description?: string) {
  return {
    post: {
      tags: ['cases'],
      summary,
      ...(description ? { description } : {}),
      security: session,
      parameters: [idParam('case id')],
      requestBody: { required: true, content: content(ref(body)) },
      responses: {
        '200': ok(obj({ case: ref('Case') })),
        '400': error('invalid body (fields named)'),
        ...AUTH_ERRORS,
        '403': CASE_ACTION_403,
        '404': error('no such case'),
        '409': error('the case’s status does not allow this step'),
      },
    },
  };
}

/** The cases' operations (/api/v1/cases…), merged into the document's paths. */
export const CASE_PATHS = {
  '/api/v1/cases': {
    get: {
      tags: ['cases'],
      summary: 'Cases in my scope, newest first',
      security: session,
      parameters: queryParams(CaseQuery),
      responses: {
        '200': ok(obj({ cases: { type: 'array', items: ref('Case') } })),
        '400': error('invalid query'),
        '401': error('not logged in'),
      },
    },
  },
  '/api/v1/cases/{id}': {
    get: {
      tags: ['cases'],
      summary:
        'A case, its audit (who, when, from where) and what the caller may do to it now (`allowedActions`)',
      security: session,
      parameters: [idParam('case id')],
      responses: { '200': ok(ref('CaseDetail')), ...AUTH_ERRORS, '404': error('no such case') },
    },
  },
  '/api/v1/cases/{id}/events': {
    get: {
      tags: ['cases'],
      summary:
        'The case’s append-only audit (who, when, from which status to which, why, and from which address)',
      security: session,
      parameters: [idParam('case id')],
      responses: {
        '200': ok(obj({ events: { type: 'array', items: ref('CaseEvent') } })),
        ...AUTH_ERRORS,
        '404': error('no such case'),
      },
    },
  },
  '/api/v1/cases/{id}/acknowledge': caseAction(
    '签收: open → acknowledged; stops the acknowledge countdown',
    'AcknowledgeBody',
  ),
  '/api/v1/cases/{id}/start': caseAction(
    '开始处置: acknowledged/reopened → inProgress',
    'StartBody',
  ),
  '/api/v1/cases/{id}/resolve': caseAction('办结 with a note: → resolved', 'ResolveBody'),
  '/api/v1/cases/{id}/follow-up': caseAction(
    '回访: resolved → followedUp; 不满意 (unsatisfied) reopens',
    'FollowUpBody',
  ),
  '/api/v1/cases/{id}/close': caseAction('结案: followedUp → closed', 'CloseBody'),
  '/api/v1/cases/{id}/escalate': caseAction(
    '上报: hand the case one level up; that unit must 签收 it',
    'EscalateBody',
  ),
  '/api/v1/cases/{id}/assign': caseAction(
    '指派 to a user who may handle the case at its unit',
    'AssignBody',
  ),
  '/api/v1/cases/{id}/take-over': caseAction(
    '接管: a leader of a level above the case’s unit takes it into their own unit, with a reason',
    'TakeOverBody',
    'The case’s `unit`/`unitCode` become the caller’s level and the region of that level above the case’s region; its status stays, its times become the new unit’s where shorter, and an assignee who cannot act at the new unit is let go. Audited (`takeOver`, with the request’s address) and notified like an escalation to the unit that had it and the new unit’s leaders. Only while the case is active (409 otherwise); 403 `wrong_unit` at or below the case’s level.',
  ),
  '/api/v1/cases/{id}/comments': caseAction('Add a note to the audit', 'CommentBody'),
  '/api/v1/cases/{id}/attachments': caseAction(
    'Attach a file by reference (URL)',
    'AttachmentBody',
  ),
};
