// Writes hostile and broken inputs for the hardening tests and bench into a folder:
//   node scripts/gen-hostile.mjs OUTDIR [--big]
// Each file is described in HOSTILE (name, size, what it is); --big adds the 1 GB file with no
// line breaks and no events (bench only: gigabyte inputs stay out of npm test).
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_SAMPLE = join(here, '..', 'assets', 'samples', 'app01_orderservice.svclog');
const MB = 1_000_000;

/** One well-formed sample event to wrap hostile content around. */
function sampleEvent(sample) {
  const text = readFileSync(sample, 'latin1');
  const end = text.indexOf('</E2ETraceEvent>') + '</E2ETraceEvent>'.length;
  return text.slice(0, end);
}

const laughs = (n) => {
  let decl = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= n; i++) decl += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return decl;
};

async function writeRepeated(path, head, chunk, bytes, tail = '') {
  const out = createWriteStream(path);
  out.write(head);
  let written = head.length;
  while (written + chunk.length + tail.length <= bytes) {
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end(tail);
  await once(out, 'close');
}

export const HOSTILE = [
  { name: 'svclog-billion-laughs.svclog', what: 'svclog with an entity-expansion bomb (10^9 expansions) in a DOCTYPE before the events' },
  { name: 'svclog-external-entity.svclog', what: 'svclog with a DOCTYPE declaring an external entity (file:///etc/passwd) used in an event' },
  { name: 'svclog-deep-nesting.svclog', what: 'svclog event with 100,000 nested elements in ApplicationData' },
  { name: 'svclog-huge-attribute.svclog', what: 'svclog event with a 100 MB attribute value' },
  { name: 'svclog-no-events-100MB.svclog', what: '100 MB of XML-looking text with no line breaks and no events' },
  { name: 'svclog-normal-100MB.svclog', what: '100 MB of ordinary events (the memory baseline)' },
  { name: 'freb-billion-laughs.xml', what: 'FREB file with an entity-expansion bomb' },
  { name: 'freb-external-entity.xml', what: 'FREB file with an external entity' },
  { name: 'freb-deep-nesting.xml', what: 'FREB file with 100,000 nested elements' },
  { name: 'freb-huge-attribute.xml', what: 'FREB file with a 100 MB attribute value' },
  { name: 'freb-normal-100MB.xml', what: '100 MB FREB file of ordinary events (the memory baseline)' },
  { name: 'iis-huge-line.log', what: 'IIS W3C log with a 50 MB line between good rows' },
  { name: 'iis-normal-50MB.log', what: '50 MB of ordinary IIS rows (the memory baseline)' },
  { name: 'binary-garbage.log', what: '4 MB of random bytes named .log' },
];
export const HOSTILE_BIG = { name: 'svclog-no-events-1GB.svclog', what: '1 GB with no line breaks and no events' };

/** `sample`: a svclog whose first event the hostile content is wrapped around. */
export async function generateHostile(dir, big = false, sample = DEFAULT_SAMPLE) {
  mkdirSync(dir, { recursive: true });
  const ev = sampleEvent(sample);
  const p = (n) => join(dir, n);
  writeFileSync(p('svclog-billion-laughs.svclog'), `<?xml version="1.0"?><!DOCTYPE lolz [${laughs(9)}]>\r\n${ev.replace('Activity boundary.', '&lol9;')}\r\n${ev}\r\n`);
  writeFileSync(p('svclog-external-entity.svclog'), `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\r\n${ev.replace('<ApplicationData>', '<ApplicationData>&xxe;')}\r\n${ev}\r\n`);
  writeFileSync(p('svclog-deep-nesting.svclog'), `${ev.replace('<ApplicationData>', `<ApplicationData>${'<a>'.repeat(100_000)}`).replace('</ApplicationData>', `${'</a>'.repeat(100_000)}</ApplicationData>`)}\r\n${ev}\r\n`);
  {
    const [head, rest] = [ev.slice(0, ev.indexOf('<ApplicationData>')), ev.slice(ev.indexOf('<ApplicationData>'))];
    await writeRepeated(p('svclog-huge-attribute.svclog'), `${ev}\r\n${head}<ApplicationData><Data value="`, 'A'.repeat(1 << 16), 100 * MB, `"/></ApplicationData></E2ETraceEvent>\r\n${rest.includes('</E2ETraceEvent>') ? ev : ''}\r\n`);
  }
  await writeRepeated(p('svclog-no-events-100MB.svclog'), '<Root>', '<Item name="x">value</Item>'.repeat(2000), 100 * MB, '</Root>');
  await writeRepeated(p('svclog-normal-100MB.svclog'), '', `${ev}\r\n`.repeat(200), 100 * MB);
  const freb = `<?xml version="1.0" encoding="UTF-8"?>\n%DOCTYPE%<failedRequest url="http://localhost:80/x" siteId="1" appPoolId="DefaultAppPool" processId="4242" verb="GET" remoteUserName="" userName="" tokenUserName="NT AUTHORITY\\IUSR" authenticationType="anonymous" activityId="{80000001-0000-FF00-B63F-84710C7967BB}" failureReason="STATUS_CODE" statusCode="500" triggerStatusCode="500" timeTaken="15" xmlns:freb="http://schemas.microsoft.com/win/2006/06/iis/freb">%BODY%</failedRequest>\n`;
  const frebEvent = (data) => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="WWW Server" Guid="{3A2A4E84-4C21-4981-AE10-3FDA0D9B0F83}"/><EventID>0</EventID><Version>1</Version><Level>4</Level><Opcode>1</Opcode><Keywords>0x0</Keywords><TimeCreated SystemTime="2026-11-20T01:52:00.123Z"/><Correlation ActivityID="{80000001-0000-FF00-B63F-84710C7967BB}"/><Execution ProcessID="4242" ThreadID="1"/><Computer>APP01</Computer></System><EventData>${data}</EventData><RenderingInfo Culture="en-US"><Opcode>GENERAL_REQUEST_START</Opcode></RenderingInfo></Event>`;
  writeFileSync(p('freb-billion-laughs.xml'), freb.replace('%DOCTYPE%', `<!DOCTYPE failedRequest [${laughs(9)}]>\n`).replace('%BODY%', frebEvent('<Data Name="x">&lol9;</Data>')));
  writeFileSync(p('freb-external-entity.xml'), freb.replace('%DOCTYPE%', '<!DOCTYPE failedRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n').replace('%BODY%', frebEvent('<Data Name="x">&xxe;</Data>')));
  writeFileSync(p('freb-deep-nesting.xml'), freb.replace('%DOCTYPE%', '').replace('%BODY%', frebEvent(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`)));
  {
    const [head, tail] = freb.replace('%DOCTYPE%', '').split('%BODY%');
    await writeRepeated(p('freb-huge-attribute.xml'), `${head}${frebEvent('<Data Name="x">1</Data>')}<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="WWW Server" x="`, 'B'.repeat(1 << 16), 100 * MB, `"/></System></Event>${tail}`);
    await writeRepeated(p('freb-normal-100MB.xml'), head, frebEvent('<Data Name="ContextId">{80000001-0000-FF00-B63F-84710C7967BB}</Data><Data Name="SiteId">1</Data>').repeat(50), 100 * MB, tail);
  }
  const iisHead = '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-11-20 01:50:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n';
  const row = '2026-11-20 01:50:00 10.0.0.1 GET /index.html - 80 - 10.0.0.2 Mozilla/5.0 200 0 0 15\r\n';
  await writeRepeated(p('iis-huge-line.log'), `${iisHead}${row}${row}2026-11-20 01:50:01 10.0.0.1 GET /`, 'x'.repeat(1 << 16), 50 * MB, ` - 80 - 10.0.0.2 Mozilla/5.0 200 0 0 15\r\n${row}`);
  await writeRepeated(p('iis-normal-50MB.log'), iisHead, row.repeat(500), 50 * MB);
  const garbage = Buffer.alloc(4 * MB);
  let s = 12345;
  for (let i = 0; i < garbage.length; i++) garbage[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  writeFileSync(p('binary-garbage.log'), garbage);
  if (big) await writeRepeated(p(HOSTILE_BIG.name), '<Root>', '<Item name="x">value</Item>'.repeat(20000), 1000 * MB, '</Root>');
}

if (process.argv[1]?.endsWith('gen-hostile.mjs')) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/gen-hostile.mjs OUTDIR [--big]');
    process.exit(2);
  }
  generateHostile(dir, process.argv.includes('--big')).then(() => console.log(`wrote hostile inputs to ${dir}`));
}
