#pragma once
// Where a broadcast stands in its topic's stream, and how that is written to a client and read
// back from one: the member wick::position_key of a payload object, {"offset": N, "epoch": E}.
// Pure.
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail {

/// An offset counts a topic's broadcasts from 1 within its epoch; offset 0 is before the first.
struct StreamPosition {
  std::uint64_t offset = 0;
  std::string epoch;

  bool operator==(const StreamPosition&) const = default;
};

/// The largest offset a client can hand back exactly (JavaScript numbers are doubles).
inline constexpr std::uint64_t max_client_offset = (std::uint64_t{1} << 53) - 1;

/// A new stream's epoch: `random` as 16 hex digits.
std::string epoch_text(std::uint64_t random);
/// `"_wick":{"offset":N,"epoch":"E"}`, the text to append inside a payload object.
std::string position_member(std::uint64_t offset, std::string_view epoch);
/// The value of that member, with "recovered" when given: what a join reply carries.
boost::json::object position_object(const StreamPosition& position,
                                    std::optional<bool> recovered = std::nullopt);
/// The position a client sent back ({"offset": N, "epoch": E}); nothing when `value` is not one.
std::optional<StreamPosition> read_position(const boost::json::value& value);

}  // namespace wick::detail
