import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../message.js';
import { dingtalkDriver, dingtalkSign } from './dingtalk.js';
import { feishuDriver, feishuSign } from './feishu.js';
import { CHANNEL_DRIVERS } from './registry.js';
import type { ResolvedChannel } from './types.js';
import { wecomDriver } from './wecom.js';

const message: OutgoingMessage = {
  kind: 'opened',
  level: 'red',
  headline: '回龙镇·枣园村',
  items: [
    {
      caseId: 'c1',
      number: '2026-000001',
      place: '回龙镇·枣园村',
      title: '群体性聚集',
      detail: '红色预警，由县办理',
      dueAt: Date.parse('2026-11-22T10:15:00+08:00'),
    },
  ],
  link: 'https://minqing.example/leader#case=c1',
};

const channel = (type: ResolvedChannel['type'], secret: string | null): ResolvedChannel => ({
  id: type,
  type,
  url: 'https://robot.example/send?access_token=abc',
  secret,
  levels: ['red'],
  kinds: ['opened'],
});

describe('channel formats', () => {
  // Reference values computed independently (Python hmac/base64) for these inputs.
  it('signs DingTalk as HmacSHA256(secret, timestamp + "\\n" + secret)', () => {
    expect(dingtalkSign(1700000000000, 'SECabc')).toBe(
      'jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=',
    );
    const req = dingtalkDriver.build(channel('dingtalk', 'SECabc'), message, {
      id: 'd1',
      now: 1700000000000,
    });
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe('jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=');
    expect(JSON.parse(req.body)).toMatchObject({ msgtype: 'markdown' });
  });

  it('signs Feishu with key timestamp + "\\n" + secret over an empty message', () => {
    expect(feishuSign(1700000000, 'abc')).toBe('VIS10b0EBvzzSdFnuk4tznEmK5wHaruvf/WnViv2yR4=');
    const body = JSON.parse(
      feishuDriver.build(channel('feishu', 'abc'), message, { id: 'f1', now: 1700000000123 }).body,
    ) as Record<string, unknown>;
    expect(body).toMatchObject({ timestamp: '1700000000', msg_type: 'text' });
    expect(body.sign).toBe(feishuSign(1700000000, 'abc'));
  });

  it('reads robot answers: 200 with a non-zero code is a failure', () => {
    expect(dingtalkDriver.check(200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(dingtalkDriver.check(200, '{"errcode":310000,"errmsg":"sign not match"}')).toContain(
      '310000',
    );
    expect(feishuDriver.check(200, '{"code":0,"msg":"success"}')).toBeNull();
    expect(feishuDriver.check(200, '{"StatusCode":0}')).toBeNull();
    expect(feishuDriver.check(200, '{"code":19021,"msg":"sign match fail"}')).toContain('19021');
    expect(wecomDriver.check(502, 'bad gateway')).toContain('HTTP 502');
  });

  it('keeps WeCom markdown under 4096 bytes and shows times in China time', () => {
    const long = { ...message, items: Array.from({ length: 200 }, () => message.items[0]!) };
    const body = JSON.parse(
      wecomDriver.build(channel('wecom', null), long, { id: 'w', now: 0 }).body,
    );
    expect(Buffer.byteLength(body.markdown.content as string)).toBeLessThanOrEqual(4096);
    expect(body.markdown.content).toContain('11/22 10:15');
  });

  it('has a driver for every channel type', () => {
    expect(Object.keys(CHANNEL_DRIVERS).sort()).toEqual(['dingtalk', 'feishu', 'webhook', 'wecom']);
  });
});
