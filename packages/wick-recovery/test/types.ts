// Compiled (not run) by `npm test`: the declarations describe the API as the README uses it.
import { Socket } from "phoenix";
import { POSITION_KEY, positionOf, recoveringChannel, type StreamPosition } from "wick-recovery";

const socket = new Socket("/socket");
const saved: StreamPosition | null = null;
const channel = recoveringChannel(socket, "room:lobby", () => ({ token: "t" }), {
  position: saved,
  onJoin({ recovered, position }) {
    if (recovered === false) console.log("reload from", position?.offset);
  },
});
channel.on("new_msg", (payload: { body: string }) => console.log(payload.body));
const position: StreamPosition | null = positionOf(channel);
const key: "_wick" = POSITION_KEY;
console.log(position, key);
