import { createHmac } from 'node:crypto';
import { messageText } from '../message.js';
import { checkRobotAnswer, jsonRequest, type ChannelDriver } from './types.js';

/**
 * 飞书签名校验: base64(HmacSHA256(key = timestamp(s) + "\n" + secret, empty message)). Note the
 * key is the joined string, unlike DingTalk.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Feishu / Lark group robot (飞书群机器人), text message. */
export const feishuDriver: ChannelDriver = {
  type: 'feishu',
  build(channel, message, delivery) {
    const content = { msg_type: 'text', content: { text: messageText(message) } };
    if (!channel.secret) return jsonRequest(channel.url, content);
    const timestamp = Math.floor(delivery.now / 1000);
    return jsonRequest(channel.url, {
      timestamp: String(timestamp),
      sign: feishuSign(timestamp, channel.secret),
      ...content,
    });
  },
  check: (status, body) => checkRobotAnswer(status, body, ['code', 'StatusCode']),
};
