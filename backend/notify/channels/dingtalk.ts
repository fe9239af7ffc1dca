import { createHmac } from 'node:crypto';
import { messageMarkdown, messageTitle } from '../message.js';
import { checkRobotAnswer, jsonRequest, type ChannelDriver } from './types.js';

/** 钉钉加签: base64(HmacSHA256(key = secret, timestamp(ms) + "\n" + secret)), URL-encoded. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** DingTalk group robot (钉钉群机器人), markdown message. */
export const dingtalkDriver: ChannelDriver = {
  type: 'dingtalk',
  build(channel, message, delivery) {
    let url = channel.url;
    if (channel.secret) {
      const sign = encodeURIComponent(dingtalkSign(delivery.now, channel.secret));
      url += `${url.includes('?') ? '&' : '?'}timestamp=${delivery.now}&sign=${sign}`;
    }
    return jsonRequest(url, {
      msgtype: 'markdown',
      markdown: { title: messageTitle(message), text: messageMarkdown(message) },
    });
  },
  check: (status, body) => checkRobotAnswer(status, body, ['errcode']),
};
