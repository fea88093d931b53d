/**
 * Sniffing decides by structure, and every scanner over file content is linear: adversarial
 * whitespace, quotes and repeats of each construct finish in a fraction of the time the old
 * backtracking regexes took (minutes at these sizes), and the scanners agree with the regexes
 * they replaced on ordinary inputs.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffHead } from '../../electron/engine/detect';
import { parseFreb, parseEventXml } from '../../electron/engine/iis/freb';
import { normalizeNewlines } from '../../electron/engine/iis/freb-scan';
import { fieldNames, parseDirective, stripDirectiveComment } from '../../electron/engine/iis/directive';
import { pathKey } from '../../electron/engine/iis/links';
import { sniffIis } from '../../electron/engine/iis/sniff';
import { ENGINES } from '../../electron/engine/registry';
import { looksLikeSvclog } from '../../electron/engine/svclog/sniff';
import { findDoctype, firstElementAt, rootElementName, scanAttributes } from '../../electron/engine/xml-scan';
import { corpusFile, HAS_CORPUS } from '../support/corpus';
import { load } from './iis/helpers';

const FIXTURES = resolve(__dirname, '../fixtures/svclog');
const W3C_HEAD = '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-11-20 00:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n';
const row = (i: number, ua = 'Mozilla/5.0') => `2026-11-20 00:00:${String(i % 60).padStart(2, '0')} 10.0.0.1 GET /orders/${i} - 443 - 10.0.0.9 ${ua} 200 0 0 ${i}\r\n`;
const sniff = (text: string, name = 'x.log') => sniffHead(Buffer.from(text), name, ENGINES).format;

describe('sniffing by structure', () => {
  it('keeps an IIS log whose User-Agent holds <E2ETraceEvent an IIS log, with every request', async () => {
    const evil = '<E2ETraceEvent+xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent">';
    const text = W3C_HEAD + row(0) + row(1, evil) + row(2, `</E2ETraceEvent>${evil}`) + Array.from({ length: 50 }, (_, i) => row(i + 3)).join('');
    expect(sniff(text)).toBe('iis-w3c');
    const dir = mkdtempSync(join(tmpdir(), 'tl-sniff-'));
    writeFileSync(join(dir, 'u_ex.log'), text);
    const { file } = await load(join(dir, 'u_ex.log'));
    expect(file.recordCount).toBe(53);
    // Headerless rows (no #Fields) too.
    expect(sniff(Array.from({ length: 5 }, (_, i) => row(i, i === 0 ? evil : 'x')).join(''))).not.toBe('svclog');
  });

  it('still claims every svclog fixture: BOMs, UTF-16, a DOCTYPE, junk at the start, a head cut inside an event', () => {
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.svclog'))) {
      expect(sniffHead(readFileSync(join(FIXTURES, name)), name, ENGINES).format, name).toBe('svclog');
    }
    const one = readFileSync(join(FIXTURES, 'one-line.svclog'), 'utf8');
    const second = one.indexOf('<E2ETraceEvent', 10);
    expect(looksLikeSvclog(one.slice(second - 200))).toBe(true);
    expect(looksLikeSvclog('<Traces>\n<E2ETraceEvent xmlns="x"></E2ETraceEvent></Traces>')).toBe(true);
    expect(looksLikeSvclog('<failedRequest>\n<E2ETraceEvent>')).toBe(false);
    expect(looksLikeSvclog('#Fields: date\n<E2ETraceEvent>')).toBe(false);
    expect(looksLikeSvclog('x <E2ETraceEvent xmlns="x">')).toBe(false);
    expect(sniff(readFileSync(join(FIXTURES, 'not-a-trace.xml'), 'utf8'), 'not-a-trace.xml')).toBe('unknown');
  });

  it('a refusal names what the file is and never quotes what it holds (property)', () => {
    // A secret-looking token that must never surface in a problem sentence.
    const token = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `Q${s}`);
    const shapes = [
      (t: string) => `${t} plain words\nmore ${t}\n`,
      (t: string) => `#Remark: ${t}\n#Other: x\n${t} ${t}\n`,
      (t: string) => `{"k": "${t}"}`,
      (t: string) => `<?xml version="1.0"?>\n<Root a="${t}">${t}</Root>`,
    ];
    fc.assert(
      fc.property(token, fc.integer({ min: 0, max: shapes.length - 1 }), (t, k) => {
        const got = sniffHead(Buffer.from(shapes[k]!(t)), 'x.log', ENGINES);
        expect(got.format).toBe('unknown');
        expect(got.reason ?? '').not.toContain(t);
      }),
      { numRuns: 200 },
    );
    // The root element is named: it is structure, and the one clue a user needs.
    expect(sniffHead(Buffer.from('<Root><a/></Root>'), 'x.xml', ENGINES).reason).toMatch(/root element <Root>/);
  });

  it.skipIf(!HAS_CORPUS)('claims the corpus as before', () => {
    for (const name of readdirSync(corpusFile('svclog'))) {
      const head = readFileSync(corpusFile('svclog', name)).subarray(0, 65536);
      if (head.length) expect(sniffHead(head, name, ENGINES).format, name).toBe('svclog');
    }
  });
});

/** Runs `f` on an adversarial input of `bytes` and returns ms. */
function ms(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

// Repeats of each construct the scanners look for, with the closing part missing: the shapes that
// make a backtracking regex quadratic. 256 KB each; the old regexes took minutes on several.
const N = 256 * 1024;
const rep = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
const HOSTILE = [
  rep(' '),
  `#Fields:${rep(' ')}x`,
  `#Fields: a${rep(' /')}`,
  rep('"'),
  rep("a='"),
  rep('a='),
  rep('<?'),
  `<?x?>${rep('<!--')}`,
  rep('<!DOCTYPE ['),
  rep('<!DOCTYPE x "'),
  rep('<E2ETraceEvent'),
  rep('</E2ETraceEvent>\n'),
  rep('<Event '),
  rep('<Event><System>'),
  `<failedRequest>${rep('<Event><System></System><EventData><Data Name="')}`,
  rep('<failedRequest'),
  `/${rep('/')}x`,
  rep('&#'),
  rep('\n#Fields: src-ip '),
  rep('a b=c '),
];

describe('linear time on adversarial input', () => {
  const fns: [string, (s: string) => unknown][] = [
    ['stripDirectiveComment', stripDirectiveComment],
    ['parseDirective', parseDirective],
    ['fieldNames', fieldNames],
    ['firstElementAt', firstElementAt],
    ['findDoctype', findDoctype],
    ['scanAttributes', scanAttributes],
    ['looksLikeSvclog', looksLikeSvclog],
    ['sniffIis', (s) => sniffIis(s, 'x')],
    ['sniffHead', (s) => sniffHead(Buffer.from(s.slice(0, 65536)), 'x.log', ENGINES)],
    ['parseFreb', parseFreb],
    ['pathKey', pathKey],
  ];
  for (const [name, f] of fns) {
    it(`${name}: every hostile shape of 256 KB in well under a second`, () => {
      // A quadratic scan of 256 KB is ~3·10^10 steps: minutes. Linear ones take milliseconds.
      for (const input of HOSTILE) expect(ms(() => f(input)), `${name} on ${JSON.stringify(input.slice(0, 30))}…`).toBeLessThan(1500);
    });
  }

  it('any mix of whitespace, quotes, markup and repeats stays bounded (property)', () => {
    const piece = fc.constantFrom(' ', '\t', '\n', '"', "'", '<', '>', '=', '/', '//', '#', ':', 'a', '<?', '?>', '<!--', '-->', '<!DOCTYPE', '[', ']', '<E2ETraceEvent', '<Event ', '</Event>', '<Data Name="', '</Data>', '&#x');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.integer({ min: 1, max: 4000 })), { minLength: 1, maxLength: 12 }), (parts) => {
        const text = parts.map(([p, n]) => p.repeat(n)).join('');
        for (const [, f] of fns) expect(ms(() => f(text))).toBeLessThan(1500);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the scanners agree with what they replaced', () => {
  const text = fc.stringMatching(/^[ \ta-z"'=\/<>?!#:-]{0,60}$/);
  it('stripDirectiveComment = value.replace(/\\s+\\/\\/.*$/, "")', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(stripDirectiveComment(s)).toBe(s.replace(/\s+\/\/.*$/, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('rootElementName = the old prolog regex on ordinary heads', () => {
    const old = (t: string) => /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<([A-Za-z_][\w:.-]*)/.exec(t)?.[1];
    const heads = ['<a>', '  <?xml version="1.0"?>\n<failedRequest x="1">', '<!-- c --><?pi x?><!DOCTYPE r [<!ENTITY e "v">]>\n<r/>', '<!DOCTYPE r SYSTEM "x"><E2ETraceEvent>', 'text<a>', '<?x', '<!-- open'];
    for (const h of heads) expect(rootElementName(h), h).toBe(old(h));
  });

  it('scanAttributes reads glued, spaced and single-quoted attributes', () => {
    expect(scanAttributes(' a="1"b=\'2\'  c = "x y" d e="&amp;"/')).toEqual([['a', '1'], ['b', '2'], ['c', 'x y'], ['e', '&amp;']]);
  });

  it.skipIf(!HAS_CORPUS)('every corpus FREB event reads the same with the scanner as with the XML parser', () => {
    for (const name of readdirSync(corpusFile('freb')).filter((n) => n.endsWith('.xml'))) {
      const parsed = parseFreb(readFileSync(corpusFile('freb', name), 'utf8'));
      expect(parsed.events.length).toBeGreaterThan(0);
      for (const e of parsed.events) expect(e, `${name} @${e.start}`).toEqual(parseEventXml(normalizeNewlines(parsed.text.slice(e.start, e.end)), e.start, e.end));
    }
  });

  it('FREB events with entities, odd spacing or markup in values read as the XML parser reads them (property)', () => {
    const value = fc.stringMatching(/^[ a-z0-9&;<>"'#x]{0,20}$/).map((s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 4 }), value, fc.constantFrom(' ', '', '\n  ', '\r\n', ' \r '), (data, computer, ws) => {
        const xml = `<Event xmlns="x">${ws}<System>${ws}<Provider Name="WWW Server"/><EventID>7</EventID><Level>${ws}4${ws}</Level><Opcode>2</Opcode><TimeCreated SystemTime="2026-11-20T01:52:00.123Z"/><Correlation ActivityID="{A}"/><Execution ProcessID="42" ThreadID="1"/><Computer>${computer}</Computer></System><EventData>${data.map(([n, v]) => `<Data Name="${n}">${v}</Data>`).join(ws)}</EventData><RenderingInfo Culture="en-US"><Opcode>X_START</Opcode></RenderingInfo></Event>`;
        const doc = `<failedRequest url="/">${xml}</failedRequest>`;
        const e = parseFreb(doc).events[0];
        expect(e).toEqual(parseEventXml(normalizeNewlines(xml), e.start, e.end));
      }),
      { numRuns: 300 },
    );
  });
});
