import type { z } from 'zod';
import { HotlineAnswer, HotlineOrder, HotlineResult } from '#contracts';
import { HOTLINE_ORDERS_PATH } from './paths.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: content(ref('ErrorBody')) });

/** The hotline collector's operations, merged into the OpenAPI document. */
export const PATHS: Record<string, unknown> = {
  [HOTLINE_ORDERS_PATH]: {
    post: {
      tags: ['collectors'],
      summary: '12345 hotline: work orders (工单) as the call-centre system pushes them',
      description:
        'One order or an array of up to 1,000, with the hotline ingest key. All or nothing: one bad order refuses the request and nothing is stored; field paths use the order’s names (`[3].callTime`). An address that resolves only part way (or not at all) is stored at the deepest region it reached (the county) and listed in `triage` for a person to place. The caller number is kept only as a salted hash and a masked form.',
      security: [{ ingestKey: [] }],
      requestBody: {
        required: true,
        content: content({
          oneOf: [
            ref('HotlineOrder'),
            { type: 'array', items: ref('HotlineOrder'), minItems: 1, maxItems: 1000 },
          ],
        }),
      },
      responses: {
        '202': {
          description: 'stored durably (duplicates of an earlier orderNo get the first id)',
          content: content(ref('HotlineResult')),
        },
        '400': error('a field is invalid (named in `fields`), e.g. an unknown regionCode'),
        '401': error('no valid ingest key'),
        '403': error('the key belongs to another source'),
        '413': error('body over 8 MB'),
        '415': error('not application/json'),
      },
    },
  },
  [`${HOTLINE_ORDERS_PATH}/{workOrderNumber}`]: {
    get: {
      tags: ['collectors'],
      summary: '12345 hotline: the answer for one of the call centre’s orders (pull)',
      description:
        'The order’s state now, keyed by the 工单编号 (orderNo) the call centre sent, with the hotline ingest key: our 工单号, the status and its Chinese label, the 答复 once given and the 回访 once made. A call that joined an earlier order as a repeat answers with that order. The same body is POSTed to the callback URL of config/hotline.json when the order is answered, reopened or closed, signed with `X-Minqing-Signature: sha256=<hex HMAC-SHA256 of "<X-Minqing-Timestamp>.<raw body>">` and carrying an `Idempotency-Key` that stays the same on every retry.',
      security: [{ ingestKey: [] }],
      parameters: [
        {
          name: 'workOrderNumber',
          in: 'path',
          required: true,
          description: '工单编号: the orderNo the call centre sent (URL-encoded)',
          schema: { type: 'string', maxLength: 128 },
        },
      ],
      responses: {
        '200': { description: 'the order now', content: content(ref('HotlineAnswer')) },
        '401': error('no valid ingest key'),
        '403': error('the key belongs to another source'),
        '404': error('no order with this number was received'),
        '503': error('received a moment ago and still being registered; Retry-After'),
      },
    },
  },
};

/** zod schemas the paths reference as #/components/schemas/<name>. */
export const COMPONENTS: Record<string, z.ZodType> = { HotlineAnswer, HotlineOrder, HotlineResult };
