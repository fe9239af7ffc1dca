/**
 * The product's alarm: three two-tone square beeps (880 / 660 Hz), about a second long. The wall's
 * red takeover and the leader page's red alert ring with it.
 */
export function playAlarmTone(audio: AudioContext): void {
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
}
