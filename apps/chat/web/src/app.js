// The wick-chat page: accounts over the JSON API, then one socket with the official phoenix
// client: a channel for the open room and one for the user's own notifications.
import { Socket, Presence } from "phoenix";
import { recoveringChannel } from "wick-recovery";

const $ = (id) => document.getElementById(id);
const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉"];
const TYPING_SENT_EVERY_MS = 3000;
const TYPING_IDLE_MS = 2000;
const TYPING_SHOWN_MS = 5000;
const PAGE_SIZE = 50; // messages in a join reply or a load_more page

const state = {
  token: localStorage.getItem("wick-chat-token"),
  user: null,
  socket: null,
  inbox: null,
  room: null, // {id, name, channel, presence, role, lastSeenId, oldestId, typing: Map}
};

// ---- HTTP API ----

async function api(method, path, body) {
  const headers = { "content-type": "application/json" };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.error || `HTTP ${response.status}`), { status: response.status });
  return data;
}

// ---- signing in and out ----

async function authenticate(route) {
  $("auth-error").textContent = "";
  try {
    const { token } = await api("POST", route, {
      username: $("auth-username").value.trim(),
      password: $("auth-password").value,
    });
    state.token = token;
    localStorage.setItem("wick-chat-token", token);
    await start();
  } catch (error) {
    $("auth-error").textContent = {
      invalid_credentials: "Wrong username or password.",
      username_taken: "That name is taken.",
      invalid_username: "Use 3–32 letters, digits or _.",
      invalid_password: "Use at least 8 characters.",
    }[error.message] || error.message;
  }
}

function showAuth() {
  $("app").hidden = true;
  $("auth").hidden = false;
  $("auth-username").focus();
}

async function logout() {
  try { await api("POST", "/api/logout"); } catch { /* signed out either way */ }
  state.socket?.disconnect();
  state.socket = null;
  state.room = null;
  state.token = null;
  localStorage.removeItem("wick-chat-token");
  showAuth();
}

async function start() {
  try {
    state.user = await api("GET", "/api/me");
  } catch {
    state.token = null;
    localStorage.removeItem("wick-chat-token");
    return showAuth();
  }
  $("auth").hidden = true;
  $("app").hidden = false;
  $("me").textContent = state.user.username;
  connect();
  await refreshRooms();
  const wanted = Number(location.hash.replace("#room-", ""));
  if (wanted) enterRoom(wanted);
}

// ---- the socket ----

function setConnection(stateName, text) {
  const badge = $("connection");
  badge.dataset.state = stateName;
  badge.textContent = text;
}

function connect() {
  state.socket = new Socket("/socket", { params: () => ({ token: state.token }) });
  state.socket.onOpen(() => setConnection("online", "Connected"));
  state.socket.onError(() => setConnection("offline", "Reconnecting…"));
  state.socket.onClose(() => setConnection("offline", "Reconnecting…"));
  state.socket.connect();
  state.inbox = state.socket.channel(`user:${state.user.user_id}`);
  state.inbox.on("mention", ({ room_id, from }) => {
    const room = state.rooms?.find((r) => r.id === room_id);
    toast(`${from} mentioned you in ${room ? room.name : `room ${room_id}`}`);
  });
  state.inbox.join();
}

// ---- rooms ----

async function refreshRooms() {
  const { rooms } = await api("GET", "/api/rooms");
  state.rooms = rooms;
  const list = $("rooms");
  list.replaceChildren(...rooms.map((room) => {
    const item = document.createElement("li");
    item.dataset.room = room.id;
    item.classList.toggle("active", state.room?.id === room.id);
    const button = document.createElement("button");
    const name = document.createElement("span");
    name.textContent = `# ${room.name}`;
    button.append(name);
    if (room.private) {
      const lock = document.createElement("span");
      lock.className = "lock";
      lock.textContent = "private";
      button.append(lock);
    }
    button.addEventListener("click", () => enterRoom(room.id));
    item.append(button);
    return item;
  }));
}

