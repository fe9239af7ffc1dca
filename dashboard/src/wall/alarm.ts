import { playAlarmTone } from '../shared/alarm-tone.js';
import { soundEnabled } from './access.js';

/** Ring again this often while a red alert still waits for 签收. */
const REPEAT_MS = 10_000;

let audio: AudioContext | null = null;
let timer = 0;

/**
 * The wall's alarm: three two-tone beeps, repeated while the takeover lasts. Off with
 * `?sound=off`. Browsers start audio muted until a gesture; kiosks run chromium with
 * `--autoplay-policy=no-user-gesture-required`, and any tap on the wall unlocks it too.
 */
function context(): AudioContext | null {
  if (!soundEnabled) return null;
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    return audio;
  } catch {
    return null;
  }
}

function beep(): void {
  const ctx = context();
  if (!ctx || ctx.state !== 'running') return;
  playAlarmTone(ctx);
}

/** Start or stop ringing as the takeover shows or ends. */
export function setAlarm(on: boolean): void {
  window.clearInterval(timer);
  timer = 0;
  if (!on || !soundEnabled) return;
  beep();
  timer = window.setInterval(beep, REPEAT_MS);
}

if (soundEnabled) window.addEventListener('pointerdown', () => void context(), { once: true });
