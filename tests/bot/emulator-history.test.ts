import { describe, expect, it } from 'vitest';
import { EMULATOR_HISTORY, EmulatorState, remember, rememberKey } from '../../bot/emulator/emulator-state.js';

/** The emulator lives inside the demo server: its memory must stay bounded however long it runs. */
describe('emulator history is bounded', () => {
  it('keeps the newest calls, sessions and auth codes only', () => {
    const s = new EmulatorState();
    const n = EMULATOR_HISTORY.calls * 3;
    for (let i = 0; i < n; i++) s.record('POST', '/v1.0/robot/oToMessages/batchSend', {}, { i });
    expect(s.calls.length).toBeLessThanOrEqual(EMULATOR_HISTORY.calls * 1.1 + 1);
    expect((s.calls.at(-1)!.body as { i: number }).i).toBe(n - 1);
    expect(s.calls.at(-1)!.seq).toBe(n);
    for (let i = 0; i < EMULATOR_HISTORY.sessions * 2; i++) s.openSession('user_lina');
    expect(s.sessions.size).toBe(EMULATOR_HISTORY.sessions);
    const newest = s.openSession('user_lina');
    expect(s.sessions.get(newest.session)?.userId).toBe('user_lina');
  });

  it('remember and rememberKey drop the oldest first', () => {
    const list: number[] = [];
    for (let i = 0; i < 1000; i++) remember(list, i, 100);
    expect(list.length).toBeLessThanOrEqual(110);
    expect(list.at(-1)).toBe(999);
    expect(list[0]).toBe(999 - list.length + 1);
    const map = new Map<string, number>();
    for (let i = 0; i < 50; i++) rememberKey(map, `k${i}`, i, 10);
    expect([...map.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => `k${40 + i}`));
  });
});
