/**
 * The client side of the contract: one typed API over any transport (the preload's bridge or the
 * WebSocket client). It imports only types from contract.ts, so the renderer's bundle carries no
 * zod schemas (validation is the main side's job).
 */
import type { Channel, ContractError, EventName, Events, RequestOf, ResponseOf, Result } from './contract';

/** Thrown by clients when the main side answered with a ContractError. */
export class ContractCallError extends Error {
  constructor(
    readonly channel: string,
    readonly error: ContractError,
  ) {
    super(`${channel}: ${error.message}`);
    this.name = 'ContractCallError';
  }
}

/** The transport a client needs: the preload's bridge or the WebSocket client provide it. */
export interface Transport {
  invoke(channel: Channel, request: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** The typed API every view uses; one implementation over any transport. */
export interface Api {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function createApi(transport: Transport): Api {
  return {
    async call(channel, request) {
      const result = await transport.invoke(channel, request);
      if (!result.ok) throw new ContractCallError(channel, result.error);
      return result.value as never;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
}

