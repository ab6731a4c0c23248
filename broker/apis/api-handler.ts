/**
 * The contract between the network layer and one Kafka API. The network layer decodes the
 * request (generated codecs), calls `handle`, and encodes what it returns; a handler never
 * touches sockets or bytes of framing. Failures never cross the wire as exceptions: a handler
 * returns Kafka error codes in its response, and for an unexpected throw the network layer asks
 * `errorResponse` for the API's own error shape (UNKNOWN_SERVER_ERROR), as Kafka does.
 */
export interface RequestContext {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** "host:port" of the client, for logs and group member ids. */
  readonly clientAddress: string;
  readonly clientHost: string;
  /** Aborted when the connection closes or the broker shuts down (long polls answer at once). */
  readonly signal: AbortSignal;
  /**
   * Closes the connection once this request is handled, instead of sending a response (Kafka's
   * answer to a failed acks=0 produce: the client is told the only way it can be). Optional so
   * that handlers can be called without a connection (tests).
   */
  closeConnection?(): void;
}

export interface ApiHandler<Req = any, Res = any> {
  readonly apiKey: number;
  /** Versions this broker advertises in ApiVersions and accepts. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Returns the response, or `null` when the API sends none (Produce with acks=0). */
  handle(req: Req, ctx: RequestContext): Res | null | Promise<Res | null>;
  /** The API's response carrying `errorCode` everywhere it has one. */
  errorResponse(req: Req, ctx: RequestContext, errorCode: number): Res;
}
