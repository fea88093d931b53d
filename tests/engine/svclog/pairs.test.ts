import { afterAll, describe, expect, it } from 'vitest';
import type { PairableMessage } from '../../../electron/engine/svclog/indexing/messages';
import { pairMessages, type MessagePair } from '../../../electron/engine/svclog/indexing/pairs';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZERO_ACTIVITY, messageRecord, traceEvent } from '../../../scripts/svclog-writer.mjs';
import { SvclogIndex } from '../../../electron/engine/svclog';
import { CORPUS_DIR, HAS_CORPUS } from '../../support/corpus';
import { load } from './helpers';

/** A message record; `k` is its position (event and message row), the rest defaults to a plain service-level request. */
function msg(k: number, over: Partial<PairableMessage>): PairableMessage {
  return {
    file: 0,
    event: k,
    message: k,
    timeUs: k * 1000,
    tick: 0,
    host: 'H',
    process: 'p (1)',
    direction: 'send',
    layer: 'service',
    role: 'request',
    messageId: '',
    relatesTo: '',
    activityHeader: '',
    correlationId: '',
    action: '',
    activityId: 'act',
    ...over,
  };
}

const ends = (pairs: MessagePair[]) => pairs.map((p) => `${p.kind}:${p.by}:${p.from.event}>${p.to.event}`);

describe('pairMessages', () => {
  it('lists groups in the order their keys were first seen, MessageID groups before ActivityId + Action ones', () => {
    const pairs = pairMessages([
      msg(0, { messageId: 'x' }),
      msg(1, { activityHeader: 'h', action: 'a', role: 'datagram' }),
      msg(2, { messageId: 'y' }),
      msg(3, { messageId: 'y', direction: 'receive', process: 'q (2)' }),
      msg(4, { activityHeader: 'h', action: 'a', role: 'datagram', direction: 'receive' }),
      msg(5, { messageId: 'x', direction: 'receive', process: 'q (2)' }),
      msg(6, { messageId: 'z' }),
    ]);
    expect(ends(pairs)).toEqual(['send-receive:message-id:0>5', 'send-receive:message-id:2>3', 'send-receive:activity-action:1>4']);
  });

  it('prefers the same layer in another process, then the nearest time', () => {
    const pairs = pairMessages([
      msg(0, { messageId: 'x', layer: 'transport' }),
      msg(1, { messageId: 'x', layer: 'service' }),
      msg(2, { messageId: 'x', direction: 'receive', layer: 'service' }),
      msg(3, { messageId: 'x', direction: 'receive', layer: 'service', process: 'q (2)' }),
      msg(4, { messageId: 'x', direction: 'receive', layer: 'transport', process: 'q (2)' }),
    ]);
    expect(ends(pairs)).toEqual(['send-receive:message-id:0>4', 'send-receive:message-id:1>3']);
  });

  it('pairs groups too large to match in time order, and never pairs across a missing time', () => {
    const big = Array.from({ length: 70 }, (_, k) => msg(k, { messageId: 'big', direction: k % 2 ? 'receive' : 'send' }));
    const pairs = pairMessages([...big, msg(70, { messageId: 'nan', timeUs: NaN }), msg(71, { messageId: 'nan', direction: 'receive' })]);
    expect(pairs).toHaveLength(35);
    expect(ends(pairs).slice(0, 2)).toEqual(['send-receive:message-id:0>1', 'send-receive:message-id:2>3']);
  });

  it('links a reply to the request it relates to, preferring the one of its own process in the other direction', () => {
    const pairs = pairMessages([
      msg(0, { messageId: 'req' }),
      msg(1, { messageId: 'req', direction: 'receive', process: 'srv (2)' }),
      msg(2, { messageId: 'rep', relatesTo: 'req', process: 'srv (2)', role: 'reply' }),
      msg(3, { messageId: 'other', relatesTo: 'unknown', role: 'reply' }),
    ]);
    expect(ends(pairs)).toEqual(['send-receive:message-id:0>1', 'request-reply:relates-to:1>2']);
  });
});

describe('pairMessages by string ids (a split load: one file whose ids compare as strings)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-pair-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** Both ends of each message in one file: by CorrelationId, by MessageID only, replies by RelatesTo. */
  function bothEnds(): string {
    const client = { proc: { name: 'client', pid: 1, tid: 1 }, host: 'A' };
    const service = { proc: { name: 'service', pid: 2, tid: 2 }, host: 'B' };
    const lines: string[] = [];
    let t = 16_000_000_000_000_000;
    for (let k = 0; k < 300; k++) {
      const id = `00000000-0000-4000-a000-${String(k).padStart(12, '0')}`;
      const m = { action: 'urn:a', messageId: k % 3 === 2 ? '' : id, activityHeader: ZERO_ACTIVITY.replace(/^0/, String(k % 7)), correlationId: k % 3 === 0 ? `c-${k}` : '', body: '<x/>' };
      for (const [who, source] of [[client, 'TransportSend'], [service, 'TransportReceive']] as const) {
        lines.push(traceEvent({ t: (t += 10), sub: 'Information', level: 8, act: m.activityHeader, ...who, body: messageRecord({ t, source, ...m }) }));
      }
      if (k % 5 === 0) lines.push(traceEvent({ t: (t += 10), sub: 'Information', level: 8, act: m.activityHeader, ...service, body: messageRecord({ t, source: 'TransportSend', action: 'urn:a/reply', relatesTo: id, activityHeader: m.activityHeader, correlationId: '', body: '<y/>' }) }));
    }
    return lines.join('');
  }
  const corpus = HAS_CORPUS ? readdirSync(join(CORPUS_DIR, 'svclog')).map((f) => join(CORPUS_DIR, 'svclog', f)) : [];
  const generated = join(dir, 'both-ends.svclog');
  writeFileSync(generated, bothEnds());
  it.each([generated, ...corpus])('pairs %s as the strings do', async (path) => {
    const whole = SvclogIndex.of([await load(path)]);
    const split = await load(path, { splitAbove: 0, parts: 3, inThreadBelow: 0 });
    expect(split.data.uniqueStrings).toBe(true);
    expect(ends(SvclogIndex.of([split]).pairs)).toEqual(ends(whole.pairs));
    if (path === generated) expect(new Set(whole.pairs.map((p) => p.by))).toEqual(new Set(['correlation-id', 'message-id', 'activity-action', 'relates-to']));
  });
});
