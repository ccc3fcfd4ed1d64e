// wick-recovery: the official phoenix client's channels, rejoining where they left off.
//
// A Wick topic with history numbers its broadcasts: each one's payload carries
// `_wick: {offset, epoch}`, and a join whose params carry the last one seen gets what it
// missed, in order, once (docs/recovery.md). This keeps that position per channel and puts it
// in the params of every rejoin, through phoenix.js's support for params given as a function.

/** The key Wick reserves in payloads, join params and join replies. */
export const POSITION_KEY = "_wick";

const positions = new WeakMap();

function readPosition(value) {
  if (!value || typeof value !== "object") return null;
  const { offset, epoch } = value;
  if (!Number.isSafeInteger(offset) || offset < 0 || typeof epoch !== "string") return null;
  return { offset, epoch };
}

/**
 * socket.channel(topic, params), except that each join names the last position the channel saw.
 * `params` may be an object or a function that returns one (evaluated at each join).
 * Options: `position`, where to start (one saved earlier, by positionOf); `onJoin`, called at each
 * accepted join with {recovered, position, response}: `recovered` is true when everything missed
 * was pushed (it follows the reply), false when it could not be (reload what the app shows),
 * undefined for a join that named no position.
 */
export function recoveringChannel(socket, topic, params = {}, options = {}) {
  const state = { position: readPosition(options.position) };
  const paramsNow = typeof params === "function" ? params : () => params;
  const channel = socket.channel(topic, () => {
    const own = paramsNow() ?? {};
    if (!state.position) return own;
    return { ...own, [POSITION_KEY]: { ...state.position } };
  });
  positions.set(channel, state);
  const onMessage = channel.onMessage;
  channel.onMessage = function (event, payload, ref, joinRef) {
    if (event === "phx_reply" && ref === channel.joinPush.ref) {
      if (payload?.status === "ok") {
        const answer = payload.response?.[POSITION_KEY];
        const asked = state.position !== null;
        const recovered = asked ? answer?.recovered === true : undefined;
        // Recovered: the missed broadcasts follow and move the position on, one by one; a drop
        // before the last of them must resume from the one before it, not from the reply's.
        if (!recovered) state.position = readPosition(answer);
        options.onJoin?.({ recovered, position: readPosition(answer), response: payload.response });
      }
    } else {
      const position = readPosition(payload?.[POSITION_KEY]);
      if (position) state.position = position;
    }
    return onMessage.call(this, event, payload, ref, joinRef);
  };
  return channel;
}

/** The last position the channel saw ({offset, epoch}), or null. */
export function positionOf(channel) {
  const position = positions.get(channel)?.position;
  return position ? { ...position } : null;
}
