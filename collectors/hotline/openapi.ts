import type { z } from 'zod';
import { HotlineOrder, HotlineResult } from '#contracts';
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
};

/** zod schemas the paths reference as #/components/schemas/<name>. */
export const COMPONENTS: Record<string, z.ZodType> = { HotlineOrder, HotlineResult };
