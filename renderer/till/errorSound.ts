/**
 * A short low tone for an error a cashier must notice while looking at the customer, not the
 * screen. Web Audio, so no sound file ships; where there is no audio (a test DOM, a till without
 * speakers) the colour and the message still say it.
 */
let context: AudioContext | undefined;

export function playErrorSound(): void {
  const Ctor = globalThis.AudioContext as typeof AudioContext | undefined;
  if (Ctor === undefined) return;
  try {
    context ??= new Ctor();
    const ctx = context;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = 220;
    // Faded out rather than cut, which would click.
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start();
    oscillator.stop(ctx.currentTime + 0.25);
  } catch {
    // No audio device: the on-screen error stands alone.
  }
}
