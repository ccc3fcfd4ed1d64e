#include "cluster/redis_streams.hpp"

#include <hiredis/hiredis.h>
#include <openssl/evp.h>

#include <charconv>

#include "pubsub/broadcast_message.hpp"

namespace wick::detail {
namespace {

constexpr std::string_view stream_prefix = "wick:s:";
constexpr std::string_view meta_prefix = "wick:m:";

// KEYS: stream, meta. ARGV: envelope, size, ttl ms, position ttl ms, new epoch, channel.
// Offsets are written with %d: Lua's numbers are doubles, which tostring() would print as 1e+15.
constexpr const char* append_script = R"lua(
local epoch = redis.call('HGET', KEYS[2], 'e')
if not epoch then
  epoch = ARGV[5]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'e', epoch)
end
local offset = string.format('%d', redis.call('HINCRBY', KEYS[2], 'o', 1))
local now = redis.call('TIME')
local ms = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '0-' .. offset, 't', ms, 'd', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[6], ARGV[1] .. string.char(#offset) .. offset .. string.char(#epoch) .. epoch)
return offset
)lua";

// KEYS: stream, meta. ARGV: since (-1: none), cap, position ttl ms, new epoch.
// Returns {last offset, epoch, now ms, entries after since (when at most cap)}.
constexpr const char* read_script = R"lua(
local epoch = redis.call('HGET', KEYS[2], 'e')
if not epoch then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'e', epoch, 'o', 0)
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local last = tonumber(redis.call('HGET', KEYS[2], 'o'))
local now = redis.call('TIME')
local ms = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
local since = tonumber(ARGV[1])
local entries = {}
if since >= 0 and since < last and last - since <= tonumber(ARGV[2]) then
  entries = redis.call('XRANGE', KEYS[1], '0-' .. string.format('%d', since + 1), '+')
end
return {string.format('%d', last), epoch, ms, entries}
)lua";

std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

std::string_view text_of(const redisReply* reply) {
  return reply && reply->str ? std::string_view(reply->str, reply->len) : std::string_view();
}

std::optional<std::uint64_t> number_of(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string> script_command(bool whole, const char* script, const std::string& sha,
                                        std::vector<std::string> keys_and_args) {
  std::vector<std::string> command{whole ? "EVAL" : "EVALSHA", whole ? script : sha, "2"};
  for (std::string& part : keys_and_args) command.push_back(std::move(part));
  return command;
}

// One kept entry: [id "0-<offset>", [field, value, ...]].
struct Entry {
  std::uint64_t offset = 0;
  std::uint64_t at_ms = 0;
  std::string_view envelope;
};

std::optional<Entry> entry_of(const redisReply* reply) {
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) return std::nullopt;
  std::string_view id = text_of(reply->element[0]);
  const redisReply* fields = reply->element[1];
  if (!id.starts_with("0-") || !fields || fields->type != REDIS_REPLY_ARRAY) return std::nullopt;
  Entry entry;
  std::optional<std::uint64_t> offset = number_of(id.substr(2));
  if (!offset) return std::nullopt;
  entry.offset = *offset;
  for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
    std::string_view field = text_of(fields->element[i]);
    std::string_view value = text_of(fields->element[i + 1]);
    if (field == "t") entry.at_ms = number_of(value).value_or(0);
    if (field == "d") entry.envelope = value;
  }
  return entry;
}

}  // namespace

RedisStreams::RedisStreams()
    : append_sha_(sha1_hex(append_script)), read_sha_(sha1_hex(read_script)) {}

std::vector<std::string> RedisStreams::append(const History& history, std::string_view topic,
                                              std::string_view channel, std::string envelope,
                                              std::string_view new_epoch, bool whole) const {
  return script_command(
      whole, append_script, append_sha_,
      {std::string(stream_prefix) + std::string(topic),
       std::string(meta_prefix) + std::string(topic), std::move(envelope),
       std::to_string(history.size), std::to_string(history.ttl.count()),
       std::to_string(history.position_ttl.count()), std::string(new_epoch), std::string(channel)});
}

std::vector<std::string> RedisStreams::read(const History& history, std::string_view topic,
                                            const std::optional<StreamPosition>& since,
                                            std::string_view new_epoch, bool whole) const {
  return script_command(
      whole, read_script, read_sha_,
      {std::string(stream_prefix) + std::string(topic),
       std::string(meta_prefix) + std::string(topic), since ? std::to_string(since->offset) : "-1",
       std::to_string(history.recovery_cap), std::to_string(history.position_ttl.count()),
       std::string(new_epoch)});
}

bool RedisStreams::unknown_script(const redisReply* reply) {
  return reply && reply->type == REDIS_REPLY_ERROR && text_of(reply).starts_with("NOSCRIPT");
}

StreamRecovery RedisStreams::recovery(const redisReply* reply, const History& history,
                                      const std::optional<StreamPosition>& since,
                                      const Decode& decode) {
  StreamRecovery recovery;
  recovery.answered = false;
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 4) return recovery;
  std::optional<std::uint64_t> last = number_of(text_of(reply->element[0]));
  std::optional<std::uint64_t> now_ms = number_of(text_of(reply->element[2]));
  const redisReply* entries = reply->element[3];
  if (!last || !now_ms || !entries || entries->type != REDIS_REPLY_ARRAY) return recovery;
  recovery.answered = true;
  recovery.position = {*last, std::string(text_of(reply->element[1]))};
  if (!since) return recovery;

  // What is kept from first_kept on, consecutive and within its time to live.
  auto ttl_ms = static_cast<std::uint64_t>(history.ttl.count());
  auto epoch = std::make_shared<const std::string>(recovery.position.epoch);
  std::uint64_t first_kept = 0;
  std::vector<std::shared_ptr<const BroadcastMessage>> kept;
  for (std::size_t i = 0; i < entries->elements; ++i) {
    std::optional<Entry> entry = entry_of(entries->element[i]);
    if (!entry) return recovery;
    if (entry->at_ms + ttl_ms < *now_ms) continue;  // expired: only those after it count
    if (first_kept == 0) {
      first_kept = entry->offset;
    } else if (entry->offset != first_kept + kept.size()) {
      return recovery;  // not consecutive: nothing can be vouched for
    }
    std::shared_ptr<const BroadcastMessage> message = decode(entry->envelope, entry->offset, epoch);
    if (!message) return recovery;
    kept.push_back(std::move(message));
  }
  if (first_kept != 0 && first_kept + kept.size() - 1 != *last) first_kept = 0;
  recovery.recovered = recoverable(*since, recovery.position, first_kept, history.recovery_cap);
  if (recovery.recovered) {
    for (auto& message : kept) {
      if (message->offset() > since->offset) recovery.missed.push_back(std::move(message));
    }
  }
  return recovery;
}

}  // namespace wick::detail
