/**
 * Builds the skew solver's input from the svclog index: send↔receive pairs across computers.
 * `hostOf` names the clock a Computer's events were stamped by: the user may have joined two
 * Computer names into one machine, and one machine has one clock (its pairs are not skew).
 */
import type { SvclogIndex } from '../svclog';
import { detectResolutionUs } from './resolution';
import type { SkewInput, SkewObservation } from './solver';

export function skewInputFromSvclog(index: SvclogIndex, reference?: string, hostOf: (computer: string) => string = (c) => c): SkewInput {
  const hostEvents = new Map<string, number>();
  const hostTimes = new Map<string, number[]>();
  for (const file of index.files) {
    const ev = file.events;
    const hostOfId = new Map<number, string>();
    for (let i = 0; i < file.recordCount; i++) {
      const id = ev.computer[i];
      let host = hostOfId.get(id);
      if (host === undefined) hostOfId.set(id, (host = hostOf(file.str(id))));
      hostEvents.set(host, (hostEvents.get(host) ?? 0) + 1);
      let times = hostTimes.get(host);
      if (!times) hostTimes.set(host, (times = []));
      // A sample is enough to tell a coarse clock from a fine one.
      if (times.length < 5000) times.push(ev.timeUs[i]);
    }
  }
  const resolutionUs = new Map([...hostTimes].map(([h, t]) => [h, detectResolutionUs(t)]));
  const observations: SkewObservation[] = [];
  for (const p of index.pairs) {
    const [sendHost, recvHost] = [hostOf(p.from.host), hostOf(p.to.host)];
    if (p.kind !== 'send-receive' || sendHost === recvHost) continue;
    const file = index.files[p.from.file];
    const action = file.str(file.messages.action[p.from.message]);
    const messageId = file.str(file.messages.messageId[p.from.message]);
    observations.push({
      sendHost,
      sendUs: p.from.timeUs + p.from.tick / 10,
      recvHost,
      recvUs: p.to.timeUs + p.to.tick / 10,
      label: `${action || '(no action)'}${messageId ? ` ${messageId}` : ''} ${p.from.host}→${p.to.host}`,
    });
  }
  return { observations, hostEvents, resolutionUs, reference: reference === undefined ? undefined : hostOf(reference) };
}
