// The browser test page: joins room:browser as ?user=NAME and renders the presence list with
// the official client's Presence class. ?fallback=MS sets longPollFallbackMs, as Phoenix's
// generated app.js does, so the client falls back to long-poll when WebSocket fails.
const query = new URLSearchParams(location.search);
const user = query.get("user") ?? "guest";
const options = { params: { user_id: user } };
if (query.has("fallback")) options.longPollFallbackMs = Number(query.get("fallback"));
const socket = new Phoenix.Socket("/socket", options);
const status = document.getElementById("status");
socket.onOpen(() => {
  const transport = socket.transport === Phoenix.LongPoll ? "long-poll" : "websocket";
  status.textContent = `connected as ${user} over ${transport}`;
  document.body.dataset.transport = transport;
});
socket.connect();

const channel = socket.channel("room:browser", {});
const presence = new Phoenix.Presence(channel);
presence.onSync(() => {
  const items = presence.list((id, { metas }) => {
    const item = document.createElement("li");
    item.dataset.user = id;
    item.textContent = `${id} (${metas.length} ${metas.length === 1 ? "tab" : "tabs"})`;
    return item;
  });
  document.getElementById("users").replaceChildren(...items);
});
channel.join().receive("ok", () => (document.body.dataset.joined = "true"));
