// The chat's suites again, on PostgreSQL instead of SQLite: every test of chat.test.mjs and
// chat-durability.test.mjs, each on a fresh database of a server this process starts.
process.env.WICK_CHAT_STORE = "postgresql";
await import("./chat.test.mjs");
await import("./chat-durability.test.mjs");
