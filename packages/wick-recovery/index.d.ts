import type { Channel, Socket } from "phoenix";

/** Where a broadcast stands in its topic's stream. */
export interface StreamPosition {
  /** Counts the topic's broadcasts from 1 within the epoch. */
  offset: number;
  /** Changes whenever the stream's continuity is lost (a restart, a flushed store). */
  epoch: string;
}

/** What an accepted join learned. */
export interface JoinOutcome {
  /**
   * true: every broadcast missed since the position follows the reply; false: they could not be
   * recovered (reload what the application shows); undefined: the join named no position.
   */
  recovered: boolean | undefined;
  /** The stream's position as of the join, or null when the server could not read it. */
  position: StreamPosition | null;
  /** The join's reply, as channel.join().receive("ok") gets it. */
  response: object;
}

export interface RecoveryOptions {
  /** Where to start: a position saved earlier (by positionOf). */
  position?: StreamPosition | null;
  /** Called at each accepted join, before the broadcasts it recovers. */
  onJoin?: (outcome: JoinOutcome) => void;
}

/** The key Wick reserves in payloads, join params and join replies. */
export const POSITION_KEY: "_wick";

/** socket.channel(topic, params), except that each join names the last position it saw. */
export function recoveringChannel(
  socket: Socket,
  topic: string,
  params?: object | (() => object),
  options?: RecoveryOptions,
): Channel;

/** The last position the channel saw, or null. */
export function positionOf(channel: Channel): StreamPosition | null;
