import { computed, shallowRef } from 'vue';
import type { ChannelHealth } from '#contracts';

/** Outgoing notification channels as the server last reported them (written by `apply.ts`). */
export const channels = shallowRef<readonly ChannelHealth[]>([]);

export const failingChannels = computed(() => channels.value.filter((c) => c.failing));
