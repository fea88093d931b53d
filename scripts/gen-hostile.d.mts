export interface HostileInput {
  name: string;
  what: string;
}
export declare const HOSTILE: HostileInput[];
export declare const HOSTILE_BIG: HostileInput;
export declare function generateHostile(dir: string, big?: boolean, sample?: string): Promise<void>;
