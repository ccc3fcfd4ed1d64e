// The page: the official phoenix client joins lobby:main and shows every shout.
import { Socket } from "phoenix";

const socket = new Socket("/socket", { params: { name: "guest" } });
socket.connect();

const lobby = socket.channel("lobby:main");
const messages = document.getElementById("messages");
lobby.on("shout", ({ from, body }) => {
  const item = document.createElement("li");
  item.textContent = `${from}: ${body.text}`;
  messages.append(item);
});
lobby.join();

document.getElementById("shout").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  lobby.push("shout", { text: input.value });
  input.value = "";
});