async function createRoom(event) {
  event.preventDefault();
  const room = await api("POST", "/api/rooms", { name: $("new-room-name").value.trim(), private: $("new-room-private").checked });
  $("new-room-name").value = "";
  $("new-room-private").checked = false;
  await refreshRooms();
  enterRoom(room.id);
}

function leaveRoom() {
  if (!state.room) return;
  state.room.channel.leave();
  state.room = null;
}

function enterRoom(id) {
  leaveRoom();
  document.querySelector(".app").classList.remove("menu-open");
  const info = state.rooms?.find((r) => r.id === id);
  const room = { id, name: info?.name ?? `room ${id}`, role: null, lastSeenId: 0, oldestId: null, recovered: false, typing: new Map(), joinedOnce: false };
  state.room = room;
  location.hash = `room-${id}`;
  $("room-title").textContent = `# ${room.name}`;
  $("messages").replaceChildren();
  $("typing").textContent = "";
  $("empty").hidden = true;
  $("room").hidden = false;
  $("people").hidden = false;
  for (const item of $("rooms").children) item.classList.toggle("active", Number(item.dataset.room) === id);

  // After a reconnect the channel rejoins on its own where it left off: what it missed is pushed
  // after the reply, in order, once (wick-recovery). When that cannot be (the gap is too old or
  // too large), the reply's messages after last_seen_id stand in.
  room.channel = recoveringChannel(state.socket, `chat:${id}`, () => ({ last_seen_id: room.lastSeenId }), {
    onJoin: ({ recovered }) => { room.recovered = recovered === true; },
  });
  room.presence = new Presence(room.channel);
  room.presence.onSync(() => renderPresence(room));
  room.channel.on("message", (message) => state.room === room && addMessages(room, [message], "append"));
  room.channel.on("reaction_added", (reaction) => state.room === room && addReaction(reaction));
  room.channel.on("msg_deleted", ({ message_id }) => document.querySelector(`[data-id="${message_id}"]`)?.remove());
  room.channel.on("typing_start", ({ user_id, username }) => setTyping(room, user_id, username));
  room.channel.on("typing_stop", ({ user_id }) => setTyping(room, user_id, null));
  room.channel.on("banned", () => {
    toast(`You were banned from ${room.name}.`);
    closeRoom();
    refreshRooms();
  });
  room.channel.join()
    .receive("ok", ({ messages, role, room: details }) => {
      room.role = role;
      if (details) {
        room.name = details.name;
        $("room-title").textContent = `# ${details.name}`;
      }
      $("admin").hidden = role !== "admin";
      // A rejoin after a drop keeps the status the user chose; entering a room starts online.
      if (room.joinedOnce && $("status").value !== "online") {
        room.channel.push("update_status", { status: $("status").value });
      } else {
        $("status").value = "online";
      }
      if (!room.recovered) {
        // A full page after a drop may not reach back to what the tab shows: start over from it.
        const reload = room.joinedOnce && messages.length >= PAGE_SIZE;
        if (reload) {
          $("messages").replaceChildren();
          room.oldestId = null;
        }
        addMessages(room, messages, "append");
        if (!room.joinedOnce || reload) $("load-more").hidden = messages.length < PAGE_SIZE;
      }
      room.joinedOnce = true;
      refreshRooms();
    })
    .receive("error", ({ reason }) => {
      toast({ not_found: "That room does not exist.", not_a_member: "That room is private.", banned: "You are banned from that room." }[reason] || reason);
      closeRoom();
    });
}

function closeRoom() {
  leaveRoom();
  location.hash = "";
  $("room-title").textContent = "Wick Chat";
  $("room").hidden = true;
  $("people").hidden = true;
  $("empty").hidden = false;
}

// ---- messages ----

function canModerate(room) {
  return room.role === "admin" || room.role === "moderator";
}

