/**
 * A System.evtx of APP01 for the sample IIS log's 503.2 burst (2026-11-20 01:51:10–01:51:38):
 * WAS reports the OrderServicePool worker processes failing, then rapid-fail protection stopping
 * the pool just before the first 503; a recycle after the pool was restarted; ordinary System
 * noise that must not become a marker; and a WCF ETW event (as exported beside it) whose ActivityID
 * is that of an activity in the sample traces. Written with our own EVTX writer (no corpus file is copied).
 */
import { writeEvtx, type WriterEvent } from './evtx-writer';

const at = (hms: string, ms = 0) => (Date.parse(`2026-11-20T${hms}Z`) + ms) * 1000;
const WAS = { provider: 'Microsoft-Windows-WAS', providerGuid: '{524B5D04-133C-4A62-8362-64E8EDB9CE40}', computer: 'APP01', channel: 'System', pid: 1460, tid: 2204 } as const;
const SCM = { provider: 'Service Control Manager', providerGuid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}', computer: 'APP01', channel: 'System', pid: 640, tid: 712 } as const;

/** An activity of app01_orderservice.svclog ("Process action '…/IOrderService/ListOrders'"). */
export const WCF_ACTIVITY = '{A30E524E-7167-491C-A001-C4A264050147}';

export const WAS_INCIDENT: readonly WriterEvent[] = [
  { ...SCM, eventId: 7036, level: 4, timeUs: at('01:50:05'), data: [['param1', 'Windows Update'], ['param2', 'running']] },
  { ...WAS, eventId: 5011, level: 3, timeUs: at('01:51:01', 250), data: [['AppPoolID', 'OrderServicePool'], ['ProcessID', '4711']] },
  { ...WAS, eventId: 5009, level: 3, timeUs: at('01:51:04', 500), data: [['AppPoolID', 'OrderServicePool'], ['ProcessID', '4820'], ['ExitCode', 'e0434352']] },
  { ...WAS, eventId: 5002, level: 2, timeUs: at('01:51:09', 800), activityId: '{7A3C1E52-9B1D-4C1E-8F0A-2D5E6B7C8D90}', data: [['AppPoolID', 'OrderServicePool']] },
  { ...SCM, eventId: 7036, level: 4, timeUs: at('01:51:20'), data: [['param1', 'Background Intelligent Transfer Service'], ['param2', 'stopped']] },
  {
    provider: 'Microsoft-Windows-Application Server-Applications',
    providerGuid: '{C651F5F6-1C0D-492E-8AE1-B4EFD7C9D503}',
    channel: 'Microsoft-Windows-Application Server-Applications/Operational',
    computer: 'APP01',
    eventId: 219,
    level: 2,
    timeUs: at('01:51:10', 623),
    pid: 4820,
    tid: 31,
    activityId: WCF_ACTIVITY,
    data: [['HostReference', '/OrderService.svc'], ['ExceptionMessage', 'The service is unavailable.']],
  },
  { ...WAS, eventId: 5079, level: 4, timeUs: at('01:51:40'), data: [['AppPoolID', 'OrderServicePool'], ['ProcessID', '5012']] },
];

export function wasIncidentEvtx(): Uint8Array {
  return writeEvtx(WAS_INCIDENT, { firstRecordId: 48_113 });
}
