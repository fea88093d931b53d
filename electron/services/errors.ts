import type { ContractError, ErrorCode } from '../../shared/contract';

/** An expected failure of a service call; the dispatcher turns it into a ContractError. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  toContract(): ContractError {
    return { code: this.code, message: this.message };
  }
}
