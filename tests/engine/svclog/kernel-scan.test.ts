/**
 * The kernel frames and extracts whole windows (kernel-scan.ts) and hands some steps back to
 * JavaScript: an event it cannot extract (a Malformed message), a full batch of rows, a full
 * problem queue, a string table out of room. Each must give exactly what the JavaScript framer
 * and extractor give (Buffer.indexOf search, ByteInterner): same rows, strings (ids included)
 * and problems.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_FLAG } from '../../../electron/engine/svclog/extraction/columns';
import { parseRange, type ParseRequest } from '../../../electron/engine/svclog/extraction/parse';

const dir = mkdtempSync(join(tmpdir(), 'tl-kscan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SYSTEM = (i: number) =>
  `<System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system"><EventID>${i}</EventID><Type>3</Type><SubType Name="Information">0</SubType><Level>8</Level>` +
  `<TimeCreated SystemTime="2020-01-02T03:04:05.${String(i % 10000000).padStart(7, '0')}Z" /><Source Name="S${i % 7}" />` +
  `<Correlation ActivityID="{00000000-0000-0000-0000-${String(i % 97).padStart(12, '0')}}" /><Execution ProcessName="p" ProcessID="${i % 3}" ThreadID="7" /><Channel /><Computer>C${i % 2}</Computer></System>`;
const event = (i: number, appData: string) => `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent">${SYSTEM(i)}<ApplicationData>${appData}</ApplicationData></E2ETraceEvent>\r\n`;
const RECORD = (i: number) => `<TraceData><DataItem><TraceRecord xmlns="urn:tr"><Description>d${i % 11}</Description></TraceRecord></DataItem></TraceData>`;
const MALFORMED =
  '<TraceData><DataItem><MessageLogTraceRecord Time="x" Source="Malformed" Type="System.ServiceModel.Channels.BufferedMessage" xmlns="http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace">' +
  '&lt;s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"&gt;&lt;s:Header&gt;&lt;a:Action s:mustUnderstand="1"&gt;urn:get&lt;/a:Action&gt;' +
  '&lt;a:MessageID&gt;urn:uuid:1&lt;/a:MessageID&gt;&lt;/s:Header&gt;&lt;s:Body&gt;x&lt;/s:Body&gt;&lt;/s:Envelope&gt;</MessageLogTraceRecord></DataItem></TraceData>';
const MESSAGE = (i: number) =>
  '<TraceData><DataItem><MessageLogTraceRecord Source="TransportSend" Type="T" xmlns="urn:m"><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>' +
  `<Action>urn:op${i % 5}</Action><MessageID>urn:uuid:${i}</MessageID><ActivityId CorrelationId="c${i}" xmlns="urn:d">{11111111-0000-0000-0000-${String(i).padStart(12, '0')}}</ActivityId>` +
  `</s:Header><s:Body><x>${'b'.repeat(i % 50)}</x></s:Body></s:Envelope></MessageLogTraceRecord></DataItem></TraceData>`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function both(path: string, extra: Partial<ParseRequest> = {}) {
  const req: ParseRequest = { path, encoding: 'utf8', from: 0, to: Infinity, skipLeading: false, ...extra };
  return { kernel: parseRange(req), js: parseRange({ ...req, nativeSearch: true }) };
}

describe('svclog kernel framing and extraction', () => {
  it('hands Malformed message events to JavaScript between events it extracts itself', () => {
    const text = Array.from({ length: 40 }, (_, i) => event(i, i % 9 === 4 ? MALFORMED : i % 3 ? MESSAGE(i) : RECORD(i))).join('');
    const { kernel, js } = both(write('malformed.svclog', text));
    expect(kernel).toEqual(js);
    let malformed = 0;
    for (let i = 0; i < kernel.eventCount; i++) if (kernel.events.flags[i] & EVENT_FLAG.malformed) malformed++;
    expect(malformed).toBe(4);
    // The Malformed event's escaped headers were read (by the JavaScript walk).
    const m = kernel.events.message[4];
    expect(kernel.strings[kernel.messages.action[m]]).toBe('urn:get');
  });

  it('empties full batches of rows (many small events in one window)', () => {
    const text = Array.from({ length: 9000 }, (_, i) => event(i, i % 4 ? RECORD(i) : MESSAGE(i))).join('');
    const { kernel, js } = both(write('many.svclog', text), { chunkBytes: 16 << 20 });
    expect(kernel.eventCount).toBe(9000);
    expect(kernel).toEqual(js);
  });

  it('extracts the events of UTF-16 windows (framed in JavaScript) one by one, in order with the ones it hands back', () => {
    // Malformed events among the first ones only: after them, more than a batch of rows in one window.
    const text = Array.from({ length: 6000 }, (_, i) => event(i, i < 300 && i % 97 === 4 ? MALFORMED : i % 4 ? RECORD(i) : MESSAGE(i))).join('');
    const path = join(dir, 'utf16.svclog');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { kernel, js } = both(path, { encoding: 'utf16le', from: 2, chunkBytes: 16 << 20 });
    expect(kernel.eventCount).toBe(6000);
    expect(kernel).toEqual(js);
  });

  it('empties a full problem queue (many cut events and stretches of garbage in one window)', () => {
    const parts: string[] = ['<?xml version="1.0"?>'];
    for (let i = 0; i < 150; i++) {
      parts.push(event(i, RECORD(i)));
      if (i % 2) parts.push(event(i, RECORD(i)).slice(0, 200)); // cut: the next event starts right after
      if (i % 3 === 0) parts.push(`garbage ${i} `);
    }
    const { kernel, js } = both(write('problems.svclog', parts.join('')));
    expect(kernel.problems.length).toBeGreaterThan(100);
    expect(kernel).toEqual(js);
  });

  it('parses the range again in JavaScript when the string table runs out of room', () => {
    const text = Array.from({ length: 3000 }, (_, i) => event(i, MESSAGE(i))).join('');
    const path = write('distinct.svclog', text);
    const { js } = both(path);
    // Room for the empty table only: the first values overflow it.
    expect(parseRange({ path, encoding: 'utf8', from: 0, to: Infinity, skipLeading: false, stringHeap: 100_000 })).toEqual(js);
    // No room even for that: the extractor interns in JavaScript from the start.
    expect(parseRange({ path, encoding: 'utf8', from: 0, to: Infinity, skipLeading: false, stringHeap: 1000 })).toEqual(js);
  });
});
