export declare const ZERO_ACTIVITY: string;
export declare function guidSource(seed: number): { rand(): number; guid(): string };
export declare function ticksIso(t: number): string;
export declare function escapeXml(s: string): string;
export interface Proc {
  name: string;
  pid: number;
  tid: number;
}
export declare function traceEvent(e: {
  t: number;
  sub: string;
  level: number;
  source?: string;
  act: string;
  related?: string;
  proc: Proc;
  host: string;
  body?: string;
  eventId?: number;
}): string;
export declare function traceRecord(severity: string, id: string, description: string, extra?: string, appDomain?: string): string;
export declare function activityBoundary(name: string, type: string, severity?: string): string;
export declare function messageRecord(m: {
  t: number;
  source: string;
  action: string;
  messageId?: string;
  relatesTo?: string;
  activityHeader: string;
  correlationId: string;
  to?: string;
  body: string;
  http?: string;
}): string;
export declare function sortEvents(events: string[]): string[];
