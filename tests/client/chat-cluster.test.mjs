// The chat suite (chat.test.mjs) on a cluster: three wick-chat nodes sharing one Redis and one
// PostgreSQL database, with the users of each test on different nodes.
process.env.WICK_CHAT_STORE = "postgresql";
process.env.WICK_CHAT_NODES = "3";
await import("./chat.test.mjs");
