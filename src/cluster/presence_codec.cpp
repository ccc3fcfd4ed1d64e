#include "cluster/presence_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cluster/wire_format.hpp"

namespace wick::detail {

void append_causal_set(std::string& out, const CausalSet& set) {
  wire::put_varint(out, set.context().size());
  for (const auto& [replica, clock] : set.context()) {
    wire::put_string(out, replica);
    wire::put_varint(out, clock);
  }
  wire::put_varint(out, set.clouds().size());
  for (const auto& [replica, clocks] : set.clouds()) {
    wire::put_string(out, replica);
    wire::put_varint(out, clocks.size());
    for (std::uint64_t clock : clocks) wire::put_varint(out, clock);
  }
  wire::put_varint(out, set.values().size());
  for (const auto& [dot, entry] : set.values()) {
    wire::put_string(out, dot.replica);
    wire::put_varint(out, dot.clock);
    wire::put_string(out, entry.topic);
    wire::put_varint(out, entry.owner);
    wire::put_string(out, entry.key);
    wire::put_string(out, boost::json::serialize(entry.meta));
  }
}

std::optional<CausalSet> read_causal_set(std::string_view& bytes) {
  wire::Reader in(bytes);
  CausalSet set;
  std::uint64_t count;
  if (!in.count(count)) return std::nullopt;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string replica;
    std::uint64_t clock;
    if (!in.string(replica) || !in.varint(clock)) return std::nullopt;
    set.observe_up_to(replica, clock);
  }
  if (!in.count(count)) return std::nullopt;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string replica;
    std::uint64_t clocks;
    if (!in.string(replica) || !in.count(clocks)) return std::nullopt;
    for (std::uint64_t j = 0; j < clocks; ++j) {
      std::uint64_t clock;
      if (!in.varint(clock) || clock == 0) return std::nullopt;
      set.observe(Dot{replica, clock});
    }
  }
  if (!in.count(count)) return std::nullopt;
  for (std::uint64_t i = 0; i < count; ++i) {
    Dot dot;
    PresenceEntry entry;
    std::string meta;
    if (!in.string(dot.replica) || !in.varint(dot.clock) || dot.clock == 0 ||
        !in.string(entry.topic) || !in.varint(entry.owner) || !in.string(entry.key) ||
        !in.string(meta)) {
      return std::nullopt;
    }
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(meta, error);
    if (error || !parsed.is_object()) return std::nullopt;
    entry.meta = std::move(parsed.as_object());
    set.insert(dot, std::move(entry));
  }
  return set;
}

}  // namespace wick::detail
