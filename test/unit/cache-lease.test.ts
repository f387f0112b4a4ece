// A cache lease is judged on two clocks: the monotonic one (never stepped, but it stops while the
// machine is suspended) and the wall clock (runs on through a suspend, but may be stepped). It is
// held only while neither says the lease has run out (docs/architecture.md, "The token cache").
import { describe, expect, it } from 'vitest';
import { CacheLease, type LeaseClock } from '../../src/modules/auth/cache-lease.js';

/** Two clocks the test moves by hand. */
function manualClock(): LeaseClock & { advance(ms: number): void; suspend(ms: number): void; stepWall(ms: number): void } {
  let monotonic = 1_000;
  let wall = Date.UTC(2026, 11, 1);
  return {
    monotonic: () => monotonic,
    wall: () => wall,
    advance: (ms) => {
      monotonic += ms;
      wall += ms;
    },
    // While suspended, the monotonic clock stands still.
    suspend: (ms) => {
      wall += ms;
    },
    stepWall: (ms) => {
      wall += ms;
    },
  };
}

describe('CacheLease', () => {
  it('is held from the moment the returned heartbeat was sent, for its length', () => {
    const clock = manualClock();
    const lease = new CacheLease(1_800, clock);
    expect(lease.held).toBe(false);
    const sentAt = lease.now();
    clock.advance(50); // the heartbeat's round trip
    lease.renew(sentAt);
    expect(lease.held).toBe(true);
    expect(lease.remainingMs()).toBe(1_750);
    clock.advance(1_749);
    expect(lease.held).toBe(true);
    clock.advance(1);
    expect(lease.held).toBe(false);
  });

  it('ends when the wall clock says so, though the monotonic clock stood still (a system suspend)', () => {
    const clock = manualClock();
    const lease = new CacheLease(1_800, clock);
    lease.renew(lease.now());
    clock.advance(100);
    clock.suspend(10_000);
    expect(lease.held).toBe(false);
    expect(lease.remainingMs()).toBeLessThanOrEqual(0);
  });

  it('is not kept alive by a wall clock stepped back: the monotonic clock still ends it', () => {
    const clock = manualClock();
    const lease = new CacheLease(1_800, clock);
    lease.renew(lease.now());
    clock.stepWall(-3_600_000);
    expect(lease.held).toBe(true);
    clock.advance(1_800);
    expect(lease.held).toBe(false);
  });

  it('ends early, never late, when the wall clock is stepped forward', () => {
    const clock = manualClock();
    const lease = new CacheLease(1_800, clock);
    lease.renew(lease.now());
    clock.stepWall(1_000);
    expect(lease.remainingMs()).toBe(800);
  });

  it('runs from the latest heartbeat that came back, and ends when given up', () => {
    const clock = manualClock();
    const lease = new CacheLease(1_800, clock);
    const first = lease.now();
    clock.advance(500);
    const second = lease.now();
    lease.renew(second);
    lease.renew(first); // an older heartbeat cannot shorten the lease
    expect(lease.remainingMs()).toBe(1_800);
    expect(lease.started).toBe(true);
    lease.end();
    expect(lease.held).toBe(false);
    expect(lease.started).toBe(false);
  });
});
