import { messageMarkdown } from '../message.js';
import { checkRobotAnswer, jsonRequest, type ChannelDriver } from './types.js';

/** WeCom robots take at most 4096 bytes of markdown. */
const MAX_BYTES = 4096;

function clip(text: string): string {
  if (Buffer.byteLength(text) <= MAX_BYTES) return text;
  let out = text;
  while (Buffer.byteLength(`${out}…`) > MAX_BYTES) out = out.slice(0, -16);
  return `${out}…`;
}

/** WeCom group robot (企业微信群机器人): no signature, the key in the URL is the secret. */
export const wecomDriver: ChannelDriver = {
  type: 'wecom',
  build(channel, message) {
    return jsonRequest(channel.url, {
      msgtype: 'markdown',
      markdown: { content: clip(messageMarkdown(message)) },
    });
  },
  check: (status, body) => checkRobotAnswer(status, body, ['errcode']),
};
