/**
 * One-time, short-lived codes the page exchanges for the token (POST /session?code=…). The browser
 * opener's command line is readable by every local user (ps), so it carries a code that is spent
 * by the first exchange and expires after a minute anyway, never the token itself.
 */
import { randomBytes } from 'node:crypto';
import { sameToken } from './guard';

const MAX_LIVE = 16;

export class OneTimeCodes {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  mint(): string {
    this.prune();
    // Bounded: the oldest code goes when too many are waiting.
    if (this.live.size >= MAX_LIVE) this.live.delete(this.live.keys().next().value!);
    const code = randomBytes(16).toString('hex');
    this.live.set(code, this.now() + this.ttlMs);
    return code;
  }

  /** True once for a live code; the code is spent either way. */
  redeem(candidate: unknown): boolean {
    this.prune();
    for (const code of this.live.keys()) {
      if (sameToken(candidate, code)) {
        this.live.delete(code);
        return true;
      }
    }
    return false;
  }

  private prune(): void {
    const t = this.now();
    for (const [code, expires] of this.live) if (expires <= t) this.live.delete(code);
  }
}
