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

/** Three short two-tone beeps. */
export function playAlarm(): void {
  if (!audio) return;
  const start = audio.currentTime;
  for (let i = 0; i < 3; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'square';
    osc.frequency.setValueAtTime(i % 2 ? 660 : 880, start + i * 0.35);
    gain.gain.setValueAtTime(0.15, start + i * 0.35);
    gain.gain.setValueAtTime(0, start + i * 0.35 + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + i * 0.35);
    osc.stop(start + i * 0.35 + 0.3);
  }
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
