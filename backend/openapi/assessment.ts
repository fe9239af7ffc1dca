import type { z } from 'zod';
import { Assessment, AssessmentQuery, AssessmentRow } from '#contracts';
import { jsonSchema } from './schemas.js';

/** The 考核 schemas, in the document's components. */
export const ASSESSMENT_COMPONENTS = {
  Assessment,
  AssessmentRow,
} satisfies Record<string, z.ZodType>;

const ref = (name: keyof typeof ASSESSMENT_COMPONENTS | 'ErrorBody') => ({
  $ref: `#/components/schemas/${name}`,
});
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('ErrorBody') } },
});
const session = [{ bearer: [] }, { cookie: [] }];

const parameters = () => {
  const schema = jsonSchema(AssessmentQuery, 'input') as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  const about: Record<string, string> = {
    from: 'first day, county time (YYYY-MM-DD); default: the first of `to`’s month',
    to: 'last day, county time (YYYY-MM-DD), inclusive; default: today (this month’s end when neither is given)',
    regionCode: 'the county, a town or a village within your scope; default: your own region',
  };
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    description: about[name],
    schema: s,
  }));
};

const ERRORS = {
  '400': error(
    'invalid query (fields named): a day that does not exist, from after to, more than 366 days, an unknown region',
  ),
  '401': error('not logged in'),
  '403': error('`regionCode` outside your scope'),
};

const DESCRIPTION =
  'Figures of the work orders opened in the period, per town and per village (each order counted where it happened, whichever unit handled it), with the total of `regionCode`. Rates are shares from 0 to 1, null when nothing to divide. 按时签收: every 签收 before the deadline then in force and none run out (orders still in time to sign are not judged); 按时办结: every 答复 before its deadline (or a 督办’s); 满意率: satisfied and basic among the followed-up, by each order’s latest 回访; 重办率: orders an unsatisfied 回访 reopened. `overdueNow` is every open order marked 超时 at the time of the request, whenever opened.';

/** /api/v1/assessment: 考核, as JSON or an Excel workbook. */
export const ASSESSMENT_PATHS = {
  '/api/v1/assessment': {
    get: {
      tags: ['assessment'],
      summary: '考核: per town and village, how the work orders of a period went',
      description: DESCRIPTION,
      security: session,
      parameters: parameters(),
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: ref('Assessment') } },
        },
        ...ERRORS,
      },
    },
  },
  '/api/v1/wall/assessment': {
    get: {
      tags: ['assessment'],
      summary: 'The wall’s 考核: this month, the county’s or one town’s (`region`)',
      description:
        'Open to the wall without a login (counts and places only); with WALL_TOKEN set it wants the token like the wall’s other reads. Counted at most every 30 s.',
      parameters: [
        {
          name: 'region',
          in: 'query',
          required: false,
          description: 'a town code (a town wall); default the county',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: ref('Assessment') } },
        },
        '400': error('invalid query'),
        '401': error('wall token required'),
        '404': error('not a county or town'),
      },
    },
  },
  '/api/v1/assessment.xlsx': {
    get: {
      tags: ['assessment'],
      summary: '考核 as an Excel workbook: sheets 乡镇 (with the total) and 村（社区）',
      description:
        'The same figures as GET /api/v1/assessment: a title row with the place, the period and the time it was made (Asia/Shanghai), Chinese headers, shares as percentage cells.',
      security: session,
      parameters: parameters(),
      responses: {
        '200': {
          description: 'the workbook',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        ...ERRORS,
      },
    },
  },
};
