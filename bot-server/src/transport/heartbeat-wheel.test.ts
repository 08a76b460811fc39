import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeartbeatWheel, heartbeatSlots, type WheelMember } from './heartbeat-wheel.js';

interface Member extends WheelMember {
  id: number;
}

const members = (n: number): Member[] => Array.from({ length: n }, (_, id) => ({ id }));

/** The ids each of `turns` turns visits. */
function round(wheel: HeartbeatWheel<Member>, turns: number, onVisit: (m: Member) => void = () => {}): number[][] {
  return Array.from({ length: turns }, () => {
    const seen: number[] = [];
    wheel.turn((m) => {
      seen.push(m.id);
      onVisit(m);
    });
    return seen;
  });
}

test('a round of turns visits every member exactly once, a slice at each turn', () => {
  const wheel = new HeartbeatWheel<Member>(4);
  for (const m of members(10)) wheel.add(m);
  assert.equal(wheel.size, 10);
  const slices = round(wheel, 4);
  assert.deepEqual(
    slices.map((s) => s.length),
    [3, 3, 2, 2],
  );
  assert.deepEqual(
    slices.flat().sort((a, b) => a - b),
    members(10).map((m) => m.id),
  );
  // The next round visits the same slices again: each member once per round.
  assert.deepEqual(round(wheel, 4), slices);
});

test('a deleted member is no longer visited, even when deleted by its own visit; adding twice counts once', () => {
  const wheel = new HeartbeatWheel<Member>(2);
  const all = members(6);
  for (const m of all) wheel.add(m);
  wheel.add(all[0] as Member);
  assert.equal(wheel.size, 6);
  wheel.delete(all[1] as Member);
  wheel.delete(all[1] as Member);
  assert.equal(wheel.size, 5);
  // Slot 0 holds 0, 2, 4: the visit of 2 deletes it, and 4 is still visited.
  const first = round(wheel, 1, (m) => (m.id === 2 ? wheel.delete(m) : undefined));
  assert.deepEqual(first, [[0, 2, 4]]);
  assert.equal(wheel.size, 4);
  assert.deepEqual(round(wheel, 2), [
    [3, 5],
    [0, 4],
  ]);
  assert.deepEqual(
    [...wheel].map((m) => m.id),
    [0, 4, 3, 5],
  );
});

test('a heartbeat period is turned every 100 ms, with at least one slot', () => {
  assert.equal(heartbeatSlots(25_000), 250);
  assert.equal(heartbeatSlots(1_000), 10);
  assert.equal(heartbeatSlots(10), 1);
});
