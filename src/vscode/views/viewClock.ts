// Ages ("3 minutes ago") are worked out when VS Code draws an item, and VS Code draws again only when told.
// While a view is visible, its ticker tells it every `tickMs`; the view redraws from what it has loaded.

export interface ViewClock {
  readonly now: () => Date;
  /** How often a visible view draws its ages again. */
  readonly tickMs: number;
}

export const systemClock: ViewClock = { now: () => new Date(), tickMs: 60_000 };

export class AgeTicker {
  private timer: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(private readonly redraw: () => void, private clock: ViewClock = systemClock) {}

  now(): Date {
    return this.clock.now();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.restart();
  }

  /** For tests: a clock that runs ahead, or ticks faster; undefined goes back to the system's. */
  setClock(clock: ViewClock | undefined): void {
    this.clock = clock ?? systemClock;
    this.restart();
  }

  dispose(): void {
    this.setVisible(false);
  }

  private restart(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.visible) return;
    this.timer = setInterval(this.redraw, this.clock.tickMs);
    // A view left open must not keep the extension host alive on shutdown.
    this.timer.unref();
  }
}
