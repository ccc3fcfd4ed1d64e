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

/// One whole term, with its leading version byte, and nothing after it. Tuples decode as
/// arrays. nullopt when malformed or outside the subset.
std::optional<boost::json::value> decode(std::string_view bytes);

}  // namespace wick::detail::etf
