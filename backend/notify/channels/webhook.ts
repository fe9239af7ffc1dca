import { createHmac } from 'node:crypto';
import { messageMarkdown, messageText, messageTitle } from '../message.js';
import { jsonRequest, type ChannelDriver } from './types.js';

/**
 * Generic JSON webhook. With a secret, `X-Minqing-Signature: sha256=<hex HMAC of
 * "<timestamp>.<body>">` lets the receiver check it came from us; `X-Minqing-Delivery` is stable
 * across retries so a receiver can drop a repeat.
 */
export const webhookDriver: ChannelDriver = {
  type: 'webhook',
  build(channel, message, delivery) {
    const payload = {
      type: 'minqing.notification',
      deliveryId: delivery.id,
      kind: message.kind,
      level: message.level,
      title: messageTitle(message),
      text: messageText(message),
      markdown: messageMarkdown(message),
      items: message.items,
      link: message.link,
      sentAt: delivery.now,
    };
    const request = jsonRequest(channel.url, payload, { 'x-minqing-delivery': delivery.id });
    if (channel.secret) {
      const timestamp = String(delivery.now);
      const signature = createHmac('sha256', channel.secret)
        .update(`${timestamp}.${request.body}`)
        .digest('hex');
      request.headers['x-minqing-timestamp'] = timestamp;
      request.headers['x-minqing-signature'] = `sha256=${signature}`;
    }
    return request;
  },
  check(status, body) {
    return status >= 200 && status < 300 ? null : `HTTP ${status}: ${body.slice(0, 200)}`;
  },
};
