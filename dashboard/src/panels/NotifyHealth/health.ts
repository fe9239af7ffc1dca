import { computed, shallowRef } from 'vue';
import type { ChannelHealth } from '../../../../contracts/index.js';

/** Outgoing notification channels as the server last reported them. */
export const channels = shallowRef<readonly ChannelHealth[]>([]);

export function setChannels(next: readonly ChannelHealth[] | undefined): void {
  channels.value = next ?? [];
}

export const failingChannels = computed(() => channels.value.filter((c) => c.failing));
