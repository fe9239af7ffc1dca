import type { z } from 'zod';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  AnswerBody,
  DispatchBody,
  HandleBody,
  OrderAttachment,
  OrderCommentBody,
  OrderEvent,
  OrderPage,
  OrderQuery,
  ReportUpBody,
  ReturnBody,
  SignBody,
  SuperviseBody,
  TransferBody,
  VisitBody,
  WorkOrder,
  WorkOrderDetail,
} from '#contracts';
import { queryParams, session } from './helpers.js';

/** The work-order schemas, in the document's components. */
export const WORK_ORDER_COMPONENTS = {
  WorkOrder,
  WorkOrderDetail,
  OrderEvent,
  OrderAttachment,
  OrderPage,
  DispatchBody,
  SignBody,
  HandleBody,
  AnswerBody,
  VisitBody,
  ReturnBody,
  TransferBody,
  ReportUpBody,
  SuperviseBody,
  OrderCommentBody,
} satisfies Record<string, z.ZodType>;
type Name = keyof typeof WORK_ORDER_COMPONENTS | 'ErrorBody';

const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('ErrorBody')) });
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const ERRORS = {
  '401': error('not logged in'),
  '403': error(
    'outside your scope (`out_of_scope`), or your unit or level may not take this step (`forbidden`)',
  ),
  '404': error('no such work order'),
};

function step(summary: string, body: Name, description?: string) {
  return {
    post: {
      tags: ['work-orders'],
      summary,
      ...(description ? { description } : {}),
      security: session,
      parameters: [path('id', 'work order id')],
      requestBody: { required: true, content: json(ref(body)) },
      responses: {
        '200': { description: 'the order after the step', content: json(ref('WorkOrderDetail')) },
        '400': error('invalid body (fields named)'),
        ...ERRORS,
        '409': error('the order’s step does not allow this (`wrong_step`)'),
      },
    },
  };
}

/** /api/v1/work-orders: the queue, one order, its steps and files. */
export const WORK_ORDER_PATHS = {
  '/api/v1/work-orders': {
    get: {
      tags: ['work-orders'],
      summary: 'The queue: work orders in the caller’s scope, one page, with counts per tab',
      description:
        'Tabs: `todo` (what the caller’s unit holds and must sign, handle or answer), `dispatch` (待分拨 and 退回, the county dispatcher’s), `visit` (answered, waiting for 回访), `overdue`, `supervised` (督办 pending), `closed` (办结; its count covers the last 30 days). Open tabs list the nearest deadline first; `closed` the newest. `q`: words that must all appear in the text. `nextCursor` continues the page; null at the end.',
      security: session,
      parameters: queryParams(OrderQuery),
      responses: {
        '200': { description: 'OK', content: json(ref('OrderPage')) },
        '400': error('invalid query (fields named)'),
        '401': error('not logged in'),
        '403': error('`regionCode` outside your scope'),
      },
    },
  },
  '/api/v1/work-orders/{id}': {
    get: {
      tags: ['work-orders'],
      summary: 'One work order: its timeline, files and the steps the caller may take now',
      security: session,
      parameters: [path('id', 'work order id')],
      responses: { '200': { description: 'OK', content: json(ref('WorkOrderDetail')) }, ...ERRORS },
    },
  },
  '/api/v1/work-orders/{id}/dispatch': step(
    '派单: the county dispatcher sends a waiting order (待分拨 or 退回) to a unit',
    'DispatchBody',
  ),
  '/api/v1/work-orders/{id}/sign': step('签收: the unit holding it says received', 'SignBody'),
  '/api/v1/work-orders/{id}/handle': step('开始办理', 'HandleBody'),
  '/api/v1/work-orders/{id}/answer': step(
    '答复: the answer the resident (and the call centre) gets',
    'AnswerBody',
  ),
  '/api/v1/work-orders/{id}/visit': step(
    '回访 with 满意度: satisfied or basic closes it (办结); unsatisfied reopens it',
    'VisitBody',
    'By a level above the unit that answered, or the county; never by the unit itself.',
  ),
  '/api/v1/work-orders/{id}/return': step(
    '退回: not this unit’s; back to the county dispatcher',
    'ReturnBody',
  ),
  '/api/v1/work-orders/{id}/transfer': step(
    '转办: to another unit (by the unit holding it, or the county)',
    'TransferBody',
  ),
  '/api/v1/work-orders/{id}/report-up': step('上报: to the unit one level up', 'ReportUpBody'),
  '/api/v1/work-orders/{id}/supervise': step(
    '督办: a higher level presses for an answer by a time',
    'SuperviseBody',
    'Not answered by then, the order is marked overdue and escalates one level up by itself.',
  ),
  '/api/v1/work-orders/{id}/comments': step('备注', 'OrderCommentBody'),
  '/api/v1/work-orders/{id}/attachments': {
    post: {
      tags: ['work-orders'],
      summary: 'A photo or file (the raw bytes as the body)',
      description: `\`Content-Type\`: one of ${ATTACHMENT_TYPES.join(', ')}; the body must be that kind of file; at most ${ATTACHMENT_MAX_BYTES} bytes. \`X-File-Name\`: the name, URI-encoded.`,
      security: session,
      parameters: [
        path('id', 'work order id'),
        { name: 'X-File-Name', in: 'header', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ATTACHMENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
        ),
      },
      responses: {
        '201': { description: 'the order with the file', content: json(ref('WorkOrderDetail')) },
        '400': error('empty, too large, or not the type it says'),
        ...ERRORS,
        '409': error('the order is closed'),
        '413': error('too large'),
        '415': error('not an allowed type'),
      },
    },
  },
  '/api/v1/work-orders/{id}/attachments/{attachmentId}': {
    get: {
      tags: ['work-orders'],
      summary: 'The file itself',
      security: session,
      parameters: [path('id', 'work order id'), path('attachmentId', 'attachment id')],
      responses: {
        '200': {
          description: 'the bytes, with their type',
          content: Object.fromEntries(
            ATTACHMENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
          ),
        },
        ...ERRORS,
      },
    },
  },
};
