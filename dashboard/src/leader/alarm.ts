import { LEVEL_LABEL_ZH } from '#contracts/vocabulary';
import { playAlarmTone } from '../shared/alarm-tone.js';
import type { RedAlarmPush } from './reducers.js';

/**
 * Sound and a browser notification for a red alert. Browsers only let a page make sound after a
 * user gesture, so `unlock` runs on the login (or any) tap.
 */
let audio: AudioContext | null = null;

export function unlockAlarm(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
  if ('Notification' in window && Notification.permission === 'default') {
    void Notification.requestPermission();
  }
}

/** Three short two-tone beeps, and a buzz on phones that can. */
export function playAlarm(): void {
  if (!audio) return;
  playAlarmTone(audio);
  navigator.vibrate?.([300, 100, 300]);
}

export function showNotification(title: string, body: string, tag: string): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag, requireInteraction: true });
  } catch {
    // Some mobile browsers only allow notifications from a service worker; the page still rings.
  }
}

/** A red alert pushed live: ring, buzz, and a system notification that stays until tapped. */
export function announceRedAlarm(push: RedAlarmPush): void {
  playAlarm();
  showNotification(
    `${LEVEL_LABEL_ZH.red}预警 · 请立即签收`,
    `${push.case.title}（工单 ${push.case.number}）`,
    push.case.id,
  );
}
