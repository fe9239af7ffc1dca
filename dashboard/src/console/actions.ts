import type { z } from 'zod';
import type { PeopleOrderAction, SatisfactionName } from '#contracts';
import {
  AnswerBody,
  DispatchBody,
  HandleBody,
  OrderCommentBody,
  ReportUpBody,
  ReturnBody,
  SignBody,
  SuperviseBody,
  TransferBody,
  VisitBody,
} from '#contracts/work-order';
import type { JsonOrderAction } from './api.js';

/** The order the action buttons stand in: the next step of the cycle first, notes last. */
export const ACTION_ORDER: readonly PeopleOrderAction[] = [
  'sign',
  'dispatch',
  'handle',
  'answer',
  'visit',
  'supervise',
  'transfer',
  'return',
  'reportUp',
  'comment',
  'attach',
];

/** The steps that move an order forward: the first one allowed is the primary button. */
export const FORWARD_ACTIONS: readonly PeopleOrderAction[] = [
  'sign',
  'dispatch',
  'handle',
  'answer',
  'visit',
];

/** What each action's small form asks for. */
export interface ActionForm {
  /** The words of the form's text box, and the body field they go in. */
  text?: { key: 'note' | 'text' | 'reason'; label: string; required: boolean; placeholder: string };
  unit?: boolean;
  satisfaction?: boolean;
  hours?: boolean;
  /** One line above the form: what the step means. */
  hint: string;
  submit: string;
}

export const ACTION_FORMS: Record<JsonOrderAction, ActionForm> = {
  dispatch: {
    unit: true,
    text: { key: 'note', label: '派单说明（选填）', required: false, placeholder: '交办要求' },
    hint: '派给承办单位，对方须在时限内签收。',
    submit: '确认派单',
  },
  sign: {
    text: { key: 'note', label: '签收备注（选填）', required: false, placeholder: '' },
    hint: '确认本单位已收到此工单，开始计算答复时限。',
    submit: '确认签收',
  },
  handle: {
    text: {
      key: 'note',
      label: '办理说明（选填）',
      required: false,
      placeholder: '如：已安排人员到现场',
    },
    hint: '标记为办理中。',
    submit: '开始办理',
  },
  answer: {
    text: {
      key: 'text',
      label: '答复内容',
      required: true,
      placeholder: '向群众说明办理结果，如：破损路面已于今日修复',
    },
    hint: '答复群众后进入回访。',
    submit: '提交答复',
  },
  visit: {
    satisfaction: true,
    text: { key: 'note', label: '回访记录（选填）', required: false, placeholder: '' },
    hint: '回访反映人，记录满意度；不满意将重新办理。',
    submit: '提交回访',
  },
  return: {
    text: {
      key: 'reason',
      label: '退回理由',
      required: true,
      placeholder: '说明为何不属本单位办理',
    },
    hint: '退回指挥中心重新分拨。',
    submit: '确认退回',
  },
  transfer: {
    unit: true,
    text: { key: 'reason', label: '转办理由', required: true, placeholder: '' },
    hint: '转给其他承办单位。',
    submit: '确认转办',
  },
  reportUp: {
    text: {
      key: 'reason',
      label: '上报理由',
      required: true,
      placeholder: '说明为何超出本级办理能力',
    },
    hint: '上报上一级办理。',
    submit: '确认上报',
  },
  supervise: {
    hours: true,
    text: {
      key: 'note',
      label: '督办要求',
      required: true,
      placeholder: '如：请于今日内到现场处置并答复',
    },
    hint: '督促承办单位限时办理。',
    submit: '发出督办',
  },
  comment: {
    text: { key: 'text', label: '备注内容', required: true, placeholder: '' },
    hint: '只记入办理记录，不改变工单环节。',
    submit: '添加备注',
  },
};

export const SUPERVISE_HOURS = [2, 4, 8, 24, 48, 72] as const;

const BODIES: Record<JsonOrderAction, z.ZodType> = {
  dispatch: DispatchBody,
  sign: SignBody,
  handle: HandleBody,
  answer: AnswerBody,
  visit: VisitBody,
  return: ReturnBody,
  transfer: TransferBody,
  reportUp: ReportUpBody,
  supervise: SuperviseBody,
  comment: OrderCommentBody,
};

export interface FormValues {
  text: string;
  unitCode: string;
  satisfaction: SatisfactionName | '';
  /** '' for the default. */
  hours: number | '';
}

/** The form's values as the action's body, checked against the contract; or why not. */
export function buildBody(
  action: JsonOrderAction,
  values: FormValues,
  current: { unitCode: string },
): { ok: true; body: Record<string, unknown> } | { ok: false; message: string } {
  const form = ACTION_FORMS[action];
  const body: Record<string, unknown> = {};
  const text = values.text.trim();
  if (form.text) {
    if (form.text.required && !text) return { ok: false, message: `请填写${form.text.label}` };
    if (text.length > 2000) return { ok: false, message: `${form.text.label}不能超过 2000 字` };
    if (text) body[form.text.key] = text;
  }
  if (form.unit) {
    if (!values.unitCode) return { ok: false, message: '请选择承办单位' };
    if (action === 'transfer' && values.unitCode === current.unitCode)
      return { ok: false, message: '请选择另一个承办单位' };
    body.unitCode = values.unitCode;
  }
  if (form.satisfaction) {
    if (!values.satisfaction) return { ok: false, message: '请选择满意度' };
    body.satisfaction = values.satisfaction;
  }
  if (form.hours && values.hours !== '') body.hours = values.hours;
  const parsed = BODIES[action].safeParse(body);
  if (!parsed.success) return { ok: false, message: '填写内容有误，请检查' };
  return { ok: true, body: parsed.data as Record<string, unknown> };
}

/**
 * The unit an order of this colour goes to by default (the county's response policy): red to
 * the county, orange to the town, blue and none to the village where it happened. '' when the
 * place is not known below the county.
 */
export function suggestUnit(order: { level: string; regionCode: string }): string {
  const code = order.regionCode;
  if (order.level === 'red') return code.slice(0, 6);
  if (order.level === 'orange') return code.length >= 9 ? code.slice(0, 9) : '';
  if (code.length >= 12) return code.slice(0, 12);
  return code.length >= 9 ? code.slice(0, 9) : '';
}
