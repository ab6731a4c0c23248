/** Thrown by Reader (and the generated readers) on truncated or malformed input. */
export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
  /** Byte offset in the input at which the failing item started. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Thrown by Writer for values that cannot be encoded (bad UUID text, string too long). */
export class ProtocolEncodeError extends Error {
  override readonly name = 'ProtocolEncodeError';
}