function renderBody(text) {
  const node = document.createElement("div");
  node.className = "text";
  for (const part of text.split(/(@[A-Za-z0-9_]{3,32})/)) {
    if (part.startsWith("@")) {
      const mention = document.createElement("span");
      mention.className = "mention";
      mention.textContent = part;
      node.append(mention);
    } else {
      node.append(part);
    }
  }
  return node;
}

function messageElement(room, message) {
  const item = document.createElement("li");
  item.className = "message";
  item.dataset.id = message.id;
  item.classList.toggle("mine", message.user_id === state.user.user_id);
  const meta = document.createElement("div");
  meta.className = "meta";
  const author = document.createElement("span");
  author.className = "author";
  author.textContent = message.username;
  const time = document.createElement("time");
  time.dateTime = message.inserted_at;
  time.textContent = new Date(message.inserted_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  meta.append(author, time);

  const actions = document.createElement("div");
  actions.className = "actions";
  const chips = document.createElement("span");
  chips.className = "reactions";
  actions.append(chips);
  for (const emoji of QUICK_REACTIONS) {
    const add = document.createElement("button");
    add.className = "add-reaction";
    add.textContent = emoji;
    add.title = `React with ${emoji}`;
    add.addEventListener("click", () => react(message.id, emoji));
    actions.append(add);
  }
  if (canModerate(room)) {
    const remove = document.createElement("button");
    remove.className = "delete";
    remove.textContent = "Delete";
    remove.addEventListener("click", () => {
      room.channel.push("delete_msg", { message_id: message.id })
        .receive("error", ({ reason }) => toast(`Not deleted: ${reason}`));
    });
    actions.append(remove);
  }
  item.append(meta, renderBody(message.body), actions);
  item.reactions = new Map(Object.entries(message.reactions || {}).map(([emoji, users]) => [emoji, new Set(users)]));
  renderReactions(item);
  return item;
}

function renderReactions(item) {
  const chips = item.querySelector(".reactions");
  chips.replaceChildren(...[...item.reactions].map(([emoji, users]) => {
    const chip = document.createElement("button");
    chip.className = "reaction";
    chip.classList.toggle("mine", users.has(state.user.user_id));
    chip.dataset.emoji = emoji;
    chip.textContent = `${emoji} ${users.size}`;
    chip.addEventListener("click", () => react(Number(item.dataset.id), emoji));
    return chip;
  }));
}

function addReaction({ message_id, user_id, emoji }) {
  const item = document.querySelector(`[data-id="${message_id}"]`);
  if (!item) return;
  if (!item.reactions.has(emoji)) item.reactions.set(emoji, new Set());
  item.reactions.get(emoji).add(user_id);
  renderReactions(item);
}

function react(messageId, emoji) {
  state.room?.channel.push("react", { message_id: messageId, emoji });
}

function addMessages(room, messages, where) {
  const list = $("messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const fresh = messages.filter((m) => !list.querySelector(`[data-id="${m.id}"]`));
  const elements = fresh.map((m) => messageElement(room, m));
  if (where === "prepend") {
    const before = list.scrollHeight;
    list.prepend(...elements);
    list.scrollTop += list.scrollHeight - before; // keep what the reader was looking at
  } else {
    list.append(...elements);
    if (nearBottom || where === "append") list.scrollTop = list.scrollHeight;
  }
  for (const m of messages) {
    room.lastSeenId = Math.max(room.lastSeenId, m.id);
    room.oldestId = room.oldestId === null ? m.id : Math.min(room.oldestId, m.id);
  }
}

function loadMore() {
  const room = state.room;
  if (!room || room.oldestId === null || room.loading) return;
  room.loading = true;
  room.channel.push("load_more", { before_id: room.oldestId })
    .receive("ok", ({ messages }) => {
      room.loading = false;
      addMessages(room, messages, "prepend");
      $("load-more").hidden = messages.length < PAGE_SIZE;
    })
    .receive("error", () => { room.loading = false; })
    .receive("timeout", () => { room.loading = false; });
}

function send(event) {
  event.preventDefault();
  const room = state.room;
  const input = $("body");
  const body = input.value;
  if (!room || !body.trim()) return;
  input.value = "";
  stopTyping();
  room.channel.push("message", { body })
    .receive("error", ({ reason }) => {
      input.value = body;
      toast({ too_long: "That message is too long.", empty_message: "Say something first." }[reason] || `Not sent: ${reason}`);
    })
    .receive("timeout", () => {
      input.value = body;
      toast("Not sent: no answer from the server.");
    });
}

// ---- typing ----

let typingSentAt = 0;
let typingIdle = null;

function typing() {
  const room = state.room;
  if (!room) return;
  if (Date.now() - typingSentAt > TYPING_SENT_EVERY_MS) {
    typingSentAt = Date.now();
    room.channel.push("typing_start", {});
  }
  clearTimeout(typingIdle);
  typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
}

function stopTyping() {
  clearTimeout(typingIdle);
  if (typingSentAt && state.room) state.room.channel.push("typing_stop", {});
  typingSentAt = 0;
}

function setTyping(room, userId, username) {
  if (userId === state.user.user_id) return; // one's own, from another tab or recovered
  clearTimeout(room.typing.get(userId)?.timer);
  if (username) {
    room.typing.set(userId, { username, timer: setTimeout(() => setTyping(room, userId, null), TYPING_SHOWN_MS) });
  } else {
    room.typing.delete(userId);
  }
  const names = [...room.typing.values()].map((t) => t.username);
  $("typing").textContent = names.length === 0 ? "" : names.length === 1 ? `${names[0]} is typing…`
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}

// ---- presence ----

function renderPresence(room) {
  const people = room.presence.list((id, { metas }) => ({ id, metas }));
  people.sort((a, b) => a.metas[0].username.localeCompare(b.metas[0].username));
  $("presence").replaceChildren(...people.map(({ id, metas }) => {
    const item = document.createElement("li");
    item.dataset.user = id;
    const latest = metas.at(-1);
    item.dataset.status = latest.status;
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.dataset.status = latest.status;
    dot.title = latest.status;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = latest.username;
    item.append(dot, name);
    if (metas.length > 1) {
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = `×${metas.length}`;
      item.append(count);
    }
    return item;
  }));
}

// ---- administration ----

async function administer(route, success) {
  const room = state.room;
  const username = $("admin-username").value.trim();
  if (!room || !username) return;
  try {
    await api("POST", `/api/rooms/${room.id}/${route}`, { username, role: $("admin-role").value });
    $("admin-result").textContent = success(username);
    $("admin-username").value = "";
  } catch (error) {
    $("admin-result").textContent = `Failed: ${error.message}`;
  }
}

// ---- toasts ----

function toast(text) {
  const note = document.createElement("div");
  note.className = "toast";
  note.textContent = text;
  $("toasts").append(note);
  setTimeout(() => note.remove(), 4000);
}

// ---- wiring ----

$("auth-form").addEventListener("submit", (event) => { event.preventDefault(); authenticate("/api/login"); });
$("register").addEventListener("click", () => $("auth-form").reportValidity() && authenticate("/api/register"));
$("logout").addEventListener("click", logout);
$("new-room").addEventListener("submit", (event) => createRoom(event).catch((e) => toast(e.message)));
$("composer").addEventListener("submit", send);
$("body").addEventListener("input", typing);
$("body").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) send(event);
});
$("load-more").addEventListener("click", loadMore);
$("messages").addEventListener("scroll", () => {
  if ($("messages").scrollTop === 0 && !$("load-more").hidden) loadMore();
});
$("status").addEventListener("change", () => state.room?.channel.push("update_status", { status: $("status").value }));
$("admin").addEventListener("submit", (event) => { event.preventDefault(); administer("members", (name) => `${name} added.`); });
$("ban").addEventListener("click", () => administer("bans", (name) => `${name} banned.`));
$("menu").addEventListener("click", () => document.querySelector(".app").classList.toggle("menu-open"));

if (state.token) start(); else showAuth();
