#pragma once
// The subset of Erlang's external term format (ETF) that Phoenix.Token payloads use, mapped to
// and from JSON values: integers, floats, binaries (strings), atoms (true/false/nil; others as
// strings), lists and tuples (arrays), maps (objects; keys must be binaries or atoms). The
// decoder is safe for untrusted input: it creates nothing but JSON values, bounds nesting, and
// rejects every other tag.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail::etf {

/// A term, without the leading version byte (131), so that callers can wrap it in a tuple.
void encode_term(const boost::json::value& value, std::string& out);
/// A tuple header for `arity` elements.
void encode_tuple_header(std::size_t arity, std::string& out);
void encode_integer(std::int64_t value, std::string& out);

/// How deep a term may nest: the root is at depth 0, each list, tuple or map entry one deeper.
inline constexpr int max_nesting = 64;

/// One whole term, with its leading version byte, and nothing after it. Tuples decode as
/// arrays. nullopt when malformed, outside the subset, or nested deeper than `max_depth`.
std::optional<boost::json::value> decode(std::string_view bytes, int max_depth = max_nesting);
/// The depth of the deepest value in `value` (0 for a scalar), counted as decode() counts.
int nesting(const boost::json::value& value);

}  // namespace wick::detail::etf
