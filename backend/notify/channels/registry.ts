import type { ChannelType } from '#contracts';
import { dingtalkDriver } from './dingtalk.js';
import { feishuDriver } from './feishu.js';
import type { ChannelDriver } from './types.js';
import { webhookDriver } from './webhook.js';
import { wecomDriver } from './wecom.js';

/** Every channel format by type. A new channel is one file here plus one line. */
export const CHANNEL_DRIVERS: Record<ChannelType, ChannelDriver> = {
  webhook: webhookDriver,
  dingtalk: dingtalkDriver,
  wecom: wecomDriver,
  feishu: feishuDriver,
};
