/**
 * Getting the visitor's attention while the panel is closed: the page title flashes the unread count, and
 * (only when the visitor turned it on) a short chime plays for each new message. The chime is synthesised
 * (Web Audio, no file to fetch), and its AudioContext is created on the click that turns sound on, as
 * browsers' autoplay rules require.
 */

const SOUND_KEY = 'parley:sound';

/** Alternates the page's title with `text` every `intervalMs` until stopped; restores the page's own title. */
export class TitleFlash {
  private timer: ReturnType<typeof setInterval> | undefined;
  private own = '';
  private text = '';

  constructor(private readonly intervalMs = 1500) {}

  get flashing(): boolean {
    return this.timer !== undefined;
  }

  start(text: string): void {
    // A new count while flashing: shown at once if the old one was up (never mistaken for the page's title).
    if (this.timer && document.title === this.text) document.title = text;
    this.text = text;
    if (this.timer) return;
    this.own = document.title;
    document.title = text;
    this.timer = setInterval(() => {
      const current = document.title;
      // The page changed its own title meanwhile (a single-page app): that is the one to come back to.
      if (current !== this.text && current !== this.own) this.own = current;
      document.title = current === this.text ? this.own : this.text;
    }, this.intervalMs);
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (document.title === this.text) document.title = this.own;
  }
}

/** The visitor's choice, remembered on this site (off unless they turned it on). */
export function soundWanted(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export function rememberSound(on: boolean): void {
  try {
    if (on) localStorage.setItem(SOUND_KEY, 'on');
    else localStorage.removeItem(SOUND_KEY);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

let audio: AudioContext | undefined;

/** Creates (or wakes) the audio context: call it from the visitor's click. */
export function unlockSound(): void {
  audio ??= new AudioContext();
  void audio.resume();
}

/** A soft two-note chime, 0.3 s. Does nothing when no audio context could be created. */
export function chime(): void {
  if (!audio) {
    try {
      audio = new AudioContext();
    } catch {
      return;
    }
  }
  const at = audio.currentTime;
  for (const [i, freq] of [660, 880].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, at + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + i * 0.12 + 0.18);
    osc.connect(gain).connect(audio.destination);
    osc.start(at + i * 0.12);
    osc.stop(at + i * 0.12 + 0.2);
  }
}
